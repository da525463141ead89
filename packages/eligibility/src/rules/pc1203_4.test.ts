import { describe, expect, it } from 'vitest';
import { evaluateRaw, expectRow, type Row, record, remedyFor } from '../test-support.ts';

const felonyProbation = { level: 'felony' };

const rows: Row[] = [
  [
    'PC 1203.4(a)(1): probation completed without violation is mandatory',
    {},
    { determination: 'eligible_mandatory', code: 'probation_completed' },
  ],
  [
    'PC 1203.4(a)(1): early discharge from probation is mandatory despite a violation',
    { conviction: { sentence: { probationViolated: true, probationTerminatedEarly: true } } },
    { determination: 'eligible_mandatory', code: 'discharged_early' },
  ],
  [
    'PC 1203.4(a)(1): a probation violation leaves dismissal to the court ("interests of justice")',
    { conviction: { sentence: { probationViolated: true } } },
    { determination: 'eligible_discretionary', code: 'probation_violated' },
  ],
  [
    'PC 1203.4(a)(1): unknown probation violation is asked about',
    { conviction: { sentence: { probationViolated: null } } },
    { determination: 'needs_more_info', code: 'missing_probation_violated' },
  ],
  [
    'PC 1203.4(a)(1): probation still running -> eligible the day after it ends',
    { conviction: { sentence: { endDate: '2027-03-01' } } },
    { determination: 'eligible_later', eligibleOn: '2027-03-02', code: 'probation_not_ended' },
  ],
  [
    'PC 1203.4(a)(1): probation ending on asOf is still running that day',
    { conviction: { sentence: { endDate: '2026-11-28' } } },
    { determination: 'eligible_later', eligibleOn: '2026-11-29' },
  ],
  [
    'PC 1203.4(a)(1): unknown probation end date is asked about',
    { conviction: { sentence: { endDate: null } } },
    { determination: 'needs_more_info', code: 'missing_end_date' },
  ],
  [
    'PC 1203.4(a)(1): not while charged with any offense',
    { person: { currentlyCharged: true } },
    { determination: 'not_eligible', code: 'currently_charged' },
  ],
  [
    'PC 1203.4(a)(1): not while on probation for any offense',
    { person: { underSupervision: true } },
    { determination: 'not_eligible', code: 'under_supervision' },
  ],
  [
    'PC 1203.4(a)(1): not while serving a sentence for any offense',
    { person: { servingSentence: true } },
    { determination: 'not_eligible', code: 'serving_sentence' },
  ],
  [
    'PC 1203.4(a)(1): unknown pending charge is asked about',
    { person: { currentlyCharged: null } },
    { determination: 'needs_more_info', code: 'missing_currently_charged' },
  ],
  [
    'PC 1203.4(a)(1): supervision while this probation runs is this case -> still eligible_later',
    { person: { underSupervision: true }, conviction: { sentence: { endDate: '2027-01-15' } } },
    { determination: 'eligible_later', eligibleOn: '2027-01-16' },
  ],
  [
    'PC 1203.4(a)(1): a later offense does not undo the mandatory right',
    {
      others: [
        {
          id: 'c2',
          code: 'PC',
          section: '459.5',
          level: 'misdemeanor',
          convictionDate: '2020-01-01',
          sentence: { kind: 'jail_only', endDate: '2020-02-01' },
        },
      ],
    },
    { determination: 'eligible_mandatory', code: 'later_offense_does_not_undo' },
  ],
  [
    'PC 1203.4(a)(1): felony probation is covered too',
    { conviction: { ...felonyProbation, section: '487(a)', wobbler: true } },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1203.4(a)(1): a placeholder section still gets the general remedy',
    { conviction: { section: 'UNKNOWN' } },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1203.4(b): misdemeanor PC 288(c) is excluded',
    { conviction: { section: '288(c)(1)' } },
    { determination: 'not_eligible', code: 'excluded_offense' },
  ],
  [
    'PC 1203.4(b): PC 288 in any subdivision is excluded',
    { conviction: { section: '288(a)', ...felonyProbation } },
    { determination: 'not_eligible' },
  ],
  [
    'PC 1203.4(b): PC 286(c) is excluded',
    { conviction: { section: '286(c)(1)' } },
    { determination: 'not_eligible' },
  ],
  [
    'PC 1203.4(b): PC 287(c) is excluded',
    { conviction: { section: '287(c)' } },
    { determination: 'not_eligible' },
  ],
  [
    'PC 1203.4(b): former PC 288a(c) is excluded',
    { conviction: { section: '288a(c)' } },
    { determination: 'not_eligible' },
  ],
  [
    'PC 1203.4(b): PC 288.5 is excluded',
    { conviction: { section: '288.5(a)', ...felonyProbation } },
    { determination: 'not_eligible' },
  ],
  [
    'PC 1203.4(b): PC 289(j) is excluded',
    { conviction: { section: '289(j)' } },
    { determination: 'not_eligible' },
  ],
  [
    'PC 1203.4(b): PC 311.1 is excluded',
    { conviction: { section: '311.1(a)' } },
    { determination: 'not_eligible' },
  ],
  [
    'PC 1203.4(b): PC 311.2 is excluded',
    { conviction: { section: '311.2' } },
    { determination: 'not_eligible' },
  ],
  [
    'PC 1203.4(b): PC 311.3 is excluded',
    { conviction: { section: '311.3' } },
    { determination: 'not_eligible' },
  ],
  [
    'PC 1203.4(b): PC 311.11 is excluded',
    { conviction: { section: '311.11(a)' } },
    { determination: 'not_eligible' },
  ],
  [
    'PC 1203.4(b): felony PC 261.5(d) is excluded',
    { conviction: { section: '261.5(d)', ...felonyProbation } },
    { determination: 'not_eligible' },
  ],
  [
    'PC 1203.4(b): misdemeanor PC 261.5(d) is not excluded',
    { conviction: { section: '261.5(d)' } },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1203.4(b): PC 289 other than (j) is not excluded',
    { conviction: { section: '289(b)' } },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1203.4(b): attempts are not excluded (664/288(c))',
    { conviction: { section: '664/288(c)' } },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1203.4(b): attempts are not excluded ("attempted 311.11")',
    { conviction: { section: 'attempted 311.11' } },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1203.4(b): PC 286 without a subdivision may be 286(c) -> asked',
    { conviction: { section: '286' } },
    { determination: 'needs_more_info', code: 'missing_subdivision' },
  ],
  [
    'PC 1203.4(b) / VC 42002.1: a bare misdemeanor VC 2800 is asked about',
    { conviction: { code: 'VC', section: '2800(a)' } },
    { determination: 'needs_more_info', code: 'vc42002_1_detail_missing' },
  ],
  [
    'PC 1203.4(b) / VC 42002.1: bare VC 2801 is asked about',
    { conviction: { code: 'VC', section: '2801' } },
    { determination: 'needs_more_info', code: 'vc42002_1_detail_missing' },
  ],
  [
    'PC 1203.4(b) / VC 42002.1: bare VC 2803 is asked about',
    { conviction: { code: 'VC', section: '2803(b)' } },
    { determination: 'needs_more_info', code: 'vc42002_1_detail_missing' },
  ],
  [
    'PC 1203.4(b): infractions go to PC 1203.4a',
    { conviction: { level: 'infraction', code: 'VC', section: '22350' } },
    'omitted',
  ],
  [
    'PC 1203.4: no probation (jail only) goes to PC 1203.4a',
    { conviction: { sentence: { kind: 'jail_only' } } },
    'omitted',
  ],
  [
    'PC 1203.4: state-prison felonies go to PC 1203.41',
    { conviction: { ...felonyProbation, sentence: { kind: 'state_prison' } } },
    'omitted',
  ],
  [
    'PC 1203.4(c)(2) / VC 12810(b): two-point VC 23152 after a clean probation is discretionary only',
    { conviction: { code: 'VC', section: '23152(a)' } },
    {
      determination: 'eligible_discretionary',
      code: 'two_point_offense',
      citation: 'PC 1203.4(c)(2); VC 12810(b)',
    },
  ],
  [
    'VC 12810(c): reckless driving includes VC 23104 (bodily injury)',
    { conviction: { code: 'VC', section: '23104(a)' } },
    {
      determination: 'eligible_discretionary',
      code: 'two_point_offense',
      citation: 'PC 1203.4(c)(2); VC 12810(c)',
    },
  ],
  [
    'VC 12810(c): reckless driving includes VC 23105 (specified injuries)',
    { conviction: { code: 'VC', section: '23105', ...felonyProbation } },
    {
      determination: 'eligible_discretionary',
      code: 'two_point_offense',
      citation: 'PC 1203.4(c)(2); VC 12810(c)',
    },
  ],
  [
    'VC 12810(c): a wet reckless written as VC 23103.5 is reckless driving',
    { conviction: { code: 'VC', section: '23103.5' } },
    { determination: 'eligible_discretionary', code: 'two_point_offense' },
  ],
  [
    'VC 12810(e): VC 14601.4 is not listed -> the mandatory path stays',
    { conviction: { code: 'VC', section: '14601.4(a)' } },
    { determination: 'eligible_mandatory', code: 'conditions_fulfilled' },
  ],
  [
    'VC 12810(e): VC 14601.3 is listed',
    { conviction: { code: 'VC', section: '14601.3' } },
    {
      determination: 'eligible_discretionary',
      code: 'two_point_offense',
      citation: 'PC 1203.4(c)(2); VC 12810(e)',
    },
  ],
  [
    'VC 12810(e): VC 14601 is listed',
    { conviction: { code: 'VC', section: '14601(a)' } },
    {
      determination: 'eligible_discretionary',
      code: 'two_point_offense',
      citation: 'PC 1203.4(c)(2); VC 12810(e)',
    },
  ],
  [
    'VC 12810(d)(2): VC 23140(b) is listed',
    { conviction: { code: 'VC', section: '23140(b)' } },
    {
      determination: 'eligible_discretionary',
      citation: 'PC 1203.4(c)(2); VC 12810(d)(2)',
      code: 'two_point_offense',
    },
  ],
  [
    'VC 12810(d)(2): only (a) and (b) of VC 23140 are listed, so a bare VC 23140 is asked about',
    { conviction: { code: 'VC', section: '23140' } },
    {
      determination: 'needs_more_info',
      code: 'missing_subdivision',
      citation: 'PC 1203.4(c)(2); VC 12810(d)(2)',
    },
  ],
  [
    'VC 12810(d)(1): PC 192(c) is listed outside the Vehicle Code',
    { conviction: { section: '192(c)(2)' } },
    {
      determination: 'eligible_discretionary',
      citation: 'PC 1203.4(c)(2); VC 12810(d)(1)',
      code: 'two_point_offense',
    },
  ],
  [
    'PC 1203.4(c)(2): VC 23153 is two-point',
    { conviction: { code: 'VC', section: '23153(a)', ...felonyProbation } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 20001 hit and run is two-point',
    { conviction: { code: 'VC', section: '20001(a)' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 20002 hit and run is two-point',
    { conviction: { code: 'VC', section: '20002(a)' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 23103 reckless driving is two-point',
    { conviction: { code: 'VC', section: '23103' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 2800.2 is two-point (not VC 42002.1)',
    { conviction: { code: 'VC', section: '2800.2(a)' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 2800.3 is two-point',
    { conviction: { code: 'VC', section: '2800.3' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 21651(b) is two-point',
    { conviction: { code: 'VC', section: '21651(b)' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 22348(b) is two-point',
    { conviction: { code: 'VC', section: '22348(b)' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 23109(a) is two-point',
    { conviction: { code: 'VC', section: '23109(a)' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 23109(c) is two-point',
    { conviction: { code: 'VC', section: '23109(c)' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 23109.1 is two-point',
    { conviction: { code: 'VC', section: '23109.1' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 31602 is two-point',
    { conviction: { code: 'VC', section: '31602' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 23140 is two-point',
    { conviction: { code: 'VC', section: '23140(a)' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 14601.1 is two-point',
    { conviction: { code: 'VC', section: '14601.1(a)' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): VC 14601.5 is two-point',
    { conviction: { code: 'vc', section: '14601.5' } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(c)(2): PC 191.5(b) vehicular manslaughter is two-point',
    { conviction: { section: '191.5(b)', ...felonyProbation } },
    { determination: 'eligible_discretionary', code: 'two_point_offense' },
  ],
  [
    'PC 1203.4(c)(2): PC 192(c) vehicular manslaughter is two-point',
    { conviction: { section: '192(c)(1)' } },
    { determination: 'eligible_discretionary', code: 'two_point_offense' },
  ],
  [
    'PC 1203.4(c)(2): VC 23109 without a subdivision is asked about',
    { conviction: { code: 'VC', section: '23109' } },
    { determination: 'needs_more_info', code: 'missing_subdivision' },
  ],
  [
    'PC 1203.4(c)(2): PC 192 without a subdivision is asked about',
    { conviction: { section: '192', ...felonyProbation } },
    { determination: 'needs_more_info', code: 'missing_subdivision' },
  ],
  [
    'PC 1203.4(c)(2): VC 21651(a) is not two-point',
    { conviction: { code: 'VC', section: '21651(a)' } },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1203.4(c)(2): one-point VC 12500 keeps the mandatory path',
    { conviction: { code: 'VC', section: '12500(a)' } },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1203.4(c)(2): two-point with a violation stays discretionary (violation need not be known)',
    { conviction: { code: 'VC', section: '23152(b)', sentence: { probationViolated: null } } },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.4(b) over (a)(1): an exclusion outranks a running probation',
    { conviction: { section: '288(c)', sentence: { endDate: '2027-01-01' } } },
    { determination: 'not_eligible' },
  ],
];

describe('PC 1203.4 dismissal after probation', () => {
  it.each(rows)('%s', (_name, spec, expected) => expectRow('pc1203.4', spec, expected));
});

describe('PC 1203.4 citations', () => {
  it('cite (a)(1), (b) and (c)(2) only: the notice to the prosecutor (lettered (d)(1) or (e)(1) by the sources read) and the advisement in (a)(1) decide nothing here', () => {
    const cited = new Set<string>();
    for (const [, spec] of rows) {
      const result = evaluateRaw(record(spec));
      for (const r of remedyFor(result, 'pc1203.4')?.reasons ?? []) cited.add(r.citation);
    }
    const subdivisions = [...cited].flatMap((c) => c.match(/PC 1203\.4\([^;]*/g) ?? []);
    expect(subdivisions.length).toBeGreaterThan(0);
    for (const s of subdivisions) expect(s).toMatch(/^PC 1203\.4\((a\)\(1\)|b\)|c\)\(2\))/);
  });
});
