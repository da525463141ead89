// PC 851.93(a)(2)(C): a felony arrest with no charges for an offense with no limitation period (PC 799)
// is asked about, not granted after 6 years: PC 851.91(a)(2)(B) leaves such arrests out of sealing and
// 851.93's own text on it was not read. Generated over sections, dispositions, arrest dates around the
// 3- and 6-year marks and dates before and after felony arrest relief operated (2024-10-01).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addYears } from '../dates.ts';
import { arrest, evaluateRaw, record } from '../test-support.ts';

const NONE = [
  { code: 'PC', section: '187(a)' },
  { code: 'PC', section: '187' },
  { code: 'PC', section: '209(b)(1)' },
  { code: 'PC', section: '269' },
  { code: 'PC', section: '288.7(a)' },
];
const OTHERS = [
  { code: 'PC', section: '215' }, // 8 years or more: 6
  { code: 'HS', section: '11351' }, // 1170(h): 3
];

describe('PC 851.93(a)(2)(C): offenses with no limitation period', () => {
  it('over sections, dispositions, the 3- and 6-year marks and the rules version', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          ...NONE.map((s) => ({ ...s, none: true })),
          ...OTHERS.map((s) => ({ ...s, none: false })),
        ),
        fc.constantFrom('no_charges', 'acquitted'),
        fc.constantFrom('2026-11-28', '2024-12-01'),
        fc.constantFrom(-1, 0, 1),
        fc.constantFrom(3, 6),
        (where, disposition, asOf, shift, years) => {
          const date = addDays(addYears(asOf, -years), shift);
          const result = evaluateRaw(
            record({
              asOf,
              arrests: [
                arrest({
                  ...where,
                  level: 'felony',
                  date,
                  disposition,
                  dispositionDate: disposition === 'acquitted' ? asOf : null,
                }),
              ],
            }),
          );
          const found = result.arrestResults?.[0]?.remedies.find((r) => r.remedy === 'pc851.93');
          const codes = found?.reasons.map((r) => r.code) ?? [];
          if (where.none && disposition === 'no_charges') {
            expect(found?.determination).toBe('needs_more_info');
            expect(codes).toEqual(['no_limitation_period_check']);
            expect(found?.reasons[0]?.citation).toBe('PC 851.93(a)(2)(C); PC 799; PC 851.91(a)(2)(B)');
            return;
          }
          expect(codes).not.toContain('no_limitation_period_check');
          if (disposition === 'acquitted') expect(found?.determination).toBe('eligible_mandatory');
          else expect(['eligible_mandatory', 'eligible_later']).toContain(found?.determination);
        },
      ),
      { numRuns: 100, seed: 85193 },
    );
  });

  it('the tester’s record: PC 187(a), arrested 2015, no charges', () => {
    const result = evaluateRaw(
      record({
        asOf: '2026-12-06',
        arrests: [arrest({ code: 'PC', section: '187(a)', level: 'felony', date: '2015-03-01' })],
      }),
    );
    const remedies = result.arrestResults?.[0]?.remedies ?? [];
    expect(remedies.find((r) => r.remedy === 'pc851.93')?.determination).toBe('needs_more_info');
    expect(remedies.find((r) => r.remedy === 'pc851.91')?.determination).toBe('not_eligible');
  });
});
