// The audit log of the office: who did or saw what, when, from where, and how it ended.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { Alert } from '../../ui/fields.tsx';
import { formatInstant } from '../../ui/format.ts';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { DisclosureReport } from './DisclosureReport.tsx';

export function AuditPage() {
  const trpc = useTRPC();
  const heading = usePageHeading<HTMLHeadingElement>('Audit log');
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const me = useQuery(trpc.auth.me.queryOptions()).data;

  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Audit log
      </h1>
      {me?.canViewRapSheets ? (
        <DisclosureReport />
      ) : (
        <p className="muted">
          The disclosure report (who saw a client’s criminal history) needs the RAP sheet permission.
        </p>
      )}
      <h2>Every entry</h2>
      {log.error && <Alert tone="error">{describeError(log.error).message}</Alert>}
      <ScrollRegion label="Audit entries table">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Record</th>
              <th scope="col">Address</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{formatInstant(row.occurredAt)}</td>
                {/* Sign-in attempts naming no account: every office's administrators see them. */}
                <td>{row.unknownAccount ? 'Unknown account' : (row.actorName ?? '—')}</td>
                <td>{row.action}</td>
                <td>
                  {row.entityType}
                  {row.entityId && <span className="muted"> {row.entityId}</span>}
                </td>
                <td>{row.ip}</td>
                <td>{row.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {log.hasNextPage && (
        <button
          type="button"
          className="button"
          onClick={() => void log.fetchNextPage()}
          disabled={log.isFetchingNextPage}
        >
          Show older entries
        </button>
      )}
    </section>
  );
}
