// Sentence terms the reader used to lose in silence: a second SEN: line of a count, two terms with no
// comma between, summary probation and a conditional sentence (California's misdemeanor probation).
import { describe, expect, it } from 'vitest';
import { parseRapSheet } from './parse.ts';
import { readSentence } from './sentence.ts';

const countWith = (...lines: string[]) => {
  const sheet = parseRapSheet(`CII/A11111111
DOB/19850303     SEX/M
NAM/01 DOE, JOHN
* * * *
COURT:                NAM:01
20150615  CASC ALAMEDA
CNT:01     #A4
  459 PC-BURGLARY
*DISPO:CONVICTED
   CONV STATUS:FELONY
${lines.map((l) => `   ${l}`).join('\n')}
* * * END OF MESSAGE * * *`);
  return { count: sheet.cycles[0]?.events[0]?.counts[0], warnings: sheet.warnings };
};

describe('sentence terms', () => {
  it('a second SEN: line adds to the first: the 16 months of jail are kept beside mandatory supervision', () => {
    const { count, warnings } = countWith(
      'SEN: 16 MONTHS JAIL',
      '.-1170 (H) PC-SENTENCING',
      'SEN: 2 YEARS MANDATORY SUPERVISION',
    );
    expect(count?.sentence).toMatchObject({
      text: '16 MONTHS JAIL, 2 YEARS MANDATORY SUPERVISION',
      jailDays: 480,
    });
    expect(count?.sentencedUnder1170h).toBe(true);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['3 YRS PROB 60 DS JL', { probationMonths: 36, jailDays: 60 }],
    ['36 MOS PROB 90 DAYS JAIL 2 YRS PRISON SS', { probationMonths: 36, jailDays: 90, prisonMonths: null }],
    ['2 YEARS 8 MONTHS PRISON', { prisonMonths: 32 }],
    ['3 YRS SUMM PROB', { probationMonths: 36 }],
    ['3 YRS SUMMARY PROB', { probationMonths: 36 }],
    ['3 YRS CONDITIONAL SENTENCE', { probationMonths: 36 }],
    ['2 YRS COND SENTENCE, 10 DS JL', { probationMonths: 24, jailDays: 10 }],
    ['1 YR INF PROB', { probationMonths: 12 }],
  ])('“%s” is read', (written, terms) => {
    expect(readSentence(written)).toMatchObject(terms);
    expect(countWith(`SEN: ${written}`).warnings).toEqual([]);
  });
});
