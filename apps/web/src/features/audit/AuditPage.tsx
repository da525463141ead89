// The audit log of the office: who did or saw what, to which record, when, from where, and how it
// ended; and, for those with the RAP sheet permission, the disclosure report of one client.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.ts';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { AuditLog } from './AuditLog.tsx';
import { DisclosureReport } from './DisclosureReport.tsx';

export function AuditPage() {
  const trpc = useTRPC();
  const heading = usePageHeading<HTMLHeadingElement>('Audit log');
  const me = useQuery(trpc.auth.me.queryOptions()).data;

  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Audit log
      </h1>
      <p>
        Every change, every look at a client’s records and every refusal, as it happened. Narrow it to a
        person, a client or matter, an action, some days or an outcome; follow a name to its record.
      </p>
      <AuditLog />
      {me?.canViewRapSheets ? (
        <DisclosureReport />
      ) : (
        <p className="muted">
          The disclosure report (who saw a client’s criminal history) needs the RAP sheet permission.
        </p>
      )}
    </section>
  );
}
