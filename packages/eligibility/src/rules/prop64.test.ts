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
    'HS 11361.8(a): convicted on or after 2016-11-09, offense date unknown -> asked',
    { conviction: cannabis({ convictionDate: '2016-11-09' }, { endDate: '2017-11-09' }) },
    { determination: 'needs_more_info', code: 'missing_offense_date', citation: 'HS 11361.8(a)' },
  ],
  [
    'HS 11361.8(a): misdemeanor HS 11357 convicted 2016-11-09 for an offense of 2016-11-08 -> decided on the offense',
    {
      conviction: cannabis(
        { level: 'misdemeanor', section: '11357', convictionDate: '2016-11-09', offenseDate: '2016-11-08' },
        { endDate: '2017-11-09' },
      ),
    },
    { determination: 'eligible_mandatory', code: 'redesignation_or_dismissal' },
  ],
  [
    'HS 11361.8(a): an offense committed the day Prop 64 took effect -> not eligible',
    {
      conviction: cannabis(
        { convictionDate: '2017-02-01', offenseDate: '2016-11-09' },
        { endDate: '2018-02-01' },
      ),
    },
    { determination: 'not_eligible', code: 'offense_after_prop64', citation: 'HS 11361.8(a)' },
  ],
  [
    'HS 11361.8(a): conviction the day before Prop 64 took effect',
    { conviction: cannabis({ convictionDate: '2016-11-08' }, { endDate: '2017-11-08' }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'HS 11361.8(b): a pre-2016 record citing a subdivision Prop 64 wrote (11359(d)) is not excluded by number',
    { conviction: cannabis({ section: '11359(d)' }) },
    { determination: 'eligible_mandatory', code: 'presumed_eligible', citation: 'HS 11361.8(b)' },
  ],
  [
    'HS 11361.8(b): nor is HS 11360(a)(3)(C): the conduct is for the prosecution to prove',
    { conviction: cannabis({ section: '11360(a)(3)(C)' }) },
    { determination: 'eligible_mandatory', code: 'presumed_eligible' },
  ],
  [
    'HS 11361.8: HS 11360(a)(2) is covered',
    { conviction: cannabis({ section: '11360(a)(2)' }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'HS 11360(a)(3)(A): felony HS 11360 with a superstrike prior is still a felony -> no reduction',
    { person: { hasSuperstrikePrior: true }, conviction: cannabis({ section: '11360(a)' }) },
    {
      determination: 'not_eligible',
      code: 'still_felony_superstrike',
      citation: 'HS 11360(a)(3)(A); HS 11361.8(a)',
    },
  ],
  [
    'HS 11360(a)(3)(A): felony HS 11360 with a PC 290(c) prior is still a felony -> no reduction',
    { person: { requiredToRegisterPC290: true }, conviction: cannabis({ section: '11360' }) },
    {
      determination: 'not_eligible',
      code: 'still_felony_pc290',
      citation: 'HS 11360(a)(3)(A); HS 11361.8(a)',
    },
  ],
  [
    'HS 11359(c)(1): felony HS 11359 with a superstrike prior is still a felony',
    { person: { hasSuperstrikePrior: true }, conviction: cannabis() },
    {
      determination: 'not_eligible',
      code: 'still_felony_superstrike',
      citation: 'HS 11359(c)(1); HS 11361.8(a)',
    },
  ],
  [
    'HS 11358(d)(1): felony HS 11358 with a PC 290(c) prior is still a felony',
    { person: { requiredToRegisterPC290: true }, conviction: cannabis({ section: '11358' }) },
    { determination: 'not_eligible', code: 'still_felony_pc290', citation: 'HS 11358(d)(1); HS 11361.8(a)' },
  ],
  [
    'HS 11357: the new 11357 has no superstrike aggravation -> a superstrike does not matter',
    { person: { hasSuperstrikePrior: true }, conviction: cannabis({ section: '11357(a)' }) },
    { determination: 'eligible_mandatory', code: 'redesignation_or_dismissal' },
  ],
  [
    'HS 11357: nor does PC 290 registration, nor an unknown superstrike prior',
    {
      person: { requiredToRegisterPC290: true, hasSuperstrikePrior: null },
      conviction: cannabis({ section: '11357(c)' }),
    },
    { determination: 'eligible_mandatory' },
  ],
  [
    'HS 11360(a)(3)(A): a misdemeanor HS 11360 record is not aggravated by a superstrike',
    {
      person: { hasSuperstrikePrior: true },
      conviction: cannabis({ level: 'misdemeanor', section: '11360(b)' }),
    },
    { determination: 'eligible_mandatory' },
  ],
  [
    'HS 11359(c)(1): unknown superstrike prior is asked about for a felony HS 11359',
    { person: { hasSuperstrikePrior: null }, conviction: cannabis() },
    {
      determination: 'needs_more_info',
      code: 'missing_superstrike',
      citation: 'HS 11359(c)(1); HS 11361.8(a)',
    },
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
