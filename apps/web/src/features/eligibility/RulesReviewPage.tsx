// Open matters whose eligibility suggestions would change under the rules in force today, with
// what changed, so attorneys can look at them again.
import { DETERMINATION_LABELS, type Determination, REMEDIES } from '@relief-desk/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { Alert } from '../../ui/fields.tsx';
import { formatDate } from '../../ui/format.ts';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';

/** "Eligible later, from 03/02/2027 (rules ca-2024.10)": the date too, so a moved date shows. */
const label = (
  d: { determination: Determination; rulesVersion: string; eligibleOn: string | null } | null,
) =>
  d
    ? `${DETERMINATION_LABELS[d.determination]}${
        d.eligibleOn ? `, from ${formatDate(d.eligibleOn)}` : ''
      } (rules ${d.rulesVersion})`
    : 'no suggestion';

export function RulesReviewPage() {
  const trpc = useTRPC();
  const heading = usePageHeading<HTMLHeadingElement>('Rules review');
  const review = useQuery(trpc.eligibility.reviewList.queryOptions());
  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Rules review
      </h1>
      <p>
        Open matters whose suggestions would change under the rules in force today: another determination, or
        another date from which relief is available. Convictions and arrests are both listed. Opening a matter
        shows the new suggestions; record a decision where it matters.
      </p>
      {review.error && <Alert tone="error">{describeError(review.error).message}</Alert>}
      {review.data?.length === 0 && (
        <p className="muted">Nothing to review: every open suggestion still stands.</p>
      )}
      {review.data?.map((m) => (
        <section key={m.matterId} className="panel" aria-label={`Matter ${m.reference}`}>
          <h2>
            <Link to={`/matters/${m.matterId}`}>
              Matter {m.reference}, {m.clientName}
            </Link>
          </h2>
          <ScrollRegion label="Changed suggestions">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Conviction or arrest</th>
                  <th scope="col">Remedy</th>
                  <th scope="col">Was suggested</th>
                  <th scope="col">Now suggested</th>
                </tr>
              </thead>
              <tbody>
                {m.changes.map((c) => (
                  <tr key={`${c.record}-${c.recordId}-${c.remedy}`}>
                    <td>{c.conviction}</td>
                    <td>{REMEDIES.find((r) => r.id === c.remedy)?.label ?? c.remedy}</td>
                    <td>{label(c.before)}</td>
                    <td>{label(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      ))}
    </section>
  );
}
