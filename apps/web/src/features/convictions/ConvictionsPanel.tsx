// Convictions and eligibility: one block per conviction listing the remedies that apply to it (a
// decision, or a suggestion other than "not eligible"; the rest one click away), each with its
// decision and the rules' suggestion, so nine remedies never push the page sideways.
import {
  can,
  DETERMINATION_LABELS,
  describeConviction,
  PETITION_STATUS_LABELS,
  REMEDIES,
  type RemedyId,
  rapSheetPermissionFrom,
  SENTENCE_KIND_LABELS,
} from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { type MouseEvent, useRef, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { focusOnMount, refocus } from '../../ui/focus.ts';
import { formatDate } from '../../ui/format.ts';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { DecisionForm } from '../decisions/DecisionForm.tsx';
import { PersonFactsForm } from '../eligibility/PersonFactsForm.tsx';
import {
  type MatterDetail,
  type Suggestion,
  useMe,
  useRefreshMatter,
  useSuggestions,
} from '../matters/useMatter.ts';
import { blankConviction, ConvictionForm } from './ConvictionForm.tsx';
import { ConvictionHistory } from './ConvictionHistory.tsx';

type ConvictionView = NonNullable<MatterDetail['convictions']>[number];
type CurrentDecision = ConvictionView['decisions'][RemedyId];

/** Whether a remedy belongs in a conviction's short list: decided, or suggested as more than "not eligible". */
function applies(decision: CurrentDecision | undefined, suggestion: Suggestion | null): boolean {
  return decision !== undefined || (suggestion !== null && suggestion.determination !== 'not_eligible');
}

export function ConvictionsPanel({ matter }: { matter: MatterDetail }) {
  const trpc = useTRPC();
  const me = useMe();
  const refresh = useRefreshMatter(matter.id);
  const [adding, setAdding] = useState(false);
  // The version is frozen when the edit form opens, so a background refetch cannot turn a
  // colleague's save into the base we overwrite; a stale edit comes back as a conflict.
  const [editing, setEditing] = useState<{ id: string; version: number } | null>(null);
  const [cell, setCell] = useState<{ convictionId: string; remedy: RemedyId } | null>(null);
  // The buttons that opened the decision and edit forms, to give focus back when each closes.
  const cellOpener = useRef<HTMLButtonElement | null>(null);
  const editOpener = useRef<HTMLButtonElement | null>(null);
  const addButton = useRef<HTMLButtonElement | null>(null);
  // Said in the panel's live region once a conviction is added, as the button takes focus back.
  const [said, setSaid] = useState('');
  const closeAdd = () => {
    setAdding(false);
    // The button comes back when the form goes: focus it once it is on the page.
    setTimeout(() => refocus(addButton.current), 0);
  };
  const closeCell = () => {
    setCell(null);
    refocus(cellOpener.current);
  };
  const closeEdit = () => {
    setEditing(null);
    refocus(editOpener.current);
  };
  const add = useMutation(trpc.convictions.add.mutationOptions());
  const edit = useMutation(trpc.convictions.edit.mutationOptions());
  const remove = useMutation(trpc.convictions.remove.mutationOptions());
  const [removeError, setRemoveError] = useState<string | null>(null);
  const suggestions = useSuggestions(matter.id, matter.convictions !== null);
  const suggestionFor = (convictionId: string, remedy: RemedyId) =>
    suggestions.data?.results
      .find((r) => r.convictionId === convictionId)
      ?.remedies.find((r) => r.remedy === remedy) ?? null;

  if (matter.convictions === null) {
    return (
      <section aria-labelledby="convictions-heading" className="panel">
        <h2 id="convictions-heading">Convictions and eligibility</h2>
        <p>Criminal history needs the RAP sheet permission. {rapSheetPermissionFrom(me?.role ?? 'intake')}</p>
      </section>
    );
  }
  const convictions = matter.convictions;
  const { legalName, dateOfBirth } = matter.client.details;
  const client = { name: legalName, dateOfBirth };
  const canDecide = me ? can(me.role, 'decideEligibility') : false;
  const selected = cell ? convictions.find((c) => c.id === cell.convictionId) : undefined;
  const openCell = (event: MouseEvent<HTMLButtonElement>, convictionId: string, remedy: RemedyId) => {
    cellOpener.current = event.currentTarget;
    setCell({ convictionId, remedy });
  };

  return (
    <section aria-labelledby="convictions-heading" className="panel">
      <h2 id="convictions-heading">Convictions and eligibility</h2>
      {suggestions.data && (
        <p className="small muted">
          Suggestions from the rules in force on {formatDate(suggestions.data.asOf)}
          {suggestions.data.rulesVersion && ` (version ${suggestions.data.rulesVersion})`}. An attorney
          confirms or overrides each one.
        </p>
      )}
      {suggestions.data && suggestions.data.problems.length > 0 && (
        <p className="field__error">
          The rules cannot read this record yet: {suggestions.data.problems.map((p) => p.message).join('; ')}.
        </p>
      )}
      {suggestions.data && <PersonFactsForm matterId={matter.id} suggestions={suggestions.data} />}
      {convictions.length === 0 && <p className="muted">No convictions entered yet.</p>}
      {removeError && <Alert tone="error">{removeError}</Alert>}
      {convictions.map((c) => (
        <ConvictionRemedies
          key={c.id}
          conviction={c}
          // A petition that is not withdrawn holds the conviction: the server refuses its removal.
          heldBy={
            matter.petitions.find(
              (p) => p.status !== 'withdrawn' && p.convictions.some((x) => x.convictionId === c.id),
            )?.status ?? null
          }
          removing={remove.isPending}
          onRemove={async () => {
            const label = describeConviction(c.fields);
            if (
              !window.confirm(
                `Remove the conviction ${label}? Do this for a conviction entered by mistake; decisions made on it stay on record.`,
              )
            )
              return;
            setRemoveError(null);
            try {
              await remove.mutateAsync({ convictionId: c.id, version: c.version });
              if (editing?.id === c.id) setEditing(null);
              await refresh({ suggestions: true });
              setSaid(`Conviction removed: ${label}.`);
              refocus(addButton.current);
            } catch (error) {
              setRemoveError(describeError(error).message);
            }
          }}
          suggestionFor={(remedy) => suggestionFor(c.id, remedy)}
          rulesVersion={suggestions.data?.rulesVersion ?? null}
          leftOut={suggestions.data?.leftOut.find((l) => l.record === 'conviction' && l.id === c.id) ?? null}
          canDecide={canDecide}
          onOpen={openCell}
          onEdit={(event) => {
            editOpener.current = event.currentTarget;
            setEditing(editing?.id === c.id ? null : { id: c.id, version: c.version });
          }}
          onAccepted={() => refresh({ suggestions: true })}
        />
      ))}

      {selected && cell && (
        <DecisionForm
          key={`${cell.convictionId}-${cell.remedy}`}
          matterId={matter.id}
          conviction={selected}
          convictionLabel={describeConviction(selected.fields)}
          remedy={cell.remedy}
          suggestion={suggestionFor(cell.convictionId, cell.remedy)}
          rulesVersion={suggestions.data?.rulesVersion ?? null}
          canDecide={canDecide}
          onDone={closeCell}
        />
      )}

      {editing &&
        convictions
          .filter((c) => c.id === editing.id)
          .map((c) => (
            <div className="subform" key={c.id}>
              {/* Focus moves here when "Edit" opens the form, as for the decision form. */}
              <h3 ref={focusOnMount} tabIndex={-1}>
                Edit {describeConviction(c.fields)}
              </h3>
              <ConvictionForm
                title={`Edit ${describeConviction(c.fields)}`}
                initial={c.fields}
                submitLabel="Save conviction"
                pending={edit.isPending}
                client={client}
                onCancel={closeEdit}
                onSubmit={async (values) => {
                  await edit.mutateAsync({
                    convictionId: c.id,
                    version: editing.version,
                    conviction: values,
                  });
                  await refresh({ suggestions: true });
                  closeEdit();
                }}
              />
              <ConvictionHistory convictionId={c.id} />
            </div>
          ))}

      {/* On the page before anything is said in it, so screen readers announce what is put there. */}
      <p className="visually-hidden" role="status">
        {said}
      </p>
      {adding ? (
        <div className="subform">
          <h3 ref={focusOnMount} tabIndex={-1}>
            New conviction
          </h3>
          <ConvictionForm
            title="New conviction"
            initial={blankConviction(matter.county)}
            submitLabel="Add conviction"
            pending={add.isPending}
            client={client}
            onCancel={closeAdd}
            onSubmit={async (values) => {
              await add.mutateAsync({ matterId: matter.id, conviction: values });
              await refresh({ suggestions: true });
              setSaid(`Conviction added: ${describeConviction(values)}.`);
              closeAdd();
            }}
          />
        </div>
      ) : (
        <button
          ref={addButton}
          type="button"
          className="button"
          onClick={() => {
            setSaid('');
            setAdding(true);
          }}
        >
          Add a conviction
        </button>
      )}
    </section>
  );
}

interface ConvictionRemediesProps {
  conviction: ConvictionView;
  suggestionFor: (remedy: RemedyId) => Suggestion | null;
  /** Null until the rules have read the matter's record (or when they could not). */
  rulesVersion: string | null;
  /** Why the rules left this conviction out of their reading, if they did. */
  leftOut: { problems: string[] } | null;
  canDecide: boolean;
  onOpen: (event: MouseEvent<HTMLButtonElement>, convictionId: string, remedy: RemedyId) => void;
  onEdit: (event: MouseEvent<HTMLButtonElement>) => void;
  onAccepted: () => Promise<unknown>;
  /** The status of the petition (not withdrawn) that holds it, if one does: it cannot be removed then. */
  heldBy: keyof typeof PETITION_STATUS_LABELS | null;
  removing: boolean;
  onRemove: () => Promise<void>;
}

/** One conviction: the remedies that apply, each decision beside its suggestion, and "accept all". */
function ConvictionRemedies(props: ConvictionRemediesProps) {
  const {
    conviction: c,
    suggestionFor,
    rulesVersion,
    leftOut,
    canDecide,
    onOpen,
    onEdit,
    onAccepted,
    heldBy,
    removing,
    onRemove,
  } = props;
  const trpc = useTRPC();
  const [showAll, setShowAll] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // What "Accept every suggestion" recorded, said in a live region that is on the page beforehand.
  const [accepted, setAccepted] = useState('');
  const heading = useRef<HTMLHeadingElement | null>(null);
  const acceptButton = useRef<HTMLButtonElement | null>(null);
  const accept = useMutation(
    trpc.decisions.acceptSuggestions.mutationOptions({
      onSuccess: async (_result, input) => {
        setError(null);
        await onAccepted();
        const count = input.accept.length;
        setAccepted(
          `${count} ${count === 1 ? 'suggestion' : 'suggestions'} accepted as ${count === 1 ? 'a decision' : 'decisions'} for ${describeConviction(c.fields)}.`,
        );
        // The button goes once nothing is left to accept: the conviction's heading takes focus then.
        setTimeout(
          () => refocus(acceptButton.current?.isConnected ? acceptButton.current : heading.current),
          0,
        );
      },
      onError: (e) => setError(describeError(e).message),
    }),
  );
  const label = describeConviction(c.fields);
  const headingId = `conviction-${c.id}`;
  const rows = REMEDIES.map((r) => ({ ...r, decision: c.decisions[r.id], suggestion: suggestionFor(r.id) }));
  const shortList = rows.filter((r) => applies(r.decision, r.suggestion));
  const shown = showAll ? rows : shortList;
  const hidden = rows.length - shortList.length;
  // Suggestions that would change what is recorded: accepting them all records one decision each.
  const toAccept = rows.filter(
    (r) => r.suggestion && r.suggestion.determination !== r.decision?.determination,
  );

  return (
    <article className="conviction" aria-labelledby={headingId}>
      <header className="conviction__head">
        <h3 id={headingId} ref={heading} tabIndex={-1}>
          {label}
        </h3>
        <p className="muted small">
          {formatDate(c.fields.convictionDate)} · {SENTENCE_KIND_LABELS[c.fields.sentenceKind]}
          {c.fields.endDate && ` until ${formatDate(c.fields.endDate)}`}
        </p>
        <button type="button" className="button button--quiet small" onClick={onEdit}>
          Edit <span className="visually-hidden">{label}</span>
        </button>{' '}
        {heldBy === null && (
          <BusyButton type="button" className="button button--quiet small" busy={removing} onClick={onRemove}>
            Remove <span className="visually-hidden">{label}</span>
          </BusyButton>
        )}
        {canDecide && rulesVersion && toAccept.length > 0 && (
          <BusyButton
            ref={acceptButton}
            type="button"
            className="button small"
            busy={accept.isPending}
            onClick={() =>
              accept.mutate({
                convictionId: c.id,
                accept: toAccept.flatMap((r) =>
                  r.suggestion
                    ? [
                        {
                          remedy: r.id,
                          supersedes: r.decision?.id ?? null,
                          rulesVersion,
                          determination: r.suggestion.determination,
                        },
                      ]
                    : [],
                ),
              })
            }
          >
            Accept every suggestion ({toAccept.length}) <span className="visually-hidden">for {label}</span>
          </BusyButton>
        )}
      </header>
      {error && <Alert tone="error">{error}</Alert>}
      {c.minorNotice && <p className="field__error">{c.minorNotice}</p>}
      {heldBy && (
        <p className="small muted">
          Its petition is {PETITION_STATUS_LABELS[heldBy].toLowerCase()} (under Petitions): to remove this
          conviction, correct it instead, or set the petition to Withdrawn first.
        </p>
      )}
      <p className="visually-hidden" role="status">
        {accepted}
      </p>
      {leftOut && (
        <p className="field__error">
          The rules cannot read this conviction, so it has no suggestions: {leftOut.problems.join(' ')}{' '}
          Correct it with Edit; the other convictions are read without it until then.
        </p>
      )}
      {shown.length === 0 ? (
        // "No remedy applies" only when the rules read this conviction and said so.
        rulesVersion && !leftOut ? (
          <p className="muted small">
            No remedy applies on the rules’ reading; every remedy is listed below.
          </p>
        ) : (
          <p className="muted small">No suggestions; every remedy is listed below to decide by hand.</p>
        )
      ) : (
        <ScrollRegion label={`Remedies for ${label}`}>
          <table className="data-table remedy-table">
            <caption className="visually-hidden">Remedies for {label}</caption>
            <thead>
              <tr>
                <th scope="col">Remedy</th>
                <th scope="col">Decision</th>
                <th scope="col">Suggestion</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.id} className={r.decision ? `decision--${r.decision.determination}` : undefined}>
                  <th scope="row">{r.label}</th>
                  <td>
                    <button type="button" className="cell-button" onClick={(e) => onOpen(e, c.id, r.id)}>
                      {r.decision ? DETERMINATION_LABELS[r.decision.determination] : 'Decide'}
                      <span className="visually-hidden">
                        {' '}
                        {r.label} for {label}
                      </span>
                    </button>
                  </td>
                  <td className="small">
                    {r.suggestion ? (
                      <>
                        {DETERMINATION_LABELS[r.suggestion.determination]}
                        {r.suggestion.determination === r.decision?.determination && (
                          <span className="muted"> (as decided)</span>
                        )}
                      </>
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {hidden > 0 && (
        <button
          type="button"
          className="button button--quiet small"
          aria-expanded={showAll}
          onClick={() => setShowAll(!showAll)}
        >
          {showAll ? 'Show only the remedies that apply' : `Show the other ${hidden} remedies`}
          <span className="visually-hidden"> for {label}</span>
        </button>
      )}
    </article>
  );
}
