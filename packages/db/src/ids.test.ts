// Ids order rows by creation time (keyset pages and "newest last" depend on it) and never repeat,
// including across the refills of the random pool they draw from.
import { RECORD_ID_PATTERN, recordIdSchema } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { firstIdAt, instantOfId, newId } from './ids.ts';

// The shared schema's pattern, which the HTTP routes check ids in addresses against: every id made
// here must pass it.
const ID = RECORD_ID_PATTERN;

describe('newId', () => {
  it('makes 26 Crockford base32 characters, all different over many pool refills', () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => newId(new Date(Date.UTC(2026, 0, 1) + i * 1000)));
    for (const id of ids) expect(id).toMatch(ID);
    expect(new Set(ids).size).toBe(ids.length);
    // Random parts differ too, not only the time parts.
    expect(new Set(ids.map((id) => id.slice(10))).size).toBe(ids.length);
  });

  it('sorts by time, and increases within one millisecond or when the clock steps back', () => {
    const at = new Date('2026-06-01T12:00:00.000Z');
    const later = newId(new Date(at.getTime() + 60_000));
    const sameMs = [newId(new Date(at.getTime() + 120_000)), newId(new Date(at.getTime() + 120_000))];
    const steppedBack = newId(at);
    expect(later < (sameMs[0] as string)).toBe(true);
    expect((sameMs[0] as string) < (sameMs[1] as string)).toBe(true);
    expect((sameMs[1] as string) < steppedBack).toBe(true);
  });

  it('starts at or after the lower bound of its time', () => {
    const at = new Date('2031-03-04T05:06:07.089Z');
    const id = newId(at);
    expect(id >= firstIdAt(at)).toBe(true);
    expect(id < firstIdAt(new Date(at.getTime() + 1))).toBe(true);
  });

  it('tells the instant it was made at, to the millisecond: the inverse of firstIdAt', () => {
    const at = new Date('2031-03-04T05:06:07.089Z');
    expect(instantOfId(firstIdAt(at)).toISOString()).toBe('2031-03-04T05:06:07.089Z');
    // Made later in the same process, an id may carry a later instant (ids never go back): its own.
    const id = newId(at);
    const instant = instantOfId(id);
    expect(instant.getTime()).toBeGreaterThanOrEqual(at.getTime());
    expect(id >= firstIdAt(instant) && id < firstIdAt(new Date(instant.getTime() + 1))).toBe(true);
  });
});

describe('the shared schema of record ids (recordIdSchema)', () => {
  it('takes every id newId makes, from the earliest time to the latest, and none changed by a character', () => {
    const schema = recordIdSchema('a record');
    const times = [0, 1, Date.UTC(2026, 0, 1), Date.UTC(9999, 11, 31), 2 ** 48 - 1];
    for (const time of times) {
      const id = newId(new Date(time));
      expect(schema.safeParse(id)).toEqual({ success: true, data: id });
      for (const changed of [
        id.toLowerCase(),
        id.slice(1),
        `${id}0`,
        `${id.slice(0, 25)}U`,
        `${id.slice(0, 25)}-`,
      ])
        expect(schema.safeParse(changed).success, changed).toBe(false);
    }
  });
});
