import { describe, it } from 'vitest';
import { arrest, expectArrestRow, expectRow, type Row } from '../test-support.ts';

const prostitution = (over: Record<string, unknown> = {}) => ({ section: '647(b)', ...over });

const dejRows: Row[] = [
  [
    'PC 1203.43(b): DEJ completed and dismissed -> the court shall allow withdrawal of the plea',
    { conviction: { code: 'HS', section: '11350(a)', convictionDate: '2010-03-01', dejCompleted: true } },
    { determination: 'eligible_mandatory', code: 'dej_plea_withdrawal', citation: 'PC 1203.43(b)' },
  ],
  [
    'PC 1203.43(b): a DEJ offense of the DEJ years with DEJ unknown -> ask',
    { conviction: { code: 'HS', section: '11377', convictionDate: '2017-12-31' } },
    { determination: 'needs_more_info', code: 'missing_dej', citation: 'PC 1203.43(b)' },
  ],
  [
    'PC 1203.43(b): from 2018-01-01 DEJ was replaced by pretrial diversion -> not asked',
    { conviction: { code: 'HS', section: '11377', convictionDate: '2018-01-01' } },
    'omitted',
  ],
  [
    'PC 1203.43(b): a record saying DEJ was completed outside the DEJ years -> not eligible',
    { conviction: { code: 'HS', section: '11377', convictionDate: '1996-12-31', dejCompleted: true } },
    { determination: 'not_eligible', code: 'outside_dej_period' },
  ],
  [
    'PC 1203.43(b): dejCompleted false -> not this remedy',
    { conviction: { code: 'HS', section: '11350', convictionDate: '2010-03-01', dejCompleted: false } },
    'omitted',
  ],
  ['PC 1203.43(b): a theft conviction is not asked about', {}, 'omitted'],
];

const pc1203_49Rows: Row[] = [
  [
    'PC 1203.49: PC 647(b) after probation, result of trafficking -> discretionary',
    { conviction: prostitution({ resultOfTrafficking: true }) },
    { determination: 'eligible_discretionary', code: 'trafficking_victim_relief', citation: 'PC 1203.49' },
  ],
  [
    'PC 1203.49: unknown trafficking link is asked about',
    { conviction: prostitution() },
    { determination: 'needs_more_info', code: 'missing_trafficking', citation: 'PC 1203.49' },
  ],
  [
    'PC 1203.49: probation still running -> the day after it ends',
    { conviction: prostitution({ resultOfTrafficking: true, sentence: { endDate: '2027-01-31' } }) },
    { determination: 'eligible_later', eligibleOn: '2027-02-01' },
  ],
  [
    'PC 1203.49: not a trafficking victim -> not this remedy',
    { conviction: prostitution({ resultOfTrafficking: false }) },
    'omitted',
  ],
  ['PC 1203.49: only PC 647(b)', { conviction: { resultOfTrafficking: true } }, 'omitted'],
];

const pc236_14Rows: Row[] = [
  [
    'PC 236.14(a): a nonviolent offense resulting from trafficking -> vacatur at the court’s discretion',
    { conviction: { resultOfTrafficking: true } },
    { determination: 'eligible_discretionary', code: 'trafficking_vacatur', citation: 'PC 236.14(a)' },
  ],
  [
    'PC 236.14(a): PC 647(b) with the trafficking link unknown is asked about',
    { conviction: prostitution() },
    { determination: 'needs_more_info', code: 'missing_trafficking' },
  ],
  ['PC 236.14(a): other offenses are not asked about when the link is unknown', {}, 'omitted'],
  [
    'PC 236.14(a); PC 667.5(c): a violent felony is outside it',
    { conviction: { level: 'felony', section: '211', resultOfTrafficking: true } },
    { determination: 'not_eligible', code: 'violent_offense', citation: 'PC 236.14(a); PC 667.5(c)' },
  ],
  [
    'PC 236.14(a); PC 667.5(c): a felony the rules cannot classify is asked about',
    { conviction: { level: 'felony', section: '12345', resultOfTrafficking: true } },
    { determination: 'needs_more_info', code: 'unknown_violent' },
  ],
];

const arrestRows: Row[] = [
  [
    'PC 236.14(a): an arrest for PC 647(b) resulting from trafficking can be vacated',
    { arrests: [arrest({ section: '647(b)', resultOfTrafficking: true })] },
    { determination: 'eligible_discretionary', code: 'trafficking_vacatur' },
  ],
  [
    'PC 236.14(a): an arrest for PC 647(b) with the link unknown is asked about',
    { arrests: [arrest({ section: '647(b)' })] },
    { determination: 'needs_more_info', code: 'missing_trafficking' },
  ],
  [
    'PC 236.14(a): a pending case is not vacated',
    { arrests: [arrest({ section: '647(b)', resultOfTrafficking: true, disposition: 'pending' })] },
    { determination: 'not_eligible', code: 'charges_pending' },
  ],
];

describe('PC 1203.43 deferred entry of judgment', () => {
  it.each(dejRows)('%s', (_name, spec, expected) => expectRow('pc1203.43', spec, expected));
});

describe('PC 1203.49 relief for trafficking victims', () => {
  it.each(pc1203_49Rows)('%s', (_name, spec, expected) => expectRow('pc1203.49', spec, expected));
});

describe('PC 236.14 vacatur for trafficking victims', () => {
  it.each(pc236_14Rows)('%s', (_name, spec, expected) => expectRow('pc236.14', spec, expected));
  it.each(arrestRows)('%s', (_name, spec, expected) => expectArrestRow('pc236.14', spec, expected));
});
