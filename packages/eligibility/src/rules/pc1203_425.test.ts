import { describe, it } from 'vitest';
import { expectRow, type Row } from '../test-support.ts';

const felony1170h = (over: Record<string, unknown> = {}, sentence: Record<string, unknown> = {}) => ({
  level: 'felony',
  code: 'HS',
  section: '11351',
  convictionDate: '2012-01-10',
  sentence: { kind: 'county_jail_1170h', endDate: '2014-01-10', mandatorySupervision: false, ...sentence },
  ...over,
});

const rows: Row[] = [
  [
    'PC 1203.425(a): probation ended without revocation -> relief may already be granted (check the RAP sheet)',
    {},
    { determination: 'eligible_mandatory', code: 'check_rap_sheet' },
  ],
  [
    'PC 1203.425(a): probation still running -> the day after it ends',
    { conviction: { sentence: { endDate: '2027-02-01' } } },
    { determination: 'eligible_later', eligibleOn: '2027-02-02' },
  ],
  [
    'PC 1203.425(a): a probation violation means no automatic relief',
    { conviction: { sentence: { probationViolated: true } } },
    { determination: 'not_eligible', code: 'probation_violated' },
  ],
  [
    'PC 1203.425(a): misdemeanor sentence complete and a year passed',
    { conviction: { sentence: { kind: 'jail_only', endDate: '2016-05-01' } } },
    { determination: 'eligible_mandatory', code: 'check_rap_sheet' },
  ],
  [
    'PC 1203.425(a): misdemeanor within a year of judgment -> on the anniversary',
    { conviction: { convictionDate: '2026-03-01', sentence: { kind: 'fine_only', endDate: '2026-03-01' } } },
    { determination: 'eligible_later', eligibleOn: '2027-03-01', code: 'year_not_passed' },
  ],
  [
    'PC 1203.425(a) (SB 731): 1170(h) felony from 2005, four years after the sentence',
    { conviction: felony1170h() },
    { determination: 'eligible_mandatory', code: 'four_years_passed' },
  ],
  [
    'PC 1203.425(a) (SB 731): felony inside four years -> eligible_later',
    { conviction: felony1170h({}, { endDate: '2024-01-10' }) },
    { determination: 'eligible_later', eligibleOn: '2028-01-10' },
  ],
  [
    'PC 1203.425(a) (SB 731): felony without probation convicted before 2005 is outside it',
    { conviction: felony1170h({ convictionDate: '2004-12-31' }, { kind: 'state_prison' }) },
    { determination: 'not_eligible', code: 'felony_before_2005' },
  ],
  [
    'PC 1203.425(a) (SB 731): a new felony bars it',
    {
      conviction: felony1170h(),
      others: [
        {
          id: 'c2',
          code: 'PC',
          section: '487',
          level: 'felony',
          wobbler: true,
          convictionDate: '2019-01-01',
          sentence: { kind: 'probation', endDate: '2021-01-01' },
        },
      ],
    },
    { determination: 'not_eligible', code: 'new_felony' },
  ],
  [
    'PC 1203.425(a) (SB 731): state prison likely covered once supervision ends (verify)',
    { conviction: felony1170h({}, { kind: 'state_prison' }) },
    { determination: 'eligible_mandatory', code: 'verify_state_prison' },
  ],
  [
    'PC 1203.425(a) / PC 1192.7(c): a serious or violent felony is outside it',
    { conviction: felony1170h({ code: 'PC', section: '211' }, { kind: 'state_prison' }) },
    { determination: 'not_eligible', code: 'serious_or_violent' },
  ],
  [
    'PC 1203.425(a) / PC 1192.7(c): a felony the rules cannot classify is asked about',
    { conviction: felony1170h({ code: 'PC', section: '12345' }) },
    { determination: 'needs_more_info', code: 'unknown_serious_violent' },
  ],
  [
    'PC 1203.425(a): PC 290 registrants are outside it',
    { person: { requiredToRegisterPC290: true } },
    { determination: 'not_eligible', code: 'pc290_registrant' },
  ],
  [
    'PC 1203.425(a): not while under supervision',
    { person: { underSupervision: true } },
    { determination: 'not_eligible', code: 'under_supervision' },
  ],
  [
    'PC 1203.425(a): not with a pending charge',
    { person: { currentlyCharged: true } },
    { determination: 'not_eligible', code: 'currently_charged' },
  ],
  [
    'PC 1203.425 before SB 731 (AB 1076, ca-2021.01): only convictions from 2021-01-01',
    { asOf: '2022-08-01' },
    { determination: 'not_eligible', code: 'conviction_before_covered_period', rulesVersion: 'ca-2021.01' },
  ],
  [
    'PC 1203.425 before SB 731 (AB 1076, ca-2023.01): felonies without probation are not covered',
    {
      asOf: '2023-03-01',
      conviction: felony1170h({ convictionDate: '2021-02-01' }, { endDate: '2021-06-01' }),
    },
    { determination: 'not_eligible', code: 'felony_sentence_not_covered', rulesVersion: 'ca-2023.01' },
  ],
  [
    'PC 1203.425 (SB 731): convictions before 1973 are outside it',
    { conviction: { convictionDate: '1972-06-01', sentence: { endDate: '1973-06-01' } } },
    { determination: 'not_eligible', code: 'conviction_before_covered_period' },
  ],
];

describe('PC 1203.425 automatic relief', () => {
  it.each(rows)('%s', (_name, spec, expected) => expectRow('pc1203.425', spec, expected));
});
