// Which failures say "the database cannot take this just now" (answered 503, sent again later) and
// which say something about the request itself (a constraint, a bad statement), which must not be.
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.ts';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    'SQLITE_BUSY',
    'SQLITE_BUSY_SNAPSHOT',
    '40001',
    '40P01',
    '53300',
    '55P03',
    '57P01',
    '57P03',
    '08006',
    'ECONNREFUSED',
    'ECONNRESET',
    'ENOTFOUND',
  ])('says %s is the database, not the request', (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(true);
  });

  it.each([
    'SQLITE_CONSTRAINT_UNIQUE',
    'SQLITE_LOCKED',
    '08P01',
    'SQLITE_CONSTRAINT_CHECK',
    'SQLITE_ERROR',
    '23505',
    '23514',
    '42P01',
    '22P02',
    'ERR_ASSERTION',
  ])('says %s is about the request', (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(false);
  });

  it("reads node-postgres's pool timeout and ended connections from their words", () => {
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('relation "matters" does not exist'))).toBe(false);
  });

  it('follows causes, and stops at a cause that leads back to itself', () => {
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: withCode('SQLITE_BUSY') }))).toBe(true);
    const looped = new Error('looped');
    looped.cause = new Error('inner', { cause: looped });
    expect(isDatabaseUnavailable(looped)).toBe(false);
  });

  it('says nothing of values that are not errors', () => {
    for (const value of [null, undefined, 'SQLITE_BUSY', { code: 'SQLITE_BUSY' }, 53300])
      expect(isDatabaseUnavailable(value)).toBe(false);
  });
});
