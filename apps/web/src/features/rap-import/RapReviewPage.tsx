// Reviewing a RAP sheet import: each proposed conviction beside the lines of the record it came from
// (the lines read highlighted), with what to check (OCR confidence, values the record did not give);
// the attorney accepts, edits (the conviction form itself) or drops each one, then saves the review:
// the accepted convictions are entered in one go, as if typed in by hand. Convictions the matter
// already has are shown as already recorded. Each count of an arrest without a conviction is proposed
// the same way, as the arrest form's values (accept, edit with the arrest form, or drop); arrests the
// matter already has (same date, agency and section) are shown as already recorded. A conviction or
// arrest the client's other matter of the office records is shown as recorded there (with a link, and
// the relief decided there), not proposed: it is entered here too only when the attorney chooses to.
import {
  ARREST_DISPOSITION_LABELS,
  type ArrestFieldsInput,
  arrestFieldsSchema,
  type ConvictionFieldsInput,
  convictionFieldsSchema,
  describeArrest,
  describeConviction,
  isRapImportActive,
  LEVEL_LABELS,
  type Level,
  RAP_IMPORT_STATE_LABELS,
  type RapImportState,
  RELOAD_AFTER_CONFLICT,
  SENTENCE_KIND_LABELS,
  type SentenceKind,
} from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { checkInput } from '../../lib/checkInput.ts';
import { describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { formatDate } from '../../ui/format.ts';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { ArrestForm, blankArrest } from '../arrests/ArrestForm.tsx';
import { blankConviction, ConvictionForm } from '../convictions/ConvictionForm.tsx';

type Review = ApiOutputs['rapImports']['review'];
type Proposal = Review['proposals'][number];
type Choice = { decision: 'accept'; fields: ConvictionFieldsInput } | { decision: 'drop' };
type ArrestProposal = Review['rapArrests'][number];
type ArrestChoice = { decision: 'accept'; fields: ArrestFieldsInput } | { decision: 'drop' };

/** The arrest proposal as the arrest form's values: what the record did not give, the form's blanks. */
function arrestValues(a: ArrestProposal): ArrestFieldsInput {
  const out = { ...blankArrest() } as Record<string, unknown>;
  for (const [k, v] of Object.entries(a.fields)) if (v !== null) out[k] = v;
  out.dispositionDate = a.fields.dispositionDate;
  out.reliefGrantedRemedy = a.fields.reliefGrantedRemedy;
  out.reliefGrantedOn = a.fields.reliefGrantedOn;
  return out as ArrestFieldsInput;
}

/** The proposal as the conviction form's values: what the record did not give, the form's blanks. */
function formValues(p: Proposal, county: string): ConvictionFieldsInput {
  const blank = blankConviction(county);
  const out = { ...blank } as Record<string, unknown>;
  for (const [k, v] of Object.entries(p.fields)) if (v !== null) out[k] = v;
  if (p.fields.endDate === null) out.endDate = null;
  if (p.fields.reliefGrantedRemedy === null) out.reliefGrantedRemedy = null;
  if (p.fields.reliefGrantedOn === null) out.reliefGrantedOn = null;
  return out as ConvictionFieldsInput;
}

function SourceLines({ lines, label }: { lines: Proposal['source']; label: string }) {
  const first = lines[0]?.line;
  const last = lines.at(-1)?.line;
  return (
    <figure className="rap-source">
      <figcaption>
        {label}
        {first !== undefined && ` (lines ${first}–${last})`}, those read highlighted
      </figcaption>
      <pre>
        {lines.map((l) => (
          <span key={l.line}>
            <span className="rap-source__number">{String(l.line).padStart(4, ' ')} </span>
            {l.used ? <mark>{l.text}</mark> : l.text}
            {'\n'}
          </span>
        ))}
      </pre>
    </figure>
  );
}

/** What the record leaves to check on one proposal. */
function ToCheck({ name, warnings }: { name: string; warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="rap-warnings" aria-label={`To check for ${name}`}>
      {warnings.map((w) => (
        <li key={w}>{w}</li>
      ))}
    </ul>
  );
}

/** The fields a form opened in place of its buttons is entered by: the first takes focus. */
const FORM_FIELDS =
  'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled])';

/**
 * Where a proposal's buttons give way to its form and back, focus follows (it would drop to the
 * page's body with the pressed button gone): to the form's first field when it opens, and back to the
 * button that opened it when it closes (its first button when that one is gone, as after recording a
 * conviction here too). Focus elsewhere by then (another proposal's form) is left there.
 */
function OpensForm({ open, children }: { open: boolean; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const opener = useRef<string | null>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    const element = box.current;
    if (!element || open === wasOpen.current) return;
    wasOpen.current = open;
    if (open) {
      element.querySelector<HTMLElement>(FORM_FIELDS)?.focus();
      return;
    }
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (!lost) return;
    const buttons = [...element.querySelectorAll<HTMLButtonElement>('button')];
    (buttons.find((b) => b.textContent === opener.current) ?? buttons[0])?.focus();
  }, [open]);
  return (
    // Only notes which button was pressed; the button itself handles the press.
    <div
      ref={box}
      onClickCapture={(event) => {
        const pressed = event.target instanceof Element ? event.target.closest('button') : null;
        if (!open && pressed) opener.current = pressed.textContent;
      }}
    >
      {children}
    </div>
  );
}

/**
 * One proposal's decision: once the review is saved, what became of it; while it is edited, its form;
 * otherwise what is chosen so far, with Accept, Edit and Drop.
 */
function Decision(props: {
  name: string;
  reviewed: boolean;
  outcome: string | null;
  form: ReactNode;
  chosen: string;
  onAccept: () => void;
  onEdit: () => void;
  onDrop: () => void;
}) {
  const { name } = props;
  if (props.reviewed)
    return (
      <p>
        <strong>
          {props.outcome ? props.outcome[0]?.toUpperCase() + props.outcome.slice(1) : 'Not decided'}
        </strong>
      </p>
    );
  if (props.form) return props.form;
  return (
    <p className="button-row">
      <span role="status">{props.chosen}</span>{' '}
      <button type="button" className="button" onClick={props.onAccept}>
        Accept {name}
      </button>{' '}
      <button type="button" className="button" onClick={props.onEdit}>
        Edit {name}
      </button>{' '}
      <button type="button" className="button button--quiet" onClick={props.onDrop}>
        Drop {name}
      </button>
    </p>
  );
}

/**
 * A conviction or arrest the client's other matter records: where, what that matter decided on it and
 * what to check; left there unless recorded here too (its form, the grant there filled in).
 */
function RecordedElsewhere(props: {
  name: string;
  what: string;
  elsewhere: NonNullable<Proposal['elsewhere']>;
  warnings: string[];
  reviewed: boolean;
  outcome: string | null;
  form: ReactNode;
  recordedHere: string | null;
  onRecord: () => void;
  onLeave: () => void;
}) {
  const { name, elsewhere: there } = props;
  return (
    <li>
      <h3>
        {name}: {props.what}
      </h3>
      <p>
        Recorded on the client’s other matter <Link to={`/matters/${there.matterId}`}>{there.reference}</Link>{' '}
        ({there.county}) as {there.recordedAs}
        {there.relief.length === 0 && ', with no petition there'}.
      </p>
      {there.relief.length > 0 && (
        <ul aria-label={`Relief on matter ${there.reference} for ${name}`}>
          {there.relief.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <ToCheck name={name} warnings={props.warnings} />
      {props.reviewed ? (
        <p>
          <strong>{props.outcome ? `Recorded here too (${props.outcome})` : 'Left on that matter'}</strong>
        </p>
      ) : (
        <OpensForm open={props.form !== null}>
          {props.form ?? (
            <p className="button-row">
              <span role="status">
                {props.recordedHere
                  ? `Will be entered here too: ${props.recordedHere}.`
                  : `Left on matter ${there.reference}: not entered here.`}
              </span>{' '}
              {props.recordedHere ? (
                <>
                  <button type="button" className="button" onClick={props.onRecord}>
                    Edit what {name} records here
                  </button>{' '}
                  <button type="button" className="button button--quiet" onClick={props.onLeave}>
                    Leave {name} on matter {there.reference}
                  </button>
                </>
              ) : (
                <button type="button" className="button" onClick={props.onRecord}>
                  Record {name} on this matter too
                </button>
              )}
            </p>
          )}
        </OpensForm>
      )}
    </li>
  );
}

/** What a page of an import with nothing to review says instead, by its state. */
const NOT_REVIEWABLE: Partial<Record<RapImportState, string>> = {
  queued: 'The review opens here once the record has been read.',
  running: 'The review opens here once the record has been read.',
  failed:
    'Nothing was read from this file, so there is nothing to review. Start a new import from the matter page once what the message says is put right.',
  cancelled:
    'This import was cancelled before it was read, so there is nothing to review. Start a new import from the matter page.',
};

export function RapReviewPage() {
  const { matterId = '', importId = '' } = useParams();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const review = useQuery(trpc.rapImports.review.queryOptions({ importId }));
  const matter = useQuery(trpc.matters.get.queryOptions({ matterId }));
  // Opened while the sheet is still read: its progress is followed through the matter's list of
  // imports (the endpoint made for polling, audited once a visit, not once a poll), and the review
  // is loaded again once it has finished, failed or been cancelled, so the page never stays on the
  // last progress it saw.
  const reading = review.data ? isRapImportActive(review.data.import.state) : false;
  const imports = useQuery({
    ...trpc.rapImports.list.queryOptions({ matterId }),
    enabled: reading,
    refetchInterval: (query) =>
      query.state.data?.some((i) => i.id === importId && isRapImportActive(i.state)) === false ? false : 1000,
  });
  const live = reading ? imports.data?.find((i) => i.id === importId) : undefined;
  const finished = live !== undefined && !isRapImportActive(live.state);
  const { refetch } = review;
  useEffect(() => {
    if (finished) void refetch();
  }, [finished, refetch]);
  const accept = useMutation(trpc.rapImports.accept.mutationOptions());
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [arrestChoices, setArrestChoices] = useState<Record<string, ArrestChoice>>({});
  const [facts, setFacts] = useState<Record<string, 'accept' | 'drop'>>({});
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The attorney's word that a sheet of another person (date of birth, names) is the client's all the same.
  const [confirmOtherPerson, setConfirmOtherPerson] = useState(false);
  const heading = usePageHeading<HTMLHeadingElement>('Review the RAP sheet');
  // Where a press of Save that cannot save yet takes focus: the reason it cannot.
  const saveBlocked = useRef<HTMLParagraphElement>(null);

  if (review.error)
    return (
      <section>
        <h1 ref={heading} tabIndex={-1}>
          Review the RAP sheet
        </h1>
        <Alert tone="error">{describeError(review.error).message}</Alert>
        <Link to={`/matters/${matterId}`}>Back to the matter</Link>
      </section>
    );
  if (!review.data || !matter.data) return <p className="loading">Loading…</p>;
  const r = review.data;
  const status = live ?? r.import;
  const county = matter.data.county;
  const { legalName, dateOfBirth } = matter.data.client.details;
  const client = { name: legalName, dateOfBirth };
  const open = r.proposals.filter((p) => p.status === 'new');
  const recorded = r.proposals.filter((p) => p.status === 'recorded');
  const elsewhere = r.proposals.filter((p) => p.status === 'elsewhere');
  const elsewhereArrests = r.rapArrests.filter((a) => a.status === 'elsewhere');
  const reviewed = r.import.state === 'reviewed';
  const reviewable = reviewed || r.import.state === 'ready';
  const openArrests = r.rapArrests.filter((a) => a.status === 'new');
  const recordedArrests = r.rapArrests.filter((a) => a.status === 'recorded');
  const undecided =
    open.filter((p) => !choices[p.key]).length + openArrests.filter((a) => !arrestChoices[a.key]).length;
  // Recorded on the other matter: sent only when the attorney chose to record it here too.
  const chosenElsewhere = elsewhere.filter((p) => choices[p.key]?.decision === 'accept');
  const chosenElsewhereArrests = elsewhereArrests.filter((a) => arrestChoices[a.key]?.decision === 'accept');
  const accepting = open.filter((p) => choices[p.key]?.decision === 'accept').length + chosenElsewhere.length;
  const acceptingArrests =
    openArrests.filter((a) => arrestChoices[a.key]?.decision === 'accept').length +
    chosenElsewhereArrests.length;
  const acceptingFacts = r.personFactProposals.filter((f) => facts[f.key] === 'accept').length;
  const needsConfirmation =
    r.otherPerson !== null && !confirmOtherPerson && accepting + acceptingArrests + acceptingFacts > 0;
  const undecidedNames = [
    ...open.flatMap((p, index) => (choices[p.key] ? [] : [`Conviction ${index + 1}`])),
    ...openArrests.flatMap((a, index) => (arrestChoices[a.key] ? [] : [`Arrest ${index + 1}`])),
  ];
  // Why Save cannot save yet, or null. The button stays focusable (a disabled one is skipped by Tab and
  // says nothing), is described by this, and a press moves focus to it.
  const cannotSave =
    undecided > 0
      ? `${undecided} ${undecided === 1 ? 'proposal is' : 'proposals are'} still undecided (${undecidedNames.join(', ')}): accept, edit or drop each, then save.`
      : needsConfirmation
        ? 'Tick the box above to enter anything from a sheet of another person, or drop every proposal.'
        : null;

  const chooseAcceptArrest = (a: ArrestProposal) => {
    const values = arrestValues(a);
    if (!checkInput(arrestFieldsSchema, values).success || a.missing.length > 0) {
      setEditing(a.key);
      return;
    }
    setArrestChoices((c) => ({ ...c, [a.key]: { decision: 'accept', fields: values } }));
  };

  const chooseAccept = (p: Proposal) => {
    const values = formValues(p, county);
    // A conviction the record shows undone is entered only on purpose: Accept opens its form.
    if (p.undone || !checkInput(convictionFieldsSchema, values).success || p.missing.length > 0) {
      setEditing(p.key);
      return;
    }
    setChoices((c) => ({ ...c, [p.key]: { decision: 'accept', fields: values } }));
  };

  const save = async () => {
    setError(null);
    try {
      await accept.mutateAsync({
        importId,
        version: r.import.version,
        ...(r.otherPerson ? { confirmOtherPerson } : {}),
        personFactsVersion: r.personFactsVersion,
        convictions: [...open, ...chosenElsewhere].map((p) => {
          const choice = choices[p.key];
          return choice?.decision === 'accept'
            ? { key: p.key, decision: 'accept' as const, conviction: choice.fields }
            : { key: p.key, decision: 'drop' as const };
        }),
        arrests: [...openArrests, ...chosenElsewhereArrests].map((a) => {
          const choice = arrestChoices[a.key];
          return choice?.decision === 'accept'
            ? { key: a.key, decision: 'accept' as const, arrest: choice.fields }
            : { key: a.key, decision: 'drop' as const };
        }),
        personFacts: r.personFactProposals.map((f) => ({ key: f.key, decision: facts[f.key] ?? 'drop' })),
      });
      await queryClient.invalidateQueries();
      navigate(`/matters/${matterId}`);
    } catch (e) {
      const shown = describeError(e);
      // Refused over a change made since the review was opened: the review is read again (its versions,
      // and what is on the matter now) and the decisions made here are kept, so saving again works.
      if (shown.appCode === 'VERSION_CONFLICT' || shown.appCode === 'BAD_INPUT') await review.refetch();
      setError(
        shown.appCode === 'VERSION_CONFLICT'
          ? `${shown.message.replace(` ${RELOAD_AFTER_CONFLICT}`, '')} The review below now shows their change and keeps your decisions: check them, then save again.`
          : shown.message,
      );
    }
  };

  return (
    <section className="rap-review">
      <p>
        <Link to={`/matters/${matterId}`}>← Matter {matter.data.reference}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        Review the RAP sheet
      </h1>
      {/* A live region from the first render, so the sheet's state changing ("Ready to review") is heard. */}
      <p role="status">
        {r.import.sourceName}: {RAP_IMPORT_STATE_LABELS[status.state]}.{' '}
        {/* A failed import's last progress ("Finding the convictions") is not where it stopped: its error says why. */}
        {status.state !== 'failed' && `${status.progress.label}.`}
      </p>
      {status.state === 'failed' && status.error && <Alert tone="error">{status.error}</Alert>}
      {/* Read to the end or not at all: a failed, cancelled or unfinished import has no person, no
          proposals and nothing to save, and saying "the record names no one" would be untrue. */}
      {!reviewable && <p>{NOT_REVIEWABLE[r.import.state] ?? NOT_REVIEWABLE.queued}</p>}
      {reviewable && (
        <>
          {!reviewed && open.length + openArrests.length > 0 && (
            <p>
              Accept, edit or drop each proposed conviction and arrest, then save the review. Lines of the
              record each one was read from are highlighted.
            </p>
          )}

          {r.otherPerson && <Alert tone="error">{r.otherPerson}</Alert>}
          <section aria-labelledby="rap-person" className="panel">
            <h2 id="rap-person">The person on the record</h2>
            {r.personRecord.length === 0 ? (
              <p className="muted">The record names no one.</p>
            ) : (
              <dl className="facts">
                {r.personRecord.map((item) => (
                  <div key={item.key}>
                    <dt>{item.label}</dt>
                    <dd>
                      {item.value}
                      {item.note && <span className="muted"> — {item.note}</span>}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
            {r.personFactProposals.map((f) => (
              <fieldset key={f.key}>
                <legend>
                  {f.label}: {f.value} (now: {f.current})
                </legend>
                <SourceLines lines={f.source} label={`The record on ${f.label}`} />
                {reviewed ? (
                  <p>{f.outcome === 'accepted' ? 'Accepted' : 'Dropped'}</p>
                ) : (
                  <>
                    <label>
                      <input
                        type="radio"
                        name={`fact-${f.key}`}
                        checked={facts[f.key] === 'accept'}
                        onChange={() => setFacts((c) => ({ ...c, [f.key]: 'accept' }))}
                      />{' '}
                      Accept
                    </label>{' '}
                    <label>
                      <input
                        type="radio"
                        name={`fact-${f.key}`}
                        checked={(facts[f.key] ?? 'drop') === 'drop'}
                        onChange={() => setFacts((c) => ({ ...c, [f.key]: 'drop' }))}
                      />{' '}
                      Drop
                    </label>
                  </>
                )}
              </fieldset>
            ))}
          </section>

          <section aria-labelledby="rap-proposals" className="panel">
            <h2 id="rap-proposals">Proposed convictions ({open.length})</h2>
            {open.length === 0 && <p>Nothing new to enter from this RAP sheet.</p>}
            <ol className="rap-proposals">
              {open.map((p, index) => {
                const choice = choices[p.key];
                const name = `Conviction ${index + 1}`;
                const shown = choice?.decision === 'accept' ? choice.fields : formValues(p, county);
                return (
                  <li key={p.key}>
                    <h3 id={`proposal-${p.key}`}>
                      {name}: {p.fields.code ?? '?'} {p.fields.section ?? '?'}
                      {p.description && ` — ${p.description}`}
                    </h3>
                    <SourceLines lines={p.source} label={`The record on ${name}`} />
                    <dl className="facts">
                      <dt>Case</dt>
                      <dd>
                        {shown.caseNumber || '—'}, {shown.court || 'court not given'} (
                        {choice?.decision === 'accept' || p.fields.county !== null
                          ? shown.county
                          : 'county not known'}
                        )
                      </dd>
                      <dt>Convicted</dt>
                      <dd>
                        {shown.convictionDate ? formatDate(shown.convictionDate) : '—'},{' '}
                        {p.fields.level ? LEVEL_LABELS[p.fields.level as Level] : 'level not given'}
                      </dd>
                      <dt>Sentence</dt>
                      <dd>
                        {p.fields.sentenceKind
                          ? SENTENCE_KIND_LABELS[p.fields.sentenceKind as SentenceKind]
                          : '—'}
                        {p.sentenceText && ` (${p.sentenceText})`}
                      </dd>
                      {p.laterEvents.length > 0 && (
                        <>
                          <dt>Later</dt>
                          <dd>
                            {p.laterEvents
                              .map((e) => `${e.date ? formatDate(e.date) : 'undated'}: ${e.text}`)
                              .join('; ')}
                          </dd>
                        </>
                      )}
                    </dl>
                    {/* Undone on the record (vacated, set aside, plea withdrawn): said beside it, loudly. */}
                    {p.undone && (
                      <p className="alert alert--error">
                        <strong>Not a live conviction.</strong> {p.undone}
                      </p>
                    )}
                    <ToCheck name={name} warnings={p.warnings.filter((w) => w !== p.undone)} />
                    <OpensForm open={editing === p.key}>
                      <Decision
                        name={name}
                        reviewed={reviewed}
                        outcome={p.outcome}
                        form={
                          editing === p.key ? (
                            <ConvictionForm
                              client={client}
                              title={`Edit ${name}`}
                              initial={shown}
                              submitLabel={`Accept ${name} with these details`}
                              pending={false}
                              onSubmit={async (values) => {
                                setChoices((c) => ({
                                  ...c,
                                  [p.key]: { decision: 'accept', fields: values },
                                }));
                                setEditing(null);
                              }}
                              onCancel={() => setEditing(null)}
                            />
                          ) : null
                        }
                        chosen={
                          choice
                            ? choice.decision === 'accept'
                              ? `Will be entered: ${describeConviction(choice.fields)}.`
                              : 'Dropped: will not be entered.'
                            : 'Not decided yet.'
                        }
                        onAccept={() => chooseAccept(p)}
                        onEdit={() => setEditing(p.key)}
                        onDrop={() => setChoices((c) => ({ ...c, [p.key]: { decision: 'drop' } }))}
                      />
                    </OpensForm>
                  </li>
                );
              })}
            </ol>
          </section>

          {recorded.length > 0 && (
            <section aria-labelledby="rap-recorded" className="panel">
              <h2 id="rap-recorded">Already recorded on this matter ({recorded.length})</h2>
              <ul>
                {recorded.map((p) => (
                  <li key={p.key}>
                    {p.fields.code} {p.fields.section}, case {p.fields.caseNumber}: already on the matter
                    {p.recordedAs && ` (the record says ${p.recordedAs})`}, not proposed again.
                  </li>
                ))}
              </ul>
            </section>
          )}

          {elsewhere.length + elsewhereArrests.length > 0 && (
            <section aria-labelledby="rap-elsewhere" className="panel">
              <h2 id="rap-elsewhere">
                Recorded on the client’s other matter ({elsewhere.length + elsewhereArrests.length})
              </h2>
              <p className="muted">
                Not proposed: the client’s other matter of this office has these, with what was decided there.
                Record one on this matter too only if this matter needs it.
              </p>
              <ol className="rap-proposals">
                {elsewhere.map((p, index) => {
                  const name = `Recorded conviction ${index + 1}`;
                  const choice = choices[p.key];
                  return p.elsewhere ? (
                    <RecordedElsewhere
                      key={p.key}
                      name={name}
                      what={`${p.fields.code ?? '?'} ${p.fields.section ?? '?'}, case ${p.fields.caseNumber ?? '?'}`}
                      elsewhere={p.elsewhere}
                      warnings={p.warnings}
                      reviewed={reviewed}
                      outcome={p.outcome === 'dropped' ? null : p.outcome}
                      recordedHere={choice?.decision === 'accept' ? describeConviction(choice.fields) : null}
                      form={
                        editing === p.key ? (
                          <ConvictionForm
                            client={client}
                            title={`Record ${name} on this matter too`}
                            initial={choice?.decision === 'accept' ? choice.fields : formValues(p, county)}
                            submitLabel={`Record ${name} on this matter too`}
                            pending={false}
                            onSubmit={async (values) => {
                              setChoices((c) => ({ ...c, [p.key]: { decision: 'accept', fields: values } }));
                              setEditing(null);
                            }}
                            onCancel={() => setEditing(null)}
                          />
                        ) : null
                      }
                      onRecord={() => setEditing(p.key)}
                      onLeave={() =>
                        setChoices((c) => {
                          const { [p.key]: _, ...rest } = c;
                          return rest;
                        })
                      }
                    />
                  ) : null;
                })}
                {elsewhereArrests.map((a, index) => {
                  const name = `Recorded arrest ${index + 1}`;
                  const choice = arrestChoices[a.key];
                  return a.elsewhere ? (
                    <RecordedElsewhere
                      key={a.key}
                      name={name}
                      what={`${a.fields.code ?? '?'} ${a.fields.section ?? '?'}, arrested ${a.fields.arrestDate ? formatDate(a.fields.arrestDate) : '—'}`}
                      elsewhere={a.elsewhere}
                      warnings={a.warnings}
                      reviewed={reviewed}
                      outcome={a.outcome === 'dropped' ? null : a.outcome}
                      recordedHere={
                        choice?.decision === 'accept'
                          ? describeArrest(arrestFieldsSchema.parse(choice.fields))
                          : null
                      }
                      form={
                        editing === a.key ? (
                          <ArrestForm
                            title={`Record ${name} on this matter too`}
                            initial={choice?.decision === 'accept' ? choice.fields : arrestValues(a)}
                            submitLabel={`Record ${name} on this matter too`}
                            pending={false}
                            onSubmit={async (values) => {
                              setArrestChoices((c) => ({
                                ...c,
                                [a.key]: { decision: 'accept', fields: values },
                              }));
                              setEditing(null);
                            }}
                            onCancel={() => setEditing(null)}
                          />
                        ) : null
                      }
                      onRecord={() => setEditing(a.key)}
                      onLeave={() =>
                        setArrestChoices((c) => {
                          const { [a.key]: _, ...rest } = c;
                          return rest;
                        })
                      }
                    />
                  ) : null;
                })}
              </ol>
            </section>
          )}

          <section aria-labelledby="rap-arrests" className="panel">
            <h2 id="rap-arrests">Arrests without a conviction ({openArrests.length})</h2>
            {openArrests.length === 0 ? (
              <p>No new arrest without a conviction on this RAP sheet.</p>
            ) : (
              !reviewed && (
                <p className="muted">
                  Each charge of an arrest that led to no conviction, to enter on the matter for arrest relief
                  (PC 851.91, 851.93, 236.14). What the record does not give, such as the level, is filled in
                  before it is accepted.
                </p>
              )
            )}
            <ol className="rap-proposals">
              {openArrests.map((a, index) => {
                const choice = arrestChoices[a.key];
                const name = `Arrest ${index + 1}`;
                const shown = choice?.decision === 'accept' ? choice.fields : arrestValues(a);
                return (
                  <li key={a.key}>
                    <h3 id={`arrest-${a.key}`}>
                      {name}: {a.fields.code ?? '?'} {a.fields.section ?? '?'}
                      {a.fields.offenseDescription && ` — ${a.fields.offenseDescription}`}
                    </h3>
                    <SourceLines lines={a.source} label={`The record on ${name}`} />
                    <dl className="facts">
                      <dt>Arrested</dt>
                      <dd>
                        {shown.arrestDate ? formatDate(shown.arrestDate) : '—'},{' '}
                        {shown.arrestAgency || 'agency not given'}
                      </dd>
                      <dt>Level</dt>
                      <dd>
                        {a.fields.level ? LEVEL_LABELS[a.fields.level as Level] : 'not given on the record'}
                      </dd>
                      <dt>Outcome</dt>
                      <dd>
                        {ARREST_DISPOSITION_LABELS[a.fields.disposition ?? 'unknown']}
                        {a.dispositionText && ` (${a.dispositionText})`}
                      </dd>
                    </dl>
                    <ToCheck name={name} warnings={a.warnings} />
                    <OpensForm open={editing === a.key}>
                      <Decision
                        name={name}
                        reviewed={reviewed}
                        outcome={a.outcome}
                        form={
                          editing === a.key ? (
                            <ArrestForm
                              title={`Edit ${name}`}
                              initial={shown}
                              submitLabel={`Accept ${name} with these details`}
                              pending={false}
                              onSubmit={async (values) => {
                                setArrestChoices((c) => ({
                                  ...c,
                                  [a.key]: { decision: 'accept', fields: values },
                                }));
                                setEditing(null);
                              }}
                              onCancel={() => setEditing(null)}
                            />
                          ) : null
                        }
                        chosen={
                          choice
                            ? choice.decision === 'accept'
                              ? `Will be entered: ${describeArrest(arrestFieldsSchema.parse(choice.fields))}.`
                              : 'Dropped: will not be entered.'
                            : 'Not decided yet.'
                        }
                        onAccept={() => chooseAcceptArrest(a)}
                        onEdit={() => setEditing(a.key)}
                        onDrop={() => setArrestChoices((c) => ({ ...c, [a.key]: { decision: 'drop' } }))}
                      />
                    </OpensForm>
                  </li>
                );
              })}
            </ol>
            {recordedArrests.length > 0 && (
              <>
                <h3>Arrests already recorded on this matter ({recordedArrests.length})</h3>
                <ul>
                  {recordedArrests.map((a) => (
                    <li key={a.key}>
                      {a.fields.code} {a.fields.section}, arrested{' '}
                      {a.fields.arrestDate ? formatDate(a.fields.arrestDate) : '—'} by{' '}
                      {a.fields.arrestAgency || 'an agency not given'}: already on the matter, not proposed
                      again.
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>

          {!reviewed && (
            <section aria-label="Save the review" className="panel">
              {error && <Alert tone="error">{error}</Alert>}
              {r.otherPerson && (
                <div className="checkbox">
                  <input
                    id="rap-confirm-other-person"
                    type="checkbox"
                    checked={confirmOtherPerson}
                    onChange={(e) => setConfirmOtherPerson(e.target.checked)}
                  />
                  <label htmlFor="rap-confirm-other-person">
                    This sheet is of another person than the client’s record shows: I have checked it is the
                    client’s, and what I accept is to be entered on this matter.
                  </label>
                </div>
              )}
              <BusyButton
                type="button"
                className="button button--primary"
                aria-describedby={cannotSave ? 'rap-save-blocked' : undefined}
                busy={accept.isPending}
                onClick={() => {
                  if (cannotSave) saveBlocked.current?.focus();
                  else void save();
                }}
              >
                Save the review: enter {accepting} {accepting === 1 ? 'conviction' : 'convictions'} and{' '}
                {acceptingArrests} {acceptingArrests === 1 ? 'arrest' : 'arrests'}
              </BusyButton>
              {cannotSave && (
                <p id="rap-save-blocked" className="field__error" ref={saveBlocked} tabIndex={-1}>
                  {cannotSave}
                </p>
              )}
            </section>
          )}

          {r.rapWarnings.length > 0 && (
            <section aria-labelledby="rap-unread" className="panel">
              <h2 id="rap-unread">Lines the reader could not place ({r.rapWarnings.length})</h2>
              <ul>
                {r.rapWarnings.map((w) => (
                  <li key={`${w.line}-${w.message}`}>
                    Line {w.line}: {w.message}
                    {w.text && ` “${w.text}”`}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </section>
  );
}
