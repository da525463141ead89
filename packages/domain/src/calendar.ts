// The office calendar's spans: the default list (today and the next 30 days, with what is overdue), a
// week (Sunday to Saturday) or a month as its grid shows it (whole weeks, at most six). Weeks start on
// Sunday, as calendars in the United States do.
import { z } from 'zod';
import { addDays, daysBetween, type IsoDate, isoDateSchema } from './dates.ts';

/** The longest span one request may ask for: a month grid of six weeks. */
export const CALENDAR_MAX_DAYS = 42;

export const calendarRangeInputSchema = z
  .object({ from: isoDateSchema, to: isoDateSchema })
  .refine((range) => range.from <= range.to, {
    message: 'The last day cannot be before the first.',
    path: ['to'],
  })
  .refine((range) => range.from > range.to || daysBetween(range.from, range.to) < CALENDAR_MAX_DAYS, {
    message: `Ask for at most ${CALENDAR_MAX_DAYS} days at a time.`,
    path: ['to'],
  });
export type CalendarRange = z.output<typeof calendarRangeInputSchema>;

/** 0 for Sunday … 6 for Saturday. */
export function weekdayOf(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The Sunday of the date's week. */
export function weekStart(date: IsoDate): IsoDate {
  return addDays(date, -weekdayOf(date));
}

/** The week holding the date, Sunday to Saturday. */
export function weekOf(date: IsoDate): CalendarRange {
  const from = weekStart(date);
  return { from, to: addDays(from, 6) };
}

/** The first day of the date's month. */
export function monthStart(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`;
}

/** The first day of the month `months` after (or before) the date's month. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const d = new Date(`${monthStart(date)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** The same day of the month `months` away, or that month's last day when it is shorter. */
export function sameDayMonthsAway(date: IsoDate, months: number): IsoDate {
  const first = addMonths(date, months);
  const last = addDays(addMonths(first, 1), -1);
  const day = `${first.slice(0, 8)}${date.slice(8, 10)}`;
  return day > last ? last : day;
}

/** The month's grid: whole weeks from the Sunday on or before the 1st to the Saturday on or after its last day. */
export function monthGridOf(date: IsoDate): CalendarRange {
  const first = monthStart(date);
  const last = addDays(addMonths(first, 1), -1);
  return { from: weekStart(first), to: addDays(weekStart(last), 6) };
}

/** Every day from `from` to `to`, both included. */
export function daysOf(range: CalendarRange): IsoDate[] {
  const days: IsoDate[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  return days;
}
