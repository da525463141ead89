// After a refused stale save, the client read again comes into the form with every field the person
// had changed kept as typed; a field both changed keeps the person's value and is named to check.
import type { ClientDetails } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { mergeAfterConflict } from './EditClientForm.tsx';

const opened: ClientDetails = {
  legalName: 'Rosa María Núñez',
  otherNames: [],
  dateOfBirth: '1980-02-03',
  phone: '(510) 555-0100',
  email: 'rosa@example.net',
  address: { line1: '1 Main St', line2: '', city: 'Oakland', state: 'CA', postalCode: '94612' },
  preferredLanguage: 'es',
  contact: { email: true, sms: false, letter: false, phone: true },
  consentToText: false,
};

describe('a stale client form read again', () => {
  it('takes the colleague’s fields and keeps the typed ones', () => {
    const typed = { ...opened, email: 'new@example.net', address: { ...opened.address, city: 'Hayward' } };
    const theirs = { ...opened, phone: '(510) 555-0144', preferredLanguage: 'en' as const };
    const merged = mergeAfterConflict(opened, typed, theirs);
    expect(merged.values).toEqual({ ...typed, phone: '(510) 555-0144', preferredLanguage: 'en' });
    expect([merged.theirChanges, merged.kept, merged.both]).toEqual([
      ['phone', 'preferredLanguage'],
      ['email', 'address'],
      [],
    ]);
  });

  it('keeps what was typed where both changed the same field, and names it', () => {
    const typed = { ...opened, phone: '(510) 555-0199' };
    const theirs = { ...opened, phone: '(510) 555-0144' };
    const merged = mergeAfterConflict(opened, typed, theirs);
    expect(merged.values.phone).toBe('(510) 555-0199');
    expect(merged.both).toEqual(['phone']);
  });
});
