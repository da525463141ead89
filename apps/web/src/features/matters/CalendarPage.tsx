// The office calendar: hearings, rule-by dates and documents due in the next 30 days, and overdue.
import { useQuery } from '@tanstack/react-query';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { Alert } from '../../ui/fields.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { DeadlineList } from './DeadlineList.tsx';

export function CalendarPage() {
  const trpc = useTRPC();
  const heading = usePageHeading<HTMLHeadingElement>('Calendar');
  const calendar = useQuery(trpc.matters.calendar.queryOptions());
  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Calendar: the next 30 days
      </h1>
      {calendar.error && <Alert tone="error">{describeError(calendar.error).message}</Alert>}
      {calendar.data && <DeadlineList deadlines={calendar.data} showMatter />}
    </section>
  );
}
