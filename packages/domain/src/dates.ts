// Calendar dates travel as ISO text (YYYY-MM-DD); instants as ISO-8601 UTC text. Both compare as text.
import { z } from 'zod';

export type IsoDate = string;

export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const isoDateSchema = z
  .string({ error: 'Enter a date.' })
  .refine(isRealDate, { message: 'Enter a real date as YYYY-MM-DD, for example 1984-03-07.' });

// One formatter for the whole process: building an Intl.DateTimeFormat per call is slow and, in
// Node 20, holds native memory long after the call (it once leaked ~1 MB per queue page).
const CALIFORNIA_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date of an instant in California, where every office works. */
export function californiaDate(instant: Date): IsoDate {
  return CALIFORNIA_DAY.format(instant);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
