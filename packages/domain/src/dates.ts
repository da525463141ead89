// Calendar dates travel as ISO text (YYYY-MM-DD); instants as ISO-8601 UTC text. Both compare as text.
import { z } from 'zod';

export type IsoDate = string;

export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The example a date error gives, written as the browser's date field shows dates in the United States
 * (mm/dd/yyyy): people are asked for the format they see, not the YYYY-MM-DD the API carries.
 */
export const DATE_EXAMPLE = '03/07/2027';
/** A birth date's example is in the past: a future day reads as wrong there. */
export const BIRTH_DATE_EXAMPLE = '05/14/1980';

/** An ISO date whose errors give `example`. */
const isoDateSchemaWith = (example: string) =>
  z.string({ error: `Enter a date such as ${example}.` }).superRefine((value, ctx) => {
    if (isRealDate(value)) return;
    // Not an aborting issue: the form's other rules (a county, a way to reach the person) must still be
    // said with it. A rule chained after this one checks a real date only (referrals.ts, after 1900).
    ctx.addIssue({
      code: 'custom',
      message:
        value.trim() === ''
          ? `Enter a date such as ${example}.`
          : `Enter a real date such as ${example} (month, day, year).`,
    });
  });

export const isoDateSchema = isoDateSchemaWith(DATE_EXAMPLE);
/** A date of birth: as isoDateSchema, its errors giving a past day as the example. */
export const birthDateSchema = isoDateSchemaWith(BIRTH_DATE_EXAMPLE);

/**
 * Text typed in a search that is shaped as a date, MM/DD/YYYY (M/D too) or YYYY-MM-DD: its ISO date
 * and whether that date exists (13/45/1980 and 02/29/1990 are shaped as dates but are none). Also a
 * date written M-D-YYYY, M.D.YYYY, YYYY/M/D or YYYY.M.D, when it is one (shaped so but no date, it may
 * be a court case number, and is not taken for a date). Null for text not shaped as a date.
 */
export function searchedDate(text: string): { iso: IsoDate; real: boolean } | null {
  const trimmed = text.trim();
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  const iso = us ? isoOf(us[3], us[1], us[2]) : /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? trimmed : null;
  if (iso !== null) return { iso, real: isRealDate(iso) };
  const usOther = /^(\d{1,2})([-.])(\d{1,2})\2(\d{4})$/.exec(trimmed);
  const isoOther = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})$/.exec(trimmed);
  const other = usOther
    ? isoOf(usOther[4], usOther[1], usOther[3])
    : isoOther
      ? isoOf(isoOther[1], isoOther[3], isoOther[4])
      : null;
  return other !== null && isRealDate(other) ? { iso: other, real: true } : null;
}

const isoOf = (year = '', month = '', day = '') =>
  `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;

/** What a search shaped as a date but naming none is told, or null when it is fine. */
export function searchedDateProblem(text: string): string | null {
  const trimmed = text.trim();
  // 2/11/80: 1980 or 2080 is a guess the search does not make.
  if (/^\d{1,2}\/\d{1,2}\/\d{2}$/.test(trimmed))
    return `${trimmed}: write the year with four digits, e.g. 03/07/1985.`;
  const date = searchedDate(text);
  return date && !date.real
    ? `${trimmed} is not a date: write a birth date as MM/DD/YYYY, e.g. 03/07/1985.`
    : null;
}

// One formatter for the whole process: building an Intl.DateTimeFormat per call is slow and, in
// Node 20, holds native memory long after the call (it once leaked ~1 MB per queue page).
const CALIFORNIA_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const READABLE_DATE = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
// Intl takes ~60 µs a date (each partner referral writes one on its timeline), and the dates written
// repeat (today's, a date received): each is remembered. Bounded: cleared once it holds years of days.
const READABLE_BY_DATE = new Map<IsoDate, string>();
const READABLE_BY_DATE_LIMIT = 4096;

/**
 * A calendar date as people read it, in the app and in what it writes on the timeline: "Mar 7, 2027".
 * Text that is not a date is returned as it is.
 */
export function readableDate(date: IsoDate): string {
  let readable = READABLE_BY_DATE.get(date);
  if (readable === undefined) {
    if (!isRealDate(date)) return date;
    readable = READABLE_DATE.format(new Date(`${date}T00:00:00Z`));
    if (READABLE_BY_DATE.size >= READABLE_BY_DATE_LIMIT) READABLE_BY_DATE.clear();
    READABLE_BY_DATE.set(date, readable);
  }
  return readable;
}

// Every time of day names its zone, PST or PDT: in the hour the clocks go back, 1:30 AM happens twice,
// and only the zone tells the earlier from the later (dateStyle and timeStyle cannot name it).
const CALIFORNIA_DATE_TIME = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});
const CALIFORNIA_TIME = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** An instant as California reads it, in the app and in a message: "Nov 28, 2026, 10:00 AM PST". */
export function californiaDateTime(instant: Date | string): string {
  return CALIFORNIA_DATE_TIME.format(new Date(instant));
}

/** The time of day of an instant in California: "10:15 AM PST". */
export function californiaTime(instant: Date | string): string {
  return CALIFORNIA_TIME.format(new Date(instant));
}

const HOUR_MS = 3_600_000;
// California's offset from UTC has been a whole number of hours (-8, or -7 in daylight time) since
// 1883 (before, local mean time: -7:52:58), so every instant in one UTC hour falls on the same
// California day: the day is remembered by UTC hour, exact by construction. Intl per row cost
// ~150-270 µs on a 50-row queue page. Bounded: cleared once it holds a few months of hours.
const WHOLE_HOUR_OFFSETS_SINCE = Date.UTC(1900, 0, 1);
const DAY_BY_UTC_HOUR = new Map<number, IsoDate>();
const DAY_BY_UTC_HOUR_LIMIT = 4096;

/** The calendar date of an instant in California, where every office works. */
export function californiaDate(instant: Date): IsoDate {
  const ms = instant.getTime();
  // Invalid dates (NaN) and instants before whole-hour offsets go to Intl as they are.
  if (!(ms >= WHOLE_HOUR_OFFSETS_SINCE)) return CALIFORNIA_DAY.format(instant);
  const hour = Math.floor(ms / HOUR_MS);
  let day = DAY_BY_UTC_HOUR.get(hour);
  if (day === undefined) {
    day = CALIFORNIA_DAY.format(instant);
    if (DAY_BY_UTC_HOUR.size >= DAY_BY_UTC_HOUR_LIMIT) DAY_BY_UTC_HOUR.clear();
    DAY_BY_UTC_HOUR.set(hour, day);
  }
  return day;
}

// Days counted by arithmetic on the calendar (proleptic Gregorian, as Date counts), not by parsing
// text into a Date: a queue page works out each row's days open and its client update (four calls a
// row), and Date.parse and toISOString made that a twentieth of the server's time a page. Anything
// but a date of years 0000-9999 goes the old way, through Date, with its results and errors.
const DAYS_BEFORE_1970 = 719_468;

/** Days from 1970-01-01 to a YYYY-MM-DD date; NaN for any other text. */
function dayNumberOf(date: IsoDate): number {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return Number.NaN;
  const year = digitsOf(date, 0, 4);
  const month = digitsOf(date, 5, 7);
  const day = digitsOf(date, 8, 10);
  // A day past the month's end (up to 31) runs on into the next month, as Date.parse takes it.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return Number.NaN;
  // Years from March, so the leap day ends a year (Hinnant's days_from_civil).
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - DAYS_BEFORE_1970;
}

/** The YYYY-MM-DD date a day number names, or null outside years 0000-9999. */
function dateOfDayNumber(dayNumber: number): IsoDate | null {
  const z = dayNumber + DAYS_BEFORE_1970;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const m = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * m + 2) / 5) + 1;
  const month = m < 10 ? m + 3 : m - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return null;
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

function digitsOf(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  const days = dayNumberOf(to) - dayNumberOf(from);
  if (!Number.isNaN(days)) return days;
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const start = dayNumberOf(date);
  const sum = Number.isInteger(days) && !Number.isNaN(start) ? dateOfDayNumber(start + days) : null;
  if (sum !== null) return sum;
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The instant a California day begins, as ISO-8601 UTC text: events are stored as UTC instants, and
 * "this week" means California's week (midnight there is 07:00 or 08:00 UTC, with daylight time).
 */
export function californiaDayStart(date: IsoDate): string {
  for (const hours of [7, 8]) {
    const instant = new Date(`${date}T0${hours}:00:00.000Z`);
    if (californiaDate(instant) === date && californiaDate(new Date(instant.getTime() - 1)) !== date)
      return instant.toISOString();
  }
  throw new Error(`No California midnight found for ${date}.`);
}
