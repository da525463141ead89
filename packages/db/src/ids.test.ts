// Ids order rows by creation time (keyset pages and "newest last" depend on it) and never repeat,
// including across the refills of the random pool they draw from.
import { describe, expect, it } from 'vitest';
import { firstIdAt, newId } from './ids.ts';

const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

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
});
