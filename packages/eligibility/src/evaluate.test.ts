import { REMEDY_IDS } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { arrest, conviction, evaluateRaw, record, remedyFor } from './test-support.ts';

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

  describe('a felony already reduced is not offered another reduction', () => {
    // HS 11377(a), a wobbler and a Prop 47 offense, convicted before Prop 47 on probation since completed.
    const possession = {
      code: 'HS',
      section: '11377(a)',
      level: 'felony',
      wobbler: true,
      convictionDate: '2012-03-01',
      sentence: { kind: 'probation', endDate: '2015-03-01' },
    };

    it('after a PC 17(b) reduction, Prop 47 is not suggested as a redesignation', () => {
      const result = evaluateRaw(record({ conviction: { ...possession, reliefAlreadyGranted: 'pc17b' } }));
      expect(remedyFor(result, 'pc17b')?.determination).toBe('already_relieved');
      const prop47 = remedyFor(result, 'prop47');
      expect(prop47?.determination).toBe('already_relieved');
      expect(prop47?.reasons.map((r) => r.text)).toEqual([
        'The record shows this conviction was already declared a misdemeanor under PC 17(b): it is no longer a felony, so PC 1170.18 has nothing left to reduce.',
      ]);
      expect(prop47?.reasons[0]?.citation).toBe('PC 17(b); PC 1170.18');
    });

    it('after a Prop 47 redesignation, PC 17(b) is not suggested ("may be declared a misdemeanor")', () => {
      const result = evaluateRaw(record({ conviction: { ...possession, reliefAlreadyGranted: 'prop47' } }));
      const pc17b = remedyFor(result, 'pc17b');
      expect(pc17b?.determination).toBe('already_relieved');
      expect(pc17b?.reasons[0]?.text).toBe(
        'The record shows this conviction was already redesignated a misdemeanor under Prop 47 (PC 1170.18): it is no longer a felony, so PC 17(b) has nothing left to reduce.',
      );
    });

    it('after Prop 64, neither PC 17(b) nor Prop 47 is offered; other relief still is', () => {
      const result = evaluateRaw(
        record({ conviction: { ...possession, section: '11357(a)', reliefAlreadyGranted: 'prop64' } }),
      );
      for (const reduction of ['pc17b', 'prop47'] as const) {
        expect(remedyFor(result, reduction)?.determination).toBe('already_relieved');
        expect(remedyFor(result, reduction)?.reasons[0]?.text).toMatch(
          /already redesignated or dismissed under Prop 64/,
        );
      }
      expect(remedyFor(result, 'pc1203.4')?.determination).not.toBe('already_relieved');
    });

    it('a dismissal granted (PC 1203.4) does not stand for a reduction', () => {
      const result = evaluateRaw(record({ conviction: { ...possession, reliefAlreadyGranted: 'pc1203.4' } }));
      expect(remedyFor(result, 'prop47')?.determination).toBe('eligible_mandatory');
    });
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

describe('reason text', () => {
  const texts = (found: { reasons: { text: string }[] } | undefined) => found?.reasons.map((r) => r.text);

  it('writes dates as the rest of the app does, e.g. "Jun 24, 2008", with the citations as they were', () => {
    const result = evaluateRaw(
      record({
        conviction: { convictionDate: '2006-06-24', sentence: { endDate: '2008-06-24' } },
        others: [
          conviction({
            id: 'c2',
            code: 'PC',
            section: '666',
            level: 'felony',
            convictionDate: '2011-03-02',
            sentence: { kind: 'county_jail_1170h', endDate: '2012-09-01', mandatorySupervision: true },
          }),
        ],
        arrests: [arrest({ date: '2019-04-10' })],
      }),
    );
    const pc1203_4 = remedyFor(result, 'pc1203.4');
    expect(texts(pc1203_4)).toContain('Probation ended on Jun 24, 2008.');
    expect(pc1203_4?.reasons.find((r) => r.code === 'probation_completed')?.citation).toBe('PC 1203.4(a)(1)');
    expect(texts(pc1203_4)).toContain(
      'A later conviction (PC 666 (felony), convicted Mar 2, 2011) does not take away the right earned by completing probation.',
    );
    expect(texts(remedyFor(result, 'pc1203.41', 1))).toContain(
      '1 year has passed since the sentence ended on Sep 1, 2012.',
    );
    const arrestRemedies = result.arrestResults?.[0]?.remedies ?? [];
    expect(texts(arrestRemedies.find((r) => r.remedy === 'pc851.91'))).toContain(
      'No charges were filed and the 1-year limitation period ran by Apr 11, 2020 (the arrest date stands in for the offense date).',
    );
    expect(texts(arrestRemedies.find((r) => r.remedy === 'pc851.93'))).toContain(
      'A year has passed since the arrest on Apr 10, 2019 with no charges filed.',
    );
  });
});
