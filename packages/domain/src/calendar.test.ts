// The calendar's weeks and month grids: Sunday first, whole weeks, across month and year ends.
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  calendarRangeInputSchema,
  daysOf,
  monthGridOf,
  sameDayMonthsAway,
  weekOf,
} from './calendar.ts';

describe('calendar spans', () => {
  it('a week runs Sunday to Saturday, across a year end', () => {
    expect(weekOf('2026-11-28')).toEqual({ from: '2026-11-22', to: '2026-11-28' });
    expect(weekOf('2026-11-29')).toEqual({ from: '2026-11-29', to: '2026-12-05' });
    expect(weekOf('2027-01-01')).toEqual({ from: '2026-12-27', to: '2027-01-02' });
  });

  it('a month grid is whole weeks: five, six, or four for a February that starts on Sunday', () => {
    expect(monthGridOf('2026-11-15')).toEqual({ from: '2026-11-01', to: '2026-12-05' });
    expect(daysOf(monthGridOf('2026-11-15'))).toHaveLength(35);
    expect(daysOf(monthGridOf('2027-05-01'))).toHaveLength(42);
    expect(monthGridOf('2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('moves by months, keeping the day where the month has it', () => {
    expect(addMonths('2026-12-31', 1)).toBe('2027-01-01');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-01');
    expect(sameDayMonthsAway('2027-01-31', 1)).toBe('2027-02-28');
    expect(sameDayMonthsAway('2026-11-15', -1)).toBe('2026-10-15');
  });

  it('takes a range of real dates, in order, of at most six weeks', () => {
    expect(calendarRangeInputSchema.safeParse(monthGridOf('2027-05-01')).success).toBe(true);
    const tooLong = calendarRangeInputSchema.safeParse({ from: '2026-11-01', to: '2026-12-13' });
    expect(tooLong.error?.issues.map((i) => i.message)).toEqual(['Ask for at most 42 days at a time.']);
    const backwards = calendarRangeInputSchema.safeParse({ from: '2026-11-02', to: '2026-11-01' });
    expect(backwards.error?.issues.map((i) => i.message)).toEqual([
      'The last day cannot be before the first.',
    ]);
    expect(calendarRangeInputSchema.safeParse({ from: '2026-02-30', to: '2026-03-01' }).success).toBe(false);
  });
});
