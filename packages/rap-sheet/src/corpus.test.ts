// The corpus: synthetic RAP sheets of fictional people (clean, and as scans leave them), each with
// the CLI's JSON it must give, reviewed line by line against the sheet.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarize } from './contract.ts';
import { parseRapSheet } from './parse.ts';

const corpus = new URL('../corpus/', import.meta.url);
const sheets = readdirSync(corpus).filter((name) => name.endsWith('.txt'));

function read(name: string): string {
  return readFileSync(new URL(name, corpus), 'utf8');
}

/** The summary without the words kept as written (which scanning changes by design). */
function facts(summary: ReturnType<typeof summarize>) {
  return {
    person: summary.person,
    arrests: summary.arrests,
    convictions: summary.convictions.map((conviction) => ({
      ...conviction,
      counts: conviction.counts.map((count) => ({
        ...count,
        sentence: { ...count.sentence, text: null },
        modifications: count.modifications.map(({ text: _text, ...rest }) => rest),
      })),
    })),
  };
}

describe('corpus', () => {
  it('holds every sheet with its expected JSON', () => {
    expect(sheets.length).toBeGreaterThanOrEqual(7);
    for (const name of sheets) {
      expect(readdirSync(corpus)).toContain(name.replace(/\.txt$/, '.expected.json'));
    }
  });

  for (const name of sheets) {
    it(`${name} reads as expected`, () => {
      const expected = JSON.parse(read(name.replace(/\.txt$/, '.expected.json')));
      expect(summarize(parseRapSheet(read(name)))).toEqual(expected);
    });
  }

  it('the scanned copy of a sheet gives the same facts as the clean one', () => {
    const clean = summarize(parseRapSheet(read('02-modifications.txt')));
    const scanned = summarize(parseRapSheet(read('04-modifications-scanned.txt')));
    expect(facts(scanned)).toEqual(facts(clean));
    // What scanning broke is reported with its line, not dropped.
    expect(scanned.warnings.map((warning) => warning.line)).toEqual([63, 64]);
    expect(clean.warnings).toEqual([]);
  });

  it('every modification kind in the brief is in the corpus, applied to the count it changes', () => {
    const convictions = summarize(parseRapSheet(read('02-modifications.txt'))).convictions;
    const changes = convictions.flatMap((conviction) =>
      conviction.counts.flatMap((count) => count.modifications.map((m) => `${m.kind}:${m.remedy}`)),
    );
    expect(changes).toEqual([
      'probation_revoked:null',
      'dismissed:pc1203.4',
      'reduced:pc17b',
      'dismissed:pc1203.4',
      'resentenced:prop47',
      'relief_granted:pc1203.425',
      'sentence_modified:null',
      'dismissed:prop64',
    ]);
    // Probation revoked: the prison term replaces the probation; the 17(b) reduction lowers the level.
    expect(convictions[0]?.counts[0]?.sentence).toEqual({
      text: '16 MONTHS PRISON',
      probationMonths: null,
      jailDays: null,
      prisonMonths: 16,
    });
    expect(convictions[2]?.counts[0]?.level).toBe('misdemeanor');
    expect(convictions[2]?.counts[1]?.modifications).toEqual([]);
  });

  it('every event kind in the brief is read', () => {
    const record = parseRapSheet(read('03-event-kinds.txt'));
    const kinds = record.cycles.flatMap((cycle) => cycle.events.map((event) => event.label));
    expect(kinds).toEqual([
      'APPLICANT:',
      'ARR/DET/CITE:',
      'SUPPLEMENTAL ARR:',
      'COURT:',
      'CUSTODY:CDC',
      'REGISTRATION:',
      'REGISTRATION:',
      'PROBATION:',
      'MENTAL HLTH CUS/SUPV:',
      'CUSTODY:JAIL',
      'CIVIL COMMITMENT:',
      'ARR/DET/CITE:',
    ]);
    expect(record.registrations.map((r) => [r.date, r.code, r.section, r.pc290])).toEqual([
      ['2002-01-10', 'PC', '290', true],
      ['2003-01-05', 'HS', '11590', false],
    ]);
    const court = record.cycles[1]?.events[2];
    expect(court?.counts[0]?.potentialFelonyStrike).toBe(true);
  });
});
