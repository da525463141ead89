// A packet prepared before declarations kept a translator says the same as one drawn today when no
// one read the declaration to the client; recording a translator (or changing who) makes it differ.

import type { PacketData } from '@relief-desk/petitions';
import { conviction, packet } from '@relief-desk/petitions/testing';
import { describe, expect, it } from 'vitest';
import { sameContent } from './assemble.ts';

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
  // As a version before a field was kept stored it: without the field, its other fields in another order.
  const storedBefore = (without: string) => {
    const { [without]: _, ...rest } = drawn as unknown as Record<string, unknown>;
    return JSON.stringify(Object.fromEntries(Object.entries(rest).reverse()));
  };

  it('the same when today’s papers carry a field the snapshot lacks, empty', () => {
    for (const field of Object.keys(drawn).filter((k) => k !== 'date'))
      expect(sameContent(storedBefore(field), { ...drawn, [field]: null } as PacketData)).toBe(true);
  });

  it('differs when that field says something, and when a field the snapshot has changed', () => {
    const [first] = drawn.convictions;
    expect(
      sameContent(storedBefore('declaration'), {
        ...drawn,
        declaration: { ...declaration },
      }),
    ).toBe(false);
    expect(
      sameContent(JSON.stringify(drawn), {
        ...drawn,
        convictions: [{ ...(first as NonNullable<typeof first>), caseNumber: 'OTHER-1' }],
      }),
    ).toBe(false);
  });
});
