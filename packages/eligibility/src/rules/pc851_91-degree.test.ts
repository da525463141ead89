// PC 851.91(a)(1)(A); PC 800-801: a felony arrest written without its degree (a bare PC 459) is decided
// when every degree gives the same limitation period; when the degrees differ, or one is unknown to the
// rules (first-degree burglary's maximum term, PC 461(a), was not read), it is asked, saying which
// degree gives what. Generated over the ways a degree is written, dispositions and the 3-year mark.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addYears } from '../dates.ts';
import { type ParsedSection, parseSection } from '../sections.ts';
import { AS_OF, arrest, evaluateRaw, record } from '../test-support.ts';
import { yearsOverDegrees } from './arrests.ts';

const WRITTEN = [
  { section: '459', degree: null },
  { section: 'burglary 459', degree: null },
  { section: '459 2nd', degree: 2 },
  { section: '460(b)', degree: 2 },
  { section: '459 second degree', degree: 2 },
  { section: '459 1st', degree: 1 },
  { section: '460(a)', degree: 1 },
] as const;

describe('PC 851.91: a burglary arrest and its degree', () => {
  it('over how the degree is written, the disposition and the 3-year mark', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...WRITTEN),
        fc.constantFrom('no_charges', 'dismissed'),
        fc.constantFrom(-1, 0, 1),
        (written, disposition, shift) => {
          const date = addDays(addYears(AS_OF, -3), shift);
          const result = evaluateRaw(
            record({
              arrests: [
                arrest({
                  code: 'PC',
                  section: written.section,
                  level: 'felony',
                  date,
                  disposition,
                  dispositionDate: disposition === 'dismissed' ? date : null,
                }),
              ],
            }),
          );
          const found = result.arrestResults?.[0]?.remedies.find((r) => r.remedy === 'pc851.91');
          const codes = found?.reasons.map((r) => r.code) ?? [];
          if (written.degree === 2) {
            // Three years: run on the day after the third anniversary of the arrest.
            const run = addDays(addYears(date, 3), 1) <= AS_OF;
            if (disposition === 'no_charges') {
              expect(found?.determination).toBe(run ? 'eligible_mandatory' : 'eligible_later');
            } else {
              expect(codes).toContain(run ? 'limitation_period_run' : 'missing_refiling');
            }
            return;
          }
          expect(found?.determination).toBe('needs_more_info');
          expect(codes).toEqual(['missing_limitation_period']);
          const text = found?.reasons[0]?.text ?? '';
          if (written.degree === null) {
            expect(text).toContain('second degree gives 3 years');
            expect(text).toContain('PC 461(a), not read');
          } else {
            expect(text).not.toContain('does not give the degree');
          }
        },
      ),
      { numRuns: 60, seed: 85191 },
    );
  });

  it('a section without its degree is decided when every degree gives the same answer', () => {
    const bare = parseSection('PC', '459');
    const same = (s: ParsedSection) => (s.degree === null ? null : 3);
    const differ = (s: ParsedSection) => (s.degree === 1 ? 6 : s.degree === 2 ? 3 : null);
    const oneUnknown = (s: ParsedSection) => (s.degree === 2 ? 3 : null);
    expect(yearsOverDegrees(bare, same)).toBe(3);
    expect(yearsOverDegrees(bare, differ)).toBeNull();
    expect(yearsOverDegrees(bare, oneUnknown)).toBeNull();
    // A degree on the record is used as written; an answer without the degree is kept.
    expect(yearsOverDegrees(parseSection('PC', '459 1st'), oneUnknown)).toBeNull();
    expect(yearsOverDegrees(parseSection('PC', '459 2nd'), oneUnknown)).toBe(3);
    expect(yearsOverDegrees(parseSection('HS', '11351'), () => 3)).toBe(3);
  });
});
