// A probation violation the record lists as a count (PC 1203.2), in a later cycle, is no conviction
// and no arrest to seal: it marks the earlier conviction of the same case as probation violated.
import { readFileSync } from 'node:fs';
import { parseRapSheet } from '@relief-desk/rap-sheet';
import { describe, expect, it } from 'vitest';
import { buildReview } from './proposals.ts';

function reviewOf(text: string) {
  const lines = text.split('\n');
  return buildReview({
    today: '2026-12-01',
    result: { lines, pages: [], sheet: parseRapSheet(text) },
    client: { legalName: 'John Doe', otherNames: [], dateOfBirth: '1980-02-02' },
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

const HEADER = 'CII/A66666666\nDOB/19800202     SEX/M\nNAM/01 DOE, JOHN\n';
const CONVICTION = `* * * *
ARR/DET/CITE:         NAM:01
20150101  CAPD OAKLAND
CNT:01     #15-1
  484(A) PC-PETTY THEFT
- - - -
COURT:                NAM:01
20150301  CASC ALAMEDA
CNT:01     #P100
  484(A) PC-PETTY THEFT
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 3 YEARS PROBATION
`;
const violation = (caseNumber: string, charge: string, dispo: string) => `* * * *
ARR/DET/CITE:         NAM:01
20160601  CAPD OAKLAND
CNT:01     #16-9
  ${charge}
- - - -
COURT:                NAM:01
20160701  CASC ALAMEDA
CNT:01     #${caseNumber}
  ${charge}
${dispo}
   SEN: 60 DAYS JAIL
`;
const END = '* * * END OF MESSAGE * * *';

describe('a probation violation in a later cycle', () => {
  it('the tester’s sheet: one conviction, probation violated, nothing else proposed', () => {
    const text = readFileSync(new URL('./test-sheets/probation-violation.txt', import.meta.url), 'utf8');
    const review = reviewOf(text);
    expect(review.proposals.map((p) => `${p.fields.code} ${p.fields.section}`)).toEqual(['PC 484(a)']);
    expect(review.proposals[0]?.fields.probationOutcome).toBe('violated');
    expect(
      review.proposals[0]?.warnings.filter((w) => w.includes('probation violation in this case')),
    ).toHaveLength(2);
    expect(review.rapArrests).toEqual([]);
    expect(review.rapWarnings).toEqual([]);
  });

  it.each([
    ['1203.2 PC-PROBATION VIOLATION', '*DISPO:CONVICTED'],
    ['1203.2(A) PC-REARREST/REVOKE PROBATION', '   DISPO:PROBATION REVOKED'],
    ['1203.3 PC-MODIFY PROBATION', '   DISPO:PROBATION MODIFIED'],
    ['3455 PC-PRCS VIOLATION', '*DISPO:CONVICTED'],
  ])('“%s” is attached to the conviction of its case', (charge, dispo) => {
    const review = reviewOf(`${HEADER}${CONVICTION}${violation('P100', charge, dispo)}${END}`);
    expect(review.proposals).toHaveLength(1);
    expect(review.proposals[0]?.fields.section).toBe('484(a)');
    expect(review.proposals[0]?.fields.probationOutcome).toBe('violated');
    expect(review.rapArrests).toEqual([]);
  });

  it('with no conviction of its case number before it: not proposed, and said among the lines to check', () => {
    const review = reviewOf(
      `${HEADER}${CONVICTION}${violation('Q999', '1203.2 PC-PROBATION VIOLATION', '*DISPO:CONVICTED')}${END}`,
    );
    expect(review.proposals.map((p) => p.fields.section)).toEqual(['484(a)']);
    expect(review.proposals[0]?.fields.probationOutcome).toBe('unknown');
    expect(review.rapArrests).toEqual([]);
    expect(review.rapWarnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(
        /^A probation \(or parole\) violation in case Q999 on Jul 1, 2016: not an offense/,
      ),
    );
  });

  it('a new offense convicted in the same cycle as a violation is still proposed', () => {
    const text = `${HEADER}${CONVICTION}* * * *
COURT:                NAM:01
20160701  CASC ALAMEDA
CNT:01     #P100
  1203.2 PC-PROBATION VIOLATION
*DISPO:CONVICTED
CNT:02     #P200
  459 PC-BURGLARY
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 2 YEARS PRISON
${END}`;
    const review = reviewOf(text);
    expect(review.proposals.map((p) => p.fields.section)).toEqual(['484(a)', '459']);
  });
});
