import { describe, it } from 'vitest';
import { expectRow, type Row } from '../test-support.ts';

const felony = (sentence: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  level: 'felony',
  code: 'HS',
  section: '11351',
  convictionDate: '2015-03-01',
  sentence: { kind: 'county_jail_1170h', endDate: '2017-03-01', mandatorySupervision: false, ...sentence },
  ...over,
});

const rows: Row[] = [
  [
    'PC 1203.41(a): 1170(h) without mandatory supervision, 2 years after -> discretionary',
    { conviction: felony({}) },
    { determination: 'eligible_discretionary', code: 'court_discretion', citation: 'PC 1203.41(a)' },
  ],
  [
    'PC 1203.41(a)(2): with mandatory supervision, 1 year counted from the day after the sentence (last day 2026-06-01)',
    { conviction: felony({ mandatorySupervision: true, endDate: '2026-06-01' }) },
    {
      determination: 'eligible_later',
      eligibleOn: '2027-06-02',
      code: 'waiting_period',
      citation: 'PC 1203.41(a)(2)',
    },
  ],
  [
    'PC 1203.41(a)(2): one year after the sentence, the day before -> still waiting',
    { asOf: '2027-06-01', conviction: felony({ mandatorySupervision: true, endDate: '2026-06-01' }) },
    { determination: 'eligible_later', eligibleOn: '2027-06-02' },
  ],
  [
    'PC 1203.41(a)(2): one year after the sentence, on the day -> available',
    { asOf: '2027-06-02', conviction: felony({ mandatorySupervision: true, endDate: '2026-06-01' }) },
    { determination: 'eligible_discretionary', code: 'waiting_period_passed', citation: 'PC 1203.41(a)(2)' },
  ],
  [
    'PC 1203.41(a)(2): without mandatory supervision, 2 years from the day after the sentence',
    { conviction: felony({ endDate: '2026-06-01' }) },
    { determination: 'eligible_later', eligibleOn: '2028-06-02' },
  ],
  [
    'PC 1203.41(a)(2): two years, the day before -> still waiting',
    { asOf: '2028-06-01', conviction: felony({ endDate: '2026-06-01' }) },
    { determination: 'eligible_later', eligibleOn: '2028-06-02' },
  ],
  [
    'PC 1203.41(a)(2): two years, on the day -> available',
    { asOf: '2028-06-02', conviction: felony({ endDate: '2026-06-01' }) },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.41(a)(2): unknown mandatory supervision inside the 2 years is asked about',
    { conviction: felony({ mandatorySupervision: null, endDate: '2025-06-01' }) },
    { determination: 'needs_more_info', code: 'missing_mandatory_supervision', citation: 'PC 1203.41(a)(2)' },
  ],
  [
    'PC 1203.41(a)(2): unknown mandatory supervision after 2 years does not matter',
    { conviction: felony({ mandatorySupervision: null }) },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.41(a)(2): unknown sentence end is asked about',
    { conviction: felony({ endDate: null }) },
    { determination: 'needs_more_info', code: 'missing_end_date', citation: 'PC 1203.41(a)(2)' },
  ],
  [
    'PC 1203.41(a) (SB 731): state-prison felony 2 years after the sentence -> discretionary',
    { conviction: felony({ kind: 'state_prison', endDate: '2020-01-01' }, { code: 'PC', section: '211' }) },
    { determination: 'eligible_discretionary', rulesVersion: 'ca-2024.10' },
  ],
  [
    'PC 1203.41(a)(2) (SB 731): state-prison felony inside 2 years -> the day after two years',
    { conviction: felony({ kind: 'state_prison', endDate: '2026-01-10' }, { code: 'PC', section: '211' }) },
    { determination: 'eligible_later', eligibleOn: '2028-01-11' },
  ],
  [
    'PC 1203.41(a) before SB 731 (rules ca-2022.07, 2022-12-31): state prison is not covered',
    { asOf: '2022-12-31', conviction: felony({ kind: 'state_prison', endDate: '2019-01-01' }) },
    { determination: 'not_eligible', code: 'prison_before_sb731', rulesVersion: 'ca-2022.07' },
  ],
  [
    'PC 1203.41(a) from SB 731 (rules ca-2023.01, 2023-01-01): state prison is covered',
    { asOf: '2023-01-01', conviction: felony({ kind: 'state_prison', endDate: '2019-01-01' }) },
    { determination: 'eligible_discretionary', rulesVersion: 'ca-2023.01' },
  ],
  [
    'PC 1203.41(a)(6) (SB 731): a state-prison conviction requiring PC 290 registration is excluded',
    {
      person: { requiredToRegisterPC290: true },
      conviction: felony({ kind: 'state_prison' }, { code: 'PC', section: '288(a)' }),
    },
    {
      determination: 'not_eligible',
      code: 'pc290_registrable_conviction',
      citation: 'PC 1203.41(a)(6); PC 290(c)',
    },
  ],
  [
    'PC 1203.41(a)(6) (SB 731): a registrant whose registrable conviction is unclear is asked about',
    {
      person: { requiredToRegisterPC290: true },
      conviction: felony({ kind: 'state_prison' }, { code: 'PC', section: '211' }),
    },
    { determination: 'needs_more_info', code: 'pc290_which_conviction', citation: 'PC 1203.41(a)(6)' },
  ],
  [
    'PC 1203.41(a)(6) (SB 731): unknown registration status for state prison is asked about',
    { person: { requiredToRegisterPC290: null }, conviction: felony({ kind: 'state_prison' }) },
    { determination: 'needs_more_info', code: 'missing_pc290', citation: 'PC 1203.41(a)(6)' },
  ],
  [
    'PC 1203.41(a)(6): registration does not matter for a county-jail sentence',
    { person: { requiredToRegisterPC290: true }, conviction: felony({}) },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.41(a)(3): not while under supervision',
    { person: { underSupervision: true }, conviction: felony({}) },
    { determination: 'not_eligible', code: 'under_supervision', citation: 'PC 1203.41(a)(3)' },
  ],
  [
    'PC 1203.41(a)(3): not while charged',
    { person: { currentlyCharged: true }, conviction: felony({}) },
    { determination: 'not_eligible', code: 'currently_charged', citation: 'PC 1203.41(a)(3)' },
  ],
  [
    'PC 1203.41(a)(3): not while serving a sentence',
    { person: { servingSentence: true }, conviction: felony({}) },
    { determination: 'not_eligible', code: 'serving_sentence', citation: 'PC 1203.41(a)(3)' },
  ],
  [
    'PC 1203.41(a)(3): a pending charge is named as a caveat while waiting',
    { person: { currentlyCharged: true }, conviction: felony({ endDate: '2026-06-01' }) },
    { determination: 'eligible_later', eligibleOn: '2028-06-02', code: 'currently_charged' },
  ],
  [
    'PC 1203.41(a): no serious or violent exclusion',
    {
      conviction: felony(
        { kind: 'state_prison', endDate: '2019-01-01' },
        { code: 'PC', section: '245(a)(1)' },
      ),
    },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.41(a): misdemeanors are outside it',
    { conviction: { sentence: { kind: 'jail_only' } } },
    'omitted',
  ],
  [
    'PC 1203.41(a): felony probation goes to PC 1203.4',
    { conviction: felony({ kind: 'probation' }) },
    'omitted',
  ],
];

describe('PC 1203.41 dismissal of county-jail and state-prison felonies', () => {
  it.each(rows)('%s', (_name, spec, expected) => expectRow('pc1203.41', spec, expected));
});
