// A RAP sheet read on one of the client's matters when the client's other matter of the office already
// records its convictions (a referral for two counties opens a matter for each): each is shown as
// recorded there, with the relief decided there, not proposed as new; recorded here too, it carries
// the grant, so the rules do not suggest again what the court granted. The match is the one used on
// the matter itself (case number and code, the section with or without its subdivision or degree).
import { parseRapSheet } from '@relief-desk/rap-sheet';
import { describe, expect, it } from 'vitest';
import { buildReview, type ConvictionElsewhere, type ReviewInput } from './proposals.ts';

const TEXT = `CII/A12345678
DOB/19800202     SEX/F
NAM/01 PENA, MARIA
* * * *
COURT:                NAM:01
20090610  CASC FRESNO
CNT:01     #F09904512
  459 PC-BURGLARY:SECOND DEGREE
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 036 MONTHS PROBATION, 90 DAYS JAIL
* * * *
COURT:                NAM:01
20150302  CASC VISALIA
CNT:01     #VCM264410
  11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE
*DISPO:CONVICTED
   CONV STATUS:MISDEMEANOR
   SEN: 3 YEARS PROBATION
* * * *
ARR/DET/CITE:         NAM:01
20180301  CAPD FRESNO
CNT:01     #18-112233
  484(A) PC-THEFT OF PERSONAL PROPERTY
   DISPO:PROS REJ-LACK OF SUFFICIENT EVIDENCE
* * * END OF MESSAGE * * *`;

const FRESNO = { id: 'm-fresno', reference: 'M-0007', county: 'Fresno' };

function reviewWith(input: Partial<ReviewInput>) {
  return buildReview({
    today: '2026-12-01',
    result: { lines: TEXT.split('\n'), pages: [], sheet: parseRapSheet(TEXT) },
    client: { legalName: 'María José Peña Gutiérrez', otherNames: [], dateOfBirth: '1980-02-02' },
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
    ...input,
  });
}

const onFresno = (
  id: string,
  case_number: string,
  code: string,
  section: string,
  petitions: ConvictionElsewhere['petitions'] = [],
): ConvictionElsewhere => ({
  id,
  case_number,
  code,
  section,
  matter: FRESNO,
  reliefGrantedRemedy: null,
  reliefGrantedOn: null,
  petitions,
});

/** The tester's office: both convictions on the Fresno matter, one petition granted, one denied. */
const decidedOnFresno = [
  onFresno('c1', 'F09904512', 'PC', '459', [
    { remedy: 'pc1203.4', status: 'decided', outcome: 'granted', decidedOn: '2026-10-15' },
  ]),
  onFresno('c2', 'VCM264410', 'HS', '11350(a)', [
    { remedy: 'pc1203.4', status: 'decided', outcome: 'denied', decidedOn: '2026-10-15' },
  ]),
];

describe('a conviction the client’s other matter records', () => {
  it('is shown as recorded there, with its petitions, and not proposed as new', () => {
    const review = reviewWith({ elsewhere: { convictions: decidedOnFresno, arrests: [] } });
    expect(review.proposals.map((p) => [p.fields.caseNumber, p.status, p.elsewhere])).toEqual([
      [
        'F09904512',
        'elsewhere',
        {
          matterId: 'm-fresno',
          reference: 'M-0007',
          county: 'Fresno',
          recordedAs: 'PC 459',
          relief: ['PC 1203.4 dismissal: granted on Oct 15, 2026'],
        },
      ],
      [
        'VCM264410',
        'elsewhere',
        {
          matterId: 'm-fresno',
          reference: 'M-0007',
          county: 'Fresno',
          recordedAs: 'HS 11350(a)',
          relief: ['PC 1203.4 dismissal: denied on Oct 15, 2026'],
        },
      ],
    ]);
    const [granted, denied] = review.proposals;
    expect(granted?.warnings.slice(0, 2)).toEqual([
      'Recorded on the client’s other matter M-0007 (Fresno): not proposed as new. It stays on that matter; record it on this one too only if this matter needs it. On matter M-0007: PC 1203.4 dismissal: granted on Oct 15, 2026.',
      'The court already granted PC 1203.4 dismissal on Oct 15, 2026 for this conviction on matter M-0007: recorded here too, it is proposed with that relief granted, so it is not suggested again. Do not draft another PC 1203.4 dismissal petition for it.',
    ]);
    // Recorded here too, the grant goes with it: the rules then say "already granted", not eligible.
    expect([granted?.fields.reliefGrantedRemedy, granted?.fields.reliefGrantedOn]).toEqual([
      'pc1203.4',
      '2026-10-15',
    ]);
    // A denial grants nothing: said, and nothing carried over.
    expect(denied?.warnings[0]).toContain('On matter M-0007: PC 1203.4 dismissal: denied on Oct 15, 2026.');
    expect(denied?.fields.reliefGrantedRemedy).toBeNull();
  });

  it('a grant the other matter’s conviction itself records is carried over too', () => {
    const review = reviewWith({
      elsewhere: {
        convictions: [
          {
            ...onFresno('c1', 'F09904512', 'PC', '459'),
            reliefGrantedRemedy: 'pc17b',
            reliefGrantedOn: '2020-01-02',
          },
        ],
        arrests: [],
      },
    });
    expect(review.proposals[0]?.elsewhere?.relief).toEqual([
      'PC 17(b) reduction to misdemeanor: granted on Jan 2, 2020, as that matter’s record has it',
    ]);
    expect(review.proposals[0]?.fields.reliefGrantedRemedy).toBe('pc17b');
  });

  it('what this matter records is already recorded here, whatever the other matter has', () => {
    const review = reviewWith({
      existing: [{ id: 'here', case_number: 'F09904512', code: 'PC', section: '459' }],
      elsewhere: { convictions: decidedOnFresno, arrests: [] },
    });
    expect(review.proposals.map((p) => p.status)).toEqual(['recorded', 'elsewhere']);
  });

  it('an arrest the other matter records is shown as recorded there, by the matter’s own match', () => {
    const review = reviewWith({
      elsewhere: {
        convictions: [],
        arrests: [
          {
            id: 'a1',
            arrest_date: '2018-03-01',
            agency: 'CAPD FRESNO',
            section: '484(a)',
            matter: FRESNO,
            reliefGrantedRemedy: 'pc851.91',
            reliefGrantedOn: '2025-05-05',
            petitions: [],
          },
        ],
      },
    });
    const [arrest] = review.rapArrests;
    expect([arrest?.status, arrest?.elsewhere?.reference, arrest?.fields.reliefGrantedRemedy]).toEqual([
      'elsewhere',
      'M-0007',
      'pc851.91',
    ]);
    expect(arrest?.warnings[1]).toContain(
      'The court already granted Arrest sealing (PC 851.91) on May 5, 2025 for this arrest on matter M-0007',
    );
    expect(arrest?.elsewhere?.recordedAs).toBe('Mar 1, 2018, CAPD FRESNO, 484(a)');
  });

  it('asks for the date of a grant the other matter keeps without one, for an arrest as for a conviction', () => {
    const review = reviewWith({
      elsewhere: {
        convictions: [],
        arrests: [
          {
            id: 'a1',
            arrest_date: '2018-03-01',
            agency: 'CAPD FRESNO',
            section: '484(a)',
            matter: FRESNO,
            reliefGrantedRemedy: 'pc851.91',
            reliefGrantedOn: null,
            petitions: [],
          },
        ],
      },
    });
    const [arrest] = review.rapArrests;
    expect(arrest?.fields.reliefGrantedRemedy).toBe('pc851.91');
    expect(arrest?.missing).toContain('reliefGrantedOn');
  });
});

/** A small deterministic generator (mulberry32): the same cases on every run. */
function random(seed: number) {
  let t = seed;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the match, over the writings it accepts (property)', () => {
  const next = random(20261206);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const anyCase = (s: string) =>
    [...s].map((ch) => (next() < 0.5 ? ch.toLowerCase() : ch.toUpperCase())).join('');
  /** A case number as people write it: any case, dashes, spaces, full stops or slashes between parts. */
  const caseNumber = (s: string) =>
    [...anyCase(s)].map((ch, i) => (i > 0 && next() < 0.25 ? pick(['-', ' ', '.', '/']) : '') + ch).join('');
  const code = (s: string) => pick([s, anyCase(s), `${s[0]}.${s[1]}.`, ` ${s} `]);
  const section = (s: string) =>
    pick([s, `${s}(a)`, `${s}(A)`, `${s}(a)(1)`, `${s} 2nd`, `${s} second degree`, ` ${s}`]);

  it('the same conviction, however written, is found on the other matter exactly when it would be on this one', () => {
    for (let i = 0; i < 300; i++) {
      const written = {
        id: `c${i}`,
        case_number: caseNumber('F09904512'),
        code: code('PC'),
        section: section('459'),
      };
      const here = reviewWith({ existing: [written] }).proposals[0];
      const there = reviewWith({
        elsewhere: {
          convictions: [{ ...onFresno(written.id, '', '', ''), ...written }],
          arrests: [],
        },
      }).proposals[0];
      const what = JSON.stringify(written);
      expect(here?.status, what).toBe('recorded');
      expect(there?.status, what).toBe('elsewhere');
      expect(there?.elsewhere?.recordedAs, what).toBe(`${written.code} ${written.section}`);
    }

    // Another case, code or section (459.5 is not 459): not the same conviction, here or there.
    for (let i = 0; i < 300; i++) {
      const other = pick([
        { case_number: caseNumber('F09904513'), code: code('PC'), section: section('459') },
        { case_number: caseNumber('F09904512'), code: code('VC'), section: section('459') },
        { case_number: caseNumber('F09904512'), code: code('PC'), section: pick(['459.5', '460', '45']) },
      ]);
      const written = { id: `c${i}`, ...other };
      const here = reviewWith({ existing: [written] }).proposals[0];
      const there = reviewWith({
        elsewhere: { convictions: [{ ...onFresno(written.id, '', '', ''), ...written }], arrests: [] },
      }).proposals[0];
      const what = JSON.stringify(written);
      expect(here?.status, what).toBe('new');
      expect(there?.status, what).toBe('new');
    }
  });
});
