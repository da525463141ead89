// Reading PDFs: lines rebuilt from the text layer, pages told apart, PDFs told from other input.
import { describe, expect, it } from 'vitest';
import { isPdf, linesFromItems, pageOfLine, readPdfText } from './pdf.ts';
import { textPdf } from './test-support/pdfs.ts';

const item = (str: string, x: number, y: number, charWidth = 6, size = 10) => ({
  str,
  transform: [size, 0, 0, size, x, y],
  width: str.length * charWidth,
  height: size,
});

describe('linesFromItems', () => {
  it('puts items on one baseline on one line, in x order, with the gaps as spaces', () => {
    const lines = linesFromItems([
      item('#19514114', 120, 700),
      item('CNT:01', 54, 700),
      item('11357 HS-POSSESS MARIJUANA', 66, 689),
    ]);
    expect(lines).toEqual(['CNT:01     #19514114', '11357 HS-POSSESS MARIJUANA']);
  });

  it('keeps a blank line where the page has a gap, and ignores empty items', () => {
    const lines = linesFromItems([item('COURT:', 54, 700), item(' ', 80, 689), item('19860501', 54, 667)]);
    expect(lines).toEqual(['COURT:', '', '19860501']);
  });

  it('reads nothing from nothing', () => {
    expect(linesFromItems([])).toEqual([]);
  });
});

describe('readPdfText', { timeout: 60_000 }, () => {
  it('reads the text layer page by page and says where each page starts', async () => {
    const text = Array.from({ length: 25 }, (_, at) => `LINE ${at + 1} OF THE SHEET`).join('\n');
    const pdf = await textPdf(text, 10);
    expect(isPdf(pdf)).toBe(true);
    const read = await readPdfText(pdf, { ocr: 'never' });
    expect(read.text.split('\n')).toEqual(text.split('\n'));
    expect(
      read.pages.map(({ page, source, firstLine, lineCount }) => ({ page, source, firstLine, lineCount })),
    ).toEqual([
      { page: 1, source: 'text', firstLine: 1, lineCount: 10 },
      { page: 2, source: 'text', firstLine: 11, lineCount: 10 },
      { page: 3, source: 'text', firstLine: 21, lineCount: 5 },
    ]);
    expect(pageOfLine(read.pages, 1)).toBe(1);
    expect(pageOfLine(read.pages, 11)).toBe(2);
    expect(pageOfLine(read.pages, 25)).toBe(3);
    expect(pageOfLine(read.pages, 26)).toBeNull();
  });

  it('tells a PDF from text by its %PDF- mark', () => {
    expect(isPdf(new TextEncoder().encode('%PDF-1.4\n'))).toBe(true);
    expect(isPdf(new TextEncoder().encode('CII/A12345678\n'))).toBe(false);
  });
});
