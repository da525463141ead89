// Convictions and the eligibility grid: every conviction against every remedy, with the current
// decision in each cell, so an attorney sees the whole record at once.
import {
  can,
  DETERMINATION_LABELS,
  describeConviction,
  REMEDIES,
  type RemedyId,
  SENTENCE_KIND_LABELS,
} from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTRPC } from '../../trpc.ts';
import { focusOnMount, refocus } from '../../ui/focus.ts';
import { formatDate } from '../../ui/format.ts';
import { blankConviction, ConvictionForm } from './ConvictionForm.tsx';
import { ConvictionHistory } from './ConvictionHistory.tsx';
import { DecisionForm } from './DecisionForm.tsx';
import { PersonFactsForm } from './PersonFactsForm.tsx';
import { type MatterDetail, useMe, useRefreshMatter, useSuggestions } from './useMatter.ts';

/** The remedies the grid always shows; others appear once a decision names them. */
const GRID_REMEDIES: RemedyId[] = [
  'pc1203.4',
  'pc1203.4a',
  'pc1203.41',
  'pc1203.42',
  'pc17b',
  'prop47',
  'prop64',
  'pc1203.425',
  'pc4852',
];

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
  const suggestions = useSuggestions(matter.id, matter.convictions !== null);
  const suggestionFor = (convictionId: string, remedy: RemedyId) =>
    suggestions.data?.results
      .find((r) => r.convictionId === convictionId)
      ?.remedies.find((r) => r.remedy === remedy) ?? null;

  if (matter.convictions === null) {
    return (
      <section aria-labelledby="convictions-heading" className="panel">
        <h2 id="convictions-heading">Convictions and eligibility</h2>
        <p>Criminal history needs the RAP sheet permission. Ask an administrator to grant it to you.</p>
      </section>
    );
  }
  const convictions = matter.convictions;
  const remedies = [
    ...GRID_REMEDIES,
    ...REMEDIES.map((r) => r.id).filter(
      (id) => !GRID_REMEDIES.includes(id) && convictions.some((c) => c.decisions[id]),
    ),
  ];
  const canDecide = me ? can(me.role, 'decideEligibility') : false;
  const selected = cell ? convictions.find((c) => c.id === cell.convictionId) : undefined;

  return (
    <section aria-labelledby="convictions-heading" className="panel">
      <h2 id="convictions-heading">Convictions and eligibility</h2>
      {suggestions.data && (
        <p className="small muted">
          Suggestions from the rules in force on {suggestions.data.asOf}
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
      {convictions.length > 0 && (
        <div className="table-scroll">
          <table className="data-table grid-table">
            <caption className="visually-hidden">
              Convictions against remedies, with the current decision in each cell
            </caption>
            <thead>
              <tr>
                <th scope="col">Conviction</th>
                {remedies.map((id) => (
                  <th scope="col" key={id}>
                    {REMEDIES.find((r) => r.id === id)?.label.replace(/ \(.*\)$/, '') ?? id}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {convictions.map((c) => {
                const label = describeConviction(c.fields);
                return (
                  <tr key={c.id}>
                    <th scope="row">
                      {label}
                      <div className="muted small">
                        {formatDate(c.fields.convictionDate)} · {SENTENCE_KIND_LABELS[c.fields.sentenceKind]}
                        {c.fields.endDate && ` until ${formatDate(c.fields.endDate)}`}
                      </div>
                      <button
                        type="button"
                        className="button button--quiet small"
                        onClick={(event) => {
                          editOpener.current = event.currentTarget;
                          setEditing(editing?.id === c.id ? null : { id: c.id, version: c.version });
                        }}
                      >
                        Edit <span className="visually-hidden">{label}</span>
                      </button>
                    </th>
                    {remedies.map((remedy) => {
                      const decision = c.decisions[remedy];
                      const suggestion = suggestionFor(c.id, remedy);
                      const remedyLabel = REMEDIES.find((r) => r.id === remedy)?.label ?? remedy;
                      // Named only where it differs from the decision, as the cell shows it.
                      const suggestionDiffers =
                        suggestion && suggestion.determination !== decision?.determination;
                      const suggested = suggestionDiffers
                        ? `, suggested ${DETERMINATION_LABELS[suggestion.determination]}`
                        : '';
                      return (
                        <td
                          key={remedy}
                          className={decision ? `decision decision--${decision.determination}` : 'decision'}
                        >
                          <button
                            type="button"
                            className="cell-button"
                            aria-label={`${remedyLabel} for ${label}: ${decision ? DETERMINATION_LABELS[decision.determination] : 'no decision'}${suggested}`}
                            onClick={(event) => {
                              cellOpener.current = event.currentTarget;
                              setCell({ convictionId: c.id, remedy });
                            }}
                          >
                            {decision ? DETERMINATION_LABELS[decision.determination] : '—'}
                            {suggestionDiffers && (
                              <span className="suggested">
                                Suggested: {DETERMINATION_LABELS[suggestion.determination]}
                              </span>
                            )}
                          </button>
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

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

      {adding ? (
        <div className="subform">
          <h3>New conviction</h3>
          <ConvictionForm
            title="New conviction"
            initial={blankConviction(matter.county)}
            submitLabel="Add conviction"
            pending={add.isPending}
            onCancel={() => setAdding(false)}
            onSubmit={async (values) => {
              await add.mutateAsync({ matterId: matter.id, conviction: values });
              await refresh({ suggestions: true });
              setAdding(false);
            }}
          />
        </div>
      ) : (
        <button type="button" className="button" onClick={() => setAdding(true)}>
          Add a conviction
        </button>
      )}
    </section>
  );
}
