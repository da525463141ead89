// A scanned RAP sheet: a PDF whose only content is an image of the printed page (no text layer).
// The CLI rasterises it with MuPDF and reads it with Tesseract; the convictions must match the text's.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type RapSheetSummary, summarize } from './contract.ts';
import { parseRapSheet } from './parse.ts';
import { readPdfText } from './pdf.ts';
import { scannedPdf } from './test-support/pdfs.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * One printed page of a corpus sheet: the header, the cycle whose probation was revoked, and the one
 * whose felony was later reduced under 17(b) (a change made by a later court event).
 */
function onePage(): string {
  const text = readFileSync(new URL('../corpus/02-modifications.txt', import.meta.url), 'utf8');
  const lines = text.split('\n');
  const starts = lines.flatMap((line, at) => (line === '* * * *' ? [at] : []));
  return [
    ...lines.slice(0, starts[1]),
    ...lines.slice(starts[2], starts[3]),
    '* * * END OF MESSAGE * * *',
  ].join('\n');
}

/** What must survive scanning: everything but the words kept as written. */
function facts(summary: RapSheetSummary) {
  return summary.convictions.map((conviction) => ({
    date: conviction.date,
    court: conviction.court,
    caseNumber: conviction.caseNumber,
    counts: conviction.counts.map((count) => ({
      code: count.code,
      section: count.section,
      level: count.level,
      disposition: count.disposition,
      probationMonths: count.sentence.probationMonths,
      jailDays: count.sentence.jailDays,
      prisonMonths: count.sentence.prisonMonths,
      modifications: count.modifications.map(({ date, kind, remedy }) => ({ date, kind, remedy })),
    })),
  }));
}

describe('scanned PDF', () => {
  it('is read by OCR and gives the convictions of the text it shows', async () => {
    const text = onePage();
    const expected = facts(summarize(parseRapSheet(text)));
    expect(expected).toHaveLength(2);
    expect(expected[1]?.counts[0]?.modifications).toEqual([
      { date: '2011-04-05', kind: 'reduced', remedy: 'pc17b' },
    ]);

    const pdf = await scannedPdf(text);
    // An image and nothing else: without OCR there is no text at all.
    expect((await readPdfText(pdf, { ocr: 'never' })).text.trim()).toBe('');

    const run = spawnSync(process.execPath, ['--import', 'tsx/esm', 'src/cli.ts'], {
      cwd: packageDir,
      input: pdf,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as RapSheetSummary;
    expect(facts(output)).toEqual(expected);
    expect(output.person).toEqual(summarize(parseRapSheet(text)).person);
    // Anything OCR garbled is reported with its line and page, never dropped.
    for (const warning of output.warnings) {
      expect(warning).toMatchObject({ line: expect.any(Number), message: expect.any(String) });
      if (warning.line > 0) expect(warning).toMatchObject({ page: 1 });
    }
  }, 180_000);
});
