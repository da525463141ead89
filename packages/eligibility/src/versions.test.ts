import { describe, expect, it } from 'vitest';
import { RULES_VERSIONS, rulesVersionFor } from './versions.ts';

describe('rules versions', () => {
  it.each([
    ['2021-01-01', 'ca-2021.01'],
    ['2022-06-30', 'ca-2021.01'],
    ['2022-07-01', 'ca-2022.07'],
    ['2022-12-31', 'ca-2022.07'],
    ['2023-01-01', 'ca-2023.01'],
    ['2023-06-30', 'ca-2023.01'],
    // SB 731's first operative date for the felony path changed nothing: it was deferred.
    ['2023-07-01', 'ca-2023.01'],
    ['2023-10-09', 'ca-2023.01'],
    ['2023-10-10', 'ca-2023.10'],
    ['2024-01-01', 'ca-2023.10'],
    ['2024-09-30', 'ca-2023.10'],
    ['2024-10-01', 'ca-2024.10'],
    ['2030-05-05', 'ca-2024.10'],
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

  it('SB 731 (1203.41 state prison) from 2023-01-01; SB 749 (no Prop 47 deadline) from 2023-10-10', () => {
    expect(rulesVersionFor('2022-12-31').pc1203_41CoversStatePrison).toBe(false);
    expect(rulesVersionFor('2023-01-01').pc1203_41CoversStatePrison).toBe(true);
    expect(rulesVersionFor('2023-10-09').prop47GoodCauseAfter).toBe('2022-11-04');
    expect(rulesVersionFor('2023-10-10').prop47GoodCauseAfter).toBeNull();
  });

  it('PC 1203.425: DOJ operates from 2022-07-01; the felony path from 2024-10-01, reaching 1973', () => {
    for (const v of RULES_VERSIONS) expect(v.automaticRelief.operativeFrom).toBe('2022-07-01');
    expect(rulesVersionFor('2022-06-30').automaticRelief.recordsFrom).toBe('2021-01-01');
    expect(rulesVersionFor('2022-07-01').automaticRelief.recordsFrom).toBe('1973-01-01');
    expect(rulesVersionFor('2022-12-31').automaticRelief.felonies).toBeNull();
    expect(rulesVersionFor('2024-09-30').automaticRelief.felonies).toEqual({
      operativeFrom: '2024-10-01',
      recordsFrom: '2005-01-01',
    });
    expect(rulesVersionFor('2024-10-01').automaticRelief.felonies).toEqual({
      operativeFrom: '2024-10-01',
      recordsFrom: '1973-01-01',
    });
  });
});
