// California days against UTC instants, across both changes of daylight time.
import { describe, expect, it } from 'vitest';
import { addDays, californiaDate, californiaDayStart, daysBetween, isoDateSchema } from './dates.ts';

describe('California days', () => {
  it('a day begins at 08:00 UTC in winter and 07:00 UTC in summer', () => {
    expect(californiaDayStart('2026-01-15')).toBe('2026-01-15T08:00:00.000Z');
    expect(californiaDayStart('2026-07-04')).toBe('2026-07-04T07:00:00.000Z');
  });

  it('the days daylight time starts and ends begin at their own midnight', () => {
    // 8 March 2026 springs forward at 02:00; 1 November 2026 falls back at 02:00.
    expect(californiaDayStart('2026-03-08')).toBe('2026-03-08T08:00:00.000Z');
    expect(californiaDayStart('2026-03-09')).toBe('2026-03-09T07:00:00.000Z');
    expect(californiaDayStart('2026-11-01')).toBe('2026-11-01T07:00:00.000Z');
    expect(californiaDayStart('2026-11-02')).toBe('2026-11-02T08:00:00.000Z');
  });

  it('an evening in California is still that day there, though the next day in UTC', () => {
    const evening = new Date('2026-11-09T03:30:00.000Z'); // 7:30 pm on 8 November in California
    expect(californiaDate(evening)).toBe('2026-11-08');
    expect(evening.toISOString() < californiaDayStart('2026-11-09')).toBe(true);
  });

  it('counts and adds whole days across month and year ends', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
  });
});

describe('a date as people type it', () => {
  const messageOf = (value: unknown) => isoDateSchema.safeParse(value).error?.issues[0]?.message;

  it('asks for the format the date field shows (mm/dd/yyyy), never for YYYY-MM-DD', () => {
    expect(messageOf('')).toBe('Enter a date such as 03/07/2027.');
    expect(messageOf(undefined)).toBe('Enter a date such as 03/07/2027.');
    expect(messageOf('2027-02-30')).toBe('Enter a real date such as 03/07/2027 (month, day, year).');
    expect(messageOf('3/7/2027')).toBe('Enter a real date such as 03/07/2027 (month, day, year).');
  });

  it('takes a real calendar day, leap days included', () => {
    expect(isoDateSchema.parse('2028-02-29')).toBe('2028-02-29');
    expect(messageOf('2027-02-29')).toMatch(/^Enter a real date/);
  });
});
