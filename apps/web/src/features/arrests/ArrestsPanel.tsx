// Arrests that did not end in a conviction, on the matter page: each with the arrest relief the
// rules suggest (PC 851.91 sealing, PC 851.93 automatic relief, PC 236.14), and forms to record,
// correct and remove them, and, beside an arrest decided eligible for PC 851.91 that has no petition
// yet, the petition to seal it. Criminal history: shown only with the RAP sheet permission.
import {
  ARREST_DISPOSITION_LABELS,
  ARREST_REMEDY_IDS,
  COUNTIES,
  type County,
  can,
  DETERMINATION_LABELS,
  describeArrest,
  PETITION_STATUS_LABELS,
  REMEDIES,
  rapSheetPermissionFrom,
} from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type MouseEvent, useRef, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { focusOnMount, refocus } from '../../ui/focus.ts';
import { formatDate } from '../../ui/format.ts';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { type MatterDetail, useMe, useRefreshMatter, useSuggestions } from '../matters/useMatter.ts';
import { ArrestPetitionButton } from '../petitions/ArrestPetitionButton.tsx';
import { ArrestDecisionForm } from './ArrestDecisionForm.tsx';
import { ArrestForm, blankArrest } from './ArrestForm.tsx';

type ArrestRemedy = (typeof ARREST_REMEDY_IDS)[number];
const isArrestRemedy = (remedy: string): remedy is ArrestRemedy =>
  (ARREST_REMEDY_IDS as readonly string[]).includes(remedy);
const isCounty = (county: string): county is County => (COUNTIES as readonly string[]).includes(county);
/** PC 851.91 decisions a petition to seal may be drafted on (the server checks the same). */
const PETITIONABLE = new Set(['eligible_mandatory', 'eligible_discretionary']);

export function ArrestsPanel({ matter }: { matter: MatterDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshMatter = useRefreshMatter(matter.id);
  const me = useMe();
  const canDecide = me ? can(me.role, 'decideEligibility') : false;
  // petitions.createForArrest: anyone who works matters, with the RAP sheet permission (this panel's).
  const canPetition = me ? can(me.role, 'workMatters') : false;
  const [deciding, setDeciding] = useState<{ arrestId: string; remedy: ArrestRemedy } | null>(null);
  const decideOpener = useRef<HTMLButtonElement | null>(null);
  const allowed = matter.convictions !== null;
  const arrests = useQuery({ ...trpc.arrests.list.queryOptions({ matterId: matter.id }), enabled: allowed });
  const suggestions = useSuggestions(matter.id, allowed);
  const add = useMutation(trpc.arrests.add.mutationOptions());
  const edit = useMutation(trpc.arrests.edit.mutationOptions());
  const remove = useMutation(trpc.arrests.remove.mutationOptions());
  const [adding, setAdding] = useState(false);
  // The version is frozen when the form opens, so a colleague's save in between comes back as a conflict.
  const [editing, setEditing] = useState<{ id: string; version: number } | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  // The arrest whose petition was just drafted here: its status line takes the focus the button had.
  const [drafted, setDrafted] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const addButton = useRef<HTMLButtonElement | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.arrests.list.queryKey({ matterId: matter.id }) }),
      refreshMatter({ suggestions: true }),
    ]);
  const closeEdit = () => {
    setEditing(null);
    refocus(opener.current);
  };

  if (!allowed) {
    return (
      <section aria-labelledby="arrests-heading" className="panel">
        <h2 id="arrests-heading">Arrests without conviction</h2>
        <p>Criminal history needs the RAP sheet permission. {rapSheetPermissionFrom(me?.role ?? 'intake')}</p>
      </section>
    );
  }
  const list = arrests.data ?? [];
  const resultsFor = (arrestId: string) =>
    suggestions.data?.arrestResults.find((r) => r.arrestId === arrestId)?.remedies ?? [];

  return (
    <section aria-labelledby="arrests-heading" className="panel">
      <h2 id="arrests-heading">Arrests without conviction</h2>
      <p className="small muted">
        Arrests that ended without a conviction (no charges, dismissed, acquitted, diversion completed) can be
        sealed. The rules suggest arrest relief for each; an attorney decides.
      </p>
      {arrests.error && <Alert tone="error">{describeError(arrests.error).message}</Alert>}
      {removeError && <Alert tone="error">{removeError}</Alert>}
      {arrests.data && list.length === 0 && <p className="muted">No arrests entered yet.</p>}
      {list.map((a) => {
        const label = describeArrest(a);
        const headingId = `arrest-${a.id}`;
        const remedies = resultsFor(a.id);
        const leftOut = suggestions.data?.leftOut.find((l) => l.record === 'arrest' && l.id === a.id);
        return (
          <article key={a.id} className="conviction" aria-labelledby={headingId}>
            <header className="conviction__head">
              <h3 id={headingId}>{label}</h3>
              <p className="muted small">
                {formatDate(a.arrestDate)}
                {a.arrestAgency && ` · ${a.arrestAgency}`}
                {a.offenseDescription && ` · ${a.offenseDescription}`} ·{' '}
                {ARREST_DISPOSITION_LABELS[a.disposition]}
                {a.dispositionDate && ` on ${formatDate(a.dispositionDate)}`}
                {a.source === 'rap_sheet' && ' · from the RAP sheet'}
              </p>
              <button
                type="button"
                className="button button--quiet small"
                onClick={(event: MouseEvent<HTMLButtonElement>) => {
                  opener.current = event.currentTarget;
                  setEditing(editing?.id === a.id ? null : { id: a.id, version: a.version });
                }}
              >
                Edit <span className="visually-hidden">{label}</span>
              </button>{' '}
              {/* A petition that is not withdrawn holds the arrest: the server refuses its removal. */}
              {(!a.petition || a.petition.status === 'withdrawn') && (
                <BusyButton
                  type="button"
                  className="button button--quiet small"
                  busy={remove.isPending}
                  onClick={async () => {
                    if (!window.confirm(`Remove the ${label}? Decisions made on it stay on record.`)) return;
                    setRemoveError(null);
                    try {
                      await remove.mutateAsync({ arrestId: a.id, version: a.version });
                      await refresh();
                      refocus(addButton.current);
                    } catch (error) {
                      setRemoveError(describeError(error).message);
                    }
                  }}
                >
                  Remove <span className="visually-hidden">{label}</span>
                </BusyButton>
              )}
            </header>
            {a.petition ? (
              <p className="small" tabIndex={-1} ref={drafted === a.id ? focusOnMount : undefined}>
                Petition to seal: {PETITION_STATUS_LABELS[a.petition.status].toLowerCase()} (under Petitions).
                {a.petition.status !== 'withdrawn' &&
                  ' To remove this arrest, correct it instead, or set its petition to Withdrawn first.'}
              </p>
            ) : (
              canPetition &&
              PETITIONABLE.has(a.decisions['pc851.91']?.determination ?? '') &&
              isCounty(matter.county) && (
                <ArrestPetitionButton
                  arrestId={a.id}
                  county={matter.county}
                  label={label}
                  onDrafted={() => setDrafted(a.id)}
                />
              )
            )}
            {leftOut ? (
              <p className="field__error">
                The rules cannot read this arrest, so it has no suggestions: {leftOut.problems.join(' ')}{' '}
                Correct it with Edit.
              </p>
            ) : remedies.length === 0 ? (
              <p className="muted small">No suggestion yet.</p>
            ) : (
              <ScrollRegion label={`Arrest relief for ${label}`}>
                <table className="data-table remedy-table">
                  <caption className="visually-hidden">Arrest relief for {label}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Remedy</th>
                      <th scope="col">Decision</th>
                      <th scope="col">Suggestion</th>
                      <th scope="col">Why</th>
                    </tr>
                  </thead>
                  <tbody>
                    {remedies.map((r) => (
                      <tr key={r.remedy}>
                        <th scope="row">{REMEDIES.find((x) => x.id === r.remedy)?.label ?? r.remedy}</th>
                        <td>
                          {isArrestRemedy(r.remedy) ? (
                            // Everyone who sees the table may open the cell: deciders to decide,
                            // the others to read the decisions' history.
                            <button
                              type="button"
                              className="cell-button"
                              onClick={(event) => {
                                decideOpener.current = event.currentTarget;
                                if (isArrestRemedy(r.remedy))
                                  setDeciding({ arrestId: a.id, remedy: r.remedy });
                              }}
                            >
                              {a.decisions[r.remedy]
                                ? DETERMINATION_LABELS[
                                    a.decisions[r.remedy]?.determination ?? 'needs_more_info'
                                  ]
                                : canDecide
                                  ? 'Decide'
                                  : 'No decision'}
                              <span className="visually-hidden">
                                {' '}
                                {REMEDIES.find((x) => x.id === r.remedy)?.label} for {label}
                              </span>
                            </button>
                          ) : (
                            <span className="muted">none</span>
                          )}
                        </td>
                        <td>
                          {DETERMINATION_LABELS[r.determination]}
                          {r.eligibleOn && `, from ${formatDate(r.eligibleOn)}`}
                        </td>
                        <td className="small">
                          {r.reasons.map((reason) => `${reason.text} (${reason.citation})`).join(' ')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
            )}
            {deciding?.arrestId === a.id && (
              <ArrestDecisionForm
                key={`${a.id}-${deciding.remedy}`}
                arrestId={a.id}
                arrestLabel={label}
                remedy={deciding.remedy}
                current={a.decisions[deciding.remedy] ?? null}
                suggestion={remedies.find((r) => r.remedy === deciding.remedy) ?? null}
                rulesVersion={suggestions.data?.rulesVersion ?? null}
                canDecide={canDecide}
                onDone={async (saved) => {
                  if (saved) await refresh();
                  setDeciding(null);
                  setTimeout(() => refocus(decideOpener.current), 0);
                }}
              />
            )}
            {editing?.id === a.id && (
              <div className="subform">
                <h4 ref={focusOnMount} tabIndex={-1}>
                  Correct the {label}
                </h4>
                <ArrestForm
                  title={`Correct the ${label}`}
                  initial={a}
                  submitLabel="Save arrest"
                  pending={edit.isPending}
                  onCancel={closeEdit}
                  onSubmit={async (values) => {
                    await edit.mutateAsync({ arrestId: a.id, version: editing.version, arrest: values });
                    await refresh();
                    closeEdit();
                  }}
                />
              </div>
            )}
          </article>
        );
      })}
      {adding ? (
        <div className="subform">
          <h3 ref={focusOnMount} tabIndex={-1}>
            New arrest
          </h3>
          <ArrestForm
            title="New arrest"
            initial={blankArrest()}
            submitLabel="Add arrest"
            pending={add.isPending}
            onCancel={() => {
              setAdding(false);
              // The button comes back when the form goes: focus it once it is on the page.
              setTimeout(() => refocus(addButton.current), 0);
            }}
            onSubmit={async (values) => {
              await add.mutateAsync({ matterId: matter.id, arrest: values });
              await refresh();
              setAdding(false);
              // The button comes back when the form goes: focus it once it is on the page.
              setTimeout(() => refocus(addButton.current), 0);
            }}
          />
        </div>
      ) : (
        <button ref={addButton} type="button" className="button" onClick={() => setAdding(true)}>
          Add an arrest
        </button>
      )}
    </section>
  );
}
