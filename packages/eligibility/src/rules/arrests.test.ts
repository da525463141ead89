import { describe, expect, it } from 'vitest';
import { arrest, evaluateRaw, expectArrestRow, type Row, record } from '../test-support.ts';

const felonyArrest = (over: Record<string, unknown> = {}) =>
  arrest({ level: 'felony', code: 'HS', section: '11351', ...over });

const sealRows: Row[] = [
  [
    'PC 851.91(a)(1)(A): misdemeanor, no charges, the 1-year limitation period has run -> as of right',
    {},
    { determination: 'eligible_mandatory', code: 'sealing_as_of_right', citation: 'PC 851.91(c)(1)' },
  ],
  [
    'PC 851.91(a)(1)(A); PC 802: no charges, limitation period still running, the day before it runs',
    { asOf: '2026-05-02', arrests: [arrest({ date: '2025-05-02' })] },
    { determination: 'eligible_later', eligibleOn: '2026-05-03', code: 'limitation_period_running' },
  ],
  [
    'PC 851.91(a)(1)(A); PC 802: no charges, on the day the limitation period has run',
    { asOf: '2026-05-03', arrests: [arrest({ date: '2025-05-02' })] },
    { determination: 'eligible_mandatory', code: 'limitation_period_run' },
  ],
  [
    'PC 851.91(a)(1)(A); PC 802: an arrest on 29 February: the year ends 28 February, runs on 1 March',
    { asOf: '2025-02-28', arrests: [arrest({ date: '2024-02-29' })] },
    { determination: 'eligible_later', eligibleOn: '2025-03-01', code: 'limitation_period_running' },
  ],
  [
    'PC 851.91(a)(1)(A); PC 801: felony (under 8 years), no charges -> 3 years',
    { arrests: [felonyArrest({ date: '2025-01-15' })] },
    { determination: 'eligible_later', eligibleOn: '2028-01-16' },
  ],
  [
    'PC 851.91(a)(1)(A); PC 800: felony punishable by 8 years or more -> 6 years',
    { arrests: [felonyArrest({ code: 'PC', section: '215', date: '2022-01-15' })] },
    { determination: 'eligible_later', eligibleOn: '2028-01-16' },
  ],
  // Two counts of one arrest on a RAP sheet are two arrest records: sealing is of the whole arrest.
  [
    'PC 851.91(a)(2)(A): another charge of the same arrest (same day, same agency) is pending -> not eligible',
    {
      arrests: [
        arrest({ agency: 'CAPD OAKLAND', disposition: 'dismissed', dispositionDate: '2019-09-01' }),
        felonyArrest({
          id: 'a2',
          agency: 'capd  oakland',
          code: 'VC',
          section: '10851(a)',
          disposition: 'pending',
        }),
      ],
    },
    { determination: 'not_eligible', code: 'other_charge_pending', citation: 'PC 851.91(a)(2)(A)' },
  ],
  [
    'PC 851.91(a)(1)(B): how another charge of the same arrest ended is not known -> asked',
    {
      arrests: [
        arrest({ agency: 'CAPD OAKLAND', disposition: 'dismissed', dispositionDate: '2019-09-01' }),
        felonyArrest({
          id: 'a2',
          agency: 'CAPD OAKLAND',
          code: 'VC',
          section: '10851(a)',
          disposition: 'unknown',
        }),
      ],
    },
    { determination: 'needs_more_info', code: 'other_charge_unknown' },
  ],
  [
    'PC 851.91: an arrest on another day, or by another agency, is another arrest',
    {
      arrests: [
        arrest({ agency: 'CAPD OAKLAND' }),
        felonyArrest({ id: 'a2', agency: 'CAPD OAKLAND', date: '2019-05-03', disposition: 'pending' }),
        felonyArrest({ id: 'a3', agency: 'CASO ALAMEDA', disposition: 'pending' }),
        felonyArrest({ id: 'a4', disposition: 'pending' }),
      ],
    },
    { determination: 'eligible_mandatory', code: 'sealing_as_of_right' },
  ],
  [
    'PC 851.91(a)(2)(B): no limitation period (murder), not acquitted -> not eligible',
    { arrests: [felonyArrest({ code: 'PC', section: '187', date: '2000-01-15' })] },
    { determination: 'not_eligible', code: 'no_limitation_period', citation: 'PC 851.91(a)(2)(B); PC 799' },
  ],
  [
    'PC 851.91(a)(1)(B)(ii): acquitted, even of murder -> as of right',
    {
      arrests: [
        felonyArrest({ code: 'PC', section: '187', disposition: 'acquitted', dispositionDate: '2020-01-01' }),
      ],
    },
    { determination: 'eligible_mandatory', code: 'acquitted', citation: 'PC 851.91(a)(1)(B)(ii)' },
  ],
  // PC 799(b), 801.1, 802(b), 803.7: the period may be longer than the general one, or none, by facts
  // an arrest does not record; asked, never counted as run (the general period had PC 261(a)(2)
  // "run" after 6 years, PC 273.5 after 3 and PC 647.6 after 1).
  [
    'PC 799(b): rape, no charges, the general 6 years passed -> asked, not sealing as of right',
    { arrests: [felonyArrest({ code: 'PC', section: '261(a)(2)', date: '2018-06-01' })] },
    { determination: 'needs_more_info', code: 'missing_limitation_period' },
  ],
  [
    'PC 803.7: felony domestic violence, no charges, 3 years passed -> asked',
    { arrests: [felonyArrest({ code: 'PC', section: '273.5(a)', date: '2022-06-01' })] },
    { determination: 'needs_more_info', code: 'missing_limitation_period' },
  ],
  [
    'PC 803.7: felony domestic violence, dismissed, 3 years passed -> asked whether it may be refiled',
    {
      arrests: [
        felonyArrest({
          code: 'PC',
          section: '273.5(a)',
          date: '2022-06-01',
          disposition: 'dismissed',
          dispositionDate: '2022-09-01',
        }),
      ],
    },
    { determination: 'needs_more_info', code: 'missing_limitation_period' },
  ],
  [
    'PC 802(b): misdemeanor annoying a child, no charges, 1 year passed -> asked',
    { arrests: [arrest({ code: 'PC', section: '647.6(a)(1)', date: '2025-01-10' })] },
    { determination: 'needs_more_info', code: 'missing_limitation_period' },
  ],
  [
    'PC 851.91(a)(1)(A): a felony the rules cannot place in a limitation period is asked about',
    { arrests: [felonyArrest({ code: 'PC', section: '12345' })] },
    { determination: 'needs_more_info', code: 'missing_limitation_period' },
  ],
  [
    'PC 851.91(a)(1)(B)(i): dismissed and the limitation period has run -> cannot be refiled',
    { arrests: [arrest({ disposition: 'dismissed', dispositionDate: '2019-09-01' })] },
    { determination: 'eligible_mandatory', code: 'limitation_period_run' },
  ],
  [
    'PC 851.91(a)(1)(B)(i); PC 1387: dismissed recently -> ask whether it may be refiled',
    { arrests: [arrest({ date: '2026-03-01', disposition: 'dismissed', dispositionDate: '2026-06-01' })] },
    {
      determination: 'needs_more_info',
      code: 'missing_refiling',
      citation: 'PC 851.91(a)(1)(B)(i); PC 1387',
    },
  ],
  [
    'PC 851.91(a)(1)(B)(i): diversion completed -> dismissed for good',
    { arrests: [arrest({ disposition: 'diversion_completed', dispositionDate: '2020-05-01' })] },
    { determination: 'eligible_mandatory', code: 'diversion_dismissal' },
  ],
  [
    'PC 851.91(a)(2)(A): the case is still pending',
    { arrests: [arrest({ disposition: 'pending' })] },
    { determination: 'not_eligible', code: 'charges_pending', citation: 'PC 851.91(a)(2)(A)' },
  ],
  [
    'PC 851.91(a)(1): an unknown disposition is asked about',
    { arrests: [arrest({ disposition: 'unknown' })] },
    { determination: 'needs_more_info', code: 'missing_disposition' },
  ],
  [
    'PC 851.91(c)(2): a pattern of domestic violence (two convictions within three years) -> interests of justice',
    {
      conviction: { section: '273.5(a)', convictionDate: '2018-01-10' },
      others: [
        {
          id: 'c2',
          code: 'PC',
          section: '243(e)(1)',
          level: 'misdemeanor',
          convictionDate: '2020-02-01',
          sentence: { kind: 'probation', endDate: '2021-02-01' },
        },
      ],
      // Acquitted: whether charges may still be filed (PC 803.7) is not in question.
      arrests: [
        arrest({
          section: '273.5(a)',
          date: '2019-05-02',
          disposition: 'acquitted',
          dispositionDate: '2019-09-01',
        }),
      ],
    },
    { determination: 'eligible_discretionary', code: 'abuse_pattern', citation: 'PC 851.91(c)(2)' },
  ],
  [
    'PC 851.91(c)(1): one domestic violence arrest without a pattern, acquitted -> as of right',
    { arrests: [arrest({ section: '273.5(a)', disposition: 'acquitted', dispositionDate: '2019-09-01' })] },
    { determination: 'eligible_mandatory', code: 'sealing_as_of_right' },
  ],
];

const autoRows: Row[] = [
  [
    'PC 851.93(a)(2)(B): misdemeanor, no charges, a year after the arrest -> relief may already be granted',
    {},
    { determination: 'eligible_mandatory', code: 'arrest_wait_passed', citation: 'PC 851.93(a)(2)(B)' },
  ],
  [
    'PC 851.93(a)(2)(B): misdemeanor, no charges, the day before the anniversary',
    { asOf: '2026-05-01', arrests: [arrest({ date: '2025-05-02' })] },
    { determination: 'eligible_later', eligibleOn: '2026-05-03', code: 'arrest_wait_not_passed' },
  ],
  [
    // The year has elapsed at the end of the anniversary (Civ. Code 10: the last day included).
    'PC 851.93(a)(2)(B): misdemeanor, no charges, on the anniversary the year has not yet elapsed',
    { asOf: '2026-05-02', arrests: [arrest({ date: '2025-05-02' })] },
    { determination: 'eligible_later', eligibleOn: '2026-05-03', code: 'arrest_wait_not_passed' },
  ],
  [
    'PC 851.93(a)(2)(B): misdemeanor, no charges, the day after the anniversary',
    { asOf: '2026-05-03', arrests: [arrest({ date: '2025-05-02' })] },
    { determination: 'eligible_mandatory', code: 'check_rap_sheet' },
  ],
  [
    'PC 851.93(a)(2)(B): an arrest on 29 February: its anniversary in a common year is 28 February',
    { asOf: '2025-02-28', arrests: [arrest({ date: '2024-02-29' })] },
    { determination: 'eligible_later', eligibleOn: '2025-03-01', code: 'arrest_wait_not_passed' },
  ],
  [
    'PC 851.93(a)(2)(A): misdemeanor dismissed -> at once',
    { arrests: [arrest({ date: '2026-06-01', disposition: 'dismissed', dispositionDate: '2026-07-01' })] },
    { determination: 'eligible_mandatory', code: 'misdemeanor_dismissed', citation: 'PC 851.93(a)(2)(A)' },
  ],
  [
    'PC 851.93(a)(2)(B): misdemeanor acquitted -> at once',
    { arrests: [arrest({ date: '2026-06-01', disposition: 'acquitted', dispositionDate: '2026-09-01' })] },
    { determination: 'eligible_mandatory', code: 'acquitted' },
  ],
  [
    'PC 851.93(a)(2)(C)(i): felony under 8 years, no charges -> 3 years',
    { arrests: [felonyArrest({ date: '2024-02-10' })] },
    {
      determination: 'eligible_later',
      eligibleOn: '2027-02-11',
      citation: 'PC 851.93(a)(2)(C)(i)',
      code: 'arrest_wait_not_passed',
    },
  ],
  [
    'PC 851.93(a)(2)(C)(ii): felony punishable by 8 years or more -> 6 years',
    { arrests: [felonyArrest({ code: 'PC', section: '215', date: '2022-02-10' })] },
    {
      determination: 'eligible_later',
      eligibleOn: '2028-02-11',
      citation: 'PC 851.93(a)(2)(C)(ii)',
      code: 'arrest_wait_not_passed',
    },
  ],
  [
    'PC 851.93(a)(2)(C)(i)-(ii): unknown maximum term inside six years is asked about',
    { arrests: [felonyArrest({ code: 'PC', section: '12345', date: '2022-02-10' })] },
    { determination: 'needs_more_info', code: 'missing_max_term' },
  ],
  [
    'PC 851.93(a)(2)(C): unknown maximum term no longer matters after six years',
    { arrests: [felonyArrest({ code: 'PC', section: '12345', date: '2015-02-10' })] },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 851.93(a)(2)(C): felony charges filed and dismissed are outside it (851.91 instead)',
    { arrests: [felonyArrest({ disposition: 'dismissed', dispositionDate: '2020-01-01' })] },
    { determination: 'not_eligible', code: 'felony_charges_dismissed' },
  ],
  [
    'PC 851.93(a)(2)(D): completed diversion -> at once',
    {
      arrests: [
        felonyArrest({
          date: '2026-01-01',
          disposition: 'diversion_completed',
          dispositionDate: '2026-10-01',
        }),
      ],
    },
    { determination: 'eligible_mandatory', code: 'diversion_completed', citation: 'PC 851.93(a)(2)(D)' },
  ],
  [
    'PC 851.93(a)(2): pending -> not eligible',
    { arrests: [arrest({ disposition: 'pending' })] },
    { determination: 'not_eligible', code: 'charges_pending' },
  ],
  [
    'PC 851.93(a)(1) (ca-2021.01, 2022-06-30): not operating yet -> from 2022-07-01',
    { asOf: '2022-06-30', arrests: [arrest({ date: '2021-02-01' })] },
    {
      determination: 'eligible_later',
      eligibleOn: '2022-07-01',
      rulesVersion: 'ca-2021.01',
      code: 'automatic_relief_not_operating',
    },
  ],
  [
    'PC 851.93(a)(2) (ca-2021.01): arrests before 2021 not covered',
    { asOf: '2022-06-30', arrests: [arrest({ date: '2019-05-02' })] },
    { determination: 'not_eligible', code: 'arrest_before_covered_period' },
  ],
  [
    'PC 851.93(a)(2) (ca-2022.07, 2022-07-01): arrests from 1973',
    { asOf: '2022-07-01', arrests: [arrest({ date: '1990-05-02' })] },
    { determination: 'eligible_mandatory', rulesVersion: 'ca-2022.07' },
  ],
  [
    'PC 851.93(a)(2)(C) (ca-2022.07): a state-prison felony arrest was not covered before SB 731',
    { asOf: '2022-12-31', arrests: [felonyArrest({ code: 'PC', section: '211', date: '2015-02-10' })] },
    { determination: 'not_eligible', code: 'state_prison_arrest_not_covered' },
  ],
  [
    'PC 851.93(a)(2)(C) (ca-2023.10, 2024-09-30): a state-prison felony arrest waits for 2024-10-01',
    { asOf: '2024-09-30', arrests: [felonyArrest({ code: 'PC', section: '211', date: '2015-02-10' })] },
    { determination: 'eligible_later', eligibleOn: '2024-10-01', code: 'felony_arrest_relief_not_operating' },
  ],
  [
    'PC 851.93(a)(2)(C) (ca-2024.10, 2024-10-01): a state-prison felony arrest is covered',
    { asOf: '2024-10-01', arrests: [felonyArrest({ code: 'PC', section: '211', date: '2015-02-10' })] },
    { determination: 'eligible_mandatory', rulesVersion: 'ca-2024.10' },
  ],
  [
    'PC 851.93(a)(2)(C) (ca-2022.07): a 1170(h) felony arrest was covered from the start',
    { asOf: '2022-12-31', arrests: [felonyArrest({ date: '2015-02-10' })] },
    { determination: 'eligible_mandatory', code: 'arrest_wait_passed' },
  ],
];

describe('PC 851.91 petition to seal an arrest', () => {
  it.each(sealRows)('%s', (_name, spec, expected) => expectArrestRow('pc851.91', spec, expected));
});

describe('PC 851.93 automatic arrest relief', () => {
  it.each(autoRows)('%s', (_name, spec, expected) => expectArrestRow('pc851.93', spec, expected));
});

describe('arrest results in the output', () => {
  it('are absent when the input has no arrests list, so the output is unchanged', () => {
    expect(evaluateRaw(record())).not.toHaveProperty('arrestResults');
  });

  it('carry arrestId, in input order, and never mix into the conviction results', () => {
    const result = evaluateRaw(record({ arrests: [arrest({ id: 'b' }), arrest({ id: 'a' })] }));
    expect(result.arrestResults?.map((r) => r.arrestId)).toEqual(['b', 'a']);
    expect(result.results.map((r) => r.convictionId)).toEqual(['c1']);
    expect(result.arrestResults?.[0]?.remedies.map((r) => r.remedy)).toEqual(['pc851.91', 'pc851.93']);
  });

  it('an empty arrests list gives an empty arrestResults list', () => {
    expect(evaluateRaw(record({ arrests: [] })).arrestResults).toEqual([]);
  });

  it('reliefAlreadyGranted on an arrest makes that remedy already_relieved', () => {
    const result = evaluateRaw(record({ arrests: [arrest({ reliefAlreadyGranted: 'pc851.93' })] }));
    const found = result.arrestResults?.[0]?.remedies.find((r) => r.remedy === 'pc851.93');
    expect(found?.determination).toBe('already_relieved');
  });
});
