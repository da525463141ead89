// What the review screen proposes for records of the corpus (packages/rap-sheet/corpus), read as
// the worker reads them: the fields a reviewer would accept, and the warnings beside them.
import { readFileSync } from 'node:fs';
import { eligibilityInputSchema, evaluateRecord, type RemedyResult } from '@relief-desk/eligibility';
import { parseRapSheet } from '@relief-desk/rap-sheet';
import { describe, expect, it } from 'vitest';
import {
  type ArrestProposal,
  buildReview,
  type ConvictionProposal,
  type Review,
  type ReviewInput,
} from './proposals.ts';

function reviewOf(text: string, existing: ReviewInput['existing'] = []): Review {
  return buildReview(reviewInput(text, existing));
}

function reviewInput(text: string, existing: ReviewInput['existing'] = []): ReviewInput {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return {
    today: '2026-12-01',
    result: { lines, pages: [], sheet: parseRapSheet(lines.join('\n')) },
    client: { legalName: 'Lindiwe Tran-Okafor', otherNames: [], dateOfBirth: '1988-01-01' },
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
  };
}

const corpus = (name: string) =>
  reviewOf(readFileSync(new URL(`../../../../rap-sheet/corpus/${name}`, import.meta.url), 'utf8'));

function conviction(review: Review, caseNumber: string): ConvictionProposal {
  const found = review.proposals.find((p) => p.fields.caseNumber === caseNumber);
  if (!found) throw new Error(`no proposal for ${caseNumber}`);
  return found;
}

/** The suggestions the eligibility panel shows for an accepted conviction proposal, by remedy. */
function convictionSuggestions(
  proposal: ConvictionProposal,
  chosen: Partial<ConvictionProposal['fields']> = {},
): Map<string, RemedyResult> {
  const fields = { ...proposal.fields, ...chosen };
  const tristate = (value: string | null) => (value === 'yes' ? true : value === 'no' ? false : null);
  const result = evaluateRecord(
    eligibilityInputSchema.parse({
      asOf: '2026-12-01',
      person: {
        currentlyCharged: false,
        underSupervision: false,
        servingSentence: false,
        requiredToRegisterPC290: false,
        hasSuperstrikePrior: false,
      },
      convictions: [
        {
          id: 'c1',
          code: fields.code,
          section: fields.section,
          level: fields.level,
          wobbler: tristate(fields.wobbler),
          convictionDate: fields.convictionDate,
          sentence: {
            kind: fields.sentenceKind,
            endDate: fields.endDate,
            probationViolated: fields.probationOutcome === 'violated' ? true : null,
            probationTerminatedEarly: fields.probationOutcome === 'terminated_early' ? true : null,
            mandatorySupervision: tristate(fields.mandatorySupervision),
          },
          valueOver950: tristate(fields.valueOver950),
          reliefAlreadyGranted: fields.reliefGrantedRemedy,
        },
      ],
    }),
  );
  return new Map((result.results[0]?.remedies ?? []).map((r) => [r.remedy, r]));
}

function arrest(review: Review, date: string): ArrestProposal {
  const found = review.rapArrests.find((a) => a.fields.arrestDate === date);
  if (!found) throw new Error(`no arrest proposed on ${date}`);
  return found;
}

/** The suggestions the eligibility panel shows for an accepted arrest proposal, by remedy. */
function arrestSuggestions(
  proposal: ArrestProposal,
  chosen: Partial<ArrestProposal['fields']> = {},
): Map<string, RemedyResult> {
  const fields = { ...proposal.fields, ...chosen };
  const result = evaluateRecord(
    eligibilityInputSchema.parse({
      asOf: '2026-12-01',
      convictions: [],
      arrests: [
        {
          id: 'a1',
          date: fields.arrestDate,
          code: fields.code,
          section: fields.section,
          level: fields.level,
          disposition: fields.disposition,
          dispositionDate: fields.dispositionDate,
        },
      ],
    }),
  );
  return new Map((result.arrestResults?.[0]?.remedies ?? []).map((r) => [r.remedy, r]));
}

describe('RAP sheet review proposals', () => {
  it('a Prop 47 redesignation followed by relief under PC 1203.425 proposes the reduction and names the other grant', () => {
    const proposal = conviction(corpus('02-modifications.txt'), '09F00555');
    expect(proposal.fields.reliefGrantedRemedy).toBe('prop47');
    expect(proposal.fields.reliefGrantedOn).toBe('2015-06-10');
    expect(proposal.warnings).toContain(
      'The record also shows relief granted under PC 1203.425 on Jul 12, 2023 (line 110). A conviction records one grant: Prop 47 (PC 1170.18) is proposed, as it made the felony a misdemeanor; the eligibility suggestions will not know of the PC 1203.425 grant.',
    );
  });

  it('relief on an arrest written on a conviction count (sealed under PC 851.91) is not proposed as the conviction’s, and is said', () => {
    const proposal = conviction(
      reviewOf(
        [
          'CII/A01234567',
          'DOB/19800101     SEX/M',
          'NAM/01 DOE, JOHN',
          '* * * *',
          'COURT:                NAM:01',
          '20100601  CASC ALAMEDA',
          '',
          'CNT:01     #10CR0601',
          '  488 PC-PETTY THEFT',
          '*DISPO:CONVICTED',
          '   CONV STATUS:MISDEMEANOR',
          '   SEN: FINE',
          ' 20200101',
          '   DISPO:ARREST SEALED 851.91 PC',
          '* * * END OF MESSAGE * * *',
        ].join('\n'),
      ),
      '10CR0601',
    );
    // The conviction form refuses an arrest's relief: proposing it would make the review unsavable.
    expect(proposal.fields.reliefGrantedRemedy).toBeNull();
    expect(proposal.warnings).toContain(
      'The record shows PC 851.91 for this count (line 14), which is relief on an arrest, not on a conviction: it is not proposed. Check the record; a conviction’s own relief is entered on the conviction form.',
    );
  });

  it('a dismissal on completing diversion is proposed as diversion completed, and PC 851.93 is suggested', () => {
    const proposal = arrest(corpus('05-counts-and-sentences.txt'), '2018-09-09');
    expect(proposal.fields.disposition).toBe('diversion_completed');
    expect(proposal.fields.dispositionDate).toBe('2020-01-15');
    expect(proposal.dispositionText).toBe('DISMISSED-DIVERSION COMPLETED');
    // The record gives no level: the reviewer chooses felony (HS 11350(a) was one in 2018).
    expect(proposal.warnings).toEqual([
      'The record gives no level for this arrest: choose felony, misdemeanor or infraction.',
    ]);
    const pc851_93 = arrestSuggestions(proposal, { level: 'felony' }).get('pc851.93');
    expect(pc851_93?.determination).toBe('eligible_mandatory');
    expect(pc851_93?.reasons.map((r) => r.citation)).toContain('PC 851.93(a)(2)(D)');
  });

  it('a prison term imposed when probation was revoked is proposed as state prison, the revocation kept and said', () => {
    const proposal = conviction(corpus('02-modifications.txt'), 'RIF103355');
    expect(proposal.fields.sentenceKind).toBe('state_prison');
    expect(proposal.fields.probationOutcome).toBe('violated');
    expect(proposal.sentenceText).toBe('16 MONTHS PRISON');
    expect(proposal.prisonMonths).toBe(16);
    expect(proposal.warnings).toContain(
      'Probation (“036 MONTHS PROBATION, 180 DAYS JAIL”) was revoked on Mar 10, 2005 and “16 MONTHS PRISON” imposed: the sentence proposed is that term, with probation violated.',
    );
    expect(proposal.warnings).not.toContain(
      'Probation’s end date is not on the record: enter it when known.',
    );
    // Accepted with the end of the term filled in: the prison remedies, not PC 1203.4's discretion.
    const suggestions = convictionSuggestions(proposal, { endDate: '2006-07-10', wobbler: 'no' });
    expect(suggestions.has('pc1203.4')).toBe(false);
    expect(suggestions.has('pc1203.41')).toBe(true);
    expect(suggestions.has('pc1203.42')).toBe(true);
  });

  it('a county-jail term under PC 1170(h) that names mandatory supervision is proposed with it, and PC 1203.41 waits 1 year', () => {
    const proposal = conviction(corpus('05-counts-and-sentences.txt'), 'C1334455');
    expect(proposal.fields.sentenceKind).toBe('county_jail_1170h');
    expect(proposal.fields.mandatorySupervision).toBe('yes');
    expect(proposal.warnings.join(' ')).not.toMatch(/mandatory supervision/);
    const pc1203_41 = convictionSuggestions(proposal, { endDate: '2016-01-10' }).get('pc1203.41');
    expect(pc1203_41?.reasons.map((r) => r.text)).toContain(
      '1 year has passed since the sentence ended on Jan 10, 2016.',
    );
  });

  it('a county-jail term under PC 1170(h) that does not say is left unknown, with a warning', () => {
    const text = readFileSync(
      new URL('../../../../rap-sheet/corpus/05-counts-and-sentences.txt', import.meta.url),
      'utf8',
    ).replace('1 YR SUSP,\n   MANDATORY SUPERVISION', '1 YR SUSP');
    const proposal = conviction(reviewOf(text), 'C1334455');
    expect(proposal.fields.mandatorySupervision).toBe('unknown');
    expect(proposal.warnings).toContain(
      'The record does not say whether the county-jail term under PC 1170(h) included mandatory supervision: choose it (PC 1203.41’s wait is 1 year after the sentence with it, 2 without).',
    );
  });

  it('a prosecutor’s rejection in a DA/PROS event is proposed as no charges filed', () => {
    const proposal = arrest(
      reviewOf(
        [
          'CII/A01234567',
          'DOB/19800101     SEX/M',
          'NAM/01 DOE, JOHN',
          '* * * *',
          'ARR/DET/CITE:         NAM:01',
          '20190412  CAPD OAKLAND',
          '',
          'CNT:01     #19-041201',
          '  488 PC-PETTY THEFT',
          '- - - -',
          'DA/PROS:               NAM:01',
          '20190601  CADA ALAMEDA',
          '',
          'CNT:01     #19-041201',
          '  488 PC-PETTY THEFT',
          '   DISPO:PROSECUTOR REJECTED/LACK OF SUFFICIENT EVIDENCE',
          '* * * END OF MESSAGE * * *',
        ].join('\n'),
      ),
      '2019-04-12',
    );
    expect(proposal.fields.disposition).toBe('no_charges');
    expect(proposal.dispositionText).toBe('PROSECUTOR REJECTED/LACK OF SUFFICIENT EVIDENCE');
    expect(proposal.warnings.join(' ')).not.toMatch(/disposition/);
    expect(proposal.source.find((l) => l.line === 16)).toMatchObject({ used: true });
    const pc851_91 = arrestSuggestions(proposal, { level: 'misdemeanor' }).get('pc851.91');
    expect(pc851_91?.determination).toBe('eligible_mandatory');
  });

  it('relief the record shows on an arrest (sealed under PC 851.91, the DOJ’s PC 851.93) is proposed with its date', () => {
    for (const [line, remedy] of [
      ['DISPO:ARREST SEALED PER 851.91 PC', 'pc851.91'],
      ['DISPO:RELIEF GRANTED PER 851.93 PC', 'pc851.93'],
    ] as const) {
      const proposal = arrest(
        reviewOf(
          [
            'CII/A01234567',
            'DOB/19800101     SEX/M',
            'NAM/01 DOE, JOHN',
            '* * * *',
            'ARR/DET/CITE:         NAM:01',
            '20150412  CAPD OAKLAND',
            '',
            'CNT:01     #15-041201',
            '  488 PC-PETTY THEFT',
            '   DISPO:DISMISSED',
            ' 20200115',
            `   ${line}`,
            '* * * END OF MESSAGE * * *',
          ].join('\n'),
        ),
        '2015-04-12',
      );
      expect(proposal.fields, line).toMatchObject({
        reliefGrantedRemedy: remedy,
        reliefGrantedOn: '2020-01-15',
      });
    }
  });

  it('two counts of one offense in one case are two convictions: one recorded by hand leaves the other to propose', () => {
    const sheet = [
      'CII/A01234567',
      'DOB/19800101     SEX/M',
      'NAM/01 DOE, JOHN',
      '* * * *',
      'COURT:                NAM:01',
      '20150612  CASC ALAMEDA',
      '',
      'CNT:01     #AL15CR777001',
      '  459 PC-BURGLARY',
      '*DISPO:CONVICTED',
      'CONV STATUS:MISDEMEANOR',
      'CNT:02',
      '  459 PC-BURGLARY',
      '*DISPO:CONVICTED',
      'CONV STATUS:MISDEMEANOR',
      '* * * END OF MESSAGE * * *',
    ].join('\n');
    const recorded = (ids: string[]) =>
      ids.map((id) => ({ id, case_number: 'AL15CR777001', code: 'PC', section: '459' }));
    const statuses = (review: Review) => review.proposals.map((p) => [p.status, p.recordedConvictionId]);
    expect(statuses(reviewOf(sheet))).toEqual([
      ['new', null],
      ['new', null],
    ]);
    expect(statuses(reviewOf(sheet, recorded(['x1'])))).toEqual([
      ['recorded', 'x1'],
      ['new', null],
    ]);
    expect(statuses(reviewOf(sheet, recorded(['x1', 'x2'])))).toEqual([
      ['recorded', 'x1'],
      ['recorded', 'x2'],
    ]);
  });

  describe('a court line with its date written otherwise', () => {
    const sheet = (dateLine: string) =>
      [
        'CII/A01234567',
        'DOB/19800101     SEX/M',
        'NAM/01 DOE, JOHN',
        '* * * *',
        'ARR/DET/CITE:         NAM:01',
        '20070315  CAPD SAN JOSE',
        '',
        'CNT:01     #07-031577',
        '  488 PC-PETTY THEFT',
        '- - - -',
        'COURT:                NAM:01',
        dateLine,
        '',
        'CNT:01     #C0712345',
        '  488 PC-PETTY THEFT',
        '*DISPO:CONVICTED',
        '   CONV STATUS:MISDEMEANOR',
        '   SEN: FINE',
        '* * * END OF MESSAGE * * *',
      ].join('\n');

    it('as YYYY-MM-DD is read: the court, its county and the date', () => {
      const proposal = conviction(reviewOf(sheet('2007-06-01  CASC SANTA CLARA')), 'C0712345');
      expect(proposal.fields).toMatchObject({
        county: 'Santa Clara',
        court: 'CASC SANTA CLARA',
        convictionDate: '2007-06-01',
      });
      expect(proposal.warnings).toEqual([]);
    });

    it('that cannot be read is said to be unread, with the line, not to name no county', () => {
      const review = reviewOf(sheet('06/01/2007  CASC SANTA CLARA'));
      const proposal = conviction(review, 'C0712345');
      // Left blank, not the matter's county: the petition goes to the county that convicted.
      expect(proposal.fields.county).toBeNull();
      expect(proposal.missing).toContain('county');
      expect(proposal.warnings).toEqual([
        'The court line could not be read: enter the court and its county from the record.',
        'Line 12 could not be read: “06/01/2007  CASC SANTA CLARA”.',
        'The conviction date could not be read: enter it from the record.',
      ]);
      expect(review.rapWarnings.map((w) => w.line)).not.toContain(12);
    });
  });

  describe('the county of the court', () => {
    const sheet = (court: string) =>
      [
        'CII/A01234567',
        'DOB/19800101     SEX/M',
        'NAM/01 DOE, JOHN',
        '* * * *',
        'COURT:                NAM:01',
        `20100101  ${court}`,
        '',
        'CNT:01     #CR10001',
        '  459 PC-BURGLARY',
        '*DISPO:CONVICTED',
        '   CONV STATUS:FELONY',
        '   SEN: 16 MONTHS PRISON',
        '* * * END OF MESSAGE * * *',
      ].join('\n');

    it.each([
      ['CASC YUBA CITY', 'Sutter'],
      ['CASC SOUTH LAKE TAHOE', 'El Dorado'],
      ['CASC MONTEREY PARK', 'Los Angeles'],
    ] as const)(
      'a court at %s is proposed in %s, its real county, with nothing to check',
      (court, county) => {
        const proposal = conviction(reviewOf(sheet(court)), 'CR10001');
        expect(proposal.fields).toMatchObject({ court, county });
        expect(proposal.warnings).toEqual([]);
      },
    );

    it('a court at Lake Tahoe leaves the county blank, to choose between Placer and El Dorado', () => {
      const proposal = conviction(reviewOf(sheet('CASC LAKE TAHOE')), 'CR10001');
      expect(proposal.fields.county).toBeNull();
      expect(proposal.missing).toContain('county');
      expect(proposal.warnings).toEqual([
        'The court “CASC LAKE TAHOE” is at Lake Tahoe, which lies in more than one county (Placer and El Dorado): choose the county from the court record.',
      ]);
    });

    it('a county’s name beside a word the desk does not know is proposed with a reason to check', () => {
      const proposal = conviction(reviewOf(sheet('CASC YUBA VALLEY')), 'CR10001');
      expect(proposal.fields.county).toBe('Yuba');
      expect(proposal.warnings).toEqual([
        'The court “CASC YUBA VALLEY” names Yuba beside other words (“VALLEY”) that are not a place the desk knows: Yuba is proposed, but a place named like a county may be in another (Yuba City is Sutter County’s court). Check the court’s county.',
      ]);
    });

    it('a court line naming no county leaves it blank to choose, not the matter’s county', () => {
      const proposal = conviction(reviewOf(sheet('CASC SOMEWHERE')), 'CR10001');
      expect(proposal.fields).toMatchObject({ court: 'CASC SOMEWHERE', county: null });
      expect(proposal.missing).toContain('county');
      expect(proposal.warnings).toEqual([
        'The court line does not name its county: choose it from the record.',
      ]);
    });
  });

  describe('a court count whose DISPO: line is missing', () => {
    const sheet = (...counts: string[]) =>
      [
        'CII/A01234567',
        'DOB/19800101     SEX/M',
        'NAM/01 DOE, JOHN',
        '* * * *',
        'ARR/DET/CITE:         NAM:01',
        '20091201  CAPD OAKLAND',
        'CNT:01     #09-1555',
        '  459 PC-BURGLARY',
        '- - - -',
        'COURT:                NAM:01',
        '20100101  CASC ALAMEDA',
        ...counts,
        '* * * END OF MESSAGE * * *',
      ].join('\n');

    it('with a conviction status and sentence is proposed as a conviction, with a warning to check', () => {
      const review = reviewOf(
        sheet('CNT:01     #AL1555', '  459 PC-BURGLARY', '   CONV STATUS:FELONY', '   SEN: 16 MONTHS PRISON'),
      );
      expect(review.proposals).toHaveLength(1);
      const proposal = conviction(review, 'AL1555');
      expect(proposal.fields).toMatchObject({
        section: '459',
        level: 'felony',
        sentenceKind: 'state_prison',
        county: 'Alameda',
        convictionDate: '2010-01-01',
      });
      expect(proposal.warnings).toEqual([
        'No disposition (DISPO:) line was read for count 01: it is proposed as a conviction because the record gives it a conviction status and a sentence. Check the record that it was convicted.',
      ]);
      // A conviction in the cycle: its arrest is not proposed as one without a conviction.
      expect(review.rapArrests).toEqual([]);
      expect(review.rapWarnings).toEqual([]);
    });

    it('of two counts, the first (without one) is proposed beside the second', () => {
      const review = reviewOf(
        sheet(
          'CNT:01     #AL1555',
          '  459 PC-BURGLARY',
          '   CONV STATUS:FELONY',
          'CNT:02',
          '  484(A) PC-THEFT',
          '*DISPO:CONVICTED',
          '   CONV STATUS:MISDEMEANOR',
          '   SEN: FINE',
        ),
      );
      expect(review.proposals.map((p) => [p.countNumber, p.fields.section])).toEqual([
        ['01', '459'],
        ['02', '484(a)'],
      ]);
      expect(review.proposals[0]?.warnings).toContain(
        'No disposition (DISPO:) line was read for count 01: it is proposed as a conviction because the record gives it a conviction status. Check the record that it was convicted.',
      );
    });

    it('with neither is not proposed, but is shown with what to check, never dropped silently', () => {
      const review = reviewOf(sheet('CNT:01     #AL1555', '  459 PC-BURGLARY'));
      expect(review.proposals).toEqual([]);
      expect(review.rapWarnings).toEqual([
        {
          line: 12,
          message:
            'No DISPO: line was read for this count, nor a conviction status or sentence: what became of it is not known; check the record',
          text: 'CNT:01     #AL1555',
        },
      ]);
    });
  });

  describe('a date before the client’s date of birth (1988-01-01)', () => {
    const sheet = (arrested: string, convicted: string | null) =>
      [
        'CII/A01234567',
        'DOB/19880101     SEX/F',
        'NAM/01 TRAN-OKAFOR, LINDIWE',
        '* * * *',
        'ARR/DET/CITE:         NAM:01',
        `${arrested}  CAPD OAKLAND`,
        'CNT:01     #85-1555',
        '  459 PC-BURGLARY',
        ...(convicted
          ? [
              '- - - -',
              'COURT:                NAM:01',
              `${convicted}  CASC ALAMEDA`,
              'CNT:01     #AL85CR1',
              '  459 PC-BURGLARY',
              '*DISPO:CONVICTED',
              '   CONV STATUS:FELONY',
              '   SEN: 16 MONTHS PRISON',
            ]
          : ['   DISPO:PROS REJ-LACK OF SUFFICIENT EVIDENCE']),
        '* * * END OF MESSAGE * * *',
      ].join('\n');

    it('on a conviction (a misread year, say) is flagged on the proposal, to correct before saving', () => {
      const proposal = conviction(reviewOf(sheet('19850101', '19850301')), 'AL85CR1');
      expect(proposal.warnings).toEqual([
        'The conviction date, Mar 1, 1985, is before Lindiwe Tran-Okafor’s date of birth (Jan 1, 1988): check the year.',
      ]);
    });

    it('on an arrest is flagged on the proposal', () => {
      const review = reviewOf(sheet('19870101', null));
      expect(review.rapArrests[0]?.warnings).toContain(
        'The arrest date, Jan 1, 1987, is before Lindiwe Tran-Okafor’s date of birth (Jan 1, 1988): check the year.',
      );
    });

    it('after it, nothing is said', () => {
      const review = reviewOf(sheet('20080101', '20080301'));
      expect(conviction(review, 'AL85CR1').warnings).toEqual([]);
    });
  });

  describe('the type of charge (TOC:) when the count gives no conviction status', () => {
    const sheet = (header: string, ...count: string[]) =>
      [
        'CII/A01234567',
        'DOB/19800101     SEX/M',
        'NAM/01 DOE, JOHN',
        '* * * *',
        header,
        '20100101  CASC ALAMEDA',
        'CNT:01     #AL1556',
        '  484(A) PC-THEFT',
        '*DISPO:CONVICTED',
        ...count,
        '   SEN: FINE',
        '* * * END OF MESSAGE * * *',
      ].join('\n');

    it.each([
      ['M', 'misdemeanor'],
      ['F', 'felony'],
      ['I', 'infraction'],
    ] as const)('TOC:%s on the COURT line proposes a %s, with a warning to check', (toc, level) => {
      const proposal = conviction(reviewOf(sheet(`COURT:                NAM:01  TOC:${toc}`)), 'AL1556');
      expect(proposal.fields.level).toBe(level);
      expect(proposal.missing).not.toContain('level');
      // The offense date is optional and no RAP sheet line gives it: Accept must not open the form for it.
      expect(proposal.fields.offenseDate).toBeNull();
      expect(proposal.missing).not.toContain('offenseDate');
      expect(proposal.warnings).toEqual([
        `The record gives no conviction status (CONV STATUS): ${level} is proposed from the type of charge (TOC:${toc}). Check the level of the conviction, which may differ from the charge’s.`,
      ]);
    });

    it('a CONV STATUS line is the level, whatever the TOC', () => {
      const proposal = conviction(
        reviewOf(sheet('COURT:                NAM:01  TOC:F', '   CONV STATUS:MISDEMEANOR')),
        'AL1556',
      );
      expect(proposal.fields.level).toBe('misdemeanor');
      expect(proposal.warnings).toEqual([]);
    });

    it('with neither, the level is left to choose', () => {
      const proposal = conviction(reviewOf(sheet('COURT:                NAM:01')), 'AL1556');
      expect(proposal.fields.level).toBeNull();
      expect(proposal.warnings).toEqual([
        'The record gives no level (CONV STATUS): choose felony, misdemeanor or infraction.',
      ]);
    });
  });

  describe('a sentence given after conviction', () => {
    const sheet = (...updates: string[]) =>
      [
        'CII/A01234567',
        'DOB/19800101     SEX/M',
        'NAM/01 DOE, JOHN',
        '* * * *',
        'COURT:                NAM:01',
        '20050101  CASC ALAMEDA',
        'CNT:01     #AL0555',
        '  459 PC-BURGLARY',
        '*DISPO:CONVICTED',
        '   CONV STATUS:FELONY',
        '   SEN: 3 YEARS PROBATION, 90 DAYS JAIL',
        ...updates,
        '* * * END OF MESSAGE * * *',
      ].join('\n');

    it('on a modification is not said to be imposed by a later revocation that gave none', () => {
      const proposal = conviction(
        reviewOf(
          sheet(
            '20061010',
            '   DISPO:PROBATION MODIFIED',
            '   SEN: 4 YEARS PROBATION',
            '20070202',
            '   DISPO:PROBATION REVOKED AND REINSTATED',
          ),
        ),
        'AL0555',
      );
      expect(proposal.fields).toMatchObject({ sentenceKind: 'probation', probationOutcome: 'violated' });
      expect(proposal.warnings).toContain(
        'Probation was revoked on Feb 2, 2007 (line 16, “PROBATION REVOKED AND REINSTATED”) with no new sentence; the record’s other sentences came from other events: “4 YEARS PROBATION” (PROBATION MODIFIED on Oct 10, 2006, line 13). Probation (violated) is proposed, with the sentence at conviction.',
      );
      expect(proposal.warnings.join(' ')).not.toMatch(/revoked[^.]*and “4 YEARS PROBATION” imposed/);
    });

    it('on a revocation (a jail term, not served as prison) is said to be the revocation’s', () => {
      const proposal = conviction(
        reviewOf(sheet('20070202', '   DISPO:PROBATION REVOKED', '   SEN: 180 DAYS JAIL')),
        'AL0555',
      );
      expect(proposal.warnings).toContain(
        'Probation was revoked on Feb 2, 2007 (line 13) and “180 DAYS JAIL” imposed: probation (violated) is proposed; if that term was state prison or county jail under PC 1170(h), choose it.',
      );
    });
  });

  describe('a juvenile court record', () => {
    const sheet = (court: string, dispo: string) =>
      [
        'CII/A01234567',
        'DOB/19850101     SEX/M',
        'NAM/01 DOE, JOHN',
        '* * * *',
        'ARR/DET/CITE:         NAM:01',
        '20001115  CAPD FRESNO',
        'CNT:01     #00-1555',
        '  459 PC-BURGLARY',
        '- - - -',
        'COURT:                NAM:01',
        `20001201  ${court}`,
        'CNT:01     #JV1555',
        '  459 PC-BURGLARY',
        dispo,
        '   SEN: WARD OF COURT',
        '* * * *',
        'ARR/DET/CITE:         NAM:01',
        '20090101  CAPD FRESNO',
        'CNT:01     #09-777',
        '  11377(A) HS-POSSESS CONTROLLED SUBSTANCE',
        '   DISPO:PROS REJ-LACK OF SUFFICIENT EVIDENCE',
        '* * * END OF MESSAGE * * *',
      ].join('\n');

    it.each([
      ['CAJV FRESNO', '*DISPO:SUSTAINED'],
      ['CAJV FRESNO', '*DISPO:DISMISSED'],
      ['CASC FRESNO', '*DISPO:PETITION SUSTAINED'],
    ])(
      '%s with %s proposes nothing for the adult remedies, and says it is a juvenile record',
      (court, dispo) => {
        const review = reviewOf(sheet(court, dispo));
        expect(review.proposals).toEqual([]);
        // The adult arrest of the next cycle is still proposed; the juvenile's is not.
        expect(review.rapArrests.map((a) => a.fields.arrestDate)).toEqual(['2009-01-01']);
        expect(review.rapWarnings).toEqual([
          {
            line: 10,
            message:
              'A juvenile court record (a juvenile court, or a petition sustained): not an adult conviction, and its arrest is not an adult arrest; sealing it is under W&I Code 781 or 786, a different process; check the record',
            text: 'COURT:                NAM:01',
          },
        ]);
      },
    );
  });

  it('shows the person’s names exactly as the record prints them, accents and all, and matches them folded', () => {
    const text = [
      'CII/A01234567',
      'DOB/19800101     SEX/M',
      'NAM/01 GARCÍA PEÑA, JOSÉ LUIS',
      '    02 GARCIA, JOE',
    ].join('\n');
    const review = buildReview({
      ...reviewInput(text),
      client: { legalName: 'José Luis García Peña', otherNames: [], dateOfBirth: '1980-01-01' },
    });
    expect(review.personRecord.filter((item) => item.key.startsWith('name-'))).toMatchObject([
      { value: 'GARCÍA PEÑA, JOSÉ LUIS', note: 'A name the client’s record has.' },
      { value: 'GARCIA, JOE', note: 'Not among the client’s names.' },
    ]);
  });

  describe('a count range (CNT:001-003)', () => {
    const sheet = (range: string) =>
      [
        'CII/A01234567',
        'DOB/19800101     SEX/M',
        'NAM/01 DOE, JOHN',
        '* * * *',
        'COURT:                NAM:01',
        '20150612  CASC ALAMEDA',
        '',
        `CNT:${range}     #AL15CR777001`,
        '  470(A) PC-FORGERY',
        '*DISPO:CONVICTED',
        'CONV STATUS:MISDEMEANOR',
        'SEN: 3 YEARS PROBATION',
        'CNT:004',
        '  459 PC-BURGLARY',
        'DISPO:DISMISSED',
        '* * * END OF MESSAGE * * *',
      ].join('\n');

    it('proposes one conviction per count, each beside the entry’s lines, and says they share it', () => {
      const review = reviewOf(sheet('001-003'));
      expect(review.proposals.map((p) => p.countNumber)).toEqual(['001', '002', '003']);
      expect(new Set(review.proposals.map((p) => p.key)).size).toBe(3);
      for (const proposal of review.proposals) {
        expect(proposal.fields).toMatchObject({
          caseNumber: 'AL15CR777001',
          county: 'Alameda',
          code: 'PC',
          section: '470(a)',
          level: 'misdemeanor',
          sentenceKind: 'probation',
          convictionDate: '2015-06-12',
        });
        expect(proposal.source.filter((l) => l.used).map((l) => l.line)).toEqual([5, 6, 8, 9, 10, 11, 12]);
        expect(proposal.warnings).toContain(
          `Count ${proposal.countNumber} is one of counts 001-003, which the record gives as one entry: each count of it is proposed with that entry’s charge, disposition and sentence. Check them against the court record.`,
        );
      }
    });

    it('each count of it already on the matter is shown as recorded, one by one', () => {
      const recorded = ['x1', 'x2'].map((id) => ({
        id,
        case_number: 'AL15CR777001',
        code: 'PC',
        section: '470(a)',
      }));
      expect(reviewOf(sheet('001-003'), recorded).proposals.map((p) => p.status)).toEqual([
        'recorded',
        'recorded',
        'new',
      ]);
    });

    it.each(['001-999', '003-001'])(
      '%s is not believed: one conviction, and the reviewer is told to check',
      (range) => {
        const review = reviewOf(sheet(range));
        expect(review.proposals).toHaveLength(1);
        expect(review.proposals[0]?.countNumber).toBe(range);
        // The reader's remark is said once, in the proposal's words, not as a line it could not read.
        expect(review.proposals[0]?.warnings.filter((w) => w.startsWith('Line '))).toEqual([]);
        expect(review.rapWarnings).toEqual([]);
        expect(review.proposals[0]?.warnings).toContain(
          `The record gives counts ${range} as one entry that could not be read as a range: one conviction is proposed. Check the court record for how many counts it covers, and add the others.`,
        );
      },
    );
  });

  describe('one line naming a dismissal under PC 1203.4 and a reduction under PC 17(b)', () => {
    const sheet = (line: string) =>
      [
        'CII/A01234567',
        'DOB/19800101     SEX/M',
        'NAM/01 DOE, JOHN',
        '* * * *',
        'COURT:                NAM:01',
        '20100505  CASC ALAMEDA',
        '',
        'CNT:01     #AL10CR5555',
        '  496(A) PC-RECEIVE KNOWN STOLEN PROPERTY',
        '*DISPO:CONVICTED',
        'CONV STATUS:FELONY',
        'SEN: 3 YEARS PROBATION',
        ' 20140303',
        line,
        '* * * END OF MESSAGE * * *',
      ].join('\n');

    it.each([
      'DISPO:CONVICTION SET ASIDE AND DISMISSED PER 1203.4 PC REDUCED TO MISDEMEANOR PER 17(B) PC',
      'DISPO:REDUCED TO MISD PER 17(B) PC AND DISMISSED PER 1203.4 PC',
    ])('shows both, proposes the reduction and names the dismissal: %s', (line) => {
      const proposal = conviction(reviewOf(sheet(line)), 'AL10CR5555');
      expect(proposal.laterEvents.map((e) => [e.date, e.kind, e.remedy]).sort()).toEqual([
        ['2014-03-03', 'dismissed', 'pc1203.4'],
        ['2014-03-03', 'reduced', 'pc17b'],
      ]);
      expect(proposal.fields).toMatchObject({
        level: 'felony',
        reliefGrantedRemedy: 'pc17b',
        reliefGrantedOn: '2014-03-03',
      });
      expect(proposal.warnings).toContain(
        'The record also shows relief granted under PC 1203.4 on Mar 3, 2014 (line 14). A conviction records one grant: PC 17(b) is proposed, as it made the felony a misdemeanor; the eligibility suggestions will not know of the PC 1203.4 grant.',
      );
      expect(proposal.warnings).toContain(
        'Level at conviction proposed (felony); the record shows it later became misdemeanor.',
      );
    });
  });

  describe('what a count’s disposition says in other words', () => {
    const sheet = (...countLines: string[]) =>
      [
        'CII/A12345678',
        'DOB/19850312  SEX/M',
        'NAM/01 DOE, JOHN',
        '* * * *',
        'COURT:   NAM:01',
        '20100301  CASC ALAMEDA',
        'CNT:01  #AL10CR1234',
        '  11364 HS-POSSESS PARAPHERNALIA',
        ...countLines,
        '* * * END OF MESSAGE * * *',
      ].join('\n');

    it.each([
      'PLED GUILTY',
      'PLEA OF GUILTY',
      'FOUND GUILTY',
      'NOLO CONTENDERE',
      'PLED NOLO CONTENDERE',
      'GUILTY',
      'CONVICTED BY JURY',
    ])('DISPO:%s proposes the conviction', (words) => {
      const review = reviewOf(
        sheet(`   DISPO:${words}`, '   CONV STATUS:MISDEMEANOR', '   SEN: 3 YEARS PROBATION'),
      );
      expect(review.proposals.map((p) => [p.fields.code, p.fields.section, p.fields.level])).toEqual([
        ['HS', '11364', 'misdemeanor'],
      ]);
      expect(review.proposals[0]?.fields.sentenceKind).toBe('probation');
      // Probation alone does not show whether a sentence was imposed first.
      expect(review.proposals[0]?.fields.executionSuspended).toBe('unknown');
    });

    it.each([
      ['3 YEARS PROBATION, 2 YEARS PRISON SUSPENDED', '2 YEARS PRISON SUSPENDED'],
      [
        '3 YEARS PROBATION, 2 YEARS 8 MONTHS PRISON, EXECUTION SUSPENDED',
        '2 YEARS 8 MONTHS PRISON, EXECUTION SUSPENDED',
      ],
      ["3 YEARS PROBATION, 16 MOS STATE PRISON SUSP'D", "16 MOS STATE PRISON SUSP'D"],
    ])('SEN: %s proposes probation, not state prison, and says why', (words, suspended) => {
      const [proposal] = reviewOf(
        sheet('   DISPO:CONVICTED', '   CONV STATUS:FELONY', `   SEN: ${words}`),
      ).proposals;
      expect(proposal?.fields.sentenceKind).toBe('probation');
      // A prison term given and suspended: sentence imposed, execution suspended (PC 17(b)(3)).
      expect(proposal?.fields.executionSuspended).toBe('yes');
      expect(proposal?.prisonMonths).toBeNull();
      expect(proposal?.probationMonths).toBe(36);
      expect(proposal?.warnings).toContain(
        `The sentence includes a term suspended or stayed (“${suspended}”): it was not served unless probation was revoked and the term executed, so it is not proposed as the sentence; probation is proposed.`,
      );
    });

    it('SEN: 2 YEARS 8 MONTHS PRISON and 90 DS JAIL are read', () => {
      const [prison] = reviewOf(
        sheet('   DISPO:CONVICTED', '   CONV STATUS:FELONY', '   SEN: 2 YEARS 8 MONTHS PRISON'),
      ).proposals;
      expect(prison).toMatchObject({ prisonMonths: 32, fields: { sentenceKind: 'state_prison' } });
      const [jail] = reviewOf(
        sheet('   DISPO:CONVICTED', '   CONV STATUS:MISDEMEANOR', '   SEN: 90 DS JAIL'),
      ).proposals;
      expect(jail).toMatchObject({ jailDays: 90, fields: { sentenceKind: 'jail_only' } });
    });

    it.each([
      ['DISPO:REDESIGNATED AS MISDEMEANOR PER 11361.8 HS', 'prop64'],
      ['DISPO:PROP 47 PETITION GRANTED', 'prop47'],
      ['COM: REDUCED TO MISD PER 17(B) PC', 'pc17b'],
    ])(
      'a felony with a later %s is proposed with that relief, and said to be a misdemeanor now',
      (line, remedy) => {
        const [proposal] = reviewOf(
          sheet('   DISPO:CONVICTED', '   CONV STATUS:FELONY', '  20170601', `   ${line}`),
        ).proposals;
        expect(proposal?.fields).toMatchObject({
          level: 'felony',
          reliefGrantedRemedy: remedy,
          reliefGrantedOn: '2017-06-01',
        });
        expect(proposal?.warnings).toContain(
          'Level at conviction proposed (felony); the record shows it later became misdemeanor.',
        );
      },
    );

    it('a Prop 64 redesignation that does not say the new level is said', () => {
      const [proposal] = reviewOf(
        sheet(
          '   DISPO:CONVICTED',
          '   CONV STATUS:FELONY',
          '  20170601',
          '   DISPO:REDESIGNATED PER 11361.8 HS',
        ),
      ).proposals;
      expect(proposal?.fields.reliefGrantedRemedy).toBe('prop64');
      expect(proposal?.warnings).toContain(
        'The record shows a Prop 64 resentencing or redesignation (line 12) that does not say the new level: check whether it became a misdemeanor or an infraction.',
      );
    });

    it('a later line the reader does not know under a conviction is shown on the proposal with what to check', () => {
      const [proposal] = reviewOf(
        sheet('   DISPO:CONVICTED', '   CONV STATUS:FELONY', '  20150601', '   DISPO:ORDER TO SHOW CAUSE'),
      ).proposals;
      expect(proposal?.warnings).toContain(
        'Line 12 (“DISPO:ORDER TO SHOW CAUSE”): A later disposition not read as a change to the conviction: kept as written, the count stays convicted; check the record.',
      );
    });

    it('a disposition the reader does not know is shown to the reviewer with its line, never dropped silently', () => {
      const review = reviewOf(sheet('   DISPO:ADJUDICATION WITHHELD', '   CONV STATUS:MISDEMEANOR'));
      expect(review.proposals).toEqual([]);
      expect(review.rapWarnings).toContainEqual({
        line: 9,
        message: expect.stringMatching(/^Disposition not recognised/),
        text: 'DISPO:ADJUDICATION WITHHELD',
      });
    });

    it.each([
      'CONVICTION SET ASIDE AND DISMISSED PER 1203.4 PC; MOTION TO REDUCE PER 17(B) PC DENIED',
      'GUILTY PLEA WITHDRAWN, CASE DISMISSED PER 1203.4 PC, 17(B) DENIED',
    ])('a dismissed count with a later %s proposes no conviction, and the line is shown', (line) => {
      const review = reviewOf(sheet('   DISPO:DISMISSED', '  20150601', `   DISPO:${line}`));
      expect(review.proposals).toEqual([]);
      expect(review.rapWarnings.map((w) => w.line)).toContain(11);
    });

    it.each([
      'PETITION PER 1203.4 PC GRANTED; 17(B) PC DENIED',
      'PETITION PER 1203.4 PC GRANTED, FEES NOT WAIVED (DENIED)',
      'CONVICTION SET ASIDE AND DISMISSED PER 1203.4 PC; MOTION TO REDUCE PER 17(B) PC DENIED',
    ])('under a conviction, %s proposes the 1203.4 grant', (line) => {
      const review = reviewOf(
        sheet('   DISPO:CONVICTED', '   CONV STATUS:FELONY', '  20150601', `   DISPO:${line}`),
      );
      const [proposal] = review.proposals;
      expect(proposal?.fields).toMatchObject({
        level: 'felony',
        reliefGrantedRemedy: 'pc1203.4',
        reliefGrantedOn: '2015-06-01',
      });
      if (/17\(B\)/.test(line))
        expect(proposal?.warnings).toContain(
          'The record shows PC 17(b) denied on Jun 1, 2015 (line 12): not relief granted, so it is not proposed.',
        );
    });
  });

  describe('a court event whose COURT: line was lost', () => {
    const arrest = [
      'CII/A01234567',
      'DOB/19800101     SEX/M',
      'NAM/01 DOE, JOHN',
      '* * * *',
      'ARR/DET/CITE:         NAM:01',
      '20070315  CAPD SAN JOSE',
      'CNT:01     #07-031577',
      '  488 PC-PETTY THEFT',
    ];
    const counts = [
      'CNT:01     #C0712345',
      '  488 PC-PETTY THEFT',
      '*DISPO:CONVICTED',
      '   CONV STATUS:MISDEMEANOR',
      '   SEN: FINE',
      'CNT:02',
      '  459 PC-BURGLARY',
      '*DISPO:CONVICTED',
      '   CONV STATUS:MISDEMEANOR',
      '* * * END OF MESSAGE * * *',
    ];

    it('proposes each convicted count with the court and county left to fill, and names the count', () => {
      const review = reviewOf([...arrest, '- - - -', '20070601  CASC SANTA CLARA', ...counts].join('\n'));
      expect(review.proposals.map((p) => [p.countNumber, p.fields.section])).toEqual([
        ['01', '488'],
        ['02', '459'],
      ]);
      for (const proposal of review.proposals) {
        expect(proposal.fields).toMatchObject({
          caseNumber: 'C0712345',
          court: null,
          county: null,
          convictionDate: '2007-06-01',
          level: 'misdemeanor',
        });
        expect(proposal.missing).toEqual(expect.arrayContaining(['court', 'county']));
        expect(proposal.warnings[0]).toBe(
          `Count ${proposal.countNumber} is a conviction whose COURT: line was not read (lost in scanning or at a page break): the court and its county are not known. Enter them from the record (the line above the count reads “CASC SANTA CLARA”, which may be the court).`,
        );
        // Said once, in the proposal's words: not as a line the reader could not read.
        expect(proposal.warnings.filter((w) => w.startsWith('Line '))).toEqual([]);
      }
      expect(review.rapWarnings).toEqual([]);
      // The arrest led to these convictions: it is not proposed as an arrest without one.
      expect(review.rapArrests).toEqual([]);
    });

    it('with the separator, header and date all lost: still proposed, its date to fill too', () => {
      const review = reviewOf([...arrest, ...counts].join('\n'));
      expect(review.proposals.map((p) => [p.countNumber, p.fields.section])).toEqual([
        ['01', '488'],
        ['02', '459'],
      ]);
      const [first] = review.proposals;
      expect(first?.fields).toMatchObject({ court: null, county: null, convictionDate: null });
      expect(first?.missing).toEqual(expect.arrayContaining(['court', 'county', 'convictionDate']));
      expect(first?.warnings).toEqual(
        expect.arrayContaining([
          'Count 01 is a conviction whose COURT: line was not read (lost in scanning or at a page break): the court and its county are not known. Enter them from the record.',
          'The conviction date could not be read: enter it from the record.',
        ]),
      );
      expect(first?.source.filter((l) => l.used).map((l) => l.text.trim())).toContain('*DISPO:CONVICTED');
    });
  });
});
