import { describe, it } from 'vitest';
import { expectRow, type Row } from '../test-support.ts';

const I = 'PC 1203.425(a)(1)(B)(i)';
const PERSON = 'PC 1203.425(a)(1)(B)(ii)-(iii)';
const PROBATION = 'PC 1203.425(a)(1)(B)(v)(I)';
const MISDEMEANOR = 'PC 1203.425(a)(1)(B)(v)(II)';
const FELONY = 'PC 1203.425(a)(1)(B)(v)(III)';

const felony1170h = (over: Record<string, unknown> = {}, sentence: Record<string, unknown> = {}) => ({
  level: 'felony',
  code: 'HS',
  section: '11351',
  convictionDate: '2012-01-10',
  sentence: { kind: 'county_jail_1170h', endDate: '2014-01-10', mandatorySupervision: false, ...sentence },
  ...over,
});

const laterFelony = (convictionDate: string) => ({
  id: 'c2',
  code: 'PC',
  section: '487',
  level: 'felony',
  wobbler: true,
  convictionDate,
  sentence: { kind: 'probation', endDate: '2023-01-01' },
});

const misdemeanor2021 = {
  convictionDate: '2021-02-01',
  sentence: { kind: 'jail_only', endDate: '2021-03-01' },
};

const rows: Row[] = [
  // (v)(I): probation completed without revocation.
  [
    'PC 1203.425(a)(1)(B)(v)(I): probation ended without revocation -> relief may already be granted',
    {},
    { determination: 'eligible_mandatory', code: 'probation_completed', citation: PROBATION },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(I): probation still running -> the day after it ends',
    { conviction: { sentence: { endDate: '2027-02-01' } } },
    { determination: 'eligible_later', eligibleOn: '2027-02-02', code: 'probation_not_ended' },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(I): on the last day of probation -> the next day',
    { asOf: '2023-03-01', conviction: { convictionDate: '2022-03-01', sentence: { endDate: '2023-03-01' } } },
    { determination: 'eligible_later', eligibleOn: '2023-03-02' },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(I): the day after the last day of probation -> due',
    { asOf: '2023-03-02', conviction: { convictionDate: '2022-03-01', sentence: { endDate: '2023-03-01' } } },
    { determination: 'eligible_mandatory', code: 'check_rap_sheet' },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(I): a misdemeanor probation violation means no automatic relief',
    { conviction: { sentence: { probationViolated: true } } },
    { determination: 'not_eligible', code: 'probation_violated', citation: PROBATION },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(I): unknown violation of misdemeanor probation is asked about',
    { conviction: { sentence: { probationViolated: null } } },
    { determination: 'needs_more_info', code: 'missing_probation_violated', citation: PROBATION },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(I): a serious felony completed on probation is covered (the exclusion is (III)’s)',
    {
      conviction: {
        level: 'felony',
        section: '422',
        convictionDate: '2015-01-01',
        sentence: { endDate: '2018-01-01' },
      },
    },
    { determination: 'eligible_mandatory', code: 'probation_completed' },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(I): an infraction on probation takes the probation path',
    { conviction: { level: 'infraction', code: 'PC', section: '415' } },
    { determination: 'eligible_mandatory', code: 'probation_completed' },
  ],
  // (v)(II): misdemeanor or infraction not granted probation.
  [
    'PC 1203.425(a)(1)(B)(v)(II): misdemeanor sentence complete and a year passed',
    { conviction: { sentence: { kind: 'jail_only', endDate: '2016-05-01' } } },
    { determination: 'eligible_mandatory', code: 'year_since_judgment', citation: MISDEMEANOR },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(II): within a year of judgment -> the day after the anniversary',
    { conviction: { convictionDate: '2026-03-01', sentence: { kind: 'fine_only', endDate: '2026-03-01' } } },
    { determination: 'eligible_later', eligibleOn: '2027-03-02', code: 'year_not_passed' },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(II): sentence not complete -> the day after it ends',
    { conviction: { convictionDate: '2025-03-01', sentence: { kind: 'jail_only', endDate: '2027-01-31' } } },
    { determination: 'eligible_later', eligibleOn: '2027-02-01', code: 'sentence_not_completed' },
  ],
  [
    'PC 17(b)(1) / 1203.425(a)(1)(B)(v)(II): a felony wobbler sentenced to jail only is a misdemeanor',
    {
      conviction: {
        level: 'felony',
        section: '487',
        wobbler: true,
        sentence: { kind: 'jail_only', endDate: '2016-10-01' },
      },
    },
    { determination: 'eligible_mandatory', code: 'misdemeanor_by_17b1', citation: 'PC 17(b)(1)' },
  ],
  [
    'PC 17(b)(1): a felony sentenced to jail only, wobbler unknown and not known to the rules, is asked about',
    {
      conviction: {
        level: 'felony',
        section: '12345',
        wobbler: null,
        sentence: { kind: 'fine_only', endDate: '2016-10-01' },
      },
    },
    { determination: 'needs_more_info', code: 'missing_wobbler', citation: 'PC 17(b)(1)' },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(III): a felony that is not a wobbler, sentenced to jail only, takes the felony path',
    {
      conviction: felony1170h({ wobbler: false }, { kind: 'jail_only' }),
    },
    { determination: 'eligible_mandatory', code: 'four_years_passed', citation: FELONY },
  ],
  // (v)(III): felonies other than probation completed without revocation.
  [
    'PC 1203.425(a)(1)(B)(v)(III): 1170(h) felony, four years after the sentence',
    { conviction: felony1170h() },
    { determination: 'eligible_mandatory', code: 'four_years_passed', citation: FELONY },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(III): four years counted from the day after the sentence, the day before',
    { asOf: '2025-01-10', conviction: felony1170h({}, { endDate: '2021-01-10' }) },
    { determination: 'eligible_later', eligibleOn: '2025-01-11', code: 'four_years_not_passed' },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(III): four years counted from the day after the sentence, on the day',
    { asOf: '2025-01-11', conviction: felony1170h({}, { endDate: '2021-01-10' }) },
    { determination: 'eligible_mandatory', code: 'four_years_passed' },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(III): felony probation violated takes the felony path',
    { conviction: felony1170h({}, { kind: 'probation', probationViolated: true }) },
    { determination: 'eligible_mandatory', code: 'four_years_passed' },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(I)/(III): unknown violation of felony probation decides the path -> asked',
    { conviction: felony1170h({}, { kind: 'probation', probationViolated: null }) },
    {
      determination: 'needs_more_info',
      code: 'missing_probation_violated',
      citation: `${PROBATION}, (III)`,
    },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(III): a new felony within the four years bars it',
    { conviction: felony1170h(), others: [laterFelony('2016-06-01')] },
    { determination: 'not_eligible', code: 'new_felony_within_four_years', citation: FELONY },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(III): a new felony on the last day of the four years bars it',
    { conviction: felony1170h(), others: [laterFelony('2018-01-10')] },
    { determination: 'not_eligible', code: 'new_felony_within_four_years' },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(III): a new felony the day after the four years does not',
    { conviction: felony1170h(), others: [laterFelony('2018-01-11')] },
    { determination: 'eligible_mandatory', code: 'later_felony_after_window' },
  ],
  [
    'PC 1203.425(a)(1)(B)(iv): state prison is reached through the felony path',
    { conviction: felony1170h({}, { kind: 'state_prison' }) },
    {
      determination: 'eligible_mandatory',
      code: 'state_prison_felony_path',
      citation: 'PC 1203.425(a)(1)(B)(iv)',
    },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(III): a serious or violent felony is outside the felony path',
    { conviction: felony1170h({ code: 'PC', section: '211' }, { kind: 'state_prison' }) },
    {
      determination: 'not_eligible',
      code: 'serious_or_violent',
      citation: `${FELONY}; PC 1192.7(c); PC 667.5(c)`,
    },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(III): a felony requiring PC 290 registration is outside the felony path',
    { conviction: felony1170h({ code: 'PC', section: '647.6' }) },
    { determination: 'not_eligible', code: 'registrable_felony', citation: `${FELONY}; PC 290(c)` },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(III): a felony the rules cannot classify is asked about',
    { conviction: felony1170h({ code: 'PC', section: '12345' }) },
    { determination: 'needs_more_info', code: 'unknown_serious_violent' },
  ],
  [
    'PC 1203.425(a)(1)(B)(v)(III): unknown sentence end is asked about',
    { conviction: felony1170h({}, { endDate: null }) },
    { determination: 'needs_more_info', code: 'missing_end_date', citation: FELONY },
  ],
  // Versions of the felony path.
  [
    'PC 1203.425 before SB 731 (ca-2022.07, 2022-12-31): no felony path',
    { asOf: '2022-12-31', conviction: felony1170h() },
    { determination: 'not_eligible', code: 'felony_path_not_enacted', rulesVersion: 'ca-2022.07' },
  ],
  [
    'PC 1203.425 (ca-2023.01, 2023-06-30): the felony path waits for 2024-10-01',
    { asOf: '2023-06-30', conviction: felony1170h() },
    {
      determination: 'eligible_later',
      eligibleOn: '2024-10-01',
      code: 'automatic_relief_not_operating',
      rulesVersion: 'ca-2023.01',
    },
  ],
  [
    'PC 1203.425 (ca-2023.01, 2023-07-01): SB 731’s first date did not make it operate',
    { asOf: '2023-07-01', conviction: felony1170h() },
    { determination: 'eligible_later', eligibleOn: '2024-10-01', rulesVersion: 'ca-2023.01' },
  ],
  [
    'PC 1203.425 (ca-2023.10, 2024-09-30): still waiting for 2024-10-01',
    { asOf: '2024-09-30', conviction: felony1170h() },
    { determination: 'eligible_later', eligibleOn: '2024-10-01', rulesVersion: 'ca-2023.10' },
  ],
  [
    'PC 1203.425 (ca-2024.10, 2024-10-01): the felony path operates',
    { asOf: '2024-10-01', conviction: felony1170h() },
    { determination: 'eligible_mandatory', code: 'four_years_passed', rulesVersion: 'ca-2024.10' },
  ],
  [
    'PC 1203.425 (ca-2023.10, 2024-09-30): a felony convicted before 2005 was outside the felony path',
    {
      asOf: '2024-09-30',
      conviction: felony1170h(
        { convictionDate: '1990-03-01' },
        { kind: 'state_prison', endDate: '1993-03-01' },
      ),
    },
    { determination: 'not_eligible', code: 'conviction_before_covered_period', citation: FELONY },
  ],
  [
    'PC 1203.425 (ca-2024.10, 2024-10-01): the felony path reaches convictions from 1973',
    {
      asOf: '2024-10-01',
      conviction: felony1170h(
        { convictionDate: '1990-03-01' },
        { kind: 'state_prison', endDate: '1993-03-01' },
      ),
    },
    { determination: 'eligible_mandatory', code: 'four_years_passed' },
  ],
  [
    'PC 1203.425 (ca-2024.10): a felony convicted in 1972 is outside it',
    {
      conviction: felony1170h(
        { convictionDate: '1972-12-31' },
        { kind: 'state_prison', endDate: '1975-03-01' },
      ),
    },
    { determination: 'not_eligible', code: 'conviction_before_covered_period' },
  ],
  // Operation and the records reached by (I) and (II).
  [
    'PC 1203.425(a)(1)(A) (ca-2021.01, 2022-06-30): DOJ’s review has not begun -> from 2022-07-01',
    { asOf: '2022-06-30', conviction: misdemeanor2021 },
    {
      determination: 'eligible_later',
      eligibleOn: '2022-07-01',
      code: 'automatic_relief_not_operating',
      citation: 'PC 1203.425(a)(1)(A)',
      rulesVersion: 'ca-2021.01',
    },
  ],
  [
    'PC 1203.425(a)(1)(A) (ca-2022.07, 2022-07-01): DOJ’s review has begun',
    { asOf: '2022-07-01', conviction: misdemeanor2021 },
    { determination: 'eligible_mandatory', code: 'check_rap_sheet', rulesVersion: 'ca-2022.07' },
  ],
  [
    'PC 1203.425 (AB 1076, ca-2021.01, 2022-06-30): only convictions from 2021-01-01',
    { asOf: '2022-06-30' },
    { determination: 'not_eligible', code: 'conviction_before_covered_period', rulesVersion: 'ca-2021.01' },
  ],
  [
    'PC 1203.425(a)(1)(B)(v) (ca-2022.07, 2022-07-01): convictions from 1973',
    { asOf: '2022-07-01' },
    { determination: 'eligible_mandatory', rulesVersion: 'ca-2022.07' },
  ],
  [
    'PC 1203.425(a)(1)(B)(v): convictions before 1973 are outside it',
    { conviction: { convictionDate: '1972-06-01', sentence: { endDate: '1973-06-01' } } },
    { determination: 'not_eligible', code: 'conviction_before_covered_period', citation: PROBATION },
  ],
  // Bars for every path.
  [
    'PC 1203.425(a)(1)(B)(i): PC 290 registrants are outside it',
    { person: { requiredToRegisterPC290: true } },
    { determination: 'not_eligible', code: 'pc290_registrant', citation: I },
  ],
  [
    'PC 1203.425(a)(1)(B)(i): unknown registration is asked about',
    { person: { requiredToRegisterPC290: null } },
    { determination: 'needs_more_info', code: 'missing_pc290', citation: I },
  ],
  [
    'PC 1203.425(a)(1)(B)(ii): not while under supervision',
    { person: { underSupervision: true } },
    { determination: 'not_eligible', code: 'under_supervision', citation: PERSON },
  ],
  [
    'PC 1203.425(a)(1)(B)(iii): not with a pending charge',
    { person: { currentlyCharged: true } },
    { determination: 'not_eligible', code: 'currently_charged', citation: PERSON },
  ],
];

describe('PC 1203.425 automatic relief', () => {
  it.each(rows)('%s', (_name, spec, expected) => expectRow('pc1203.425', spec, expected));
});
