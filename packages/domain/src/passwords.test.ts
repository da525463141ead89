import { describe, expect, it } from 'vitest';
import { newPasswordSchema } from './passwords.ts';

describe('newPasswordSchema', () => {
  it.each([
    ['a long phrase with no digits or symbols', 'river stones at dawn', true],
    ['the demo password', 'relief-desk-demo', true],
    ['11 characters', 'abcdefghijk', false],
    ['a listed common password, any case', 'Password1234', false],
    ['one character repeated', 'zzzzzzzzzzzzzz', false],
    ['a run of digits', '1234567890123', false],
  ])('%s', (_why, password, ok) => {
    expect(newPasswordSchema.safeParse(password).success).toBe(ok);
  });

  it('says how to fix a short password', () => {
    const result = newPasswordSchema.safeParse('short');
    expect(result.error?.issues[0]?.message).toMatch(/at least 12 characters/);
  });
});
