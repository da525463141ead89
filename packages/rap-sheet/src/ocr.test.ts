// A scanned RAP sheet: a PDF whose only content is an image of the printed page (no text layer),
// drawn by Skia straight from the text (test-support/pdfs.ts), not by the rasteriser under test.
// The CLI rasterises it with pdf.js and reads it with Tesseract; the convictions must match the text's.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type RapSheetSummary, summarize } from './contract.ts';
import { parseRapSheet } from './parse.ts';
import { readPdfText } from './pdf.ts';
import { makePdf, scanImage, scannedPdf } from './test-support/pdfs.ts';

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

describe('a PDF of several pages, typed and scanned', () => {
  it('reads the typed page from its text layer and each scanned page by OCR, in order', async () => {
    const typed = 'CII/A12345678\nNAM/01 SAMPLEPERSON, ALEX';
    const scans = [
      'ARR/DET/CITE:         NAM:01\n20030112  CAPD RIVERSIDE',
      'COURT:                NAM:01\n20030415  CASC RIVERSIDE',
    ];
    const images = await Promise.all(scans.map((text) => scanImage(text)));
    const pdf = await makePdf((document) => {
      document.addPage({ size: 'LETTER', margin: 0 });
      document.font('Courier').fontSize(9);
      typed.split('\n').forEach((line, at) => {
        document.text(line, 54, 54 + at * 11, { lineBreak: false });
      });
      for (const image of images) {
        document.addPage({ size: 'LETTER', margin: 0 });
        document.image(Buffer.from(image), 0, 0, { width: 612, height: 792 });
      }
    });
    const progress: Array<{ done: number; total: number; ocr: boolean }> = [];
    const read = await readPdfText(pdf, { onProgress: (step) => void progress.push(step) });

    expect(progress).toEqual([
      { done: 0, total: 3, ocr: false },
      { done: 1, total: 3, ocr: true },
      { done: 2, total: 3, ocr: true },
      { done: 3, total: 3, ocr: false },
    ]);
    expect(
      read.pages.map(({ page, source, firstLine, lineCount }) => ({ page, source, firstLine, lineCount })),
    ).toEqual([
      { page: 1, source: 'text', firstLine: 1, lineCount: 2 },
      { page: 2, source: 'ocr', firstLine: 3, lineCount: 2 },
      { page: 3, source: 'ocr', firstLine: 5, lineCount: 2 },
    ]);
    // OCR may change the spacing (`NAM: 01`); the characters and their lines are what matter.
    const characters = (text: string) => text.split('\n').map((line) => line.replace(/\s+/g, ''));
    expect(characters(read.text)).toEqual(characters([typed, ...scans].join('\n')));
    for (const page of read.pages.slice(1)) expect(page.confidence).toEqual(expect.any(Number));
  }, 120_000);
});
