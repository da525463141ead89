// The office calendar: hearings, rule-by dates and documents due. Three views, each its own address
// (?view=list|month|week&date=YYYY-MM-DD): the list of the next 30 days and what is overdue, a month
// grid and a week, both moving by month or week and marking today.
import {
  addDays,
  addMonths,
  type CalendarRange,
  californiaDate,
  type IsoDate,
  isRealDate,
  monthGridOf,
  weekOf,
} from '@relief-desk/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { Alert } from '../../ui/fields.tsx';
import { formatDate, formatMonth } from '../../ui/format.ts';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { CalendarGrid } from './CalendarGrid.tsx';
import { splitOverdue } from './calendarOverdue.ts';
import { DeadlineList } from './DeadlineList.tsx';

const VIEWS = [
  { id: 'list', label: 'List' },
  { id: 'month', label: 'Month' },
  { id: 'week', label: 'Week' },
] as const;
type CalendarView = (typeof VIEWS)[number]['id'];

export function CalendarPage() {
  const heading = usePageHeading<HTMLHeadingElement>('Calendar');
  const [params, setParams] = useSearchParams();
  const view: CalendarView = VIEWS.find((v) => v.id === params.get('view'))?.id ?? 'list';
  const today = californiaDate(new Date());
  const asked = params.get('date');
  const date = asked && isRealDate(asked) ? asked : today;
  const show = (changes: { view?: CalendarView; date?: IsoDate | null }) => {
    const next = new URLSearchParams(params);
    if (changes.view) next.set('view', changes.view);
    if (changes.date === null) next.delete('date');
    else if (changes.date) next.set('date', changes.date);
    setParams(next);
  };
  const href = (id: CalendarView) => {
    const next = new URLSearchParams(params);
    next.set('view', id);
    if (id === 'list') next.delete('date');
    return `?${next.toString()}`;
  };

  return (
    <section className="calendar">
      <h1 ref={heading} tabIndex={-1}>
        Calendar
      </h1>
      <nav className="calendar-views" aria-label="Calendar views">
        <ul>
          {VIEWS.map((v) => (
            <li key={v.id}>
              <Link to={href(v.id)} aria-current={v.id === view ? 'page' : undefined}>
                {v.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {view === 'list' ? (
        <ListView />
      ) : (
        <GridView layout={view} date={date} today={today} onDate={(d) => show({ date: d })} />
      )}
    </section>
  );
}

function ListView() {
  const trpc = useTRPC();
  const calendar = useQuery(trpc.matters.calendar.queryOptions());
  return (
    <section aria-labelledby="calendar-period">
      <h2 id="calendar-period">The next 30 days, and what is overdue</h2>
      {calendar.error && <Alert tone="error">{describeError(calendar.error).message}</Alert>}
      {calendar.data && <ListParts deadlines={calendar.data} />}
    </section>
  );
}

/** What is overdue (documents past due, court dates passed with no decision) apart, before what is to come. */
function ListParts({ deadlines }: { deadlines: ApiOutputs['matters']['calendar'] }) {
  const { overdue, coming } = splitOverdue(deadlines);
  return (
    <>
      {overdue.length > 0 && (
        <section aria-labelledby="calendar-overdue">
          <h3 id="calendar-overdue">Overdue</h3>
          <DeadlineList deadlines={overdue} showMatter />
        </section>
      )}
      <section aria-labelledby="calendar-coming">
        <h3 id="calendar-coming">Coming up</h3>
        <DeadlineList deadlines={coming} showMatter />
      </section>
    </>
  );
}

interface GridViewProps {
  layout: 'month' | 'week';
  date: IsoDate;
  today: IsoDate;
  onDate: (date: IsoDate | null) => void;
}

function GridView({ layout, date, today, onDate }: GridViewProps) {
  const trpc = useTRPC();
  const range: CalendarRange = layout === 'month' ? monthGridOf(date) : weekOf(date);
  const month = layout === 'month' ? date.slice(0, 7) : null;
  const calendar = useQuery({
    ...trpc.matters.calendar.queryOptions(range),
    placeholderData: keepPreviousData,
  });
  // The focused day stays in the days shown: today when the period holds it, else the day asked for.
  const inPeriod = (day: IsoDate) => (month ? day.startsWith(month) : day >= range.from && day <= range.to);
  const shown = (day: IsoDate) => day >= range.from && day <= range.to;
  const [focus, setFocus] = useState({ day: inPeriod(today) ? today : date, pending: false });
  const [shownKey, setShownKey] = useState(`${layout}:${range.from}`);
  if (shownKey !== `${layout}:${range.from}`) {
    setShownKey(`${layout}:${range.from}`);
    if (!shown(focus.day)) setFocus({ day: inPeriod(today) ? today : date, pending: false });
  }

  const step = (direction: -1 | 1) =>
    layout === 'month' ? addMonths(date, direction) : addDays(weekOf(date).from, 7 * direction);
  const title =
    layout === 'month' ? formatMonth(date) : `Week: ${formatDate(range.from)} to ${formatDate(range.to)}`;
  const unit = layout === 'month' ? 'month' : 'week';

  return (
    <section aria-labelledby="calendar-period">
      <div className="calendar-period">
        <h2 id="calendar-period">{title}</h2>
        <div className="calendar-period__moves">
          <button type="button" className="button" onClick={() => onDate(step(-1))}>
            Previous {unit}
          </button>
          <button type="button" className="button" onClick={() => onDate(null)} disabled={inPeriod(today)}>
            This {unit}
          </button>
          <button type="button" className="button" onClick={() => onDate(step(1))}>
            Next {unit}
          </button>
        </div>
      </div>
      <p id="calendar-keys" className="muted small">
        In the calendar, arrow keys move between days, Home and End to the start and end of the week, Page Up
        and Page Down by a {unit}; Tab goes to the day’s entries, each a link to its matter.
      </p>
      {calendar.error && <Alert tone="error">{describeError(calendar.error).message}</Alert>}
      <ScrollRegion label={`${layout === 'month' ? 'Month' : 'Week'} calendar`}>
        <CalendarGrid
          layout={layout}
          range={range}
          month={month}
          today={today}
          labelledBy="calendar-period"
          deadlines={calendar.data ?? []}
          busy={calendar.isFetching}
          focusDay={focus.day}
          focusPending={focus.pending}
          onFocused={() => setFocus((f) => ({ ...f, pending: false }))}
          onFocusDay={(day, move) => {
            setFocus({ day, pending: move.focus });
            if (move.period || !shown(day)) onDate(day);
          }}
        />
      </ScrollRegion>
    </section>
  );
}
