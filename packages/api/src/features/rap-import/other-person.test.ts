// Whether a RAP sheet reads as the client's: a date of birth or names that are not theirs are said,
// a conviction dated when the client was under 14 is flagged, and one when they were 14 to 17 is asked about.
import { parseRapSheet } from '@relief-desk/rap-sheet';
import { describe, expect, it } from 'vitest';
import { buildReview, otherPersonOf } from './proposals.ts';

const sheet = (dob: string, name: string, courtDate = '20100401') =>
  `CII/A55555555
DOB/${dob}     SEX/M
NAM/01 ${name}
* * * *
COURT:                NAM:01
${courtDate}  CASC ALAMEDA
CNT:01     #V2
  11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 3 YEARS PROBATION
* * * END OF MESSAGE * * *`;

const client = { legalName: 'Tam Van Nguyen', otherNames: ['Tommy Nguyen'], dateOfBirth: '1975-05-05' };

describe('a RAP sheet of another person', () => {
  it('the client’s own sheet (names in any order and case, a middle name left out) says nothing', () => {
    expect(otherPersonOf(parseRapSheet(sheet('19750505', 'NGUYEN, TAM')), client)).toBeNull();
    expect(otherPersonOf(parseRapSheet(sheet('19750505', 'NGUYEN, TOMMY')), client)).toBeNull();
  });

  it('another date of birth is said', () => {
    expect(otherPersonOf(parseRapSheet(sheet('19800202', 'NGUYEN, TAM')), client)).toBe(
      'This RAP sheet appears to be of another person: its date of birth (Feb 2, 1980) is not the client’s (May 5, 1975). Check that it is the client’s record before accepting anything from it; if it is another person’s, drop every proposal (or cancel) and read the client’s own RAP sheet.',
    );
  });

  it('no name of the client’s is said', () => {
    expect(otherPersonOf(parseRapSheet(sheet('19750505', 'DOE, JOHN')), client)).toMatch(
      /^This RAP sheet appears to be of another person: none of its names \(DOE, JOHN\) is among the client’s \(Tam Van Nguyen; Tommy Nguyen\)\./,
    );
  });
});

describe('a conviction dated when the client was a child', () => {
  const warningsOf = (courtDate: string) => {
    const text = sheet('19750505', 'NGUYEN, TAM', courtDate);
    const review = buildReview({
      today: '2026-12-01',
      result: { lines: text.split('\n'), pages: [], sheet: parseRapSheet(text) },
      client,
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
    return review.proposals[0]?.warnings ?? [];
  };

  it('under 14 is flagged, as the save refuses it', () => {
    expect(warningsOf('19860401')).toContain(
      'The conviction date, Apr 1, 1986, is when Tam Van Nguyen (born May 5, 1975) was younger than 14, and an adult court does not convict a child under 14: the year is likely mistyped. Check it, and that the record is the client’s.',
    );
    expect(warningsOf('19890504').join(' ')).toContain('was younger than 14');
  });

  it('14 and over is not', () => {
    expect(warningsOf('19890505').join(' ')).not.toContain('younger than 14');
    expect(warningsOf('20100401').join(' ')).not.toContain('younger than 14');
  });

  it('14 to 17 asks whether it was adult court, from the 14th birthday to the day before the 18th', () => {
    expect(warningsOf('19910504')).toContain(
      'Tam Van Nguyen was 15 at this conviction (May 4, 1991; born May 5, 1975). Was it in adult (criminal) court? If it was a juvenile court case, it is not a conviction: its relief is sealing under Welfare and Institutions Code 781 or 786, which this desk does not decide. Or a date is wrong: check the conviction date and the date of birth.',
    );
    expect(warningsOf('19890505').join(' ')).toContain('was 14 at this conviction');
    expect(warningsOf('19930504').join(' ')).toContain('was 17 at this conviction');
    expect(warningsOf('19930505').join(' ')).not.toContain('at this conviction');
    expect(warningsOf('19890504').join(' ')).not.toContain('at this conviction');
  });
});
