import { describe, it } from 'vitest';
import { expectRow, type Row } from '../test-support.ts';

const felony = (section: string) => ({
  level: 'felony',
  section,
  convictionDate: '2010-01-10',
  sentence: { kind: 'state_prison', endDate: '2013-01-10' },
});

const rows: Row[] = [
  [
    'PC 4852.01: any felony -> a pointer naming residence, which the record lacks',
    { conviction: felony('211') },
    { determination: 'needs_more_info', code: 'missing_residence' },
  ],
  [
    'PC 4852.01(d): PC 288 is excluded',
    { conviction: felony('288(a)') },
    { determination: 'not_eligible', code: 'excluded_offense' },
  ],
  ['PC 4852.01(d): PC 269 is excluded', { conviction: felony('269') }, { determination: 'not_eligible' }],
  [
    'PC 4852.01(d): PC 288.7 is excluded',
    { conviction: felony('288.7(b)') },
    { determination: 'not_eligible' },
  ],
  [
    'PC 4852.01(d): PC 286(c) is excluded',
    { conviction: felony('286(c)(2)') },
    { determination: 'not_eligible' },
  ],
  [
    'PC 4852.01(d): PC 289(j) is excluded',
    { conviction: felony('289(j)') },
    { determination: 'not_eligible' },
  ],
  [
    'PC 4852.01(d): PC 286 without a subdivision is asked about',
    { conviction: felony('286') },
    { determination: 'needs_more_info', code: 'missing_subdivision' },
  ],
  ['PC 4852.01: an ordinary misdemeanor -> not this remedy', {}, 'omitted'],
  [
    'PC 4852.01: a PC 290 misdemeanor qualifies after a PC 1203.4 dismissal',
    { person: { requiredToRegisterPC290: true }, conviction: { section: '647.6(a)' } },
    { determination: 'needs_more_info', code: 'needs_1203_4_dismissal_first' },
  ],
];

describe('PC 4852.01 certificate of rehabilitation', () => {
  it.each(rows)('%s', (_name, spec, expected) => expectRow('pc4852', spec, expected));
});
