// PC 1203.425(a)(1)(B)(v)(III): which later convictions count as "a new felony" within the four years.
// A felony a grant has since reduced (PC 17(b), Prop 47, Prop 64: `already_reduced`) or a wobbler
// made a misdemeanor at judgment (PC 17(b)(1): `misdemeanor_by_17b1`) is not a definite bar: the
// rules do not hold the text deciding whether it still counts, so it is asked, naming the conviction.
// Generated over the window's boundaries, levels, sentences, wobbler status and grants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SENTENCE_KINDS } from '../schema.ts';
import { evaluateRaw, expectRow, type Row, record, remedyFor } from '../test-support.ts';

const FELONY = 'PC 1203.425(a)(1)(B)(v)(III)';
const REDUCING = ['pc17b', 'prop47', 'prop64'] as const;

// The conviction under test: a 1170(h) felony whose sentence ended 2014-01-10, so the four years run
// 2014-01-11 to 2018-01-10 and relief is due from 2018-01-11.
const earlier = (kind: 'county_jail_1170h' | 'state_prison') => ({
  level: 'felony',
  code: 'HS',
  section: '11351',
  convictionDate: '2012-01-10',
  sentence: { kind, endDate: '2014-01-10', mandatorySupervision: false },
});

const LATER_DATES = ['2014-01-10', '2014-01-11', '2016-06-01', '2018-01-10', '2018-01-11'] as const;
const inWindow = (date: string) => date > '2014-01-10' && date <= '2018-01-10';

// Sections with a wobbler status the record gives (true/false), and one the rules do not know (null).
const laterSection = fc.oneof(
  fc.record({
    code: fc.constant('PC'),
    section: fc.constant('487(a)'),
    wobbler: fc.constantFrom(true, false),
  }),
  fc.record({
    code: fc.constant('HS'),
    section: fc.constant('11359'),
    wobbler: fc.constantFrom(true, false),
  }),
  fc.record({ code: fc.constant('PC'), section: fc.constant('99999'), wobbler: fc.constant(null) }),
);

const laterArb = fc.record({
  where: laterSection,
  level: fc.constantFrom('felony', 'felony', 'misdemeanor'),
  convictionDate: fc.constantFrom(...LATER_DATES),
  kind: fc.constantFrom(...SENTENCE_KINDS),
  relief: fc.constantFrom(null, ...REDUCING, 'pc1203.4', 'pc1203.425'),
});
type Later = typeof laterArb extends fc.Arbitrary<infer T> ? T : never;

/** What the felony path must make of one later conviction, by the rule's definition of "a felony now". */
function expected(l: Later): 'bar' | 'reduced' | 'by17b1' | 'unknown' | 'none' {
  if (l.level !== 'felony' || !inWindow(l.convictionDate)) return 'none';
  if (l.relief !== null && (REDUCING as readonly string[]).includes(l.relief)) return 'reduced';
  if (l.kind !== 'jail_only' && l.kind !== 'fine_only') return 'bar';
  if (l.where.wobbler === true) return 'by17b1';
  if (l.where.wobbler === false) return 'bar';
  return 'unknown';
}

const CODES = {
  reduced: 'later_felony_reduced',
  by17b1: 'later_felony_misdemeanor_by_17b1',
  unknown: 'later_felony_level_unknown',
} as const;

describe('PC 1203.425(a)(1)(B)(v)(III): a later felony made a misdemeanor is asked about, not a bar', () => {
  it('over the window’s boundaries, levels, sentences, wobbler status and grants', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('county_jail_1170h' as const, 'state_prison' as const),
        fc.array(laterArb, { minLength: 1, maxLength: 2 }),
        (kind, laters) => {
          const others = laters.map((l, i) => ({
            id: `later${i}`,
            code: l.where.code,
            section: l.where.section,
            level: l.level,
            wobbler: l.where.wobbler,
            convictionDate: l.convictionDate,
            reliefAlreadyGranted: l.relief,
            sentence: { kind: l.kind, endDate: '2019-01-01', probationViolated: false },
          }));
          const result = evaluateRaw(record({ conviction: earlier(kind), others }));
          const found = remedyFor(result, 'pc1203.425');
          const codes = found?.reasons.map((r) => r.code) ?? [];
          const kinds = laters.map(expected);
          if (kinds.includes('bar')) {
            expect(found?.determination).toBe('not_eligible');
            expect(codes).toContain('new_felony_within_four_years');
            return;
          }
          expect(codes).not.toContain('new_felony_within_four_years');
          const asked = kinds.filter((k) => k !== 'none') as (keyof typeof CODES)[];
          if (asked.length > 0) {
            expect(found?.determination).toBe('needs_more_info');
            for (const k of asked) expect(codes).toContain(CODES[k]);
            for (const r of found?.reasons ?? []) expect(r.citation.startsWith(FELONY)).toBe(true);
            // The reason names the conviction to check as the matter page does, never by id.
            expect(found?.reasons.some((r) => /later\d/.test(r.text))).toBe(false);
            return;
          }
          expect(found?.determination).toBe('eligible_mandatory');
        },
      ),
      { numRuns: 150, seed: 1203425 },
    );
  });

  it('a reducing grant on the later felony still makes its own reduction already_relieved (one definition)', () => {
    for (const granted of REDUCING) {
      const result = evaluateRaw(
        record({
          conviction: {
            code: 'PC',
            section: '487(a)',
            level: 'felony',
            wobbler: true,
            convictionDate: '2013-01-10',
            reliefAlreadyGranted: granted,
            sentence: { kind: 'probation', endDate: '2015-01-10', executionSuspended: false },
          },
        }),
      );
      const reductions = result.results[0]?.remedies.filter((r) =>
        (['pc17b', 'prop47'] as string[]).includes(r.remedy),
      );
      for (const r of reductions ?? []) expect(r.determination).toBe('already_relieved');
    }
  });
});

// The tester's records: a PC 459 2nd felony to state prison ending 2012-06-01, then a felony in 2014.
const prison459 = {
  level: 'felony',
  code: 'PC',
  section: '459 2nd',
  convictionDate: '2010-03-01',
  sentence: { kind: 'state_prison', endDate: '2012-06-01' },
};
const later2014 = (over: Record<string, unknown>) => ({
  id: 'c2',
  level: 'felony',
  convictionDate: '2014-05-01',
  wobbler: null,
  sentence: { kind: 'probation', endDate: '2016-05-01', probationViolated: false },
  ...over,
});

const rows: Row[] = [
  ...REDUCING.map(
    (granted): Row => [
      `PC 1203.425(a)(1)(B)(v)(III): a later HS 11359 felony granted ${granted} is asked about`,
      {
        conviction: prison459,
        others: [later2014({ code: 'HS', section: '11359', reliefAlreadyGranted: granted })],
      },
      { determination: 'needs_more_info', code: 'later_felony_reduced' },
    ],
  ),
  [
    'PC 1203.425(a)(1)(B)(v)(III): a later PC 487(a) wobbler sentenced to jail only (PC 17(b)(1)) is asked about',
    {
      conviction: prison459,
      others: [
        later2014({ code: 'PC', section: '487(a)', sentence: { kind: 'jail_only', endDate: '2014-09-01' } }),
      ],
    },
    {
      determination: 'needs_more_info',
      code: 'later_felony_misdemeanor_by_17b1',
      citation: `${FELONY}; PC 17(b)(1)`,
    },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(III): the same felony without a grant still bars it',
    { conviction: prison459, others: [later2014({ code: 'HS', section: '11359' })] },
    { determination: 'not_eligible', code: 'new_felony_within_four_years', citation: FELONY },
  ],
];

describe('PC 1203.425 felony path: the tester’s records', () => {
  it.each(rows)('%s', (_name, spec, expected) => expectRow('pc1203.425', spec, expected));
});
