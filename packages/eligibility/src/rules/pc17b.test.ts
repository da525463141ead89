import { describe, it } from 'vitest';
import { expectRow, type Row } from '../test-support.ts';

const felony = (over: Record<string, unknown> = {}, sentence: Record<string, unknown> = {}) => ({
  level: 'felony',
  section: '487(a)',
  wobbler: true,
  convictionDate: '2012-01-10',
  sentence: { kind: 'probation', endDate: '2015-01-10', ...sentence },
  ...over,
});

const known = (code: string, section: string, convictionDate = '2012-01-10'): Row => [
  `PC 17(b)(3): ${code} ${section} is a known wobbler when the record leaves wobbler null`,
  { conviction: felony({ code, section, wobbler: null, convictionDate }) },
  { determination: 'eligible_discretionary', code: 'wobbler_with_probation' },
];

const rows: Row[] = [
  [
    'PC 17(b)(3): felony wobbler granted probation -> discretionary reduction',
    { conviction: felony() },
    { determination: 'eligible_discretionary', code: 'wobbler_with_probation' },
  ],
  [
    'PC 17(b)(3), People v. Wood: probation after a prison term imposed and its execution suspended -> no reduction',
    { conviction: felony({ section: '496(a)' }, { executionSuspended: true }) },
    { determination: 'not_eligible', code: 'sentence_imposed_execution_suspended' },
  ],
  [
    'PC 17(b)(3): whether the sentence was imposed and suspended is not known -> asked before a reduction is suggested',
    { conviction: felony({}, { executionSuspended: null }) },
    { determination: 'needs_more_info', code: 'execution_suspended_unknown' },
  ],
  [
    'PC 17(b)(1): a jail-only wobbler is a misdemeanor whatever the record says of suspended execution',
    { conviction: felony({}, { kind: 'jail_only', executionSuspended: null }) },
    { determination: 'eligible_mandatory', code: 'misdemeanor_by_operation_of_law' },
  ],
  [
    'PC 17(b)(3): available while probation is still running',
    { conviction: felony({}, { endDate: '2027-01-01' }) },
    { determination: 'eligible_discretionary' },
  ],
  [
    'PC 17(b)(1): a wobbler sentenced to neither prison nor 1170(h) is already a misdemeanor',
    { conviction: felony({}, { kind: 'jail_only' }) },
    { determination: 'eligible_mandatory', code: 'misdemeanor_by_operation_of_law' },
  ],
  [
    'PC 17(b): a state-prison sentence bars reduction',
    { conviction: felony({}, { kind: 'state_prison' }) },
    { determination: 'not_eligible', code: 'prison_or_1170h_sentence' },
  ],
  [
    'PC 17(b): a county-jail 1170(h) sentence bars reduction',
    { conviction: felony({}, { kind: 'county_jail_1170h' }) },
    { determination: 'not_eligible', code: 'prison_or_1170h_sentence' },
  ],
  [
    'PC 17(b): a straight felony (wobbler false) -> not this remedy',
    { conviction: felony({ wobbler: false }) },
    'omitted',
  ],
  ['PC 17(b): a misdemeanor -> not this remedy', { conviction: { section: '484(a)' } }, 'omitted'],
  [
    'PC 17(b): an infraction -> not this remedy',
    { conviction: { level: 'infraction', section: '415' } },
    'omitted',
  ],
  known('PC', '459 2nd'),
  known('PC', '460(b)'),
  known('PC', '487'),
  known('PC', '496(a)'),
  known('PC', '245(a)(1)'),
  known('PC', '273.5(a)'),
  known('PC', '422'),
  known('PC', '666'),
  known('VC', '10851(a)'),
  known('HS', '11377(a)', '2013-06-01'),
  [
    'PC 17(b): HS 11377 after Prop 47 (2014-11-05) is no longer a known wobbler -> asked',
    {
      conviction: felony(
        { code: 'HS', section: '11377(a)', wobbler: null, convictionDate: '2016-01-01' },
        { endDate: '2018-01-01' },
      ),
    },
    { determination: 'needs_more_info', code: 'missing_wobbler' },
  ],
  [
    'PC 17(b): PC 245 without a subdivision is asked about',
    { conviction: felony({ section: '245', wobbler: null }) },
    { determination: 'needs_more_info', code: 'missing_subdivision' },
  ],
  [
    'PC 17(b): burglary without a degree is asked about',
    { conviction: felony({ section: '459', wobbler: null }) },
    { determination: 'needs_more_info', code: 'missing_degree' },
  ],
  [
    'PC 17(b): an unknown section with wobbler null is asked about',
    { conviction: felony({ section: '12345', wobbler: null }) },
    { determination: 'needs_more_info', code: 'missing_wobbler' },
  ],
  [
    'PC 17(b): first-degree burglary is not a wobbler the rules know -> asked',
    { conviction: felony({ section: '459 1st degree', wobbler: null }) },
    { determination: 'needs_more_info', code: 'missing_wobbler' },
  ],
  [
    'PC 17(d)(2) / PC 19.8: a listed misdemeanor may become an infraction with consent',
    { conviction: { section: '415(1)' } },
    { determination: 'eligible_discretionary', code: 'wobblette_to_infraction' },
  ],
  [
    'PC 17(d)(2) / PC 19.8: misdemeanor VC 12500 is listed',
    { conviction: { code: 'VC', section: '12500(a)' } },
    { determination: 'eligible_discretionary', code: 'wobblette_to_infraction' },
  ],
];

describe('PC 17(b) reduction', () => {
  it.each(rows)('%s', (_name, spec, expected) => expectRow('pc17b', spec, expected));
});
