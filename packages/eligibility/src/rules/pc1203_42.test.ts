import { describe, it } from 'vitest';
import { expectRow, type Row } from '../test-support.ts';

const prison = (over: Record<string, unknown> = {}, sentence: Record<string, unknown> = {}) => ({
  level: 'felony',
  code: 'HS',
  section: '11350(a)',
  convictionDate: '2009-05-01',
  sentence: { kind: 'state_prison', endDate: '2012-05-01', ...sentence },
  ...over,
});

const rows: Row[] = [
  [
    'PC 1203.42(a): pre-Realignment prison for a now-1170(h) felony, 2 years after -> discretionary',
    { conviction: prison() },
    { determination: 'eligible_discretionary', code: 'pre_realignment_prison' },
  ],
  [
    'PC 1203.42(a)(2): waits 2 years counted from the day after the sentence (last day 2020-01-01)',
    { asOf: '2021-06-01', conviction: prison({}, { endDate: '2020-01-01' }) },
    {
      determination: 'eligible_later',
      eligibleOn: '2022-01-02',
      code: 'waiting_period',
      citation: 'PC 1203.42(a)(2)',
    },
  ],
  [
    'PC 1203.42(a)(2): two years after, the day before -> still waiting',
    { asOf: '2022-01-01', conviction: prison({}, { endDate: '2020-01-01' }) },
    { determination: 'eligible_later', eligibleOn: '2022-01-02' },
  ],
  [
    'PC 1203.42(a)(2): two years after, on the day -> available',
    { asOf: '2022-01-02', conviction: prison({}, { endDate: '2020-01-01' }) },
    { determination: 'eligible_discretionary', code: 'waiting_period_passed', citation: 'PC 1203.42(a)(2)' },
  ],
  [
    'PC 1203.42(a): sentenced the day before Realignment (2011-09-30) -> covered',
    { conviction: prison({ convictionDate: '2011-09-30' }) },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.42(a): sentenced on or after 2011-10-01 -> not this remedy',
    { conviction: prison({ convictionDate: '2011-10-01' }) },
    'omitted',
  ],
  [
    'PC 1203.42(a): only state-prison sentences',
    { conviction: prison({}, { kind: 'probation' }) },
    'omitted',
  ],
  [
    'PC 1203.42(a) / PC 1170(h): robbery is still a state-prison felony',
    { conviction: prison({ code: 'PC', section: '211' }) },
    { determination: 'not_eligible', code: 'state_prison_offense' },
  ],
  [
    'PC 1203.42(a) / PC 1170(h): a section the rules do not know is asked about',
    { conviction: prison({ code: 'PC', section: '12345' }) },
    { determination: 'needs_more_info', code: 'unknown_1170h_status' },
  ],
  [
    'PC 1203.42(a) / PC 1170(h): burglary without a degree is asked about',
    { conviction: prison({ code: 'PC', section: '459' }) },
    { determination: 'needs_more_info', code: 'missing_degree' },
  ],
  [
    'PC 1203.42(a) / PC 1170(h): second-degree burglary is a county-jail felony today',
    { conviction: prison({ code: 'PC', section: '459 2nd' }) },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 1203.42(a) / PC 1170(h)(3): a PC 290 registrant would go to state prison today',
    { person: { requiredToRegisterPC290: true }, conviction: prison() },
    { determination: 'not_eligible', code: 'prison_required_pc290' },
  ],
  [
    'PC 1203.42(a) / PC 1170(h)(3): a superstrike prior would mean state prison today',
    { person: { hasSuperstrikePrior: true }, conviction: prison() },
    { determination: 'not_eligible', code: 'prison_required_superstrike' },
  ],
  [
    'PC 1203.42(a)(3): bars as PC 1203.41 (charged)',
    { person: { currentlyCharged: true }, conviction: prison() },
    { determination: 'not_eligible', code: 'currently_charged', citation: 'PC 1203.42(a)(3)' },
  ],
  [
    'PC 1203.42(a)(2): unknown sentence end is asked about',
    { conviction: prison({}, { endDate: null }) },
    { determination: 'needs_more_info', code: 'missing_end_date', citation: 'PC 1203.42(a)(2)' },
  ],
];

describe('PC 1203.42 dismissal of pre-Realignment prison felonies', () => {
  it.each(rows)('%s', (_name, spec, expected) => expectRow('pc1203.42', spec, expected));
});
