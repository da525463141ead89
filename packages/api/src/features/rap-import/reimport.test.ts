// Reading a sheet again: a count the matter has under another writing of its section (the sheet's
// `11364(A) HS` recorded as `11364`, or `459` edited to `459 2nd` after import) is already recorded.
import { parseRapSheet } from '@relief-desk/rap-sheet';
import { describe, expect, it } from 'vitest';
import { buildReview, type ReviewInput } from './proposals.ts';

const TEXT = `CII/A55555555
DOB/19750505     SEX/M
NAM/01 NGUYEN, TAM
* * * *
COURT:                NAM:01
20100401  CASC ALAMEDA
CNT:01     #V2
  11364(A) HS-POSSESS DRUG PARAPHERNALIA
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 3 YEARS PROBATION
CNT:02     #V2
  459 PC-BURGLARY
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 3 YEARS PROBATION
CNT:03     #V2
  459.5 PC-SHOPLIFTING
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 1 YEARS PROBATION
* * * END OF MESSAGE * * *`;

function reviewWith(existing: ReviewInput['existing']) {
  return buildReview({
    today: '2026-12-01',
    result: { lines: TEXT.split('\n'), pages: [], sheet: parseRapSheet(TEXT) },
    client: { legalName: 'Tam Nguyen', otherNames: [], dateOfBirth: '1975-05-05' },
    existing,
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

const shown = (review: ReturnType<typeof reviewWith>) =>
  review.proposals.map((p) => [p.fields.section, p.status, p.recordedConvictionId, p.recordedAs]);

describe('a count already recorded under another writing of its section', () => {
  it('11364 for 11364(A), and 459 2nd for 459, are already recorded, saying what the matter has', () => {
    const review = reviewWith([
      { id: 'c1', case_number: 'V2', code: 'HS', section: '11364' },
      { id: 'c2', case_number: 'V2', code: 'PC', section: '459 2nd' },
    ]);
    expect(shown(review)).toEqual([
      ['11364(a)', 'recorded', 'c1', 'HS 11364'],
      ['459', 'recorded', 'c2', 'PC 459 2nd'],
      ['459.5', 'new', null, null],
    ]);
  });

  it('an exact match is the same as before, and never taken by a loose one', () => {
    const review = reviewWith([
      { id: 'c2', case_number: 'V2', code: 'PC', section: '459' },
      { id: 'c1', case_number: 'V2', code: 'HS', section: '11364(a)' },
    ]);
    expect(shown(review)).toEqual([
      ['11364(a)', 'recorded', 'c1', null],
      ['459', 'recorded', 'c2', null],
      ['459.5', 'new', null, null],
    ]);
  });

  it('another case number or code is not the same count', () => {
    const review = reviewWith([
      { id: 'c1', case_number: 'V3', code: 'HS', section: '11364' },
      { id: 'c2', case_number: 'V2', code: 'VC', section: '459' },
    ]);
    expect(review.proposals.map((p) => p.status)).toEqual(['new', 'new', 'new']);
  });
});
