import { describe, expect, it } from 'vitest';
import { addDays, addYears, isRealDate, latestOf } from './dates.ts';

describe('dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2023-04-31', false],
    ['2023-13-01', false],
    ['2023-1-01', false],
    ['2023-01-01T00:00', false],
    ['2023-12-31', true],
  ])('isRealDate(%s) = %s', (value, expected) => {
    expect(isRealDate(value)).toBe(expected);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2018-12-31', 1)).toBe('2019-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('adds years, rolling 29 February forward so a waiting period is never short', () => {
    expect(addYears('2019-06-15', 2)).toBe('2021-06-15');
    expect(addYears('2020-02-29', 1)).toBe('2021-03-01');
  });

  it('finds the latest date', () => {
    expect(latestOf('2020-01-01', '2021-05-05', '2019-01-01')).toBe('2021-05-05');
  });
});
