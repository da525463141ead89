import { describe, it } from 'vitest';
import { expectRow, type Row } from '../test-support.ts';

const cannabis = (over: Record<string, unknown> = {}, sentence: Record<string, unknown> = {}) => ({
  level: 'felony',
  code: 'HS',
  section: '11359',
  convictionDate: '2015-03-01',
  sentence: { kind: 'probation', endDate: '2016-03-01', ...sentence },
  ...over,
});

const prior = (id: string, date: string) => ({
  id,
  code: 'HS',
  section: '11359',
  level: 'felony',
  convictionDate: date,
  sentence: { kind: 'probation', endDate: date },
});

const rows: Row[] = [
  [
    'HS 11361.8(e)-(f): HS 11359 convicted before 2016-11-09, sentence complete -> mandatory',
    { conviction: cannabis() },
    { determination: 'eligible_mandatory', code: 'redesignation_or_dismissal' },
  ],
  [
    'HS 11361.8(a)-(b): still serving -> resentencing, presumed eligible',
    { conviction: cannabis({ section: '11360(a)' }, { endDate: '2027-01-01' }) },
    { determination: 'eligible_discretionary', code: 'resentencing' },
  ],
  [
    'HS 11361.8: misdemeanor HS 11357 is covered',
    { conviction: cannabis({ level: 'misdemeanor', section: '11357(b)' }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'HS 11361.8: HS 11358 cultivation is covered',
    { conviction: cannabis({ section: '11358' }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'HS 11361.8(a): the conviction date stands in for the offense date (on or after 2016-11-09)',
    { conviction: cannabis({ convictionDate: '2016-11-09' }, { endDate: '2017-11-09' }) },
    { determination: 'not_eligible', code: 'offense_after_prop64' },
  ],
  [
    'HS 11361.8(a): conviction the day before Prop 64 took effect',
    { conviction: cannabis({ convictionDate: '2016-11-08' }, { endDate: '2017-11-08' }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'HS 11361.8: HS 11359(c)(3) stays excluded',
    { conviction: cannabis({ section: '11359(c)(3)' }) },
    { determination: 'not_eligible', code: 'excluded_subdivision' },
  ],
  [
    'HS 11361.8: HS 11359(d) stays excluded',
    { conviction: cannabis({ section: '11359(d)' }) },
    { determination: 'not_eligible', code: 'excluded_subdivision' },
  ],
  [
    'HS 11361.8: HS 11360(a)(3)(C) stays excluded',
    { conviction: cannabis({ section: '11360(a)(3)(C)' }) },
    { determination: 'not_eligible' },
  ],
  [
    'HS 11361.8: HS 11360(a)(3)(D) stays excluded',
    { conviction: cannabis({ section: '11360 (a)(3)(d)' }) },
    { determination: 'not_eligible' },
  ],
  [
    'HS 11361.8: HS 11360(a)(2) is covered',
    { conviction: cannabis({ section: '11360(a)(2)' }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'HS 11361.8(b): a superstrike prior calls for review',
    { person: { hasSuperstrikePrior: true }, conviction: cannabis() },
    { determination: 'eligible_discretionary', code: 'review_superstrike' },
  ],
  [
    'HS 11361.8(b): PC 290 registration calls for review',
    { person: { requiredToRegisterPC290: true }, conviction: cannabis() },
    { determination: 'eligible_discretionary', code: 'review_pc290' },
  ],
  [
    'HS 11361.8(b): unknown superstrike prior is asked about when it would decide',
    { person: { hasSuperstrikePrior: null }, conviction: cannabis() },
    { determination: 'needs_more_info', code: 'missing_superstrike' },
  ],
  [
    'HS 11361.8: two or more priors of the same section call for review',
    { conviction: cannabis(), others: [prior('c2', '2010-01-01'), prior('c3', '2012-01-01')] },
    { determination: 'eligible_discretionary', code: 'review_same_section_priors' },
  ],
  [
    'HS 11361.8: one prior of the same section does not',
    { conviction: cannabis(), others: [prior('c2', '2010-01-01')] },
    { determination: 'eligible_mandatory' },
  ],
  [
    'HS 11361.8: burglary is not a cannabis offense',
    { conviction: cannabis({ code: 'PC', section: '459' }) },
    'omitted',
  ],
  [
    'HS 11361.8: HS 11350 is not a cannabis offense',
    { conviction: cannabis({ section: '11350' }) },
    'omitted',
  ],
  [
    'HS 11361.8: unknown sentence end is asked about',
    { conviction: cannabis({}, { endDate: null }) },
    { determination: 'needs_more_info', code: 'missing_end_date' },
  ],
];

describe('Prop 64 (HS 11361.8)', () => {
  it.each(rows)('%s', (_name, spec, expected) => expectRow('prop64', spec, expected));
});
