import { californiaDateTime, readableDate } from '@relief-desk/domain';

// How dates and times read on screen, everywhere: a calendar date as "Mar 7, 2027" (as the timeline's
// own text writes it: the domain's readableDate), an instant as "Mar 7, 2027, 10:15 AM PST" in
// California time, named PST or PDT (as the server's messages write it: the domain's
// californiaDateTime). Date fields are typed as the browser's date picker shows them (03/07/2027), and
// their errors ask for that (the domain's DATE_EXAMPLE).
const WEEKDAY_DATE = new Intl.DateTimeFormat('en-US', {
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});
const MONTH = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A calendar date (YYYY-MM-DD, or the date part of a longer ISO text) as midnight UTC, or null. */
function dayOf(isoDate: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return null;
  const [, year, month, day] = match.map(Number);
  if (!year || !month || !day) return null;
  return new Date(Date.UTC(year, month - 1, day));
}

/** "Mar 7, 2027". Text that is not a date is shown as it is. */
export function formatDate(isoDate: string): string {
  return readableDate(isoDate.slice(0, 10));
}

/** "Sunday, March 7, 2027": a day in the calendar, named in full for screen readers. */
export function formatLongDate(isoDate: string): string {
  const day = dayOf(isoDate);
  return day ? WEEKDAY_DATE.format(day) : isoDate;
}

/** "March 2027". */
export function formatMonth(isoDate: string): string {
  const day = dayOf(isoDate);
  return day ? MONTH.format(day) : isoDate;
}

/**
 * "Mar 7, 2027, 10:15 AM PST", California time with its zone: in the hour the clocks go back, 1:30 AM
 * PDT comes before 1:30 AM PST.
 */
export function formatInstant(iso: string): string {
  return californiaDateTime(iso);
}
