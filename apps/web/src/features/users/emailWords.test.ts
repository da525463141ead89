import { describe, expect, it } from 'vitest';
import { emailOutcome } from './emailWords.ts';

describe('what the users page says of an e-mail it queued', () => {
  it('says "on its way" only when e-mail is set up', () => {
    expect(emailOutcome('The invitation to kim@example.org', true)).toBe(
      'The invitation to kim@example.org is on its way.',
    );
    expect(emailOutcome('The invitation to kim@example.org', false)).toBe(
      'The invitation to kim@example.org is waiting to be sent: e-mail is not set up on the server.',
    );
    expect(emailOutcome('An e-mail telling them', undefined)).toBe(
      'An e-mail telling them is in the outbox.',
    );
  });
});
