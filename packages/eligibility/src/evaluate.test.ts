import { REMEDY_IDS } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { conviction, evaluateRaw, record, remedyFor } from './test-support.ts';

describe('evaluateRecord', () => {
  it('names the rules version in force on asOf and echoes asOf', () => {
    const result = evaluateRaw(record({ asOf: '2023-08-15' }));
    expect(result.rulesVersion).toBe('ca-2023.01');
    expect(result.asOf).toBe('2023-08-15');
  });

  it('keeps input order for convictions and catalogue order for remedies', () => {
    const result = evaluateRaw({
      asOf: '2026-11-28',
      convictions: [
        conviction({
          id: 'b',
          level: 'felony',
          code: 'HS',
          section: '11350',
          wobbler: null,
          convictionDate: '2012-01-01',
        }),
        conviction({ id: 'a' }),
      ],
    });
    expect(result.results.map((r) => r.convictionId)).toEqual(['b', 'a']);
    for (const r of result.results) {
      const order = r.remedies.map((x) => REMEDY_IDS.indexOf(x.remedy));
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
  });

  it('reliefAlreadyGranted: that remedy is already_relieved (record outranks the rules)', () => {
    const result = evaluateRaw(record({ conviction: { reliefAlreadyGranted: 'pc1203.4' } }));
    const found = remedyFor(result, 'pc1203.4');
    expect(found?.determination).toBe('already_relieved');
    expect(found?.reasons[0]?.citation).toBe('PC 1203.4');
    expect(remedyFor(result, 'pc1203.425')?.determination).toBe('eligible_mandatory');
  });

  it('reliefAlreadyGranted for a remedy the rules do not cover is still reported', () => {
    const result = evaluateRaw(record({ conviction: { reliefAlreadyGranted: 'pc236.14' } }));
    expect(remedyFor(result, 'pc236.14')?.determination).toBe('already_relieved');
  });

  it('an empty conviction list gives no results', () => {
    expect(evaluateRaw({ asOf: '2026-11-28', convictions: [] }).results).toEqual([]);
  });

  it('leaves out remedies that cannot apply to this conviction (arrests, factual innocence, trafficking)', () => {
    const remedies = evaluateRaw(record()).results[0]?.remedies.map((r) => r.remedy) ?? [];
    for (const uncovered of ['pc851.91', 'pc851.93', 'pc851.8', 'pc1203.43', 'pc1203.49', 'pc236.14']) {
      expect(remedies).not.toContain(uncovered);
    }
  });

  it('unknown person facts (person omitted) become needs_more_info where they matter', () => {
    const result = evaluateRaw({ asOf: '2026-11-28', convictions: [conviction()] });
    expect(remedyFor(result, 'pc1203.4')?.determination).toBe('needs_more_info');
    expect(remedyFor(result, 'pc1203.4')?.reasons.map((r) => r.code)).toContain('missing_currently_charged');
  });
});
