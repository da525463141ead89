// Calendar arithmetic on plain YYYY-MM-DD strings. Dates in a record are calendar days, not instants,
// so everything runs in UTC and ISO strings compare correctly as text.

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** True for a well-formed YYYY-MM-DD that names a real calendar day (no 2023-02-30). */
export function isRealDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const parsed = toUtc(value);
  return !Number.isNaN(parsed.getTime()) && fromUtc(parsed) === value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/**
 * The same calendar day `years` later. 29 February rolls forward to 1 March, so a waiting period
 * computed here is never a day short.
 */
export function addYears(date: IsoDate, years: number): IsoDate {
  const d = toUtc(date);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return fromUtc(d);
}

/**
 * The first day after `years` have lapsed from `date`, counted as California counts time: the first
 * day excluded, the last included (Civ. Code 10, CCP 12). The period ends with the anniversary, so
 * this is the day after it. The anniversary of 29 February in a common year is 28 February (the year
 * from 1 March has then run whole), so the day after is 1 March.
 */
export function dayAfterAnniversary(date: IsoDate, years: number): IsoDate {
  const d = toUtc(date);
  const year = d.getUTCFullYear() + years;
  const month = d.getUTCMonth();
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const anniversary = new Date(Date.UTC(year, month, Math.min(d.getUTCDate(), lastOfMonth)));
  return addDays(fromUtc(anniversary), 1);
}

/** ISO dates sort as text, so the latest is the last after sorting. */
export function latestOf(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return [first, ...rest].sort().at(-1) ?? first;
}
