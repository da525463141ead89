import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, nextAttemptAt } from './retry.ts';

const now = new Date('2027-03-07T10:00:00.000Z');

describe('nextAttemptAt', () => {
  it.each([
    [0, '2027-03-07T10:00:00.000Z'],
    [1, '2027-03-07T10:01:00.000Z'],
    [2, '2027-03-07T10:05:00.000Z'],
    [3, '2027-03-07T10:30:00.000Z'],
    [4, '2027-03-07T12:00:00.000Z'],
    [5, '2027-03-07T16:00:00.000Z'],
    [6, null],
    [7, null],
  ])('after %i attempts → %s', (attempts, expected) => {
    expect(nextAttemptAt(attempts, now)?.toISOString() ?? null).toBe(expected);
  });

  it('gives up exactly at MAX_ATTEMPTS', () => {
    expect(MAX_ATTEMPTS).toBe(6);
    expect(nextAttemptAt(MAX_ATTEMPTS - 1, now)).not.toBeNull();
    expect(nextAttemptAt(MAX_ATTEMPTS, now)).toBeNull();
  });

  it('does not change the date it is given', () => {
    nextAttemptAt(1, now);
    expect(now.toISOString()).toBe('2027-03-07T10:00:00.000Z');
  });

  it.each([-1, 1.5, Number.NaN])('refuses attempts = %s', (attempts) => {
    expect(() => nextAttemptAt(attempts, now)).toThrow(RangeError);
  });
});
