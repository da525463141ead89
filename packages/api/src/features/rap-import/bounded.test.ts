// What the review shows of a text that is no RAP sheet, or of one with many lines not read.
import { parseRapSheet } from '@relief-desk/rap-sheet';
import { describe, expect, it } from 'vitest';
import { boundedWarnings, MAX_UNREAD_LINE_WARNINGS } from './bounded.ts';
import { buildReview } from './proposals.ts';

function reviewOf(text: string) {
  const lines = text.split('\n');
  // As the import reads it: a final newline ends the last line, it starts none.
  if (lines[lines.length - 1] === '') lines.pop();
  return buildReview({
    today: '2026-12-01',
    result: { lines, pages: [], sheet: boundedWarnings(parseRapSheet(text), lines.length) },
    client: { legalName: 'Tam Nguyen', otherNames: [], dateOfBirth: '1975-05-05' },
    existing: [],
    existingArrests: [],
    facts: {
      currentlyCharged: 'no',
      underSupervision: 'no',
      servingSentence: 'no',
      requiredToRegisterPC290: 'no',
      hasSuperstrikePrior: 'no',
    },
    decided: new Map(),
  });
}

const HEADER = 'CII/A55555555\nDOB/19750505     SEX/M\nNAM/01 NGUYEN, TAM\n* * * *\n';
const COURT = `COURT:                NAM:01
20100401  CASC ALAMEDA
CNT:01     #V2
  11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 3 YEARS PROBATION
`;

describe('the warnings an import keeps', () => {
  it('a megabyte that is no RAP sheet gives one warning saying so, not one a line', () => {
    const review = reviewOf('AB\n'.repeat(333_333));
    expect(review.rapWarnings).toHaveLength(1);
    expect(review.rapWarnings[0]?.message).toMatch(
      /^This does not read as a California RAP sheet: none of its 333333 lines/,
    );
    expect(review.proposals).toEqual([]);
    expect(JSON.stringify(review).length).toBeLessThan(2_000);
  }, 60_000);

  it('a short letter is one warning too', () => {
    const review = reviewOf('Dear Ms. Okonkwo-Reyes,\n\nThank you for coming.');
    expect(review.rapWarnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^This does not read as a California RAP sheet/),
    ]);
  });

  it('a RAP sheet followed by thousands of unread lines lists the first 500 and sums up the rest', () => {
    const text = `${HEADER}${COURT}${'l1 ;; vv\n'.repeat(3000)}* * * END OF MESSAGE * * *`;
    const review = reviewOf(text);
    expect(review.proposals).toHaveLength(1);
    const all = [...review.rapWarnings.map((w) => w.message), ...(review.proposals[0]?.warnings ?? [])];
    expect(all.length).toBeLessThanOrEqual(MAX_UNREAD_LINE_WARNINGS + 10);
    expect(all.filter((m) => /2500 more lines could not be read \(lines \d+ to 3011\)/.test(m))).toHaveLength(
      1,
    );
  });

  it('a sheet with few unread lines keeps each of them', () => {
    const sheet = parseRapSheet(`${HEADER}${COURT}l1 ;; vv\n* * * END OF MESSAGE * * *`);
    expect(boundedWarnings(sheet, 12)).toBe(sheet);
  });
});
