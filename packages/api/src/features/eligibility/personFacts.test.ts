// The timeline line for person facts keeps each label's citations and acronyms as written: lowering
// "PC 667(e)(2)(C)(iv)" to "pc 667(e)(2)(c)(iv)" would cite a different subdivision.
import { PERSON_FACTS, type PersonFacts, TRISTATE_LABELS } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { personFactChanges } from './personFacts.ts';

const unknown: PersonFacts = {
  currentlyCharged: 'unknown',
  underSupervision: 'unknown',
  servingSentence: 'unknown',
  requiredToRegisterPC290: 'unknown',
  hasSuperstrikePrior: 'unknown',
};

/** What must survive: words in capitals (PC, PRCS) and every parenthesised part of a citation. */
const kept = (label: string) => label.match(/\b[A-Z]{2,}\b|\([^()\s]+\)|\d[\d.]*/g) ?? [];

describe('person facts on the timeline', () => {
  it.each(PERSON_FACTS.map((f) => [f.key, f.label] as const))(
    '%s: the label keeps its citations and acronyms',
    (key, label) => {
      const [line = ''] = personFactChanges(unknown, { ...unknown, [key]: 'no' });
      expect(line).toBe(`${label.charAt(0).toLowerCase()}${label.slice(1)}: no`);
      for (const part of kept(label)) expect(line).toContain(part);
    },
  );

  it('says the values as the form offers them', () => {
    const all = personFactChanges({ ...unknown, servingSentence: 'yes' }, unknown);
    expect(all).toEqual([`serving a sentence: ${TRISTATE_LABELS.unknown.toLowerCase()}`]);
    expect(
      personFactChanges(unknown, {
        ...unknown,
        underSupervision: 'no',
        requiredToRegisterPC290: 'no',
        hasSuperstrikePrior: 'no',
      }),
    ).toEqual([
      'on probation, parole, PRCS or mandatory supervision: no',
      'required to register under PC 290: no',
      'has a prior listed in PC 667(e)(2)(C)(iv) (“superstrike”): no',
    ]);
  });
});
