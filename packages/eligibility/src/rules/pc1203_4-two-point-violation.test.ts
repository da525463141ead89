// PC 1203.4(a)(1), (c)(2): a two-point driving offense is discretionary only, and when probation was
// violated the violation is among the reasons too (the attorney's discretionary ask needs it).
// Generated over two-point and other sections, violation, early discharge and the probation's end.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AS_OF, evaluateRaw, record, remedyFor } from '../test-support.ts';

const TWO_POINT = [
  { code: 'VC', section: '23103' },
  { code: 'VC', section: '23103.5' },
  { code: 'VC', section: '23152(a)' },
  { code: 'VC', section: '20002' },
  { code: 'VC', section: '14601.1' },
  { code: 'PC', section: '192(c)' },
];
const OTHER = [
  { code: 'PC', section: '484(a)' },
  { code: 'VC', section: '10851' },
];

describe('PC 1203.4: a two-point offense with a probation violation names the violation', () => {
  it('over sections, violation, early discharge and the day probation ends', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          ...TWO_POINT.map((s) => ({ ...s, twoPoint: true })),
          ...OTHER.map((s) => ({ ...s, twoPoint: false })),
        ),
        fc.constantFrom(true, false, null),
        fc.constantFrom(true, false, null),
        // The last day of probation: well before, the day before and on asOf (2026-11-28).
        fc.constantFrom('2020-05-01', '2026-11-27', AS_OF),
        (where, probationViolated, probationTerminatedEarly, endDate) => {
          const result = evaluateRaw(
            record({
              conviction: {
                code: where.code,
                section: where.section,
                level: 'misdemeanor',
                convictionDate: '2019-05-01',
                sentence: { endDate, probationViolated, probationTerminatedEarly },
              },
            }),
          );
          const found = remedyFor(result, 'pc1203.4');
          const codes = found?.reasons.map((r) => r.code) ?? [];
          if (endDate >= AS_OF) {
            expect(found?.determination).toBe('eligible_later');
            return;
          }
          const violated = probationViolated === true && probationTerminatedEarly !== true;
          if (where.twoPoint) {
            expect(found?.determination).toBe('eligible_discretionary');
            expect(codes).toContain('probation_completed');
            expect(codes).toContain('two_point_offense');
            expect(codes.includes('probation_violated')).toBe(violated);
            expect(codes).not.toContain('missing_probation_violated');
            return;
          }
          if (violated) {
            expect(found?.determination).toBe('eligible_discretionary');
            expect(codes).toContain('probation_violated');
          } else if (probationTerminatedEarly === true || probationViolated === false) {
            expect(found?.determination).toBe('eligible_mandatory');
          } else {
            expect(found?.determination).toBe('needs_more_info');
            expect(codes).toContain('missing_probation_violated');
          }
        },
      ),
      { numRuns: 120, seed: 12034 },
    );
  });

  it('the tester’s record: VC 23103, probation violated', () => {
    const result = evaluateRaw(
      record({
        conviction: { code: 'VC', section: '23103', sentence: { probationViolated: true } },
      }),
    );
    const found = remedyFor(result, 'pc1203.4');
    expect(found?.determination).toBe('eligible_discretionary');
    expect(found?.reasons.map((r) => [r.code, r.citation])).toEqual([
      ['probation_completed', 'PC 1203.4(a)(1)'],
      ['two_point_offense', 'PC 1203.4(c)(2); VC 12810(c)'],
      ['probation_violated', 'PC 1203.4(a)(1)'],
    ]);
  });
});
