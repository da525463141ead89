// The reader on small sheets: the header, event and count layouts (and what scans do to them), how
// later changes find the counts they change, and what is reported.
import { describe, expect, it } from 'vitest';
import { summarize } from './contract.ts';
import { JUVENILE_RECORD, NO_DISPOSITION_CONVICTED } from './convicted.ts';
import { parseCountTag, parseRapSheet, traceRapSheet } from './parse.ts';

const sheet = (...lines: string[]) => lines.join('\n');
const HEADER = ['CII/A11223344', 'DOB/19800101   SEX/F', 'NAM/01 DOE, JANE'];

function events(text: string) {
  return parseRapSheet(text).cycles.flatMap((cycle) => cycle.events);
}

describe('header', () => {
  it('reads the CII, every date of birth, sex, names and other fields', () => {
    const record = parseRapSheet(
      sheet(
        'CII/A 11223344',
        'DOB/19800101  19800110     SEX/F  RAC/WHITE',
        'HGT/505  WGT/140  EYE/GRN  HAI/BRO  POB/CA',
        'NAM/01 DOE, JANE',
        '    02 DOE-SMITH, JANE ANN',
        '    O3 SMITH, J',
        'FBI/123ABC4',
        '* * * *',
        'ARR/DET/CITE:  NAM:02  DOB:19800111',
        '20000101  CAPD FRESNO',
      ),
    );
    expect(record.person).toEqual({
      cii: 'A11223344',
      dateOfBirth: '1980-01-01',
      datesOfBirth: ['1980-01-01', '1980-01-10', '1980-01-11'],
      sex: 'F',
      names: [
        { code: '01', name: 'DOE, JANE', line: 4 },
        { code: '02', name: 'DOE-SMITH, JANE ANN', line: 5 },
        { code: '03', name: 'SMITH, J', line: 6 },
      ],
      fields: { RAC: 'WHITE', HGT: '505', WGT: '140', EYE: 'GRN', HAI: 'BRO', POB: 'CA', FBI: '123ABC4' },
    });
    expect(record.warnings).toEqual([]);
    expect(events(sheet(...HEADER, '* * * *', 'ARR/DET/CITE:', '20000101 CAPD X'))[0]?.nameCode).toBeNull();
  });

  it('says when the date of birth or sex cannot be read', () => {
    const record = parseRapSheet(sheet('CII/A1', 'DOB/19801341   SEX/?', 'NAM/01 DOE, JANE'));
    expect(record.person).toMatchObject({ dateOfBirth: null, sex: null });
    expect(record.warnings.map((warning) => warning.message)).toEqual([
      'Date of birth not readable',
      'Sex not readable',
    ]);
  });

  it('takes the date of birth from an event when the header has none', () => {
    const record = parseRapSheet(
      sheet('CII/A1', '* * * *', 'ARR/DET/CITE: NAM:01 DOB:19750405', '19910105 CAPD CONCORD'),
    );
    expect(record.person.dateOfBirth).toBe('1975-04-05');
  });

  it('reports header lines it does not know, with their numbers', () => {
    const record = parseRapSheet(sheet('BLAH BLAH', ...HEADER, '* * * END OF MESSAGE * * *'));
    expect(record.warnings).toEqual([{ line: 1, message: 'Header line not recognised', text: 'BLAH BLAH' }]);
  });
});

describe('events', () => {
  it('reads NAM:, DOB:, the date and the agency however they are laid out', () => {
    const read = events(
      sheet(
        ...HEADER,
        '* * * *',
        'COURT: NAM:01 19960718 CASC SAN FRANCISCO CO',
        'CNT:01     #164789',
        '11360(A) HS-SELL/FURNISH/ETC MARIJUANA/HASH',
        'DISPO: CLARIFICATION REQUESTED',
        '* * * *',
        'NAM:001',
        'ARR / DET. / CITE:',
        '19910105 CAPD CONCORD',
        'TOC:F',
        'CNT:001',
        '#65131',
        '496.1 PC-RECEIVE/ETC KNOWN STOLEN PROPERTY',
        '* * * *',
        '   COURT :',
        '20040102',
        'NAM:001',
        'NEW COURTHOUSE',
        'CNT : 001 #312145',
        '* * * *',
        ' . CUSTODY* *:JAIL',
        '20120503 CASO MARTINEZ',
        '* * * *',
        'C0URT:',
        '20040.102  CASC SAN FRANCISCO TOC:M',
      ),
    );
    expect(events.length).toBeGreaterThan(0);
    expect(read.map((e) => [e.kind, e.label, e.nameCode, e.date, e.agency, e.caseNumber, e.toc])).toEqual([
      ['court', 'COURT:', '01', '1996-07-18', 'CASC SAN FRANCISCO CO', '164789', null],
      ['arrest', 'ARR / DET. / CITE:', '001', '1991-01-05', 'CAPD CONCORD', '65131', 'F'],
      ['court', 'COURT:', '001', '2004-01-02', 'NEW COURTHOUSE', '312145', null],
      ['custody', 'CUSTODY* *:JAIL', null, '2012-05-03', 'CASO MARTINEZ', null, null],
      ['court', 'C0URT:', null, '2004-01-02', 'CASC SAN FRANCISCO', null, 'M'],
    ]);
    expect(read[0]?.counts[0]?.disposition).toMatchObject({ kind: 'other', text: 'CLARIFICATION REQUESTED' });
  });

  it('an arrest after a court event with no separator between starts a new cycle, and says so', () => {
    const record = parseRapSheet(
      sheet(
        ...HEADER,
        '* * * *',
        'ARR/DET/CITE:',
        '20000101 CAPD A',
        'COURT:',
        '20000201 CASC A',
        'ARR/DET/CITE:',
        '20050101 CAPD B',
      ),
    );
    expect(record.cycles.map((cycle) => cycle.events.map((event) => event.kind))).toEqual([
      ['arrest', 'court'],
      ['arrest'],
    ]);
    expect(record.warnings).toEqual([
      {
        line: 9,
        message: 'An arrest after a court event with no cycle separator between: read as a new cycle',
        text: 'ARR/DET/CITE:',
      },
    ]);
  });

  it('an event with no header is read as an unknown kind, and says so', () => {
    const record = parseRapSheet(
      sheet(...HEADER, '* * * *', '20000101  CASC SOMEWHERE', 'CNT:01 #9', '459 PC-BURGLARY'),
    );
    expect(record.cycles[0]?.events[0]).toMatchObject({
      kind: 'other',
      label: null,
      date: '2000-01-01',
      caseNumber: '9',
    });
    expect(record.warnings.map((warning) => warning.line)).toEqual([5]);
  });

  it('an unknown WORDS: header after a separator opens an event of another kind', () => {
    const read = events(
      sheet(...HEADER, '* * * *', 'DECEASED:', '20200101  CACO CORONER', '- - - -', 'SOMETHING NEW: NAM:01'),
    );
    expect(read.map((event) => [event.kind, event.label])).toEqual([
      ['other', 'DECEASED:'],
      ['other', 'SOMETHING NEW:'],
    ]);
  });
});

describe('counts', () => {
  it.each([
    ['01     #19514114', '01', '19514114', ''],
    [' 001-003  #346477', '001-003', '346477', ''],
    ['0    1  #19514114', '01', '19514114', ''],
    ['01 - 02', '01-02', null, ''],
    ['003.', '003', null, ''],
    ['01#123', '01', '123', ''],
    ['01     19514114', '01', '19514114', ''],
    ['     #19514114', null, '19514114', ''],
    ['01 11357 HS-POSSESS MARIJUANA', '01', null, '11357 HS-POSSESS MARIJUANA'],
    // The charge on the case number's line: the number is what comes before it.
    ['01  #12345  11350(A) HS-POSSESS NARCOTIC', '01', '12345', '11350(A) HS-POSSESS NARCOTIC'],
    ['02 #BA123456 459 PC-BURGLARY', '02', 'BA123456', '459 PC-BURGLARY'],
    ['01 #BA 123456', '01', 'BA 123456', ''],
  ])('CNT:%s', (rest, number, caseNumber, tail) => {
    expect(parseCountTag(rest)).toEqual({ number, caseNumber, tail });
  });

  it('reads flags, a case number on its own line, 1170(h), comments, continued descriptions and sentences', () => {
    const record = parseRapSheet(
      sheet(
        ...HEADER,
        '* * * *',
        'COURT:',
        '20140110  CASC SANTA CLARA',
        'CNT :003.',
        ' . #312145',
        '  -ATTEMPTED       -BENCH WARRANT',
        '  .-1170 (H) PC-SENTENCING',
        '  11351.5 HS-POSSESS/PURCHASE COCAINE BASE FOR',
        '  SALE',
        '*DISPO:CONVICTED',
        '   CONV STATUS:FELONY',
        '   SEN: 3 YEARS JAIL, 1 YR SUSP,',
        '   MANDATORY SUPERVISION',
        '   COM: SENTENCE CONCURRENT WITH FILE #743-2',
        '   ARR BY: CAPD SAN JOSE',
      ),
    );
    expect(record.warnings).toEqual([]);
    expect(record.cycles[0]?.events[0]?.counts[0]).toMatchObject({
      number: '003',
      caseNumber: '312145',
      flags: ['ATTEMPTED', 'BENCH WARRANT'],
      attempted: true,
      sentencedUnder1170h: true,
      code: 'HS',
      section: '11351.5',
      description: 'POSSESS/PURCHASE COCAINE BASE FOR SALE',
      level: 'felony',
      sentence: { text: '3 YEARS JAIL, 1 YR SUSP, MANDATORY SUPERVISION', jailDays: 1095 },
      notes: ['COM: SENTENCE CONCURRENT WITH FILE #743-2', 'ARR BY: CAPD SAN JOSE'],
    });
  });

  it('a comment continued on the next lines stays one comment, its # no case number', () => {
    const counts = events(
      sheet(
        ...HEADER,
        '* * * *',
        'COURT:',
        '20000101 CASC X',
        'CNT:01 #A1',
        '  459 PC-BURGLARY',
        '*DISPO:CONVICTED',
        '   COM: SENTENCE CONCURRENT WITH FILE',
        '        #743-2 AND WITH',
        '        FILE #998',
        '   l1 ;; vv',
        'CNT:02',
        '  #B2',
        '  496 PC-RECEIVE',
      ),
    )[0]?.counts;
    expect(counts?.map((count) => [count.caseNumber, count.notes])).toEqual([
      ['A1', ['COM: SENTENCE CONCURRENT WITH FILE #743-2 AND WITH FILE #998']],
      ['B2', []],
    ]);
  });

  it('reads what Tesseract made of low-resolution scans', () => {
    const record = parseRapSheet(
      sheet(
        '*% III MULTIPLE SOURCE RECORD',
        ...HEADER,
        '* x kx Xx',
        'COURT:                NAM: 01',
        '20070601 CASC SANTA CLARA',
        'CHNT:01     $C0712345',
        '~ATTEMPTED',
        '.=1170 (H) PC-SENTENCING',
        '470 (A) PC-FORGERY',
        'DISEO:CONVICTED',
        'CONV STATUS :MISDEMEAMNOR',
        'hhh hkkhkhkhkhkhkhkhkhkhkhkhkhkhkhkhkhkhkhkhkhkhkhkhkhkhkhhkhkhkhkhk',
        '* POTENTIAL FELONY STRIKE ENTRY *',
        '* * * END OF MESSAGE * * =',
      ),
    );
    expect(record.warnings).toEqual([]);
    expect(record.cycles[0]?.events[0]?.counts[0]).toMatchObject({
      number: '01',
      caseNumber: 'C0712345',
      attempted: true,
      sentencedUnder1170h: true,
      section: '470(a)',
      disposition: { kind: 'convicted' },
      level: 'misdemeanor',
      potentialFelonyStrike: true,
    });
  });

  it('a count whose CNT: line a scan lost is read as the next count, and says so', () => {
    const record = parseRapSheet(
      sheet(
        ...HEADER,
        '* * * *',
        'COURT:',
        '20000101 CASC X',
        'CNT:01 #A1',
        '459 PC-BURGLARY',
        '*DISPO:CONVICTED',
        'CONV STATUS:MISDEMEANOR',
        'Page 2 of 3',
        '496 PC-RECEIVE STOLEN PROPERTY',
        'DISPO:DISMISSSED',
      ),
    );
    const counts = record.cycles[0]?.events[0]?.counts ?? [];
    expect(
      counts.map((count) => [count.number, count.section, count.caseNumber, count.disposition?.kind]),
    ).toEqual([
      ['01', '459', 'A1', 'convicted'],
      [null, '496', 'A1', 'dismissed'],
    ]);
    expect(record.warnings.map((warning) => [warning.line, warning.message])).toEqual([
      [12, 'A charge with no CNT: line before it: read as the next count, its number missing'],
    ]);
  });

  it('a disposition given at a later hearing is the disposition, with its date', () => {
    const count = events(
      sheet(
        ...HEADER,
        '* * * *',
        'COURT:',
        '20160801 CAMC X',
        'CNT:01 #1',
        '23152(B) VC-DUI',
        ' 20161015',
        '   DISPO:CONVICTED',
        '   CONV STATUS:MISDEMEANOR',
        '   SEN: 3 YEARS PROBATION',
      ),
    )[0]?.counts[0];
    expect(count).toMatchObject({
      disposition: { kind: 'convicted', date: '2016-10-15' },
      level: 'misdemeanor',
      sentence: { probationMonths: 36 },
      modifications: [],
    });
  });
});

describe('later changes', () => {
  it('an update under a dismissed count changes the convicted counts of its event', () => {
    const counts = events(
      sheet(
        ...HEADER,
        '* * * *',
        'COURT:',
        '20000101 CASC X',
        'CNT:01 #1',
        '459 PC-BURGLARY',
        '*DISPO:CONVICTED',
        'CONV STATUS:FELONY',
        'SEN: 3 YEARS PROBATION',
        'CNT:02',
        '496 PC-RECEIVE',
        'DISPO:DISMISSED',
        ' 20020202',
        'DISPO:PROBATION REVOKED',
        'SEN: 2 YEARS PRISON',
      ),
    )[0]?.counts;
    expect(counts?.[0]).toMatchObject({
      sentence: { prisonMonths: 24 },
      originalSentence: { probationMonths: 36 },
      modifications: [{ kind: 'probation_revoked', date: '2002-02-02', source: 'update' }],
    });
    expect(counts?.[1]?.modifications).toEqual([]);
  });

  it('a later event changes the conviction of its case number, and the count of its charge', () => {
    const record = parseRapSheet(
      sheet(
        ...HEADER,
        '* * * *',
        'COURT:',
        '20000101 CASC X',
        'CNT:01 #AAA1',
        '459 PC-BURGLARY',
        '*DISPO:CONVICTED',
        'CONV STATUS:FELONY',
        'CNT:02',
        '496 PC-RECEIVE',
        '*DISPO:CONVICTED',
        'CONV STATUS:FELONY',
        '- - - -',
        'COURT:',
        '20010101 CASC Y',
        'CNT:01 #BBB2',
        '10851 VC-TAKE VEHICLE',
        '*DISPO:CONVICTED',
        'CONV STATUS:FELONY',
        '- - - -',
        'COURT:',
        '20050505 CASC X',
        'CNT:01 #AAA1',
        '496 PC-RECEIVE',
        'DISPO:FELONY REDUCED TO MISDEMEANOR PER 17(B) PC',
      ),
    );
    const [first, second] = summarize(record).convictions;
    expect(first?.counts.map((count) => count.level)).toEqual(['felony', 'misdemeanor']);
    expect(first?.counts[1]?.modifications).toEqual([
      {
        date: '2005-05-05',
        kind: 'reduced',
        remedy: 'pc17b',
        text: 'FELONY REDUCED TO MISDEMEANOR PER 17(B) PC',
      },
    ]);
    expect(second?.counts[0]?.level).toBe('felony');
    expect(record.cycles[0]?.events[0]?.counts[1]?.originalLevel).toBe('felony');
    expect(record.cycles[0]?.events[0]?.counts[1]?.modifications[0]?.source).toBe('later_event');
    expect(record.warnings).toEqual([]);
  });

  it('a petition or motion the court denied is no relief: the felony stays a felony, nothing is cleared', () => {
    const record = parseRapSheet(
      sheet(
        ...HEADER,
        '* * * *',
        'COURT:',
        '20120101 CASC X',
        'CNT:01 #AAA1',
        '11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE',
        '*DISPO:CONVICTED',
        'CONV STATUS:FELONY',
        ' 20160101',
        'DISPO:PETITION PER 1203.4 PC DENIED',
        'DISPO:MOTION PER 17(B) PC DENIED',
      ),
    );
    const [conviction] = summarize(record).convictions;
    expect(conviction?.counts[0]?.level).toBe('felony');
    // Each refusal is recorded as what it is, naming the relief refused, and grants nothing.
    expect(conviction?.counts[0]?.modifications.map((m) => [m.date, m.kind, m.remedy])).toEqual([
      ['2016-01-01', 'denied', 'pc1203.4'],
      ['2016-01-01', 'denied', 'pc17b'],
    ]);
  });

  it('a count found GUILTY or on a plea (CONV PLEA) is a conviction', () => {
    for (const dispo of ['*DISPO:GUILTY', 'DISPO:CONV PLEA', '*DISPO:GUILTY-PLEA'])
      expect(
        summarize(
          parseRapSheet(
            sheet(
              ...HEADER,
              '* * * *',
              'COURT:',
              '20120101 CASC X',
              'CNT:01 #AAA1',
              '459 PC-BURGLARY',
              dispo,
            ),
          ),
        ).convictions.map((c) => c.counts.length),
        dispo,
      ).toEqual([1]);
  });

  it('a change with nothing to change is kept on its count and reported', () => {
    const record = parseRapSheet(
      sheet(...HEADER, '* * * *', 'COURT:', '20050505 CASC X', 'CNT:01 #Z', '1203.4 PC-DISMISSED'),
    );
    expect(record.cycles[0]?.events[0]?.counts[0]?.modifications).toMatchObject([
      { kind: 'dismissed', remedy: 'pc1203.4' },
    ]);
    expect(record.warnings.map((warning) => [warning.line, warning.message])).toEqual([
      [8, 'A change to a conviction, but no conviction before it in this cycle'],
    ]);
  });

  it('a change stated without DISPO: after the disposition is read', () => {
    const count = events(
      sheet(
        ...HEADER,
        '* * * *',
        'COURT:',
        '20000101 CASC X',
        'CNT:01 #1',
        '11357 HS-POSSESS',
        '*DISPO:CONVICTED',
        'RELIEF GRANTED 1203.425',
      ),
    )[0]?.counts[0];
    expect(count?.modifications).toMatchObject([
      { kind: 'relief_granted', remedy: 'pc1203.425', date: null },
    ]);
  });
});

describe('what is reported', () => {
  it('says what each line became', () => {
    const { roles } = traceRapSheet(
      sheet(
        'RE: QHY.CA0000000',
        ...HEADER,
        '* * * *',
        'COURT:',
        '20000101 CASC X',
        '',
        'CNT:01 #1',
        '459 PC-BURGLARY',
        '*DISPO:CONVICTED',
        'CONV STATUS:FELONY',
        'SEN: 16 MONTHS PRISON',
        'GARBLED %% LINE',
        '* * * END OF MESSAGE * * *',
        'AFTER THE END',
      ),
    );
    expect(roles).toEqual([
      'page',
      'header',
      'header',
      'name',
      'cycle-separator',
      'event',
      'event-date',
      'blank',
      'count',
      'charge',
      'disposition',
      'level',
      'sentence',
      null,
      'end',
      null,
    ]);
  });

  it('reports unread lines with their number and text, and lines after the end', () => {
    const record = parseRapSheet(
      sheet(
        ...HEADER,
        '* * * *',
        'COURT:',
        '20000101 CASC X',
        'CNT:01',
        '%% ## GARBLED',
        '* * * END OF MESSAGE * * *',
        'MORE',
      ),
    );
    expect(record.warnings).toEqual([
      // Count 01 read nothing: what became of it is not known, and is said.
      {
        line: 7,
        message:
          'No DISPO: line was read for this count, nor a conviction status or sentence: what became of it is not known; check the record',
        text: 'CNT:01',
      },
      { line: 8, message: 'Line in a count not recognised', text: '%% ## GARBLED' },
      { line: 10, message: 'After the end of the message: not read', text: 'MORE' },
    ]);
  });

  it('never throws, whatever it is given', () => {
    for (const input of [
      '',
      '\u0000',
      '\r\r\n',
      '* * * *',
      'CNT:',
      'COURT:\nCNT:\nDISPO:',
      '\uFEFFCII/A1',
      'x'.repeat(10_000),
    ]) {
      expect(() => parseRapSheet(input)).not.toThrow();
    }
    expect(() => parseRapSheet(undefined as unknown as string)).not.toThrow();
  });
});

describe('a count range (CNT:001-003)', () => {
  const court = (cnt: string, ...rest: string[]) =>
    sheet(
      ...HEADER,
      '* * * *',
      'COURT:',
      '20100505  CASC LOS ANGELES',
      `CNT:${cnt} #BA123`,
      '470(A) PC-FORGERY',
      '*DISPO:CONVICTED',
      'CONV STATUS:FELONY',
      'SEN: 3 YEARS PROBATION',
      ...rest,
    );

  it('is one conviction per count of the range, each with the charge, disposition and sentence', () => {
    const record = parseRapSheet(court('001-003'));
    const counts = summarize(record).convictions[0]?.counts ?? [];
    expect(counts).toHaveLength(3);
    for (const count of counts)
      expect(count).toMatchObject({
        code: 'PC',
        section: '470(a)',
        disposition: 'convicted',
        level: 'felony',
        sentence: { probationMonths: 36 },
      });
    const read = record.cycles[0]?.events[0]?.counts ?? [];
    expect(read.map((count) => [count.number, count.range, count.caseNumber])).toEqual([
      ['001', '001-003', 'BA123'],
      ['002', '001-003', 'BA123'],
      ['003', '001-003', 'BA123'],
    ]);
    expect(record.warnings).toEqual([]);
  });

  it('a later change under the range changes every count of it, once', () => {
    const counts = summarize(
      parseRapSheet(court('01-02', '20150101', 'DISPO:CONVICTION SET ASIDE AND DISMISSED PER 1203.4 PC')),
    ).convictions[0]?.counts;
    expect(counts?.map((count) => count.modifications.map((m) => [m.kind, m.remedy, m.date]))).toEqual([
      [['dismissed', 'pc1203.4', '2015-01-01']],
      [['dismissed', 'pc1203.4', '2015-01-01']],
    ]);
  });

  it('a dismissed range beside a convicted count adds no conviction, and its later relief is applied once', () => {
    const record = parseRapSheet(
      sheet(
        ...HEADER,
        '* * * *',
        'COURT:',
        '20100505  CASC LOS ANGELES',
        'CNT:01 #BA123',
        '459 PC-BURGLARY',
        '*DISPO:CONVICTED',
        'CNT:02-04',
        '470(A) PC-FORGERY',
        'DISPO:DISMISSED',
        '- - - -',
        'COURT:',
        '20160101  CASC LOS ANGELES',
        'CNT:01 #BA123',
        '1203.4 PC-DISMISSED',
      ),
    );
    const [conviction] = summarize(record).convictions;
    expect(conviction?.counts.map((count) => count.disposition)).toEqual([
      'convicted',
      'dismissed',
      'dismissed',
      'dismissed',
    ]);
    expect(conviction?.counts[0]?.modifications.map((m) => m.remedy)).toEqual(['pc1203.4']);
  });

  it.each([
    ['001-999', 'covers more than 50 counts'],
    ['003-001', 'runs backwards'],
  ])('an absurd range %s stays one count, numbered as written, and is reported', (range, why) => {
    const record = parseRapSheet(court(range));
    const counts = record.cycles[0]?.events[0]?.counts ?? [];
    expect(counts.map((count) => [count.number, count.range])).toEqual([[range, range]]);
    expect(summarize(record).convictions[0]?.counts).toHaveLength(1);
    expect(record.warnings).toMatchObject([{ line: 7, message: expect.stringContaining(why) }]);
    expect(record.warnings[0]?.message).toContain(`Count range ${range}`);
  });

  it('a range of one number is that count', () => {
    const counts = parseRapSheet(court('02-02')).cycles[0]?.events[0]?.counts ?? [];
    expect(counts.map((count) => [count.number, count.range])).toEqual([['02', null]]);
  });
});

describe('a line naming more than one relief', () => {
  const convicted = (...after: string[]) =>
    sheet(
      ...HEADER,
      '* * * *',
      'COURT:',
      '20100505  CASC LOS ANGELES',
      'CNT:01 #BA123',
      '496(A) PC-RECEIVE KNOWN STOLEN PROPERTY',
      '*DISPO:CONVICTED',
      'CONV STATUS:FELONY',
      'SEN: 3 YEARS PROBATION',
      ...after,
    );
  const reliefs = (text: string) =>
    summarize(parseRapSheet(text)).convictions[0]?.counts[0]?.modifications.map((m) => [
      m.date,
      m.kind,
      m.remedy,
    ]);

  it.each([
    ['DISPO:CONVICTION SET ASIDE AND DISMISSED PER 1203.4 PC REDUCED TO MISDEMEANOR PER 17(B) PC'],
    ['DISPO:REDUCED TO MISD PER 17(B) PC AND DISMISSED PER 1203.4 PC'],
  ])('keeps every relief on the conviction: %s', (line) => {
    const record = parseRapSheet(convicted('20150101', line));
    const count = summarize(record).convictions[0]?.counts[0];
    expect(count?.modifications.map((m) => m.remedy).sort()).toEqual(['pc1203.4', 'pc17b']);
    expect(count?.modifications.every((m) => m.date === '2015-01-01')).toBe(true);
    // The 17(b) reduction still makes the felony a misdemeanor.
    expect(count?.level).toBe('misdemeanor');
    expect(record.warnings).toEqual([]);
  });

  it('in a later court event, as a charge line and its disposition', () => {
    expect(
      reliefs(
        convicted(
          '- - - -',
          'COURT:',
          '20160202  CASC LOS ANGELES',
          'CNT:01 #BA123',
          '1203.4 PC-DISMISSED',
          'DISPO:SET ASIDE AND DISMISSED, ALSO REDUCED TO MISDEMEANOR PER 17(B) PC',
        ),
      ),
    ).toEqual([
      ['2016-02-02', 'dismissed', 'pc1203.4'],
      ['2016-02-02', 'reduced', 'pc17b'],
    ]);
  });

  it('a line that says DENIED of every relief it names still grants nothing', () => {
    expect(reliefs(convicted('20150101', 'DISPO:PETITION PER 1203.4 PC AND 17(B) PC DENIED'))).toEqual([
      ['2015-01-01', 'denied', 'pc1203.4'],
      ['2015-01-01', 'denied', 'pc17b'],
    ]);
    expect(
      summarize(parseRapSheet(convicted('20150101', 'DISPO:PETITION PER 1203.4 PC AND 17(B) PC DENIED')))
        .convictions[0]?.counts[0]?.level,
    ).toBe('felony');
  });
});

describe('a court event whose COURT: line was lost', () => {
  const ARREST = [
    '* * * *',
    'ARR/DET/CITE:         NAM:01',
    '19990412  CAPD SANTA ANA',
    'CNT:01 #99-04412',
    '  11357 HS-POSSESS MARIJUANA',
  ];
  const COURT_COUNTS = [
    'CNT:01     #M12345',
    '  11357 HS-POSSESS MARIJUANA',
    '*DISPO:CONVICTED',
    '   CONV STATUS:MISDEMEANOR',
    '   SEN: 3 YEARS PROBATION',
    'CNT:02',
    '  11364 HS-POSSESS PARAPHERNALIA',
    '   DISPO:DISMISSED',
  ];
  const convictions = (text: string) =>
    summarize(parseRapSheet(text)).convictions.map((c) => ({
      date: c.date,
      court: c.court,
      caseNumber: c.caseNumber,
      counts: c.counts.map((count) => [count.section, count.disposition, count.level]),
    }));
  const COUNTS = [
    ['11357', 'convicted', 'misdemeanor'],
    ['11364', 'dismissed', null],
  ];

  it('after its separator, with its date line: still a conviction, read as a court event, and said', () => {
    const record = parseRapSheet(
      sheet(...HEADER, ...ARREST, '- - - -', '19990603  CAMC SANTA ANA', ...COURT_COUNTS),
    );
    expect(
      convictions(sheet(...HEADER, ...ARREST, '- - - -', '19990603  CAMC SANTA ANA', ...COURT_COUNTS)),
    ).toEqual([{ date: '1999-06-03', court: 'CAMC SANTA ANA', caseNumber: 'M12345', counts: COUNTS }]);
    expect(record.cycles[0]?.events.map((e) => [e.kind, e.label])).toEqual([
      ['arrest', 'ARR/DET/CITE:'],
      ['court', null],
    ]);
    expect(record.warnings.map((w) => [w.line, w.message])).toEqual([
      [
        10,
        'Count 01 convicted under an event with no header: read as a court event whose COURT: line was lost',
      ],
    ]);
  });

  it('with its date line lost too: the conviction is kept, its date and court unknown', () => {
    expect(convictions(sheet(...HEADER, ...ARREST, '- - - -', ...COURT_COUNTS))).toEqual([
      { date: null, court: null, caseNumber: 'M12345', counts: COUNTS },
    ]);
  });

  it('with its separator lost: the date line among the arrest’s counts opens it, and the conviction is kept', () => {
    const text = sheet(...HEADER, ...ARREST, '19990603  CAMC SANTA ANA', ...COURT_COUNTS);
    expect(convictions(text)).toEqual([
      { date: '1999-06-03', court: 'CAMC SANTA ANA', caseNumber: 'M12345', counts: COUNTS },
    ]);
    // The arrest keeps its own charge: the date line is not read as more of its description.
    expect(parseRapSheet(text).cycles[0]?.events[0]?.counts.map((c) => c.description)).toEqual([
      'POSSESS MARIJUANA',
    ]);
  });

  it('with its separator, header and date line all lost: the convicted counts leave the arrest for a court event', () => {
    const record = parseRapSheet(sheet(...HEADER, ...ARREST, ...COURT_COUNTS));
    expect(convictions(sheet(...HEADER, ...ARREST, ...COURT_COUNTS))).toEqual([
      { date: null, court: null, caseNumber: 'M12345', counts: COUNTS },
    ]);
    expect(record.cycles[0]?.events[0]?.counts.map((c) => c.caseNumber)).toEqual(['99-04412']);
    expect(record.warnings.map((w) => [w.line, w.message])).toEqual([
      [
        9,
        'Count 01 convicted inside an arrest: read as a court event whose COURT: line, date and court were lost',
      ],
    ]);
  });

  it('a later relief still reaches the conviction', () => {
    const counts = summarize(
      parseRapSheet(
        sheet(
          ...HEADER,
          ...ARREST,
          '- - - -',
          '19990603  CAMC SANTA ANA',
          ...COURT_COUNTS.slice(0, 5),
          ' 20050101',
          'DISPO:DISMISSED PER 1203.4 PC',
        ),
      ),
    ).convictions[0]?.counts;
    expect(counts?.[0]?.modifications.map((m) => m.remedy)).toEqual(['pc1203.4']);
  });

  it('an event with no header and no conviction stays of unknown kind', () => {
    const record = parseRapSheet(
      sheet(...HEADER, ...ARREST, '- - - -', '19990603  CAMC SANTA ANA', ...COURT_COUNTS.slice(5)),
    );
    expect(record.cycles[0]?.events.map((e) => e.kind)).toEqual(['arrest', 'other']);
    expect(summarize(record).convictions).toEqual([]);
  });
});

describe('a court count with no DISPO: line', () => {
  const court = (...counts: string[]) =>
    sheet(
      ...HEADER,
      '* * * *',
      'COURT: NAM:01',
      '20100101 CASC ALAMEDA',
      ...counts,
      '* * * END OF MESSAGE * * *',
    );

  it('with a conviction status and a sentence is a conviction, and is said to have no disposition', () => {
    const record = parseRapSheet(
      court('CNT:01 #AL1555', '459 PC-BURGLARY', 'CONV STATUS:FELONY', 'SEN: 16 MONTHS PRISON'),
    );
    expect(summarize(record).convictions).toMatchObject([
      { caseNumber: 'AL1555', counts: [{ section: '459', level: 'felony', disposition: null }] },
    ]);
    expect(record.warnings).toEqual([{ line: 7, message: NO_DISPOSITION_CONVICTED, text: 'CNT:01 #AL1555' }]);
  });

  it('of two counts, the one without a DISPO: line is kept beside the one with it', () => {
    const record = parseRapSheet(
      court(
        'CNT:01 #AL1555',
        '459 PC-BURGLARY',
        'CONV STATUS:FELONY',
        'CNT:02',
        '484(A) PC-THEFT',
        '*DISPO:CONVICTED',
        'CONV STATUS:MISDEMEANOR',
      ),
    );
    expect(summarize(record).convictions[0]?.counts.map((c) => [c.section, c.disposition])).toEqual([
      ['459', null],
      ['484(a)', 'convicted'],
    ]);
    expect(record.warnings.map((w) => w.line)).toEqual([7]);
  });

  it('with neither is no conviction, and what became of it is said to be unknown', () => {
    const record = parseRapSheet(court('CNT:01 #AL1555', '459 PC-BURGLARY'));
    expect(summarize(record).convictions).toEqual([]);
    expect(record.warnings).toEqual([
      {
        line: 7,
        message:
          'No DISPO: line was read for this count, nor a conviction status or sentence: what became of it is not known; check the record',
        text: 'CNT:01 #AL1555',
      },
    ]);
  });

  it('a sentence alone is evidence enough, and a later change under it applies to it', () => {
    const record = parseRapSheet(
      court(
        'CNT:01 #AL1555',
        '459 PC-BURGLARY',
        'SEN: 3 YEARS PROBATION',
        '20150101',
        'DISPO:DISMISSED PER 1203.4 PC',
      ),
    );
    const count = record.cycles[0]?.events[0]?.counts[0];
    expect(count?.modifications.map((m) => m.remedy)).toEqual(['pc1203.4']);
    expect(summarize(record).convictions).toHaveLength(1);
  });
});

describe('a juvenile court record', () => {
  const juvenile = (court: string, dispo: string) =>
    sheet(
      ...HEADER,
      '* * * *',
      'ARR/DET/CITE: NAM:01',
      '20001115 CAPD FRESNO',
      'CNT:01 #00-1555',
      '459 PC-BURGLARY',
      '- - - -',
      'COURT: NAM:01',
      `20001201 ${court}`,
      'CNT:01 #JV1555',
      '459 PC-BURGLARY',
      dispo,
      'SEN: WARD OF COURT',
      '* * * END OF MESSAGE * * *',
    );

  it.each([
    ['CAJV FRESNO', '*DISPO:SUSTAINED'],
    ['CAJV FRESNO', '*DISPO:CONVICTED'],
    ['CASC FRESNO JUVENILE', 'DISPO:DISMISSED'],
    ['CASC FRESNO', '*DISPO:PETITION SUSTAINED'],
  ])('%s, %s: no conviction and no adult arrest, and said once at the court event', (court, dispo) => {
    const record = parseRapSheet(juvenile(court, dispo));
    expect(summarize(record)).toMatchObject({ convictions: [], arrests: [] });
    expect(record.warnings).toEqual([{ line: 10, message: JUVENILE_RECORD, text: 'COURT: NAM:01' }]);
  });

  it('a sustained petition is read as such, not as an unknown disposition', () => {
    const record = parseRapSheet(juvenile('CAJV FRESNO', '*DISPO:SUSTAINED'));
    expect(record.cycles[0]?.events[1]?.counts[0]?.disposition?.kind).toBe('sustained');
  });
});

describe('names', () => {
  it('are kept as printed, every accent with them', () => {
    const record = parseRapSheet(
      sheet(
        'CII/A11223344',
        'DOB/19800101   SEX/M',
        'NAM/01 GARCÍA PEÑA, JOSÉ LUIS',
        '    02 ÁLVAREZ-NÚÑEZ, JOSÉ',
      ),
    );
    expect(record.person.names.map((n) => n.name)).toEqual(['GARCÍA PEÑA, JOSÉ LUIS', 'ÁLVAREZ-NÚÑEZ, JOSÉ']);
  });
});
