// Merging two records of one person: find the other record, review both side by side, choose which
// record stays, confirm. The merge can be undone from the client's record for 30 days.
import {
  addressOnOneLine,
  LANGUAGES,
  MERGE_UNDO_DAYS,
  REFERRAL_SOURCE_LABELS,
  STAGE_LABELS,
} from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, TextField } from '../../ui/fields.tsx';
import { formatDate, formatInstant } from '../../ui/format.ts';
import { usePageHeading } from '../../ui/usePageTitle.ts';

type Side = ApiOutputs['clients']['mergePreview']['surviving'];

export function MergeClientsPage() {
  const { clientId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const otherId = params.get('with');
  const trpc = useTRPC();
  const current = useQuery(trpc.clients.get.queryOptions({ clientId }));
  const name = current.data?.client.details.legalName ?? '';
  const heading = usePageHeading<HTMLHeadingElement>(name ? `Merge records of ${name}` : 'Merge records');

  if (current.error) {
    return (
      <section>
        <h1 ref={heading} tabIndex={-1}>
          Client not available
        </h1>
        <Alert tone="error">{describeError(current.error).message}</Alert>
        <Link to="/matters">Back to the case queue</Link>
      </section>
    );
  }
  if (!current.data) return <p className="loading">Loading…</p>;
  // The record the page was opened from (a merged-away id opens the client it became).
  const here = current.data.client.id;

  return (
    <section className="merge-clients">
      <p>
        <Link to={`/clients/${here}`}>← {name}’s record</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        Merge records of {name}
      </h1>
      <p>
        When one person has two records, merging moves everything from one record (matters with their
        documents, timeline and messages, facts for eligibility) to the other, which stays. The merged record
        is kept, marked merged, and the merge can be undone for {MERGE_UNDO_DAYS} days.
      </p>
      {otherId && otherId !== here ? (
        <Review
          here={here}
          otherId={otherId}
          onChooseAnother={() => {
            params.delete('with');
            setParams(params);
          }}
        />
      ) : (
        <FindOther here={here} onChoose={(id) => setParams({ with: id })} />
      )}
    </section>
  );
}

function FindOther({ here, onChoose }: { here: string; onChoose: (clientId: string) => void }) {
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const found = useQuery({
    ...trpc.matters.list.queryOptions({ queue: 'all', search, limit: 50 }),
    enabled: search.length >= 2,
  });
  // One entry per client, with the matters that found them; this client's own are left out.
  const clients = new Map<string, { name: string; matters: string[] }>();
  for (const m of found.data?.items ?? []) {
    if (m.clientId === here) continue;
    const entry = clients.get(m.clientId) ?? { name: m.clientName, matters: [] };
    entry.matters.push(`${m.reference} (${m.county})`);
    clients.set(m.clientId, entry);
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(text.trim());
  };

  return (
    <section aria-labelledby="find-other" className="panel">
      <h2 id="find-other">Find the other record</h2>
      <form className="inline-row" onSubmit={submit} aria-label="Find the other record">
        <TextField
          label="Name, date of birth or matter reference"
          hint="For example: Rosa Delgado, 1975-06-15 or 2026-00042."
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <div aria-live="polite">
        {search.length >= 2 && found.isPending && <p>Searching…</p>}
        {found.error && <Alert tone="error">{describeError(found.error).message}</Alert>}
        {found.data && clients.size === 0 && <p>No other client matches “{search}”.</p>}
        {clients.size > 0 && (
          <ul className="plain-list">
            {[...clients].map(([id, c]) => (
              <li key={id}>
                <button type="button" className="button" onClick={() => onChoose(id)}>
                  Compare with {c.name}
                </button>{' '}
                <span className="muted">matters {c.matters.join(', ')}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function Review({
  here,
  otherId,
  onChooseAnother,
}: {
  here: string;
  otherId: string;
  onChooseAnother: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // Which record stays: the one the office recorded first (the page is often opened from a new
  // referral's "possible duplicate" note, and a new record, an online application's above all, brings
  // contact details nobody has confirmed), until staff choose.
  const [choice, setKeepHere] = useState<boolean | null>(null);
  const keepHere = choice ?? true;
  const survivingClientId = keepHere ? here : otherId;
  const mergedClientId = keepHere ? otherId : here;
  const preview = useQuery(trpc.clients.mergePreview.queryOptions({ survivingClientId, mergedClientId }));
  const first = preview.data;
  useEffect(() => {
    if (choice === null && first) setKeepHere(first.surviving.recordedAt <= first.merged.recordedAt);
  }, [choice, first]);
  const merge = useMutation(
    trpc.clients.merge.mutationOptions({
      onSuccess: (result) => {
        void queryClient.invalidateQueries({ queryKey: trpc.clients.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.matters.pathKey() });
        const merged = preview.data?.merged.client.details.legalName ?? 'The other record';
        void navigate(`/clients/${result.survivingClientId}`, {
          state: {
            done: `Merged: ${merged}’s record is now part of this one. You can undo the merge below for ${MERGE_UNDO_DAYS} days.`,
          },
        });
      },
    }),
  );

  if (preview.error)
    return (
      <>
        <Alert tone="error">{describeError(preview.error).message}</Alert>
        <button type="button" className="button" onClick={onChooseAnother}>
          Choose another record
        </button>
      </>
    );
  if (!preview.data || choice === null) return <p className="loading">Loading both records…</p>;
  const { surviving, merged, warnings, blocked } = preview.data;
  const here_ = keepHere ? surviving : merged;
  const there = keepHere ? merged : surviving;
  const columns: [Side, string][] = [
    [here_, 'this record'],
    [there, 'the other record'],
  ];

  return (
    <section aria-labelledby="review-heading" className="panel">
      <h2 id="review-heading">Review both records</h2>
      <div className="table-scroll">
        <table className="data-table merge-table">
          <caption className="visually-hidden">The two records side by side</caption>
          <thead>
            <tr>
              <td />
              {columns.map(([side, label]) => (
                <th key={side.client.id} scope="col">
                  {side.client.details.legalName} ({label})
                  {side.client.id === surviving.client.id ? ' — stays' : ' — merged away'}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <Row label="Legal name" cells={columns.map(([s]) => s.client.details.legalName)} />
            <Row
              label="Other names"
              cells={columns.map(([s]) => s.client.details.otherNames.map((o) => o.name).join(', ') || '—')}
            />
            <Row
              label="Date of birth"
              cells={columns.map(([s]) => formatDate(s.client.details.dateOfBirth))}
            />
            <Row label="Phone" cells={columns.map(([s]) => s.client.details.phone || '—')} />
            <Row label="E-mail" cells={columns.map(([s]) => s.client.details.email || '—')} />
            <Row
              label="Address"
              cells={columns.map(([s]) => {
                const a = s.client.details.address;
                return a.line1 ? addressOnOneLine(a) : '—';
              })}
            />
            <Row
              label="Language"
              cells={columns.map(
                ([s]) => LANGUAGES.find((l) => l.code === s.client.details.preferredLanguage)?.label ?? '—',
              )}
            />
            <tr>
              <th scope="row">Matters</th>
              {columns.map(([s]) => (
                <td key={s.client.id}>
                  {s.matters.length === 0 ? (
                    'None'
                  ) : (
                    <ul className="plain-list">
                      {s.matters.map((m) => (
                        <li key={m.id}>
                          {m.reference}, {m.county} — {STAGE_LABELS[m.stage]}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              ))}
            </tr>
            <Row
              label="First recorded"
              cells={columns.map(
                ([s]) =>
                  `${formatInstant(s.recordedAt)}${s.cameFrom ? `, ${REFERRAL_SOURCE_LABELS[s.cameFrom].toLowerCase()}` : ''}`,
              )}
            />
            <Row
              label="Facts for eligibility"
              cells={columns.map(([s]) => (s.hasPersonFacts ? 'Recorded' : 'None recorded'))}
            />
          </tbody>
        </table>
      </div>

      <fieldset className="field">
        <legend>Which record stays?</legend>
        {[true, false].map((keep) => {
          const stays = keep ? here_ : there;
          const goes = keep ? there : here_;
          return (
            <div className="checkbox" key={String(keep)}>
              <input
                type="radio"
                id={`keep-${keep ? 'here' : 'other'}`}
                name="keep"
                checked={keepHere === keep}
                onChange={() => setKeepHere(keep)}
              />
              <label htmlFor={`keep-${keep ? 'here' : 'other'}`}>
                Keep {stays.client.details.legalName}’s record ({keep ? 'this record' : 'the other record'});
                merge {goes.client.details.legalName}’s into it
              </label>
            </div>
          );
        })}
      </fieldset>

      {warnings.length > 0 && (
        <Alert tone="info">
          <p>Before you merge:</p>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Alert>
      )}
      {blocked && <Alert tone="error">{blocked}</Alert>}
      {merge.error && <Alert tone="error">{describeError(merge.error).message}</Alert>}
      <p>
        {merged.client.details.legalName}’s matters, messages and history move to{' '}
        {surviving.client.details.legalName}’s record, and {merged.client.details.legalName}’s names become
        other names of {surviving.client.details.legalName}.
      </p>
      <div className="inline-actions">
        <BusyButton
          type="button"
          className="button button--primary"
          disabled={blocked !== null}
          busy={merge.isPending}
          onClick={() =>
            merge.mutate({
              survivingClient: { id: surviving.client.id, version: surviving.client.version },
              mergedClient: { id: merged.client.id, version: merged.client.version },
            })
          }
        >
          {merge.isPending
            ? 'Merging…'
            : `Merge ${merged.client.details.legalName} into ${surviving.client.details.legalName}`}
        </BusyButton>
        <button type="button" className="button button--quiet" onClick={onChooseAnother}>
          Choose another record
        </button>
      </div>
    </section>
  );
}

function Row({ label, cells }: { label: string; cells: string[] }) {
  const differ = new Set(cells).size > 1;
  return (
    <tr className={differ ? 'merge-table__differs' : undefined}>
      <th scope="row">
        {label}
        {differ && <span className="visually-hidden"> (differs)</span>}
      </th>
      {cells.map((cell, i) => (
        // One cell per record, always two, in a fixed order.
        <td key={i}>{cell}</td>
      ))}
    </tr>
  );
}
