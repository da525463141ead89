import { describe, it } from 'vitest';
import { expectRow, type Row } from '../test-support.ts';

const jailOnly = (over: Record<string, unknown> = {}) => ({
  kind: 'jail_only',
  endDate: '2016-05-12',
  ...over,
});
const misdemeanor = (over: Record<string, unknown> = {}) => ({ sentence: jailOnly(), ...over });

const rows: Row[] = [
  [
    'PC 1203.4a(a): misdemeanor without probation, a year after judgment, sentence done -> mandatory',
    { conviction: misdemeanor() },
    { determination: 'eligible_mandatory', code: 'year_since_judgment' },
  ],
  [
    'PC 1203.4a(a): fine-only sentence is covered',
    { conviction: misdemeanor({ sentence: { kind: 'fine_only', endDate: '2016-04-12' } }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1203.4a(a): less than a year after judgment -> eligible the day after the anniversary',
    {
      conviction: misdemeanor({
        convictionDate: '2026-06-01',
        sentence: jailOnly({ endDate: '2026-06-10' }),
      }),
    },
    { determination: 'eligible_later', eligibleOn: '2027-06-02', code: 'year_not_passed' },
  ],
  [
    'PC 1203.4a(a): sentence not yet complied with -> the day after it ends',
    {
      conviction: misdemeanor({
        convictionDate: '2025-01-10',
        sentence: jailOnly({ endDate: '2027-02-01' }),
      }),
    },
    { determination: 'eligible_later', eligibleOn: '2027-02-02', code: 'sentence_not_completed' },
  ],
  [
    'PC 1203.4a(a): unknown sentence end is asked about',
    { conviction: misdemeanor({ sentence: jailOnly({ endDate: null }) }) },
    { determination: 'needs_more_info', code: 'missing_end_date' },
  ],
  [
    'PC 1203.4a(b): a later conviction leaves relief to the court',
    {
      conviction: misdemeanor(),
      others: [
        {
          id: 'c2',
          code: 'PC',
          section: '415',
          level: 'infraction',
          convictionDate: '2019-01-01',
          sentence: { kind: 'fine_only', endDate: '2019-01-01' },
        },
      ],
    },
    { determination: 'eligible_discretionary', code: 'later_conviction' },
  ],
  [
    'PC 1203.4a(a): not while charged with an offense',
    { conviction: misdemeanor(), person: { currentlyCharged: true } },
    { determination: 'not_eligible', code: 'currently_charged' },
  ],
  [
    'PC 1203.4a(a): not while serving a sentence',
    { conviction: misdemeanor(), person: { servingSentence: true } },
    { determination: 'not_eligible', code: 'serving_sentence' },
  ],
  [
    'PC 1203.4a(a): supervision is not one of its bars',
    { conviction: misdemeanor(), person: { underSupervision: true } },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1203.4a(a): unknown serving status is asked about',
    { conviction: misdemeanor(), person: { servingSentence: null } },
    { determination: 'needs_more_info', code: 'missing_serving_sentence' },
  ],
  [
    'PC 1203.4a(d): misdemeanor PC 288(c) is excluded',
    { conviction: misdemeanor({ section: '288(c)(2)' }) },
    { determination: 'not_eligible', code: 'excluded_offense' },
  ],
  [
    'PC 1203.4a(d): PC 288 without a subdivision is asked about',
    { conviction: misdemeanor({ section: '288' }) },
    { determination: 'needs_more_info', code: 'missing_subdivision' },
  ],
  [
    'PC 1203.4a(d) / VC 42002.1: a bare misdemeanor VC 2800 is asked about',
    { conviction: misdemeanor({ code: 'VC', section: '2800' }) },
    { determination: 'needs_more_info', code: 'vc42002_1_detail_missing' },
  ],
  [
    'PC 1203.4a(d) / VC 42001: speeding (VC 22350) infraction is excluded',
    { conviction: misdemeanor({ level: 'infraction', code: 'VC', section: '22350' }) },
    { determination: 'not_eligible', code: 'vc42001_infraction' },
  ],
  [
    'PC 1203.4a(d) / PC 19.8: VC 12500 infraction has its own penalty and stays covered',
    { conviction: misdemeanor({ level: 'infraction', code: 'VC', section: '12500(a)' }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1203.4a(d) / PC 19.8: VC 23109 infraction without subdivision is asked about ((c) is in PC 19.8)',
    { conviction: misdemeanor({ level: 'infraction', code: 'VC', section: '23109' }) },
    { determination: 'needs_more_info', code: 'missing_subdivision' },
  ],
  [
    'PC 1203.4a(a): Penal Code infractions are covered',
    { conviction: misdemeanor({ level: 'infraction', section: '415(2)' }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 17(b)(1) / 1203.4a(a): a felony wobbler sentenced to jail only is a misdemeanor for all purposes -> covered',
    { conviction: misdemeanor({ level: 'felony', section: '487', wobbler: true }) },
    { determination: 'eligible_mandatory', code: 'misdemeanor_by_17b1', citation: 'PC 17(b)(1)' },
  ],
  [
    'PC 17(b)(1): a known wobbler (PC 496) with wobbler unknown, fine only -> covered',
    {
      conviction: misdemeanor({
        level: 'felony',
        section: '496(a)',
        wobbler: null,
        sentence: { kind: 'fine_only', endDate: '2016-04-12' },
      }),
    },
    { determination: 'eligible_mandatory', code: 'misdemeanor_by_17b1' },
  ],
  [
    'PC 17(b)(1): a felony sentenced to jail only whose wobbler status is unknown is asked about',
    { conviction: misdemeanor({ level: 'felony', section: '12345', wobbler: null }) },
    { determination: 'needs_more_info', code: 'missing_wobbler', citation: 'PC 17(b)(1)' },
  ],
  [
    'PC 1203.4a(a): a felony that is not a wobbler stays outside it',
    { conviction: misdemeanor({ level: 'felony', section: '487', wobbler: false }) },
    'omitted',
  ],
  [
    'PC 1203.4a(a): a wobbler sentenced to county jail under PC 1170(h) stays a felony',
    {
      conviction: misdemeanor({
        level: 'felony',
        section: '487',
        wobbler: true,
        sentence: { kind: 'county_jail_1170h', endDate: '2016-05-12' },
      }),
    },
    'omitted',
  ],
  [
    'PC 1203.4a(a): every infraction, including one granted probation',
    {
      conviction: {
        level: 'infraction',
        section: '415(2)',
        sentence: { kind: 'probation', endDate: '2017-04-12' },
      },
    },
    { determination: 'eligible_mandatory', code: 'sentence_completed', citation: 'PC 1203.4a(a)' },
  ],
  [
    'PC 1203.4a(a): an infraction on probation waits for the day after probation ends',
    {
      conviction: {
        level: 'infraction',
        section: '415(2)',
        convictionDate: '2025-06-01',
        sentence: { kind: 'probation', endDate: '2027-01-31' },
      },
    },
    { determination: 'eligible_later', eligibleOn: '2027-02-01', code: 'sentence_not_completed' },
  ],
  [
    'PC 1203.4a(a): misdemeanor probation cases go to PC 1203.4',
    { conviction: { sentence: { kind: 'probation' } } },
    'omitted',
  ],
];

describe('PC 1203.4a dismissal without probation', () => {
  it.each(rows)('%s', (_name, spec, expected) => expectRow('pc1203.4a', spec, expected));
});
