// The words courts use, generated: every wording of a conviction reads as one, a dismissed count never
// becomes one, a line that grants one relief and denies another keeps the grant and the denial, and a
// disposition the reader does not know is always said, with its line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize } from './contract.ts';
import { readDisposition, readModifications } from './dispositions.ts';
import { parseRapSheet } from './parse.ts';
import { isSuspendedTerm, readSentence } from './sentence.ts';

const HEADER = ['CII/A12345678', 'DOB/19850312  SEX/M', 'NAM/01 DOE, JOHN', '* * * *'];
const END = '* * * END OF MESSAGE * * *';

/** One court event, one count of HS 11364, its lines after the charge as given. */
const court = (...countLines: string[]) =>
  [
    ...HEADER,
    'COURT:   NAM:01',
    '20100301  CASC ALAMEDA',
    'CNT:01  #AL10CR1234',
    '  11364 HS-POSSESS PARAPHERNALIA',
    ...countLines,
    END,
  ].join('\n');

/** What OCR does to letters in words: L read as 1 or I, O as 0. */
const scanned = (text: string) =>
  fc.constantFrom(text, text.replace(/L/g, '1'), text.replace(/L/g, 'I'), text.replace(/O/g, '0'));

const CONVICTED_WORDINGS = [
  'CONVICTED',
  'GUILTY',
  'PLED GUILTY',
  'PLEAD GUILTY',
  'PLEADED GUILTY',
  'PLEA OF GUILTY',
  'GUILTY PLEA',
  'FOUND GUILTY',
  'FOUND GUILTY BY JURY',
  'JURY VERDICT GUILTY',
  'NOLO CONTENDERE',
  'PLED NOLO CONTENDERE',
  'PLEA OF NOLO CONTENDERE',
  'NO CONTEST PLEA',
  'PLED NO CONTEST',
  'CONVICTED BY JURY',
  'CONVICTED BY COURT',
  'CONVICTED-PLEA OF GUILTY',
  'CONV PLEA',
];

/** Words that undo the conviction they name, or say there was none: never a conviction. */
const NOT_CONVICTED_WORDINGS = [
  'NOT CONVICTED',
  'NOT GUILTY',
  'FOUND NOT GUILTY',
  'PLEA OF NOT GUILTY',
  'CONVICTION SET ASIDE AND DISMISSED PER 1203.4 PC',
  'CONVICTION SET ASIDE AND DISMISSED PER 1203.4 PC; MOTION TO REDUCE PER 17(B) PC DENIED',
  'GUILTY PLEA WITHDRAWN, CASE DISMISSED',
  'GUILTY PLEA WITHDRAWN, CASE DISMISSED PER 1203.4 PC, 17(B) DENIED',
  'PLEA OF GUILTY WITHDRAWN',
  'CONVICTION VACATED',
  'CONVICTION REVERSED ON APPEAL',
];

describe('a disposition in other words for a conviction', { timeout: 120_000 }, () => {
  it('reads as convicted, whatever the words and what a scan does to them', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CONVICTED_WORDINGS).chain(scanned),
        fc.constantFrom('DISPO:', '*DISPO:', '   DISPO:'),
        (words, tag) => {
          expect(readDisposition(words), words).toEqual({ kind: 'convicted', warning: null });
          const record = parseRapSheet(
            court(`${tag}${words}`, '   CONV STATUS:MISDEMEANOR', '   SEN: 3 YEARS PROBATION'),
          );
          const counts = summarize(record).convictions.flatMap((c) => c.counts);
          expect(
            counts.map((c) => [c.code, c.section, c.level, c.sentence.probationMonths]),
            words,
          ).toEqual([['HS', '11364', 'misdemeanor', 36]]);
          expect(record.warnings, words).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each(NOT_CONVICTED_WORDINGS)('%s is never a conviction', (words) => {
    expect(readDisposition(words).kind).not.toBe('convicted');
    const record = parseRapSheet(court(`DISPO:${words}`));
    expect(summarize(record).convictions).toEqual([]);
  });
});

describe('a disposition the reader does not know', { timeout: 120_000 }, () => {
  const word = fc.constantFrom(
    'CLARIFICATION',
    'REQUESTED',
    'CERTIFIED',
    'TO',
    'SUPERIOR',
    'COURT',
    'HELD',
    'ORDER',
    'CONTINUED',
    'TRANSFERRED',
    'BENCH',
    'WARRANT',
    'OTHER',
    'SEE',
    'ENTRY',
  );
  const unknown = fc.array(word, { minLength: 1, maxLength: 5 }).map((words) => words.join(' '));

  it('is said, naming its line, and the count is no conviction: nothing is lost silently', () => {
    fc.assert(
      fc.property(unknown, (words) => {
        expect(readDisposition(words).kind).toBe('other');
        const record = parseRapSheet(court(`DISPO:${words}`, '   CONV STATUS:MISDEMEANOR'));
        expect(summarize(record).convictions).toEqual([]);
        expect(record.warnings.map((w) => [w.line, w.text])).toEqual([[9, `DISPO:${words}`]]);
        expect(record.warnings[0]?.message).toMatch(/not recognised|check the record/);
      }),
      { numRuns: 200 },
    );
  });

  it('on a later line never replaces the outcome read before it, and is said', () => {
    fc.assert(
      fc.property(
        unknown,
        fc.constantFrom('DISMISSED', 'NOT GUILTY', 'DIVERSION PROGRAM 1000 PC'),
        (words, first) => {
          const record = parseRapSheet(court(`   DISPO:${first}`, '  20150601', `   DISPO:${words}`));
          const count = record.cycles[0]?.events[0]?.counts[0];
          expect(count?.disposition?.text).toBe(first);
          expect(record.warnings.map((w) => w.line)).toContain(11);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('under a conviction is kept and said, and the count stays convicted', () => {
    const record = parseRapSheet(court('*DISPO:CONVICTED', '  20150601', '   DISPO:ORDER TO SHOW CAUSE'));
    expect(summarize(record).convictions[0]?.counts[0]?.disposition).toBe('convicted');
    expect(record.warnings.map((w) => w.line)).toEqual([11]);
  });
});

describe('a line that grants one relief and denies another', { timeout: 120_000 }, () => {
  const GRANTS: Record<string, string[]> = {
    'pc1203.4': [
      'CONVICTION SET ASIDE AND DISMISSED PER 1203.4 PC',
      'PETITION PER 1203.4 PC GRANTED',
      'CASE DISMISSED PER 1203.4 PC',
      'DISMISSED PER 1203.4 PC',
    ],
    pc17b: ['REDUCED TO MISDEMEANOR PER 17(B) PC', 'MOTION PER 17(B) PC GRANTED'],
    'pc1203.425': ['RELIEF GRANTED PER 1203.425 PC'],
  };
  const DENIALS: Record<string, string[]> = {
    pc17b: ['MOTION TO REDUCE PER 17(B) PC DENIED', '17(B) DENIED', '17(B) PC DENIED', 'MOTION 17(B) DENIED'],
    'pc1203.4': ['PETITION PER 1203.4 PC DENIED', '1203.4 PC DENIED'],
    prop47: ['PETITION PER 1170.18 PC DENIED'],
  };
  const line = fc
    .tuple(fc.constantFrom(...Object.keys(GRANTS)), fc.constantFrom(...Object.keys(DENIALS)))
    .filter(([granted, denied]) => granted !== denied)
    .chain(([granted, denied]) =>
      fc.record({
        granted: fc.constant(granted),
        denied: fc.constant(denied),
        grant: fc.constantFrom(...(GRANTS[granted] ?? [])),
        denial: fc.constantFrom(...(DENIALS[denied] ?? [])),
        join: fc.constantFrom('; ', ', ', ' AND ', '. '),
        grantFirst: fc.boolean(),
        fees: fc.boolean(),
      }),
    );

  it('keeps the grant on the conviction and records the denial, never as a grant', () => {
    fc.assert(
      fc.property(line, ({ granted, denied, grant, denial, join, grantFirst, fees }) => {
        const withFees = fees ? `${grant}, FEES NOT WAIVED (DENIED)` : grant;
        const words = grantFirst ? `${withFees}${join}${denial}` : `${denial}${join}${withFees}`;
        const readings = readModifications(words);
        expect(readings.map((r) => r.remedy).sort(), words).toEqual([granted, denied].sort());
        expect(readings.find((r) => r.remedy === denied)?.kind, words).toBe('denied');
        expect(readings.find((r) => r.remedy === granted)?.kind, words).not.toBe('denied');

        const record = parseRapSheet(
          court('*DISPO:CONVICTED', '   CONV STATUS:FELONY', '  20150601', `   DISPO:${words}`),
        );
        const count = summarize(record).convictions[0]?.counts[0];
        expect(
          count?.modifications.map((m) => [m.date, m.kind === 'denied' ? 'denied' : 'granted', m.remedy]),
          words,
        ).toEqual(readings.map((r) => ['2015-06-01', r.kind === 'denied' ? 'denied' : 'granted', r.remedy]));
        // A denied 17(b) leaves the felony a felony; a granted one makes it a misdemeanor.
        expect(count?.level, words).toBe(granted === 'pc17b' ? 'misdemeanor' : 'felony');
      }),
      { numRuns: 300 },
    );
  });

  it('under a dismissed count: no conviction, the grant kept on the count, and said', () => {
    for (const words of [
      'CONVICTION SET ASIDE AND DISMISSED PER 1203.4 PC; MOTION TO REDUCE PER 17(B) PC DENIED',
      'GUILTY PLEA WITHDRAWN, CASE DISMISSED PER 1203.4 PC, 17(B) DENIED',
    ]) {
      const record = parseRapSheet(court('   DISPO:DISMISSED', '  20150601', `   DISPO:${words}`));
      expect(summarize(record).convictions, words).toEqual([]);
      const count = record.cycles[0]?.events[0]?.counts[0];
      expect(count?.disposition?.kind).toBe('dismissed');
      expect(count?.modifications.map((m) => [m.kind, m.remedy])).toEqual([
        ['dismissed', 'pc1203.4'],
        ['denied', 'pc17b'],
      ]);
      expect(record.warnings.map((w) => [w.line, w.message])).toEqual([
        [11, 'A change to a conviction, but no conviction before it in this cycle'],
      ]);
    }
  });

  it('a later MOTION 17(B) DENIED leaves a dismissed count dismissed', () => {
    const record = parseRapSheet(court('   DISPO:DISMISSED', '  20150601', '   DISPO:MOTION 17(B) DENIED'));
    const count = record.cycles[0]?.events[0]?.counts[0];
    expect(count?.disposition?.kind).toBe('dismissed');
    expect(count?.modifications.map((m) => [m.kind, m.remedy])).toEqual([['denied', 'pc17b']]);
    expect(summarize(record).convictions).toEqual([]);
  });

  it('a conviction after a dismissal on a later line does not make the count convicted, and is said', () => {
    const record = parseRapSheet(court('   DISPO:DISMISSED', '  20150601', '   DISPO:CONVICTED'));
    expect(summarize(record).convictions).toEqual([]);
    expect(record.warnings.map((w) => w.line)).toEqual([11]);
  });
});

describe('a sentence in other words', { timeout: 120_000 }, () => {
  const UNITS = {
    year: ['YEARS', 'YEAR', 'YRS', 'YR'],
    month: ['MONTHS', 'MOS', 'MO', 'MTHS'],
    day: ['DAYS', 'DS', 'DYS'],
  };
  const PRISON = ['PRISON', 'STATE PRISON', 'CDC', 'CDCR'];
  const SUSPENDED_AFTER = [
    ' SS',
    ' SUSPENDED',
    ' SUSP',
    " SUSP'D",
    ' ESS',
    ' EXECUTION SUSPENDED',
    ' STAYED',
  ];
  const SUSPENDED_PART = [', EXECUTION SUSPENDED', ', ESS', ', SUSPENDED', ', EXEC SUSP'];
  /** `2 YEARS 8 MONTHS PRISON`: a term of years and months, and its length in months. */
  const prisonTerm = fc
    .record({
      years: fc.integer({ min: 0, max: 9 }),
      months: fc.integer({ min: 0, max: 11 }),
      yearWord: fc.constantFrom(...UNITS.year),
      monthWord: fc.constantFrom(...UNITS.month),
      prison: fc.constantFrom(...PRISON),
    })
    .filter(({ years, months }) => years + months > 0)
    .map(({ years, months, yearWord, monthWord, prison }) => ({
      words: [years > 0 ? `${years} ${yearWord}` : '', months > 0 ? `${months} ${monthWord}` : '', prison]
        .filter(Boolean)
        .join(' '),
      months: years * 12 + months,
    }));

  it('reads a prison term of years and months, and a jail term in days however written', () => {
    fc.assert(
      fc.property(
        prisonTerm,
        fc.integer({ min: 1, max: 365 }),
        fc.constantFrom(...UNITS.day),
        (prison, jail, dayWord) => {
          const sentence = readSentence(`${prison.words}, ${jail} ${dayWord} JAIL`);
          expect(sentence, prison.words).toMatchObject({
            prisonMonths: prison.months,
            jailDays: jail,
            details: [],
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a prison term suspended, however it is said, is no prison served: probation is the sentence', () => {
    fc.assert(
      fc.property(
        prisonTerm,
        fc.constantFrom(...SUSPENDED_AFTER, ...SUSPENDED_PART),
        fc.integer({ min: 1, max: 5 }),
        (prison, suspended, years) => {
          const text = `${years} YEARS PROBATION, ${prison.words}${suspended}`;
          const sentence = readSentence(text);
          expect(sentence.prisonMonths, text).toBeNull();
          expect(sentence.probationMonths, text).toBe(years * 12);
          expect(sentence.details.some(isSuspendedTerm), text).toBe(true);
          // Read on a sheet: nothing to report, the suspended term kept as a detail.
          const record = parseRapSheet(court('*DISPO:CONVICTED', '   CONV STATUS:FELONY', `   SEN: ${text}`));
          expect(record.warnings, text).toEqual([]);
          expect(summarize(record).convictions[0]?.counts[0]?.sentence.prisonMonths, text).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    'PRISON 2 YEARS',
    '3 YEARS PROBATION, PRISON TWO YEARS',
    'FORMAL PROBATION, 30 DAYS JAIL',
    '2 YEARS 8 MONTHS 3 WHATEVER PRISON',
  ])('a term it cannot read is said, with the SEN: line: %s', (text) => {
    const record = parseRapSheet(court('*DISPO:CONVICTED', '   CONV STATUS:FELONY', `   SEN: ${text}`));
    expect(
      record.warnings.map((w) => [w.line, w.message.startsWith('Sentence term not read')]),
    ).toContainEqual([11, true]);
  });
});

describe('a reduction or redesignation in other words', { timeout: 120_000 }, () => {
  const felony = (...after: string[]) =>
    court('*DISPO:CONVICTED', '   CONV STATUS:FELONY', '   SEN: 3 YEARS PROBATION', ...after);
  const CHANGES: Array<[string, 'prop47' | 'prop64' | 'pc17b', 'misdemeanor' | 'infraction', string[]]> = [
    [
      'resentenced',
      'prop47',
      'misdemeanor',
      [
        'PROP 47 PETITION GRANTED',
        'PETITION PER 1170.18 PC GRANTED',
        'RESENTENCED PER 1170.18 PC',
        'REDESIGNATED AS MISDEMEANOR PER 1170.18(G) PC',
        'RESENTENCED TO MISD PER PROP 47',
        'FELONY RECALLED AND RESENTENCED PER PC 1170.18',
        'PROPOSITION 47 APPLICATION GRANTED',
      ],
    ],
    [
      'resentenced',
      'prop64',
      'misdemeanor',
      [
        'REDESIGNATED AS MISDEMEANOR PER 11361.8 HS',
        'REDESIGNATED AS A MISDEMEANOR PER PROP 64',
        'RESENTENCED TO MISD PER 11361.8 HS',
        'REDUCED TO MISDEMEANOR PER HS 11361.8',
      ],
    ],
    [
      'resentenced',
      'prop64',
      'infraction',
      ['REDESIGNATED AS INFRACTION PER 11361.8 HS', 'REDESIGNATED 11361.8 HS REDUCED TO INFRACTION'],
    ],
    [
      'reduced',
      'pc17b',
      'misdemeanor',
      [
        'REDUCED TO MISD PER 17(B) PC',
        'REDUCED TO MISDEMEANOR PER PC 17(B)',
        '17(B) PC-REDUCTION TO MISDEMEANOR',
        'MOTION PER 17(B) PC GRANTED',
        'FELONY REDUCED TO MISDEMEANOR 17B PC',
      ],
    ],
  ];
  const change = fc.constantFrom(...CHANGES).chain(([kind, remedy, level, phrases]) =>
    fc.record({
      kind: fc.constant(kind),
      remedy: fc.constant(remedy),
      level: fc.constant(level),
      phrase: fc.constantFrom(...phrases),
      how: fc.constantFrom(
        (p: string) => ['  20170601', `   DISPO:${p}`],
        (p: string) => ['  20170601', `   ${p}`],
        (p: string) => ['  20170601', `   COM: ${p}`],
        (p: string) => [`   COM: ${p}`],
      ),
    }),
  );

  it('leaves the level the words give, with the relief they name, and nothing to report', () => {
    fc.assert(
      fc.property(change, ({ kind, remedy, level, phrase, how }) => {
        const lines = how(phrase);
        const record = parseRapSheet(felony(...lines));
        const count = summarize(record).convictions[0]?.counts[0];
        expect(count?.level, lines.join(' / ')).toBe(level);
        expect(
          count?.modifications.map((m) => [m.kind, m.remedy, m.date]),
          lines.join(' / '),
        ).toEqual([[kind, remedy, lines.length > 1 ? '2017-06-01' : null]]);
        expect(record.warnings, lines.join(' / ')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it.each(['COM: PETITION PER 1203.4 PC FILED', 'COM: MOTION PER 17(B) PC SET FOR HEARING'])(
    'a comment that only names a relief (%s) changes nothing, and is said',
    (comment) => {
      const record = parseRapSheet(felony(`   ${comment}`));
      const count = summarize(record).convictions[0]?.counts[0];
      expect(count?.level).toBe('felony');
      expect(count?.modifications).toEqual([]);
      expect(record.warnings.map((w) => w.line)).toEqual([12]);
    },
  );
});
