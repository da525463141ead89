// Property tests: the reader is total (never throws, never fails inside) and accounts for every line
// (each is placed in the record or reported with its number); a sheet written from a known record
// reads back as that record, with page headers in it or not.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarize } from './contract.ts';
import { NO_DISPOSITION_CONVICTED } from './convicted.ts';
import { parseRapSheet, traceRapSheet } from './parse.ts';
import {
  expectedConvictions,
  isSyntheticConviction,
  renderRapSheet,
  type SyntheticCount,
  type SyntheticSheet,
  withPageHeaders,
} from './test-support/synthetic.ts';
import { normalizeLine } from './text.ts';

const corpus = new URL('../corpus/', import.meta.url);
const corpusTexts = readdirSync(corpus)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => readFileSync(new URL(name, corpus), 'utf8'));

function inputLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Every line is placed or reported; nothing failed inside; the summary is plain JSON. */
function expectAccountedFor(text: string): void {
  const { record, roles } = traceRapSheet(text);
  const lines = inputLines(text);
  expect(roles).toHaveLength(lines.length);
  const reported = new Set(record.warnings.map((warning) => warning.line));
  roles.forEach((role, index) => {
    const line = lines[index] ?? '';
    if (role === null)
      expect(reported.has(index + 1), `line ${index + 1} ${JSON.stringify(line)}`).toBe(true);
    if (role === 'blank') expect(normalizeLine(line).trim()).toBe('');
  });
  for (const warning of record.warnings) {
    expect(warning.line).toBeGreaterThanOrEqual(0);
    expect(warning.line).toBeLessThanOrEqual(lines.length);
    expect(warning.message).not.toMatch(/^Internal error/);
    // The safety net that reports lines no rule looked at never fires: every line met a rule.
    expect(warning.message).not.toBe('Line not read');
  }
  const summary = summarize(record);
  expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
}

// Pieces RAP sheets are made of, and what scanning does to them.
const fragment = fc.constantFrom(
  '* * * *',
  '* Kk kK',
  '- - - -',
  '* * * END OF MESSAGE * * *',
  'CII/A12345678',
  'DOB/19700101   SEX/M',
  'NAM/01 DOE, JAN',
  '    02 DOE, J',
  'ARR/DET/CITE:         NAM:01  DOB:19700101',
  'COURT:                NAME:01',
  'CUSTODY:JAIL',
  'PROBATION:',
  'APPLICANT:',
  'REGISTRATION:         NAM:01',
  'SUPPLEMENTAL ARR:',
  'MENTAL HLTH CUS/SUPV',
  'OTHER THING:',
  '19860501  CAMC LOS ANGELES METRO',
  '19860501',
  '2O12O815',
  'CNT:01     #19514114',
  'CNT:0    1',
  'CNT:',
  'CNT:01-03',
  '#12345',
  '  11357 HS-POSSESS MARIJUANA',
  '  453(A) CP-POSSESS',
  '  1203.4 PC-DISMISSED',
  '  17(B) PC-REDUCED TO MISDEMEANOR',
  '  .-1170 (H) PC-SENTENCING',
  '*DISPO:CONVICTED',
  'DISPO:DISMISSSED/FURTHERANCE OF JUSTICE',
  'DISPO:PROBATION REVOKED',
  'DISPO:RELIEF GRANTED 1203.425',
  'RELIEF GRANTED 1203.425',
  'CONV STATUS:FELONY',
  'CONV STATIS.TNFRACTION',
  'SEN: 3 YEARS PROBATION, 30 DAYS JAIL,',
  'FINE, RESTN',
  'SEE COMMENT FOR CHARGE',
  'COM: CHRG 484-487 (A) PC',
  '-ATTEMPTED   -BENCH WARRANT',
  'TOC:F',
  'Page 2 of 9',
  'RE: QHY.CA0000000',
  '***POTENTIAL FELONY STRIKE ENTRY***',
  '',
  '   ',
);
const garbage = fc.string({ maxLength: 40 });
const rapLike = fc
  .array(fc.oneof({ weight: 4, arbitrary: fragment }, { weight: 1, arbitrary: garbage }), { maxLength: 80 })
  .map((lines) => lines.join('\n'));

const OCR_SWAPS: Array<[string, string]> = [
  ['0', 'O'],
  ['1', 'l'],
  ['S', '5'],
  [':', ';'],
  ['*', 'K'],
  ['-', '~'],
  ['PC', 'CP'],
  ['SS', 'SSS'],
  ['NAM:', 'NAME:'],
  [' ', '  '],
];

/** A corpus sheet as a bad scan leaves it: characters swapped, lines lost, doubled, page headers. */
const scannedCorpusSheet = fc
  .record({
    sheet: fc.constantFrom(...corpusTexts),
    crlf: fc.boolean(),
    edits: fc.array(
      fc.record({
        at: fc.nat(),
        what: fc.constantFrom('swap', 'drop', 'double', 'header', 'garbage', 'split'),
        swap: fc.constantFrom(...OCR_SWAPS),
        junk: garbage,
      }),
      { maxLength: 25 },
    ),
  })
  .map(({ sheet, crlf, edits }) => {
    const lines = sheet.split('\n');
    for (const edit of edits) {
      if (lines.length === 0) break;
      const at = edit.at % lines.length;
      const line = lines[at] ?? '';
      if (edit.what === 'swap') lines[at] = line.replace(edit.swap[0], edit.swap[1]);
      else if (edit.what === 'drop') lines.splice(at, 1);
      else if (edit.what === 'double') lines.splice(at, 0, line);
      else if (edit.what === 'header') lines.splice(at, 0, 'Page 3 of 7');
      else if (edit.what === 'garbage') lines.splice(at, 0, edit.junk);
      else lines.splice(at, 1, line.slice(0, line.length / 2), line.slice(line.length / 2));
    }
    return lines.join(crlf ? '\r\n' : '\n');
  });

describe('the reader is total and accounts for every line', { timeout: 120_000 }, () => {
  it('any string at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expect(() => parseRapSheet(text)).not.toThrow();
        expectAccountedFor(text);
      }),
      { numRuns: 300 },
    );
  });

  it('text made of RAP sheet pieces in any order', () => {
    fc.assert(
      fc.property(rapLike, (text) => {
        expectAccountedFor(text);
      }),
      { numRuns: 500 },
    );
  });

  it('the corpus sheets as bad scans leave them', () => {
    fc.assert(
      fc.property(scannedCorpusSheet, (text) => {
        expectAccountedFor(text);
      }),
      { numRuns: 200 },
    );
  });

  it('reads the same input the same way every time', () => {
    fc.assert(
      fc.property(rapLike, (text) => {
        expect(parseRapSheet(text)).toEqual(parseRapSheet(text));
      }),
      { numRuns: 50 },
    );
  });

  it('long lines and long inputs finish', () => {
    const long = `${'CNT:01 #'.repeat(5000)}\n${'1'.repeat(50_000)} PC-\n${'* '.repeat(20_000)}\n${'DISPO:'.repeat(9000)}`;
    expectAccountedFor(long);
    expectAccountedFor('(((((((((('.repeat(5000));
    expectAccountedFor('1203.4 '.repeat(10_000));
  });
});

const countArb: fc.Arbitrary<SyntheticCount> = fc
  .record({
    charge: fc.constantFrom(
      ['PC', '459', 'BURGLARY'],
      ['PC', '484(A)', 'THEFT OF PERSONAL PROPERTY'],
      ['PC', '245(A)(1)', 'FORCE/ADW NOT FIREARM:GBI LIKELY'],
      ['HS', '11350(A)', 'POSSESS NARCOTIC CONTROLLED SUBSTANCE'],
      ['HS', '11357(B)', 'POSSESS MARIJUANA'],
      ['VC', '23152(A)', 'DUI ALCOHOL/DRUGS'],
      ['VC', '12500(A)', 'DRIVE WITHOUT LICENSE'],
      ['BP', '4060', 'POSSESS CONTROLLED SUBSTANCE W/O PRESCRIPTION'],
    ),
    outcome: fc.constantFrom(
      'CONVICTED',
      'DISMISSED',
      'DISMISSED/FURTHERANCE OF JUSTICE',
      'NOT GUILTY',
      null,
    ),
    level: fc.constantFrom('FELONY', 'MISDEMEANOR', 'INFRACTION', null),
    sentence: fc.constantFrom('3 YEARS PROBATION, 30 DAYS JAIL, FINE', '16 MONTHS PRISON', 'FINE', null),
  })
  .map(({ charge, outcome, level, sentence }) => ({
    code: charge[0] as string,
    section: charge[1] as string,
    description: charge[2] as string,
    disposition: outcome as SyntheticCount['disposition'],
    // With no disposition (its DISPO: line lost or left off), a conviction status or sentence may remain.
    level: outcome === 'CONVICTED' || outcome === null ? (level as SyntheticCount['level']) : null,
    sentence: outcome === 'CONVICTED' || outcome === null ? sentence : null,
  }));

const dateArb = fc
  .record({
    year: fc.integer({ min: 1970, max: 2025 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);

const sheetArb: fc.Arbitrary<SyntheticSheet> = fc.record({
  cii: fc.integer({ min: 1, max: 99_999_999 }).map((n) => `A${String(n).padStart(8, '0')}`),
  dateOfBirth: dateArb,
  names: fc.array(fc.constantFrom('DOE, JAN', 'ROE, RICKY LEE', "O'NEIL-SMITH, KAY", 'NGUYEN, AN'), {
    minLength: 1,
    maxLength: 3,
  }),
  cycles: fc.array(
    fc.record({
      arrest: fc.record({
        date: dateArb,
        agency: fc.constantFrom('CAPD LOS ANGELES', 'CASO SAN DIEGO', 'CAHP FRESNO'),
        caseNumber: fc.stringMatching(/^[0-9]{2}-[0-9]{3,6}$/),
        counts: fc.array(
          countArb.map((count) => ({ ...count, disposition: null, level: null, sentence: null })),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
      }),
      court: fc.option(
        fc.record({
          date: dateArb,
          court: fc.constantFrom('CASC LOS ANGELES', 'CAMC SAN DIEGO', 'CASC FRESNO'),
          caseNumber: fc.stringMatching(/^[A-Z]{0,3}[0-9]{4,8}$/),
          counts: fc.array(countArb, { minLength: 1, maxLength: 4 }),
        }),
      ),
    }),
    { maxLength: 8 },
  ),
});

/**
 * The only remarks on a sheet as printed: each court count with no `DISPO:` line, at its `CNT:` line,
 * read as convicted when it has a conviction status or sentence. Never passed over in silence.
 */
function noDispositionWarnings(sheet: SyntheticSheet, text: string) {
  const courtCounts = sheet.cycles.flatMap((cycle) => cycle.court?.counts ?? []);
  const lines = text.split('\n');
  // The court counts' CNT: lines, in order: those after a COURT: header.
  const countLines: number[] = [];
  let inCourt = false;
  lines.forEach((line, at) => {
    if (line.startsWith('COURT:')) inCourt = true;
    else if (line.startsWith('ARR/DET/CITE:')) inCourt = false;
    else if (inCourt && line.startsWith('CNT:')) countLines.push(at + 1);
  });
  return courtCounts.flatMap((count, at) => {
    if (count.disposition !== null) return [];
    const line = countLines[at] ?? 0;
    return [
      {
        line,
        message: isSyntheticConviction(count)
          ? NO_DISPOSITION_CONVICTED
          : 'No DISPO: line was read for this count, nor a conviction status or sentence: what became of it is not known; check the record',
        text: (lines[line - 1] ?? '').trim(),
      },
    ];
  });
}

describe('a sheet written from a known record reads back as that record', { timeout: 120_000 }, () => {
  function readBack(text: string) {
    return summarize(parseRapSheet(text)).convictions.map((conviction) => ({
      date: conviction.date,
      court: conviction.court,
      caseNumber: conviction.caseNumber,
      counts: conviction.counts.map(({ code, section, level, disposition }) => ({
        code,
        section,
        level,
        disposition,
      })),
    }));
  }

  it('as printed', () => {
    fc.assert(
      fc.property(sheetArb, (sheet) => {
        const text = renderRapSheet(sheet);
        expect(readBack(text)).toEqual(expectedConvictions(sheet));
        const record = parseRapSheet(text);
        expect(record.warnings).toEqual(noDispositionWarnings(sheet, text));
        expect(record.person.cii).toBe(sheet.cii);
        expect(record.person.dateOfBirth).toBe(sheet.dateOfBirth);
        expect(record.person.names.map((name) => name.name)).toEqual(sheet.names);
      }),
      { numRuns: 200 },
    );
  });

  it('with a page header every few lines', () => {
    fc.assert(
      fc.property(sheetArb, fc.integer({ min: 3, max: 30 }), (sheet, every) => {
        const text = withPageHeaders(renderRapSheet(sheet), every);
        expect(readBack(text)).toEqual(expectedConvictions(sheet));
        expect(parseRapSheet(text).warnings).toEqual(noDispositionWarnings(sheet, text));
      }),
      { numRuns: 100 },
    );
  });
});

describe('a line naming several reliefs keeps every one of them', { timeout: 120_000 }, () => {
  const PHRASES: Record<string, string[]> = {
    'pc1203.4': [
      'DISMISSED PER 1203.4 PC',
      'CONVICTION SET ASIDE AND DISMISSED PER 1203.4 PC',
      '1203.4 PC-DISMISSED',
      'SET ASIDE/DISMISSED PER 12O3,4 PC',
    ],
    pc17b: [
      'REDUCED TO MISDEMEANOR PER 17(B) PC',
      'REDUCED TO MISD PER 17 (B) PC',
      '17(B) PC-REDUCTION TO MISDEMEANOR',
    ],
    'pc1203.425': ['RELIEF GRANTED PER 1203.425 PC'],
    'pc1203.41': ['DISMISSED PER 1203.41 PC'],
    prop47: ['RESENTENCED PER 1170.18 PC', 'REDESIGNATED MISD PER PROP 47'],
  };
  const reliefLine = fc.shuffledSubarray(Object.keys(PHRASES), { minLength: 1 }).chain((remedies) =>
    fc.record({
      remedies: fc.constant(remedies),
      phrases: fc.tuple(...remedies.map((remedy) => fc.constantFrom(...(PHRASES[remedy] ?? [])))),
      joins: fc.array(fc.constantFrom(' AND ', ', ', '; ', ' ', ' ALSO ', ' & '), {
        minLength: remedies.length,
        maxLength: remedies.length,
      }),
      asDispo: fc.boolean(),
    }),
  );

  it('on the conviction, each with the update’s date, whatever the order and joining words', () => {
    fc.assert(
      fc.property(reliefLine, ({ remedies, phrases, joins, asDispo }) => {
        const line = phrases.map((phrase, at) => (at === 0 ? phrase : `${joins[at]}${phrase}`)).join('');
        const text = [
          'CII/A11223344',
          'DOB/19800101   SEX/F',
          'NAM/01 DOE, JANE',
          '* * * *',
          'COURT:',
          '20100505  CASC LOS ANGELES',
          'CNT:01 #BA123',
          '496(A) PC-RECEIVE KNOWN STOLEN PROPERTY',
          '*DISPO:CONVICTED',
          'CONV STATUS:FELONY',
          '20150101',
          asDispo ? `DISPO:${line}` : line,
        ].join('\n');
        const count = summarize(parseRapSheet(text)).convictions[0]?.counts[0];
        const kept = (count?.modifications ?? []).filter((m) => m.remedy !== null);
        expect(kept.map((m) => m.remedy).sort()).toEqual([...remedies].sort());
        expect(kept.every((m) => m.date === '2015-01-01')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a court event whose COURT: line was lost keeps its convictions', { timeout: 120_000 }, () => {
  type Lost = 'header' | 'header and date' | 'header and separator' | 'header, separator and date';
  const LOSSES: Lost[] = ['header', 'header and date', 'header and separator', 'header, separator and date'];

  /** The sheet with each court event's COURT: line dropped, and with it the lines this loss takes. */
  function withoutCourtHeaders(text: string, lost: Lost): string {
    const lines = text.split('\n');
    const out: string[] = [];
    for (let at = 0; at < lines.length; at++) {
      const line = lines[at] ?? '';
      const next = lines[at + 1] ?? '';
      if (line === '- - - -' && next.startsWith('COURT:') && lost.includes('separator')) continue;
      if (line.startsWith('COURT:')) {
        if (lost.includes('date')) at++;
        continue;
      }
      out.push(line);
    }
    return out.join('\n');
  }

  it('every convicted count is still a conviction, with its charge, level and disposition, and is said', () => {
    fc.assert(
      fc.property(sheetArb, fc.constantFrom(...LOSSES), (sheet, lost) => {
        const text = withoutCourtHeaders(renderRapSheet(sheet), lost);
        const record = parseRapSheet(text);
        const read = summarize(record).convictions;
        const expected = expectedConvictions(sheet);
        const datesKept = !lost.includes('date');
        expect(
          read.map((conviction) => ({
            date: conviction.date,
            court: conviction.court,
            caseNumber: conviction.caseNumber,
            counts: conviction.counts.map(({ code, section, level, disposition }) => ({
              code,
              section,
              level,
              disposition,
            })),
          })),
        ).toEqual(
          expected.map((conviction) => ({
            ...conviction,
            date: datesKept ? conviction.date : null,
            court: datesKept ? conviction.court : null,
          })),
        );
        // Each is said, with the line it was found at: never a conviction taken in silence.
        const said = record.warnings.filter((w) =>
          /convicted (under an event with no header|inside an arrest)/.test(w.message),
        );
        expect(said).toHaveLength(expected.length);
        for (const event of record.cycles.flatMap((cycle) => cycle.events))
          if (event.kind === 'court') expect(event.label).toBeNull();
        expectAccountedFor(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a count range (CNT:first-last)', { timeout: 120_000 }, () => {
  const rangeSheet = (range: string, outcome: string) =>
    [
      'CII/A11223344',
      'DOB/19800101   SEX/F',
      'NAM/01 DOE, JANE',
      '* * * *',
      'COURT:',
      '20100505  CASC LOS ANGELES',
      `CNT:${range} #BA123`,
      '470(A) PC-FORGERY',
      outcome,
      'CONV STATUS:FELONY',
      '20150101',
      'DISPO:DISMISSED PER 1203.4 PC',
    ].join('\n');
  const outcomeArb = fc.constantFrom('*DISPO:CONVICTED', 'DISPO:DISMISSED');
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  it('a believable range is one count per number, each convicted (or not) as the entry says', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 49 }),
        fc.constantFrom(2, 3),
        outcomeArb,
        (first, extra, width, outcome) => {
          const last = first + extra;
          fc.pre(last < 10 ** width);
          const record = parseRapSheet(rangeSheet(`${pad(first, width)}-${pad(last, width)}`, outcome));
          const counts = record.cycles[0]?.events[0]?.counts ?? [];
          expect(counts.map((count) => count.number)).toEqual(
            Array.from({ length: extra + 1 }, (_, at) => pad(first + at, width)),
          );
          const convictions = summarize(record).convictions;
          if (outcome === '*DISPO:CONVICTED') {
            expect(convictions[0]?.counts).toHaveLength(extra + 1);
            for (const count of convictions[0]?.counts ?? [])
              expect([count.section, count.level, count.modifications.map((m) => m.remedy)]).toEqual([
                '470(a)',
                'felony',
                ['pc1203.4'],
              ]);
          } else expect(convictions).toEqual([]);
          expect(record.warnings.filter((w) => w.message.startsWith('Count range'))).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a range that runs backwards or covers more than 50 counts is one count, and is reported', () => {
    const absurd = fc.oneof(
      fc
        .integer({ min: 2, max: 999 })
        .chain((first) => fc.tuple(fc.constant(first), fc.integer({ min: 1, max: first - 1 }))),
      fc
        .integer({ min: 1, max: 940 })
        .chain((first) => fc.tuple(fc.constant(first), fc.integer({ min: first + 50, max: 999 }))),
    );
    fc.assert(
      fc.property(absurd, outcomeArb, ([first, last], outcome) => {
        const range = `${pad(first, 3)}-${pad(last, 3)}`;
        const record = parseRapSheet(rangeSheet(range, outcome));
        expect(record.cycles[0]?.events[0]?.counts.map((count) => count.number)).toEqual([range]);
        expect(record.warnings.filter((w) => w.message.startsWith(`Count range ${range}`))).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('a name is kept as the record prints it', { timeout: 120_000 }, () => {
  // Accented capitals and Ñ, as DOJ prints Spanish and French names, beside plain letters.
  const letter = fc.constantFrom(...'ABCDEGLMNORSTUZÁÉÍÓÚÑÜÀÈÇÂÊÎÔÛËÏ');
  const word = fc.array(letter, { minLength: 1, maxLength: 9 }).map((letters) => letters.join(''));
  const name = fc
    .tuple(
      fc.array(word, { minLength: 1, maxLength: 2 }),
      fc.constantFrom(' ', '-'),
      fc.array(word, { minLength: 1, maxLength: 3 }),
    )
    .map(([family, join, given]) => `${family.join(join)}, ${given.join(' ')}`);

  it('accents and Ñ included, on the first name line and those after it', () => {
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 3 }), (names) => {
        const text = [
          'CII/A11223344',
          'DOB/19800101   SEX/F',
          ...names.map((n, at) => (at === 0 ? `NAM/01 ${n}` : `    ${String(at + 1).padStart(2, '0')} ${n}`)),
        ].join('\n');
        const record = parseRapSheet(text);
        expect(record.person.names.map((n) => n.name)).toEqual(names);
        expect(record.warnings).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
