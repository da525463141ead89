import { describe, expect, it } from 'vitest';
import { RULES_VERSIONS, rulesVersionFor } from './versions.ts';

describe('rules versions', () => {
  it.each([
    ['2021-01-01', 'ca-2021.01'],
    ['2022-12-31', 'ca-2021.01'],
    ['2023-01-01', 'ca-2023.01'],
    ['2023-06-30', 'ca-2023.01'],
    ['2023-07-01', 'ca-2023.07'],
    ['2024-01-01', 'ca-2024.01'],
    ['2030-05-05', 'ca-2024.01'],
  ])('on %s the rules in force are %s', (asOf, id) => {
    expect(rulesVersionFor(asOf).id).toBe(id);
  });

  it('refuses dates before the first version', () => {
    expect(() => rulesVersionFor('2020-12-31')).toThrow(RangeError);
  });

  it('lists versions in effective-date order with unique ids and at least one change each', () => {
    const dates = RULES_VERSIONS.map((v) => v.effectiveDate);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(RULES_VERSIONS.map((v) => v.id)).size).toBe(RULES_VERSIONS.length);
    for (const v of RULES_VERSIONS) expect(v.changes.length).toBeGreaterThan(0);
  });

  it('SB 731 (1203.41 state prison) from ca-2023.01; SB 749 (no Prop 47 deadline) from ca-2024.01', () => {
    expect(rulesVersionFor('2022-12-31').pc1203_41CoversStatePrison).toBe(false);
    expect(rulesVersionFor('2023-01-01').pc1203_41CoversStatePrison).toBe(true);
    expect(rulesVersionFor('2023-12-31').prop47GoodCauseAfter).toBe('2022-11-04');
    expect(rulesVersionFor('2024-01-01').prop47GoodCauseAfter).toBeNull();
  });
});
