// Names are kept as printed (case and accents), and a charge given in a comment has no leading dash.
import { describe, expect, it } from 'vitest';
import { parseRapSheet } from './parse.ts';

describe('as printed', () => {
  it('names keep their case and accents', () => {
    const sheet = parseRapSheet(`CII/A11111111
DOB/19850303     SEX/M
NAM/01 McDONALD, Seán
    02 de la Cruz, José
    03 O'BRIEN-SMITH, SEÁN
* * * END OF MESSAGE * * *`);
    expect(sheet.person.names.map((n) => n.name)).toEqual([
      'McDONALD, Seán',
      'de la Cruz, José',
      "O'BRIEN-SMITH, SEÁN",
    ]);
  });

  it('a charge in a comment (`COM: CHRG 23103.5 VC-WET RECKLESS`) reads without the dash', () => {
    const sheet = parseRapSheet(`CII/A11111111
DOB/19850303     SEX/M
NAM/01 DOE, JOHN
* * * *
COURT:                NAM:01
20110301  CASC ALAMEDA
CNT:01     #T111
  SEE COMMENT FOR CHARGE
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 3 YEARS PROBATION
   COM: CHRG 23103.5 VC-WET RECKLESS
* * * END OF MESSAGE * * *`);
    expect(sheet.cycles[0]?.events[0]?.counts[0]).toMatchObject({
      code: 'VC',
      section: '23103.5',
      description: 'WET RECKLESS',
    });
  });
});
