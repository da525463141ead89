// "After the lapse of one year from the date of pronouncement of judgment" (PC 1203.4a(a)) and "one
// year has elapsed since the date of judgment" (PC 1203.425(a)(1)(B)(v)(II)): California excludes the
// first day and includes the last (Civ. Code 10, CCP 12), so the year ends with the anniversary and
// relief starts the day after it. Checked on the day before, of and after the anniversary, and for a
// judgment of 29 February, whose anniversary in a common year is 28 February.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.ts';
import { evaluateRaw, record, remedyFor } from '../test-support.ts';

/** A misdemeanor fine, paid the day of judgment: only the year from judgment can stand in the way. */
function fineOnly(convictionDate: string, asOf: string) {
  return evaluateRaw(
    record({
      asOf,
      conviction: {
        section: '415',
        convictionDate,
        sentence: { kind: 'fine_only', endDate: convictionDate },
      },
    }),
  );
}

const cases: [judgment: string, anniversary: string, firstDay: string][] = [
  ['2025-12-06', '2026-12-06', '2026-12-07'],
  // 29 February: the year from 1 March 2024 has run at the end of 28 February 2025.
  ['2024-02-29', '2025-02-28', '2025-03-01'],
  // The day before 29 February: a year later is 28 February, then 29 February of the leap year.
  ['2023-02-28', '2024-02-28', '2024-02-29'],
  ['2024-02-28', '2025-02-28', '2025-03-01'],
];

describe.each(['pc1203.4a', 'pc1203.425'] as const)('%s: a year from judgment', (remedy) => {
  it.each(cases)('judgment %s: not on the anniversary %s, from %s', (judgment, anniversary, firstDay) => {
    for (const asOf of [addDays(anniversary, -1), anniversary]) {
      const found = remedyFor(fineOnly(judgment, asOf), remedy);
      expect(found?.determination, asOf).toBe('eligible_later');
      expect(found?.eligibleOn, asOf).toBe(firstDay);
      expect(found?.reasons.map((r) => r.code)).toContain('year_not_passed');
    }
    const available = remedyFor(fineOnly(judgment, firstDay), remedy);
    expect(available?.determination).toBe('eligible_mandatory');
    expect(available?.reasons.map((r) => r.code)).toContain('year_since_judgment');
  });

  it('says "more than a year has passed" only once a whole year has (any judgment day)', () => {
    const day = fc.integer({ min: 0, max: 3 * 366 }).map((d) => addDays('2022-07-01', d));
    fc.assert(
      fc.property(day, fc.integer({ min: 360, max: 370 }), (judgment, after) => {
        const asOf = addDays(judgment, after);
        const found = remedyFor(fineOnly(judgment, asOf), remedy);
        const [y, m, d] = judgment.split('-').map(Number) as [number, number, number];
        // The anniversary, 29 February falling back to 28 February in a common year.
        const sameDay = new Date(Date.UTC(y + 1, m - 1, d));
        const anniversary = (sameDay.getUTCMonth() === m - 1 ? sameDay : new Date(Date.UTC(y + 1, m - 1, 28)))
          .toISOString()
          .slice(0, 10);
        const passed = found?.reasons.some((r) => r.code === 'year_since_judgment') ?? false;
        expect(passed, `${judgment} as of ${asOf}`).toBe(asOf > anniversary);
      }),
      { numRuns: 400, seed: 20261206 },
    );
  });
});
