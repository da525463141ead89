import { describe, expect, it } from 'vitest';
import {
  canUndoMergeAt,
  describeLikelyReasons,
  isPossibleMatch,
  likelyMatchReasons,
  type MatchablePerson,
  mergeUndoDeadline,
  nameWithBirthDate,
  notSamePersonListSchema,
} from './duplicates.ts';

const known: MatchablePerson = {
  names: ['María José Núñez', 'Maria Nunez'],
  dateOfBirth: '1984-03-07',
  phone: '(510) 555-0123',
  email: 'Maria@Example.net',
};
const typed = (change: Partial<MatchablePerson>): MatchablePerson => ({
  names: ['Someone Else'],
  dateOfBirth: '1984-03-07',
  phone: '',
  email: '',
  ...change,
});

describe('likely matches', () => {
  it('is likely with the same folded name and birth date, whatever the accents, case or order', () => {
    expect(likelyMatchReasons(typed({ names: ['NÚÑEZ, María José'] }), known)).toEqual(['name']);
    // An other name counts on either side.
    expect(likelyMatchReasons(typed({ names: ['Maria Nunez'] }), known)).toEqual(['name']);
  });

  // Each pair is one name as search finds it: particles apart or together, an apostrophe typed as a
  // space or left out, a hyphen or none; in both directions.
  it.each([
    ['André Leila Dela Cruz', 'André Leila De La Cruz'],
    ['André Leila Dela Cruz', 'Andre Leila Delacruz'],
    ['ANDRÉ LEILA DE LA CRUZ', 'andre leila delacruz'],
    ['Iñaki O’Neil', 'Iñaki O Neil'],
    ['Iñaki O’Neil', 'INAKI ONEIL'],
    ['Min-jun Walker Jones', 'Minjun Walker Jones'],
    ['Min-jun Walker Jones', 'Min jun Walker Jones'],
    ['Sofía van der Berg', 'Sofia Vanderberg'],
  ])('is likely with the same name written otherwise: %s and %s', (one, other) => {
    const person = (name: string) => typed({ names: [name] });
    expect(likelyMatchReasons(person(other), { ...person(one), phone: '', email: '' })).toEqual(['name']);
    expect(likelyMatchReasons(person(one), { ...person(other), phone: '', email: '' })).toEqual(['name']);
  });

  it('is not even possible when only the letters run the same and most words differ', () => {
    const known = typed({ names: ['Ana Lee Cruz'] });
    expect(isPossibleMatch(typed({ names: ['Ana Leec Ruz'] }), known)).toBe(false);
    expect(likelyMatchReasons(typed({ names: ['Ana Leec Ruz'] }), known)).toEqual([]);
    expect(likelyMatchReasons(typed({ names: ['Ana Cruz Lee'] }), known)).toEqual(['name']);
  });

  it('is likely with a similar name, the same birth date and the same phone or e-mail', () => {
    expect(likelyMatchReasons(typed({ names: ['Maria J Nunes'], phone: '510.555.0123' }), known)).toEqual([
      'phone',
    ]);
    expect(
      likelyMatchReasons(typed({ names: ['Maria J Nunes'], email: ' maria@example.NET ' }), known),
    ).toEqual(['email']);
    expect(
      likelyMatchReasons(
        typed({ names: ['María José Núñez'], phone: '+1 510 555 0123', email: 'maria@example.net' }),
        known,
      ),
    ).toEqual(['name', 'phone', 'email']);
  });

  it('is only possible (shown, not blocking) with a similar name and birth date but nothing else the same', () => {
    const person = typed({ names: ['Maria Nunes'], phone: '(510) 555-0999' });
    expect(isPossibleMatch(person, known)).toBe(true);
    expect(likelyMatchReasons(person, known)).toEqual([]);
  });

  it('is never a match on another birth date, or with an unrelated name, even with the same phone', () => {
    expect(
      likelyMatchReasons(typed({ names: ['María José Núñez'], dateOfBirth: '1984-03-08' }), known),
    ).toEqual([]);
    expect(likelyMatchReasons(typed({ names: ['Facts Race X'], phone: '(510) 555-0123' }), known)).toEqual(
      [],
    );
  });

  it('does not count short or empty phone numbers and e-mail addresses as the same', () => {
    const bare = { ...known, phone: '555', email: '' };
    expect(likelyMatchReasons(typed({ names: ['Maria Nunes'], phone: '555', email: '' }), bare)).toEqual([]);
  });

  it('says why in words', () => {
    expect(describeLikelyReasons(['name'])).toBe('the same date of birth and the same name');
    expect(describeLikelyReasons(['name', 'phone', 'email'])).toBe(
      'the same date of birth and the same name, the same phone number and the same e-mail address',
    );
    expect(nameWithBirthDate('María José Núñez', '1984-03-07')).toBe('María José Núñez (born Mar 7, 1984)');
  });
});

describe('not the same person', () => {
  it('needs a reason of at least 10 characters, and each client once', () => {
    expect(notSamePersonListSchema.safeParse([{ clientId: 'a', reason: 'twin' }]).success).toBe(false);
    expect(
      notSamePersonListSchema.safeParse([
        { clientId: 'a', reason: 'Different mother’s name' },
        { clientId: 'a', reason: 'Different mother’s name' },
      ]).success,
    ).toBe(false);
    expect(notSamePersonListSchema.parse(undefined)).toEqual([]);
  });
});

describe('undoing a merge', () => {
  it('is allowed for 30 days to the millisecond, and not after', () => {
    const at = '2026-10-01T17:00:00.000Z';
    expect(mergeUndoDeadline(at).toISOString()).toBe('2026-10-31T17:00:00.000Z');
    expect(canUndoMergeAt(at, new Date('2026-10-31T17:00:00.000Z'))).toBe(true);
    expect(canUndoMergeAt(at, new Date('2026-10-31T17:00:00.001Z'))).toBe(false);
  });
});
