// What a petition states of the petitioner rests on its statute's own conditions, and the packet
// check holds back only a petition whose statements the person facts contradict.
import { describe, expect, it } from 'vitest';
import { contradictedStatements, PACKET_FORMS, PACKET_REMEDIES } from './packets.ts';
import { PERSON_FACTS, type PersonFactKey } from './person-facts.ts';

const facts = (yes: readonly PersonFactKey[]) =>
  Object.fromEntries(PERSON_FACTS.map(({ key }) => [key, yes.includes(key) ? 'yes' : 'no'])) as Record<
    PersonFactKey,
    'yes' | 'no' | 'unknown'
  >;

describe('the conditions a dismissal petition states', () => {
  it('PC 1203.4a asks only that the person is not serving a sentence or charged: probation elsewhere is no bar', () => {
    expect(PACKET_FORMS['pc1203.4a'].petitionerIsNot).toEqual(['servingSentence', 'currentlyCharged']);
    expect(contradictedStatements('pc1203.4a', facts(['underSupervision']))).toEqual([]);
    expect(contradictedStatements('pc1203.4a', facts(['servingSentence'])).map((c) => c.fact)).toEqual([
      'servingSentence',
    ]);
  });

  it('PC 1203.4 and its neighbours state all three, and a "yes" to any holds the petition back', () => {
    for (const remedy of ['pc1203.4', 'pc1203.41', 'pc1203.42'] as const)
      expect(contradictedStatements(remedy, facts(['underSupervision'])).map((c) => c.fact)).toEqual([
        'underSupervision',
      ]);
  });

  it.each(PACKET_REMEDIES)(
    '%s: nothing on file contradicts a petition whose person facts are all "no"',
    (remedy) => {
      expect(contradictedStatements(remedy, facts([]))).toEqual([]);
    },
  );
});
