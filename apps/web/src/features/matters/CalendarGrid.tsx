// The calendar's month and week views: a grid of days (a month as weeks of seven days; a week as one
// row per day) with proper headers, today marked, each entry a link to its matter. One Tab stop: the
// focused day. Arrow keys move between days, Home and End to the week's ends, Page Up and Page Down by
// a month (or a week in the week view); Tab then goes through that day's entries.
import {
  addDays,
  type CalendarRange,
  daysOf,
  type IsoDate,
  sameDayMonthsAway,
  weekdayOf,
} from '@relief-desk/domain';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { ApiOutputs } from '../../trpc.ts';
import { formatLongDate } from '../../ui/format.ts';
import { overdueAdvice } from './calendarOverdue.ts';

type Deadline = ApiOutputs['matters']['calendar'][number];

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface CalendarGridProps {
  layout: 'month' | 'week';
  /** The days shown: whole weeks. */
  range: CalendarRange;
  /** The month the month view is about (its other days are shown dimmed); unused for a week. */
  month: string | null;
  today: IsoDate;
  labelledBy: string;
  deadlines: Deadline[];
  busy: boolean;
  /**
   * The day that takes focus, and what happens when it moves: by the keyboard (focus follows), and by
   * a month or week at once (Page Up, Page Down: the view follows even to a day it already shows).
   */
  focusDay: IsoDate;
  onFocusDay: (day: IsoDate, move: { focus: boolean; period: boolean }) => void;
  /** Whether focus should follow focusDay once the days are drawn (after a keyboard move). */
  focusPending: boolean;
  onFocused: () => void;
}

/** Where a key moves the focused day, or null for a key the grid does not handle. */
function moveDay(layout: 'month' | 'week', day: IsoDate, key: string): IsoDate | null {
  const weekday = weekdayOf(day);
  const across = layout === 'month';
  switch (key) {
    case 'ArrowLeft':
      return across ? addDays(day, -1) : null;
    case 'ArrowRight':
      return across ? addDays(day, 1) : null;
    case 'ArrowUp':
      return addDays(day, across ? -7 : -1);
    case 'ArrowDown':
      return addDays(day, across ? 7 : 1);
    case 'Home':
      return addDays(day, -weekday);
    case 'End':
      return addDays(day, 6 - weekday);
    case 'PageUp':
      return across ? sameDayMonthsAway(day, -1) : addDays(day, -7);
    case 'PageDown':
      return across ? sameDayMonthsAway(day, 1) : addDays(day, 7);
    default:
      return null;
  }
}

export function CalendarGrid(props: CalendarGridProps) {
  const { layout, range, month, today, deadlines, focusDay, onFocusDay, focusPending, onFocused } = props;
  const table = useRef<HTMLTableElement>(null);
  const days = daysOf(range);
  const byDay = new Map<IsoDate, Deadline[]>();
  for (const d of deadlines) byDay.set(d.date, [...(byDay.get(d.date) ?? []), d]);

  useEffect(() => {
    if (!focusPending) return;
    const cell = table.current?.querySelector<HTMLElement>(`[data-day="${focusDay}"]`);
    if (cell) {
      cell.focus();
      onFocused();
    }
  });

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    // Only on a day itself: in an entry's link the keys keep their usual meaning.
    if (!(e.target instanceof HTMLElement) || !e.target.dataset.day) return;
    const next = moveDay(layout, e.target.dataset.day, e.key);
    if (!next) return;
    e.preventDefault();
    onFocusDay(next, { focus: true, period: e.key === 'PageUp' || e.key === 'PageDown' });
  };

  const cell = (day: IsoDate) => {
    const entries = byDay.get(day) ?? [];
    const isToday = day === today;
    const outside = month !== null && !day.startsWith(month);
    const focused = day === focusDay;
    const className = ['cal-cell cal-day', isToday && 'cal-day--today', outside && 'cal-day--outside']
      .filter(Boolean)
      .join(' ');
    return (
      <td
        key={day}
        className={className}
        data-day={day}
        tabIndex={focused ? 0 : -1}
        aria-current={isToday ? 'date' : undefined}
        onFocus={(e) => {
          if (e.target === e.currentTarget && !focused) onFocusDay(day, { focus: false, period: false });
        }}
      >
        <div className="cal-day__head">
          {/* In a week the row header names the day. */}
          {layout === 'month' && (
            <>
              <span aria-hidden="true">{Number(day.slice(8, 10))}</span>
              <span className="visually-hidden">{formatLongDate(day)}</span>
            </>
          )}
          {isToday && <span className="cal-today">Today</span>}
          {entries.length > 0 && (
            <span className="visually-hidden">
              , {entries.length} {entries.length === 1 ? 'entry' : 'entries'}
            </span>
          )}
        </div>
        {entries.length > 0 ? (
          <ul className="cal-entries">
            {entries.map((d, i) => (
              <li
                key={`${d.matterId}-${d.kind}-${i}`}
                className={d.overdue ? 'cal-entry cal-entry--overdue' : 'cal-entry'}
              >
                <Link to={`/matters/${d.matterId}`} tabIndex={focused ? 0 : -1}>
                  {d.label}
                  <span className="cal-entry__matter">
                    {' '}
                    · {d.reference}, {d.clientName}
                  </span>
                </Link>
                {d.overdue && (
                  <span className="badge badge--overdue" title={overdueAdvice(d) ?? undefined}>
                    Overdue
                    {d.kind !== 'document_due' && <span className="visually-hidden">: chase the court</span>}
                  </span>
                )}
              </li>
            ))}
          </ul>
        ) : (
          layout === 'week' && <span className="muted small">Nothing due</span>
        )}
      </td>
    );
  };

  const weeks: IsoDate[][] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));

  return (
    <table
      ref={table}
      // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a date grid (WAI-ARIA APG): a table that arrow keys move through.
      role="grid"
      aria-labelledby={props.labelledBy}
      aria-busy={props.busy}
      aria-describedby="calendar-keys"
      className={
        layout === 'month' ? 'calendar-grid calendar-grid--month' : 'calendar-grid calendar-grid--week'
      }
      onKeyDown={onKeyDown}
    >
      {layout === 'month' ? (
        <>
          <thead>
            <tr>
              {WEEKDAYS.map((name) => (
                <th key={name} scope="col" className="cal-cell cal-head">
                  <span aria-hidden="true">{name.slice(0, 3)}</span>
                  <span className="visually-hidden">{name}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week[0]}>{week.map(cell)}</tr>
            ))}
          </tbody>
        </>
      ) : (
        <>
          <thead>
            <tr>
              <th scope="col" className="cal-cell cal-head">
                Day
              </th>
              <th scope="col" className="cal-cell cal-head">
                Due
              </th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day}>
                <th
                  scope="row"
                  className={day === today ? 'cal-cell cal-rowhead cal-day--today' : 'cal-cell cal-rowhead'}
                >
                  {formatLongDate(day)}
                </th>
                {cell(day)}
              </tr>
            ))}
          </tbody>
        </>
      )}
    </table>
  );
}
