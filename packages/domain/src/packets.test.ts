// What a petition states of the petitioner rests on its statute's own conditions, and the packet
// check holds back only a petition whose statements the person facts contradict.
import { describe, expect, it } from 'vitest';
import { LEVELS, PROBATION_OUTCOMES, SENTENCE_KINDS, TRISTATE } from './convictions.ts';
import {
  CONVICTION_STATEMENTS,
  contradictedConvictionStatements,
  contradictedStatements,
  courthouseFor,
  groundsOf,
  groundsWords,
  PACKET_FORMS,
  PACKET_REMEDIES,
  packetFormFor,
  type StatedConviction,
  type StatedField,
  statuteCitations,
} from './packets.ts';
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

describe('the citations a packet asks relief on', () => {
  it('are the grounds a decision cites, not an exception its reasons mention', () => {
    const sealing =
      'The arrest did not result in a conviction: sealing is granted as a matter of right (unless the person evaded law enforcement through identity fraud, PC 851.91(a)(2)(C)-(D)). (PC 851.91(a)(1)(A); PC 851.91(c)(1))';
    expect(statuteCitations('pc851.91', sealing)).toEqual(['PC 851.91(a)(1)(A)', 'PC 851.91(c)(1)']);
    expect(
      statuteCitations('pc851.91', 'Sealed unless PC 851.91(a)(2)(C) applies. (PC 851.91(a)(1)(A))'),
    ).toEqual(['PC 851.91(a)(1)(A)']);
    const prop64 =
      'Sentence complete: the court shall dismiss and seal or redesignate the conviction, presuming eligibility unless the prosecution proves otherwise by clear and convincing evidence (HS 11361.8(e))';
    expect(statuteCitations('prop64', prop64)).toEqual(['HS 11361.8(e)']);
    expect(statuteCitations('pc1203.4', 'Probation completed: mandatory (PC 1203.4(a)(1)).')).toEqual([
      'PC 1203.4(a)(1)',
    ]);
  });
});

describe('the grounds a packet cites', () => {
  it('keeps only the subdivisions the relief rests on at that stage and sentence, and none when none fits', () => {
    const reduction = PACKET_FORMS.pc17b;
    expect(groundsOf(reduction, 'completed', 'probation', ['PC 17(a)'])).toEqual([]);
    expect(groundsOf(reduction, 'completed', 'probation', ['PC 17(a)', 'PC 17(b)(3)'])).toEqual([
      'PC 17(b)(3)',
    ]);
    expect(groundsOf(reduction, 'completed', 'jail_only', ['PC 17(b)(3)'])).toEqual([]);
    expect(groundsWords(reduction, 'completed', 'probation')).toBe('PC 17(b)(3)');
    const cannabis = PACKET_FORMS.prop64;
    expect(groundsOf(cannabis, 'completed', 'probation', ['HS 11361.8(a)'])).toEqual([]);
    expect(groundsOf(cannabis, 'serving', 'probation', ['HS 11361.8(a)', 'HS 11361.8(e)'])).toEqual([
      'HS 11361.8(a)',
    ]);
    expect(groundsWords(cannabis, 'completed', 'probation')).toBe('HS 11361.8(e), (f), (g) or (h)');
    expect(groundsOf(PACKET_FORMS.prop47, 'completed', 'probation', ['PC 1170.18(a)'])).toEqual([]);
    // An exclusion's subdivision is a bar, not a ground.
    expect(
      groundsOf(PACKET_FORMS['pc1203.4'], 'completed', 'probation', ['PC 1203.4(a)(1)', 'PC 1203.4(b)']),
    ).toEqual(['PC 1203.4(a)(1)']);
  });

  it.each(PACKET_REMEDIES.filter((r) => PACKET_FORMS[r].entry === 'conviction'))(
    '%s: says which subdivisions fit at each stage and sentence',
    (remedy) => {
      for (const stage of ['completed', 'serving'] as const)
        expect(packetFormFor(remedy)?.groundsFor?.(stage, 'probation').length ?? 0).toBeGreaterThan(0);
    },
  );
});

describe('what a packet states of each conviction, against its record', () => {
  // Every value a statement's field can take, from the record's own value lists.
  const VALUES: Record<StatedField, readonly (string | boolean)[]> = {
    level: LEVELS,
    wobbler: TRISTATE,
    sentenceKind: SENTENCE_KINDS,
    executionSuspended: TRISTATE,
    probationOutcome: PROBATION_OUTCOMES,
    valueOver950: TRISTATE,
    prop64Section: TRISTATE,
    completed: [true, false, 'unknown'],
  };
  const record = (overrides: Partial<StatedConviction> = {}): StatedConviction => ({
    name: 'PC 487(a)',
    code: 'PC',
    level: 'felony',
    wobbler: 'yes',
    sentenceKind: 'probation',
    executionSuspended: 'no',
    probationOutcome: 'completed',
    valueOver950: 'no',
    valueLimited: true,
    prop64Section: 'yes',
    completed: true,
    sentenceEnd: '2019-05-02',
    ...overrides,
  });
  const DETERMINATIONS = ['eligible_mandatory', 'eligible_discretionary'] as const;
  const cases = PACKET_REMEDIES.filter((r) => PACKET_FORMS[r].entry === 'conviction').flatMap((remedy) =>
    CONVICTION_STATEMENTS.filter((s) => s.remedies.includes(remedy)).flatMap((statement) =>
      VALUES[statement.field].map((value) => ({ remedy, statement, value, words: statement.words })),
    ),
  );

  it.each(cases)('$remedy: “$words” against $statement.field $value', ({ remedy, statement, value }) => {
    for (const determination of DETERMINATIONS)
      for (const sentenceKind of SENTENCE_KINDS)
        for (const valueLimited of [true, false]) {
          const c = record({ valueLimited, sentenceKind, [statement.field]: value });
          const found = contradictedConvictionStatements(remedy, determination, c).find(
            (f) => f.statement === statement,
          );
          const made =
            (!statement.mandatoryOnly || determination === 'eligible_mandatory') &&
            (statement.of?.(c) ?? true);
          const what = `${determination}, ${sentenceKind}, value limited ${valueLimited}`;
          if (!made || statement.holds.includes(value)) {
            expect(found, what).toBeUndefined();
            continue;
          }
          // Held, naming the conviction, the record's value and what to do.
          expect(found?.message, what).toContain('PC 487(a)');
          expect(found?.message, what).toContain(value === 'unknown' ? 'does not say' : 'says otherwise');
          expect(found?.message, what).toMatch(/(Record it on the conviction|Correct the conviction)/);
        }
  });

  it.each(PACKET_REMEDIES.filter((r) => PACKET_FORMS[r].entry === 'conviction'))(
    '%s: a record that supports every statement holds nothing',
    (remedy) => {
      expect(contradictedConvictionStatements(remedy, 'eligible_discretionary', record())).toEqual([]);
    },
  );

  it('the tester’s cases: probation still running, value over $950, of right after a violation', () => {
    const messages = (...args: Parameters<typeof contradictedConvictionStatements>) =>
      contradictedConvictionStatements(...args).map((f) => f.message);
    expect(
      messages(
        'pc1203.4',
        'eligible_discretionary',
        record({ completed: false, sentenceEnd: '2027-05-05', probationOutcome: 'unknown' }),
      ),
    ).toEqual([
      'The petition states that the petitioner is not serving a sentence for any offense, and the record of PC 487(a) says otherwise (its sentence ends May 5, 2027). Correct the conviction if it is wrong; if it is right, file when it is complete, and decide it again then.',
      'The petition states that the petitioner is not on probation for any offense, and the record of PC 487(a) says otherwise (its sentence ends May 5, 2027). Correct the conviction if it is wrong; if it is right, file when probation has ended (or ask the court to end it early first), and decide it again then.',
    ]);
    expect(messages('prop47', 'eligible_mandatory', record({ valueOver950: 'yes' }))).toEqual([
      expect.stringContaining(
        'PC 487(a) would have been a misdemeanor had Proposition 47 been in effect (the value involved was $950 or less), and the record of PC 487(a) says otherwise (value over $950: yes)',
      ),
    ]);
    expect(messages('pc1203.4', 'eligible_mandatory', record({ probationOutcome: 'violated' }))).toEqual([
      expect.stringContaining('entitled to relief on PC 487(a) as a matter of right'),
    ]);
  });
});

describe('the courthouse a petition goes to', () => {
  it('says why it cannot tell, with or without a case number, in single spaces', () => {
    const courthouses = [
      { id: 'a', name: 'René C. Davidson Courthouse', address: '', casePrefixes: ['16'] },
      { id: 'b', name: 'Hayward Hall of Justice', address: '', casePrefixes: ['HA'] },
    ];
    const choose = (caseNumber: string) =>
      courthouseFor(courthouses, { caseNumber, courthouseId: null, courthouseName: '', county: 'Alameda' });
    expect(choose('99CR00003')).toMatchObject({
      how: 'unknown',
      message:
        'Alameda County has 2 courthouses and case number 99CR00003 begins with none of their case-number beginnings: choose the courthouse for this petition.',
    });
    expect(choose('')).toMatchObject({
      how: 'unknown',
      message:
        'Alameda County has 2 courthouses and this petition has no case number to place it by: choose the courthouse for this petition.',
    });
  });
});
