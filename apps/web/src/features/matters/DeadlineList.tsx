// Deadlines, soonest first, overdue ones marked: on the matter page and the office calendar.
import { Link } from 'react-router';
import type { ApiOutputs } from '../../trpc.ts';
import { formatDate } from '../../ui/format.ts';
import { overdueAdvice } from './calendarOverdue.ts';

type Deadline = ApiOutputs['matters']['calendar'][number];

export function DeadlineList({
  deadlines,
  showMatter,
  empty = 'Nothing due in the next 30 days.',
}: {
  deadlines: Deadline[];
  showMatter: boolean;
  empty?: string;
}) {
  if (deadlines.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="plain-list deadlines">
      {deadlines.map((d, i) => (
        <li key={`${d.matterId}-${d.kind}-${d.date}-${i}`} className={d.overdue ? 'row--overdue' : undefined}>
          <time dateTime={d.date}>{formatDate(d.date)}</time> {d.label}
          {d.overdue && (
            <>
              <span className="badge badge--danger"> Overdue</span> <span>{overdueAdvice(d)}</span>
            </>
          )}
          {showMatter && (
            <>
              {' — '}
              <Link to={`/matters/${d.matterId}`}>
                Matter {d.reference}, {d.clientName}
              </Link>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
