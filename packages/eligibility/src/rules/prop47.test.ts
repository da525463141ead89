import { describe, it } from 'vitest';
import { expectRow, type Row } from '../test-support.ts';

const felony = (over: Record<string, unknown> = {}, sentence: Record<string, unknown> = {}) => ({
  level: 'felony',
  code: 'HS',
  section: '11350(a)',
  convictionDate: '2012-01-10',
  sentence: { kind: 'probation', endDate: '2014-01-10', ...sentence },
  ...over,
});

const rows: Row[] = [
  [
    'PC 1170.18(f): felony HS 11350 with the sentence complete -> mandatory redesignation',
    { conviction: felony() },
    { determination: 'eligible_mandatory', code: 'redesignation' },
  ],
  [
    'PC 1170.18(a): possession (HS 11377) does not depend on value',
    { conviction: felony({ section: '11377(a)', valueOver950: true }) },
    { determination: 'eligible_mandatory', code: 'possession_any_value' },
  ],
  [
    'PC 1170.18(a): possession HS 11357 is listed',
    { conviction: felony({ section: '11357(a)' }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1170.18(a) / PC 473(b): forgery of a listed instrument (PC 470) of $950 or less counts',
    {
      conviction: felony({
        code: 'PC',
        section: '470(d)',
        valueOver950: false,
        forgedInstrumentListed: true,
      }),
    },
    { determination: 'eligible_mandatory', code: 'listed_instrument', citation: 'PC 1170.18(a); PC 473(b)' },
  ],
  [
    'PC 473(b): forgery of an instrument PC 473(b) does not list is outside Prop 47',
    {
      conviction: felony({
        code: 'PC',
        section: '470(d)',
        valueOver950: false,
        forgedInstrumentListed: false,
      }),
    },
    { determination: 'not_eligible', code: 'instrument_not_listed', citation: 'PC 1170.18(a); PC 473(b)' },
  ],
  [
    'PC 473(b): what was forged is asked when the record does not say',
    { conviction: felony({ code: 'PC', section: '475', valueOver950: false }) },
    {
      determination: 'needs_more_info',
      code: 'missing_forged_instrument',
      citation: 'PC 1170.18(a); PC 473(b)',
    },
  ],
  [
    'PC 1170.18(a) / PC 473: forgery over $950 is outside Prop 47',
    { conviction: felony({ code: 'PC', section: '470', valueOver950: true }) },
    { determination: 'not_eligible', code: 'value_over_950' },
  ],
  [
    'PC 1170.18(a): unknown value for a value-limited section is asked about',
    { conviction: felony({ code: 'PC', section: '470' }) },
    { determination: 'needs_more_info', code: 'missing_value' },
  ],
  [
    'PC 1170.18(a): PC 476a checks $950 or less',
    { conviction: felony({ code: 'PC', section: '476a(a)', valueOver950: false }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1170.18(a): PC 496 receiving $950 or less',
    { conviction: felony({ code: 'PC', section: '496(a)', valueOver950: false }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1170.18(a): PC 666 petty theft with a prior',
    { conviction: felony({ code: 'PC', section: '666(a)', valueOver950: false }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1170.18(a) / PC 490.2: grand theft PC 487 of $950 or less',
    { conviction: felony({ code: 'PC', section: '487(a)', valueOver950: false }) },
    { determination: 'eligible_mandatory' },
  ],
  [
    'PC 1170.18(a) / PC 459.5(a): second-degree burglary of an open commercial establishment, $950 or less',
    {
      conviction: felony({
        code: 'PC',
        section: '459 2nd',
        valueOver950: false,
        enteredOpenCommercialEstablishment: true,
      }),
    },
    { determination: 'eligible_mandatory', code: 'commercial_establishment_open' },
  ],
  [
    'PC 459.5(a): burglary that was not of an open commercial establishment is not shoplifting',
    {
      conviction: felony({
        code: 'PC',
        section: '460(b)',
        valueOver950: false,
        enteredOpenCommercialEstablishment: false,
      }),
    },
    { determination: 'not_eligible', code: 'not_shoplifting', citation: 'PC 1170.18(a); PC 459.5(a)' },
  ],
  [
    'PC 459.5(a): an unknown place or hours is asked about',
    { conviction: felony({ code: 'PC', section: '459 2nd', valueOver950: false }) },
    {
      determination: 'needs_more_info',
      code: 'missing_commercial_establishment',
      citation: 'PC 1170.18(a); PC 459.5(a)',
    },
  ],
  [
    'PC 1170.18(a) / PC 459.5: burglary without a degree is asked about',
    { conviction: felony({ code: 'PC', section: '459', valueOver950: false }) },
    { determination: 'needs_more_info', code: 'missing_degree' },
  ],
  [
    'PC 1170.18(a): first-degree burglary is not listed',
    { conviction: felony({ code: 'PC', section: '460(a)' }) },
    'omitted',
  ],
  [
    'PC 1170.18(a): a non-listed section (PC 211) -> not this remedy',
    { conviction: felony({ code: 'PC', section: '211' }) },
    'omitted',
  ],
  [
    'PC 1170.18(a): a misdemeanor conviction -> not this remedy',
    { conviction: { code: 'HS', section: '11350' } },
    'omitted',
  ],
  [
    'PC 1170.18(a)-(b): still serving -> resentencing, refusable for unreasonable risk',
    { conviction: felony({}, { endDate: '2027-01-01' }) },
    { determination: 'eligible_discretionary', code: 'resentencing' },
  ],
  [
    'PC 1170.18(a): unknown sentence end is asked about (redesignation vs resentencing)',
    { conviction: felony({}, { endDate: null }) },
    { determination: 'needs_more_info', code: 'missing_end_date' },
  ],
  [
    'PC 1170.18(i) / PC 667(e)(2)(C)(iv): a superstrike prior bars Prop 47, cited with the clause (i) refers to',
    { person: { hasSuperstrikePrior: true }, conviction: felony() },
    {
      determination: 'not_eligible',
      code: 'superstrike_prior',
      citation: 'PC 1170.18(i); PC 667(e)(2)(C)(iv)',
    },
  ],
  [
    'PC 1170.18(i): a person required to register under PC 290(c) is barred (not asked)',
    { person: { requiredToRegisterPC290: true }, conviction: felony() },
    { determination: 'not_eligible', code: 'pc290_registrant', citation: 'PC 1170.18(i); PC 290(c)' },
  ],
  [
    'PC 1170.18(i): unknown registration is asked about',
    { person: { requiredToRegisterPC290: null }, conviction: felony() },
    { determination: 'needs_more_info', code: 'missing_pc290', citation: 'PC 1170.18(i); PC 290(c)' },
  ],
  [
    'PC 1170.18(i) / PC 667(e)(2)(C)(iv): unknown superstrike prior is asked about',
    { person: { hasSuperstrikePrior: null }, conviction: felony() },
    {
      determination: 'needs_more_info',
      code: 'missing_superstrike',
      citation: 'PC 1170.18(i); PC 667(e)(2)(C)(iv)',
    },
  ],
  [
    'PC 1170.18(a): convicted the day Prop 47 took effect (2014-11-05), offense date unknown -> asked',
    { conviction: felony({ convictionDate: '2014-11-05' }, { endDate: '2016-11-05' }) },
    { determination: 'needs_more_info', code: 'missing_offense_date', citation: 'PC 1170.18(a)' },
  ],
  [
    'PC 1170.18(a): convicted in 2015 for an offense of 2014-11-04 (the day before) -> decided on the offense',
    {
      conviction: felony(
        { convictionDate: '2015-03-02', offenseDate: '2014-11-04' },
        { endDate: '2016-03-02' },
      ),
    },
    { determination: 'eligible_mandatory', code: 'redesignation' },
  ],
  [
    'PC 1170.18(a): an offense committed the day Prop 47 took effect -> not eligible',
    {
      conviction: felony(
        { convictionDate: '2015-03-02', offenseDate: '2014-11-05' },
        { endDate: '2016-03-02' },
      ),
    },
    { determination: 'not_eligible', code: 'offense_after_prop47', citation: 'PC 1170.18(a)' },
  ],
  [
    'PC 1170.18(a): convicted the day before it took effect, offense date unknown -> the offense was earlier',
    { conviction: felony({ convictionDate: '2014-11-04' }, { endDate: '2016-11-04' }) },
    { determination: 'eligible_mandatory', code: 'redesignation' },
  ],
  [
    'PC 1170.18(a): a bar in the record still decides when the offense date is unknown',
    {
      person: { hasSuperstrikePrior: true },
      conviction: felony({ convictionDate: '2015-03-02' }, { endDate: '2016-03-02' }),
    },
    { determination: 'not_eligible', code: 'superstrike_prior' },
  ],
  [
    'PC 1170.18(j) before SB 749 (ca-2023.01): an application after 2022-11-04 needs good cause',
    { asOf: '2023-06-01', conviction: felony() },
    { determination: 'eligible_discretionary', code: 'good_cause_required', rulesVersion: 'ca-2023.01' },
  ],
  [
    'PC 1170.18(j) before SB 749 (ca-2021.01): before the deadline it is mandatory',
    { asOf: '2022-06-01', conviction: felony() },
    { determination: 'eligible_mandatory', rulesVersion: 'ca-2021.01' },
  ],
  [
    'PC 1170.18(j) before SB 749 (ca-2023.01, 2023-10-09): the day before SB 749 took effect, good cause',
    { asOf: '2023-10-09', conviction: felony() },
    {
      determination: 'eligible_discretionary',
      code: 'good_cause_required',
      citation: 'PC 1170.18(j) (before SB 749)',
      rulesVersion: 'ca-2023.01',
    },
  ],
  [
    'PC 1170.18 after SB 749 (Stats. 2023, ch. 633, urgency; ca-2023.10, 2023-10-10): no deadline, no good cause',
    { asOf: '2023-10-10', conviction: felony() },
    { determination: 'eligible_mandatory', code: 'redesignation', rulesVersion: 'ca-2023.10' },
  ],
  [
    'PC 1170.18 after SB 749 (ca-2023.10, 2024-01-01): the old date changes nothing',
    { asOf: '2024-01-01', conviction: felony() },
    { determination: 'eligible_mandatory', rulesVersion: 'ca-2023.10' },
  ],
  [
    'PC 1170.18(a): an attempt is left to an attorney',
    { conviction: felony({ code: 'PC', section: '664/496', valueOver950: false }) },
    { determination: 'needs_more_info', code: 'attempt_needs_review' },
  ],
];

describe('Prop 47 (PC 1170.18)', () => {
  it.each(rows)('%s', (_name, spec, expected) => expectRow('prop47', spec, expected));
});
