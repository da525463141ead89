// Filing runs (/filing?county=…&courthouse=…&run=…): a courthouse's draft petitions, each ready to file
// (its packet says what the records say today) or why not; the ready ones chosen together make a run, printed as one PDF
// (a cover list, then each packet) with a CSV for the court's clerk; once filed, the filing date and
// the court's hearing or rule-by dates are recorded for the whole run at once. Below, the county's
// arrests whose PC 851.91 decision is eligible and which have no petition yet: each is drafted as its own
// petition to seal it.
import {
  ARREST_DISPOSITION_LABELS,
  type ArrestDisposition,
  type County,
  PACKET_NOT_AS_DRAWN_TODAY,
  petitionNamed,
  REMEDIES,
  type RecordRunFiledInput,
  recordRunFiledInputSchema,
} from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useSearchParams } from 'react-router';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors, describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { DateField, unreadableDateErrors } from '../../ui/DateField.tsx';
import { Alert, SelectField, TextField } from '../../ui/fields.tsx';
import { formatDate, formatInstant } from '../../ui/format.ts';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { useMe } from '../matters/useMatter.ts';
import { downloadFrom } from './download.ts';

type Overview = ApiOutputs['filings']['overview'];
type Candidate = Overview['candidates'][number];
type ArrestToPetition = Overview['arrests'][number];
type RunDetail = ApiOutputs['filings']['run'];

const remedyLabel = (id: string) => REMEDIES.find((r) => r.id === id)?.label ?? id;
/** A petition's Case No. cell: a petition to seal an arrest on which no charges were filed has none. */
function caseCell(p: { caseNumber: string; arrestDate: string | null }) {
  if (p.caseNumber) return p.caseNumber;
  return (
    <span className="muted">
      none ({p.arrestDate ? `arrest of ${formatDate(p.arrestDate)}, ` : ''}no charges filed)
    </span>
  );
}
const sentenceCase = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
const emptyToNull = { setValueAs: (v: string | null) => (v ? v : null) };

const STATE_WORDS: Record<Candidate['state'], string> = {
  ready: 'Ready to file',
  no_packet: 'No packet yet: prepare it on the matter page',
  out_of_date: 'Its packet no longer says what would be drawn today: prepare it again',
  incomplete: 'Its packet is missing something: see the matter page',
  no_courthouse: 'No courthouse: choose it on the matter page',
  unprintable: 'Its packet has text court papers cannot print',
};

export function FilingRunsPage() {
  const heading = usePageHeading<HTMLHeadingElement>('Filing runs');
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const counties = me?.officeCounties ?? [];
  const county = params.get('county') ?? counties[0] ?? '';
  const runId = params.get('run');
  const courthouseId = params.get('courthouse');
  const show = (next: { county?: string; courthouse?: string | null; run?: string | null }) => {
    const search = new URLSearchParams(params);
    if (next.county) {
      search.set('county', next.county);
      search.delete('courthouse');
    }
    if (next.courthouse === null) search.delete('courthouse');
    else if (next.courthouse) search.set('courthouse', next.courthouse);
    if (next.run === null) search.delete('run');
    else if (next.run) search.set('run', next.run);
    setParams(search);
  };
  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Filing runs
      </h1>
      {me && !me.canViewRapSheets ? (
        <Alert tone="info">
          Filing runs list petitions and the convictions they name: criminal history needs the RAP sheet
          permission. Ask an administrator if your work needs it.
        </Alert>
      ) : (
        <>
          <p>
            Choose the petitions ready to file at one courthouse: you get one PDF (a cover list, then each
            petition’s packet) and a list for the clerk. Once they are filed, record the filing date and the
            dates the court set, for the whole run at once.
          </p>
          {counties.length > 1 && (
            <SelectField
              label="County"
              value={county}
              onChange={(e) => show({ county: e.target.value, run: null })}
            >
              {counties.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </SelectField>
          )}
          {runId ? (
            <RunView runId={runId} onBack={() => show({ run: null })} />
          ) : (
            county && (
              <CountyView
                county={county}
                courthouseId={courthouseId}
                onCourthouse={(id) => show({ courthouse: id })}
                onOpen={(id) => show({ run: id })}
              />
            )
          )}
        </>
      )}
    </section>
  );
}

function CountyView({
  county,
  courthouseId,
  onCourthouse,
  onOpen,
}: {
  county: string;
  courthouseId: string | null;
  onCourthouse: (id: string) => void;
  onOpen: (runId: string) => void;
}) {
  const trpc = useTRPC();
  const overview = useQuery(trpc.filings.overview.queryOptions({ county: county as County, courthouseId }));
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  // Kept here: drafting the last arrest empties its list, and the message outlives it.
  const [drafted, setDrafted] = useState<Drafted | null>(null);
  const create = useMutation(trpc.filings.createRun.mutationOptions({ onSuccess: (run) => onOpen(run.id) }));
  if (overview.error) return <Alert tone="error">{describeError(overview.error).message}</Alert>;
  if (!overview.data) return <p className="loading">Loading…</p>;
  const o = overview.data;
  const at = o.courthouse ? o.courthouse.name : `${county} County`;
  const ready = o.candidates.filter((c) => c.state === 'ready');
  const toggle = (id: string) =>
    setChosen((now) => {
      const next = new Set(now);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <>
      <section aria-labelledby="ready-heading" className="panel">
        {o.courthouses.length > 1 && (
          <SelectField
            label="Courthouse"
            value={o.courthouse?.id ?? ''}
            onChange={(e) => {
              setChosen(new Set());
              onCourthouse(e.target.value);
            }}
          >
            {o.courthouses.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </SelectField>
        )}
        <h2 id="ready-heading">Petitions to file at {at}</h2>
        {o.court ? (
          <p className="small">
            {o.court.courtName}
            {o.courthouse ? `, ${o.courthouse.name} (${o.courthouse.address.split('\n').join(', ')})` : ''}:{' '}
            {o.court.eFiling ? 'takes e-filing (upload the run’s PDF).' : 'file on paper with the clerk.'}
          </p>
        ) : (
          <Alert tone="info">
            The court for {county} County is not set: an administrator sets it at Office settings.
          </Alert>
        )}
        {o.candidates.length === 0 ? (
          <p className="muted">No draft petitions to file at {at}.</p>
        ) : (
          <form
            noValidate
            aria-label="Choose petitions to file"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({
                county: county as County,
                courthouseId: o.courthouse?.id ?? null,
                petitionIds: o.candidates.filter((c) => chosen.has(c.petitionId)).map((c) => c.petitionId),
              });
            }}
          >
            {create.error && <Alert tone="error">{describeError(create.error).message}</Alert>}
            <ScrollRegion label="Petitions to file">
              <table className="data-table">
                <caption className="visually-hidden">
                  Draft petitions and whether each is ready to file
                </caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label="Choose every petition ready to file"
                        checked={ready.length > 0 && ready.every((c) => chosen.has(c.petitionId))}
                        disabled={ready.length === 0}
                        onChange={(e) =>
                          setChosen(e.target.checked ? new Set(ready.map((c) => c.petitionId)) : new Set())
                        }
                      />
                    </th>
                    <th scope="col">Petitioner</th>
                    <th scope="col">Case No.</th>
                    <th scope="col">Remedy</th>
                    <th scope="col">Packet</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {o.candidates.map((c) => (
                    <tr key={c.petitionId}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`File ${c.petitioner}, ${petitionNamed(c)}`}
                          disabled={c.state !== 'ready'}
                          checked={chosen.has(c.petitionId)}
                          onChange={() => toggle(c.petitionId)}
                        />
                      </td>
                      <th scope="row">
                        <Link to={`/matters/${c.matterId}`}>{c.petitioner}</Link>
                        <div className="small muted">Matter {c.matterReference}</div>
                      </th>
                      <td>{caseCell(c)}</td>
                      <td>{remedyLabel(c.remedy)}</td>
                      <td>{c.packetVersion ? `Version ${c.packetVersion}, ${c.pages} pages` : '—'}</td>
                      <td>
                        {STATE_WORDS[c.state]}
                        {c.unprintable && <div className="small">{sentenceCase(c.unprintable)}</div>}
                        {c.inRun && (
                          <div className="small muted">In the run of {formatInstant(c.inRun.createdAt)}</div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            <BusyButton
              type="submit"
              className="button button--primary"
              disabled={chosen.size === 0}
              busy={create.isPending}
            >
              Prepare filing run ({chosen.size} petition{chosen.size === 1 ? '' : 's'})
            </BusyButton>
          </form>
        )}
      </section>
      {(o.arrests.length > 0 || drafted) && (
        <ArrestsToPetition county={county} arrests={o.arrests} drafted={drafted} onDrafted={setDrafted} />
      )}
      {o.runs.length > 0 && (
        <section aria-labelledby="runs-heading" className="panel">
          <h2 id="runs-heading">Recent filing runs</h2>
          <ul className="plain-list">
            {o.runs.map((r) => (
              <li key={r.id}>
                <button type="button" className="button button--quiet" onClick={() => onOpen(r.id)}>
                  Run of {formatInstant(r.createdAt)}
                </button>{' '}
                <span className="small muted">
                  {r.petitionCount} petition{r.petitionCount === 1 ? '' : 's'}, {r.pages} pages, by{' '}
                  {r.createdBy}
                  {r.filedOn ? `; filed ${formatDate(r.filedOn)}` : '; not yet recorded filed'}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/**
 * PC 851.91: the county's arrests decided eligible with no petition yet, each drafted as its own petition
 * to seal it (with the case number when charges were filed); its packet is then prepared on the matter.
 */
interface Drafted {
  matterId: string;
  petitioner: string;
}

function ArrestsToPetition({
  county,
  arrests,
  drafted,
  onDrafted,
}: {
  county: string;
  arrests: ArrestToPetition[];
  drafted: Drafted | null;
  onDrafted: (drafted: Drafted) => void;
}) {
  return (
    <section aria-labelledby="arrests-to-petition-heading" className="panel">
      <h2 id="arrests-to-petition-heading">Arrests to petition to seal (PC 851.91)</h2>
      <p className="small">
        Arrests of {county} County’s open matters whose decision for PC 851.91 is eligible and which have no
        petition yet. Each arrest is its own petition; give the case number only if charges were filed.
      </p>
      <div role="status">
        {drafted && (
          <Alert tone="success">
            Petition drafted for {drafted.petitioner}: prepare its packet on the{' '}
            <Link to={`/matters/${drafted.matterId}`}>matter page</Link>.
          </Alert>
        )}
      </div>
      {arrests.length === 0 && <p className="muted">No other arrests wait for a petition.</p>}
      <ul className="plain-list">
        {arrests.map((a) => (
          <li key={a.arrestId}>
            <ArrestPetitionForm county={county} arrest={a} onDrafted={onDrafted} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ArrestPetitionForm({
  county,
  arrest: a,
  onDrafted,
}: {
  county: string;
  arrest: ArrestToPetition;
  onDrafted: (drafted: Drafted) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [caseNumber, setCaseNumber] = useState('');
  const create = useMutation(
    trpc.petitions.createForArrest.mutationOptions({
      onSuccess: async () => {
        onDrafted({ matterId: a.matterId, petitioner: a.petitioner });
        await queryClient.invalidateQueries({ queryKey: trpc.filings.overview.pathKey() });
      },
    }),
  );
  const what = `${a.code} ${a.section} (${a.level}) arrest of ${formatDate(a.arrestDate)}`;
  const disposition = ARREST_DISPOSITION_LABELS[a.disposition as ArrestDisposition] ?? a.disposition;
  return (
    <form
      noValidate
      aria-label={`Petition to seal the ${what} of ${a.petitioner}`}
      className="inline-row"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ arrestId: a.arrestId, county: county as County, caseNumber });
      }}
    >
      <div>
        <Link to={`/matters/${a.matterId}`}>{a.petitioner}</Link>{' '}
        <span className="small muted">Matter {a.matterReference}</span>
        <div>
          {what}
          {a.arrestAgency ? `, ${a.arrestAgency}` : ''}: {disposition.toLowerCase()};{' '}
          {a.determination === 'eligible_discretionary' ? 'eligible at the court’s discretion' : 'eligible'}
        </div>
      </div>
      <TextField
        label={`Case number of the ${what}, if charges were filed`}
        value={caseNumber}
        error={create.error ? describeError(create.error).message : undefined}
        onChange={(e) => setCaseNumber(e.target.value)}
      />
      <BusyButton type="submit" className="button" busy={create.isPending}>
        Draft petition to seal{' '}
        <span className="visually-hidden">
          the {what} of {a.petitioner}
        </span>
      </BusyButton>
    </form>
  );
}

function RunView({ runId, onBack }: { runId: string; onBack: () => void }) {
  const trpc = useTRPC();
  const run = useQuery(trpc.filings.run.queryOptions({ runId }));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<'pdf' | 'csv' | null>(null);
  if (run.error) return <Alert tone="error">{describeError(run.error).message}</Alert>;
  if (!run.data) return <p className="loading">Loading…</p>;
  const r = run.data;
  const download = async (kind: 'pdf' | 'csv') => {
    setBusy(kind);
    setProblem(null);
    try {
      await downloadFrom(`/api/filing-runs/${r.id}/${kind}`, `filing-run.${kind}`);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The file could not be made. Try again.');
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="run-heading" className="panel">
      <p>
        <button type="button" className="button button--quiet" onClick={onBack}>
          ← Petitions to file
        </button>
      </p>
      <h2 id="run-heading">Filing run of {formatInstant(r.createdAt)}</h2>
      <p>
        {r.courtName}
        {r.courthouse ? `, ${r.courthouse.name}` : ''}: {r.petitionCount} petition
        {r.petitionCount === 1 ? '' : 's'}, {r.pages} pages, prepared by {r.createdBy}.{' '}
        {r.eFiling ? 'This court takes e-filing.' : 'File on paper with the clerk.'}
      </p>
      <div className="actions">
        <BusyButton
          type="button"
          className="button"
          busy={busy !== null}
          onClick={() => void download('pdf')}
        >
          Download the run (PDF)
        </BusyButton>
        <BusyButton
          type="button"
          className="button"
          busy={busy !== null}
          onClick={() => void download('csv')}
        >
          Download the clerk’s list (CSV)
        </BusyButton>
        {busy && <span role="status">Preparing the {busy === 'pdf' ? 'PDF' : 'list'}…</span>}
        {problem && (
          <span className="field__error" role="alert">
            {problem}
          </span>
        )}
      </div>
      <ScrollRegion label="Petitions in this run">
        <table className="data-table">
          <caption className="visually-hidden">The run’s petitions, in the order of the PDF</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Petitioner</th>
              <th scope="col">Case No.</th>
              <th scope="col">Pages</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {r.petitions.map((p) => (
              <tr key={p.petitionId}>
                <td>{p.position}</td>
                <th scope="row">
                  <Link to={`/matters/${p.matterId}`}>{p.petitioner}</Link>
                </th>
                <td>{caseCell(p)}</td>
                <td>
                  {p.firstPage}–{p.firstPage + p.pages - 1} (packet version {p.packetVersion})
                </td>
                <td>
                  {p.status === 'draft' ? 'Not yet filed' : `Filed ${p.filedOn ? formatDate(p.filedOn) : ''}`}
                  {p.hearingOn && ` · hearing ${formatDate(p.hearingOn)}`}
                  {p.ruleByOn && ` · rule by ${formatDate(p.ruleByOn)}`}
                  {p.matterEnded && (
                    <div className="field__error">
                      {p.matterEnded} Make a new run without it: this run is not printed or recorded filed.
                    </div>
                  )}
                  {p.notCurrent === 'newer_packet' && p.status === 'draft' && (
                    <div className="field__error">A newer packet was prepared: print a new run with it.</div>
                  )}
                  {p.notCurrent === 'records_changed' && p.status === 'draft' && (
                    <div className="field__error">
                      This packet no longer says what would be drawn today ({PACKET_NOT_AS_DRAWN_TODAY}):
                      prepare it again and make a new run with it.
                    </div>
                  )}
                  {p.notCurrent === 'now_incomplete' && p.status === 'draft' && (
                    <div className="field__error">
                      Its papers can no longer be drawn: {p.missing.join(' ')} Then prepare it again and make
                      a new run with it.
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {r.status === 'prepared' ? (
        <RecordFiledForm run={r} />
      ) : (
        <p>
          Recorded filed on {r.filedOn ? formatDate(r.filedOn) : ''}
          {r.servedOn ? `, served ${formatDate(r.servedOn)}` : ''}.
        </p>
      )}
    </section>
  );
}

function RecordFiledForm({ run }: { run: RunDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<RecordRunFiledInput>({
    resolver: inputResolver(recordRunFiledInputSchema),
    defaultValues: {
      runId: run.id,
      version: run.version,
      filedOn: '',
      servedOn: null,
      petitions: run.petitions.map((p) => ({ petitionId: p.petitionId, hearingOn: null, ruleByOn: null })),
    },
  });
  const [all, setAll] = useState<{ hearingOn: string; ruleByOn: string }>({ hearingOn: '', ruleByOn: '' });
  const [allRefused, setAllRefused] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const record = useMutation(
    trpc.filings.recordFiled.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.filings.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.matters.pathKey() });
      },
      onError: (error) => {
        setMessage(applyServerErrors(form, error));
        outcome.current?.focus();
      },
    }),
  );
  const errors = form.formState.errors;
  return (
    <form
      noValidate
      aria-label="Record the run filed"
      className="subform"
      onSubmit={form.handleSubmit((values) => {
        setMessage(null);
        record.mutate(values);
      })}
    >
      <h3>Record the run filed</h3>
      <div ref={outcome} tabIndex={-1}>
        {message && <Alert tone="error">{message}</Alert>}
      </div>
      <div className="inline-row">
        <DateField label="Filed on" error={errors.filedOn?.message} {...form.register('filedOn')} />
        <DateField
          label="Served on the prosecutor on (optional)"
          error={errors.servedOn?.message}
          {...form.register('servedOn', emptyToNull)}
        />
      </div>
      <fieldset className="field">
        <legend>The same court date for every petition</legend>
        <div className="inline-row">
          <DateField
            label="Hearing on"
            name="allHearingOn"
            value={all.hearingOn}
            error={allRefused.allHearingOn}
            onChange={(e) => setAll({ ...all, hearingOn: e.target.value })}
          />
          <DateField
            label="Rule-by date"
            name="allRuleByOn"
            value={all.ruleByOn}
            error={allRefused.allRuleByOn}
            onChange={(e) => setAll({ ...all, ruleByOn: e.target.value })}
          />
          <button
            type="button"
            className="button"
            onClick={(event) => {
              // A date the browser could not read would clear every petition's date instead.
              const refused = unreadableDateErrors(event.currentTarget.closest('fieldset')?.elements ?? []);
              setAllRefused(refused);
              if (Object.keys(refused).length > 0) return;
              run.petitions.forEach((_, i) => {
                form.setValue(`petitions.${i}.hearingOn`, all.hearingOn || null);
                form.setValue(`petitions.${i}.ruleByOn`, all.ruleByOn || null);
              });
            }}
          >
            Apply to every petition
          </button>
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>Each petition’s court date</legend>
        {run.petitions.map((p, i) => (
          <div key={p.petitionId} className="inline-row">
            <DateField
              label={`Hearing on, ${p.petitioner} (${petitionNamed(p)})`}
              error={errors.petitions?.[i]?.hearingOn?.message}
              {...form.register(`petitions.${i}.hearingOn`, emptyToNull)}
            />
            <DateField
              label={`Rule-by date, ${p.petitioner} (${petitionNamed(p)})`}
              error={errors.petitions?.[i]?.ruleByOn?.message}
              {...form.register(`petitions.${i}.ruleByOn`, emptyToNull)}
            />
          </div>
        ))}
      </fieldset>
      <BusyButton type="submit" className="button button--primary" busy={record.isPending}>
        Record {run.petitionCount} petition{run.petitionCount === 1 ? '' : 's'} filed
      </BusyButton>
    </form>
  );
}
