// The disclosure report of one client: who saw, printed or sent their criminal history, and when.
// Find the client by name, date of birth or matter reference (or arrive from the matter page with
// ?client=…), then read the report or download it as CSV.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, TextField } from '../../ui/fields.tsx';
import { formatInstant } from '../../ui/format.ts';
import { disclosuresCsv } from './disclosuresCsv.ts';

function download(csv: string, filename: string) {
  const href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}

export function DisclosureReport() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const clientId = params.get('client') ?? '';
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const reportHeading = useRef<HTMLHeadingElement>(null);

  const found = useQuery({
    ...trpc.matters.list.queryOptions({ queue: 'all', search, limit: 20 }),
    enabled: search !== '',
  });
  const report = useInfiniteQuery(
    trpc.audit.disclosures.infiniteQueryOptions(
      { clientId, limit: 100 },
      { enabled: clientId !== '', getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const first = report.data?.pages[0];
  const rows = report.data?.pages.flatMap((p) => p.items) ?? [];
  const clients = [...new Map((found.data?.items ?? []).map((m) => [m.clientId, m] as const)).values()];

  // Keyboard and screen reader users land on the report once it has loaded for the chosen client.
  const shownFor = first?.client.id;
  useEffect(() => {
    if (shownFor) reportHeading.current?.focus();
  }, [shownFor]);

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setSearch(typed.trim());
  };
  const choose = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('client', id);
    setParams(next);
  };

  return (
    <section aria-labelledby="disclosures" className="panel">
      <h2 id="disclosures">Disclosure report</h2>
      <p>
        Who saw, printed or sent one client’s criminal history, and when: the matter page with convictions,
        decisions, petitions, RAP sheet files, court dates, court outcome messages and letters.
      </p>
      <form aria-label="Find the client" className="inline-row" onSubmit={onSearch}>
        <TextField
          label="Client"
          hint="Name, date of birth or matter reference"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        {/* Named apart from the filters' Find, on the same page. */}
        <button type="submit" className="button" aria-label="Find the client for the disclosure report">
          Find
        </button>
      </form>
      {found.error && <Alert tone="error">{describeError(found.error).message}</Alert>}
      {search !== '' && found.data && clients.length === 0 && (
        <p className="muted" role="status">
          No client matches “{search}”.
        </p>
      )}
      {clients.length > 0 && (
        <ul aria-label="Matching clients" className="plain-list">
          {clients.map((m) => (
            <li key={m.clientId}>
              <button
                type="button"
                className="button button--quiet"
                aria-pressed={m.clientId === clientId}
                onClick={() => choose(m.clientId)}
              >
                {m.clientName}, matter {m.reference}
              </button>
            </li>
          ))}
        </ul>
      )}

      {report.error && <Alert tone="error">{describeError(report.error).message}</Alert>}
      {clientId !== '' && report.isPending && <p className="loading">Loading the report…</p>}
      {first && (
        <>
          <h3 ref={reportHeading} tabIndex={-1}>
            {first.client.name}
          </h3>
          {rows.length === 0 ? (
            <p className="muted">Nobody has seen this client’s criminal history.</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table">
                <caption>
                  Who saw, printed or sent {first.client.name}’s criminal history, newest first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">Matter</th>
                    <th scope="col">Address</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.id}>
                      <td>{formatInstant(row.occurredAt)}</td>
                      <td>{row.actorName ?? '—'}</td>
                      <td>{row.description}</td>
                      <td>{row.matterReference ?? '—'}</td>
                      <td>{row.ip}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="inline-row">
            {report.hasNextPage && (
              <BusyButton
                type="button"
                className="button"
                onClick={() => void report.fetchNextPage()}
                busy={report.isFetchingNextPage}
              >
                Show older entries
              </BusyButton>
            )}
            {rows.length > 0 && (
              <button
                type="button"
                className="button"
                onClick={() =>
                  download(disclosuresCsv(rows), `disclosures-${first.client.id}-${rows.length}-rows.csv`)
                }
              >
                Download CSV{report.hasNextPage ? ' (the entries shown)' : ''}
              </button>
            )}
          </p>
        </>
      )}
    </section>
  );
}
