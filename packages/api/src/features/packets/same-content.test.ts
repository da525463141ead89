// A packet prepared before declarations kept a translator says the same as one drawn today when no
// one read the declaration to the client; recording a translator (or changing who) makes it differ.

import type { PacketData } from '@relief-desk/domain';
import { conviction, packet } from '@relief-desk/petitions/testing';
import { describe, expect, it } from 'vitest';
import { packetChanges, sameContent } from './assemble.ts';

const declaration = {
  rehabilitation: 'I finished the program.',
  employment: '',
  communityTies: '',
  otherReasons: '',
};
const before = packet({
  convictions: [conviction({ determination: 'eligible_discretionary' })],
  declaration,
});

describe('a stored packet against today’s, with the declaration’s translation', () => {
  it('the same when no one read it to the client (a snapshot from before has no translation either)', () => {
    expect(sameContent(JSON.stringify(before), { ...before, date: '2026-12-05' })).toBe(true);
  });

  it('differs once a translator is recorded, and when another one is', () => {
    const translated = {
      ...before,
      declaration: {
        ...declaration,
        translation: { language: 'es' as const, translatorName: 'Rosa Delgado' },
      },
    };
    expect(sameContent(JSON.stringify(before), translated)).toBe(false);
    expect(sameContent(JSON.stringify(translated), translated)).toBe(true);
    const other = {
      ...translated,
      declaration: { ...declaration, translation: { language: 'es' as const, translatorName: 'Ana Ruiz' } },
    };
    expect(sameContent(JSON.stringify(translated), other)).toBe(false);
  });
});

describe('a stored packet against today’s, across an update of Relief Desk', () => {
  const drawn = packet({ convictions: [conviction({ determination: 'eligible_mandatory' })] });
  const [first] = drawn.convictions as [PacketData['convictions'][number]];
  /** Its fields in reverse order, one left out: as an older version, which did not keep it, stored it. */
  const lacking = <T extends object>(value: T, field: string) =>
    Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== field)
        .reverse(),
    );

  it('the same when today’s papers carry, empty, a field the snapshot lacks: the packet’s or a conviction’s', () => {
    for (const field of Object.keys(drawn).filter((k) => k !== 'date'))
      expect(sameContent(JSON.stringify(lacking(drawn, field)), { ...drawn, [field]: null })).toBe(true);
    for (const field of Object.keys(first)) {
      const stored = { ...drawn, convictions: [lacking(first, field)] };
      const today = { ...drawn, convictions: [{ ...first, [field]: null }] } as PacketData;
      expect(sameContent(JSON.stringify(stored), today)).toBe(true);
    }
  });

  it('differs when that field says something, and when a field the snapshot has changed', () => {
    const designated = { ...first, designatedMisdemeanor: { under: 'PC 17(b)', on: '2020-01-02' } };
    const stored = { ...drawn, convictions: [lacking(first, 'designatedMisdemeanor')] };
    expect(sameContent(JSON.stringify(stored), { ...drawn, convictions: [designated] })).toBe(false);
    expect(
      sameContent(JSON.stringify(drawn), { ...drawn, convictions: [{ ...first, section: '484(b)' }] }),
    ).toBe(false);
  });
});

describe('what a stored packet says differently, part by part', () => {
  const drawn = packet({
    convictions: [conviction({ determination: 'eligible_discretionary' })],
    declaration,
  });
  const changedValue = (value: unknown): unknown =>
    typeof value === 'string'
      ? `${value} (changed)`
      : Array.isArray(value)
        ? [...value, ...value]
        : value === null || value === undefined
          ? 'now said'
          : { ...(value as object), changed: true };

  it('names nothing when it says the same, its date aside', () => {
    expect(packetChanges(JSON.stringify(drawn), { ...drawn, date: '2027-01-04' })).toEqual([]);
  });

  it('names each part that changed, and only it, for every part of the papers', () => {
    const parts = Object.keys(drawn).filter((k) => k !== 'date' && k !== 'petitionId');
    expect(parts.length).toBeGreaterThan(8);
    for (const part of parts) {
      const today = { ...drawn, [part]: changedValue(drawn[part as keyof PacketData]) } as PacketData;
      const named = packetChanges(JSON.stringify(drawn), today);
      expect(named, part).toHaveLength(1);
      expect(sameContent(JSON.stringify(drawn), today), part).toBe(false);
    }
    // Two parts changed: both named, in the papers' order.
    const both = {
      ...drawn,
      caseNumber: '99CR00001',
      petitioner: { ...drawn.petitioner, name: 'Ana Núñez' },
    };
    expect(packetChanges(JSON.stringify(drawn), both)).toEqual([
      'the case number',
      'the client’s name or date of birth',
    ]);
  });
});
