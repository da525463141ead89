// Reading PDFs: lines rebuilt from the text layer, pages told apart, PDFs told from other input.
import { describe, expect, it } from 'vitest';
import { isPdf, linesFromItems, PdfReadError, pageOfLine, rasterisePage, readPdfText } from './pdf.ts';
import { makePdf, pdfReadingAs, textPdf } from './test-support/pdfs.ts';

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
  it('gives the text as the PDF says it, control characters and all (the import cleans it)', async () => {
    const pdf = pdfReadingAs(['NAM/01 NU\u0001NEZ, MA\u0002RIA', 'CNT:01 #09CR\u0003001234'], {
      1: '\u0000',
      2: '\u0007',
      3: '\u001b',
    });
    const read = await readPdfText(pdf, { ocr: 'never' });
    expect(read.text).toBe('NAM/01 NU\u0000NEZ, MA\u0007RIA\nCNT:01 #09CR\u001b001234');
  });

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

/** Width, height and grey pixels of the PGM image `rasterisePage` gives. */
function pgm(image: Uint8Array) {
  const header = /^P5\n(\d+) (\d+)\n255\n/.exec(Buffer.from(image.subarray(0, 32)).toString('latin1'));
  if (!header) throw new Error('not an 8-bit PGM image');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return {
    width,
    height,
    pixels: image.subarray(header[0].length),
    at: (x: number, y: number) => image[header[0].length + y * width + x],
  };
}

describe('rasterisePage', { timeout: 60_000 }, () => {
  it('draws a Letter page at the resolution asked, dark where the text is and white elsewhere', async () => {
    const pdf = await textPdf('CII/A12345678\nMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM');
    const page = pgm(await rasterisePage(pdf, 0));
    expect([page.width, page.height]).toEqual([2550, 3300]);
    expect(page.pixels).toHaveLength(2550 * 3300);
    // The second line's Ms (9 pt Courier from 54 pt down, 11 pt a line) darken its band...
    const band = Array.from(
      { length: 40 },
      (_, y) => page.at(1000, Math.round((65 + 4) * (300 / 72)) + y - 20) ?? 255,
    );
    expect(Math.min(...band)).toBeLessThan(100);
    // ...and the margins stay white.
    expect(page.at(20, 20)).toBe(255);
    expect(page.at(2500, 3250)).toBe(255);
    const low = pgm(await rasterisePage(pdf, 0, 150));
    expect([low.width, low.height]).toEqual([1275, 1650]);
  });

  it('draws a poster-sized page at a lower resolution rather than running out of memory', async () => {
    const pdf = await makePdf((document) => {
      document.addPage({ size: [7200, 7200], margin: 0 });
      document.font('Courier').fontSize(200).text('CII/A12345678', 100, 100, { lineBreak: false });
    });
    const page = pgm(await rasterisePage(pdf, 0));
    // 100 inches square would be 30,000 pixels a side at 300 dpi.
    expect(page.width).toBe(page.height);
    expect(page.width * page.height).toBeLessThanOrEqual(8.5 * 14 * 400 * 400);
    expect(page.width).toBeGreaterThan(4000);
  });

  it('a page the PDF does not have: the package error naming the page', async () => {
    const pdf = await textPdf('CII/A12345678');
    await expect(rasterisePage(pdf, 4)).rejects.toThrow(
      new PdfReadError('Page 5 of the PDF could not be drawn (Invalid page request.).'),
    );
  });
});

describe('PDFs that cannot be read', { timeout: 60_000 }, () => {
  const text = 'CII/A12345678\nNAM/01 SAMPLEPERSON, ALEX';

  it('a PDF that asks for a password: says so and how to get a readable copy', async () => {
    const pdf = await textPdf(text, 60, {
      userPassword: 'secret',
      ownerPassword: 'owner',
      pdfVersion: '1.7',
    });
    const reading = readPdfText(pdf);
    await expect(reading).rejects.toBeInstanceOf(PdfReadError);
    await expect(reading).rejects.toThrow(
      'The PDF is protected by a password, so it cannot be read: open it, save or print a copy without the password, and give that copy.',
    );
  });

  it('a PDF encrypted only against changes (no password to open it) is read', async () => {
    const pdf = await textPdf(text, 60, {
      ownerPassword: 'owner',
      pdfVersion: '1.7',
      permissions: { printing: 'highResolution' },
    });
    expect((await readPdfText(pdf, { ocr: 'never' })).text).toBe(text);
  });

  it('a PDF cut short: says it may be damaged', async () => {
    const pdf = await textPdf(text);
    const reading = readPdfText(pdf.subarray(0, Math.floor(pdf.length * 0.6)));
    await expect(reading).rejects.toBeInstanceOf(PdfReadError);
    await expect(reading).rejects.toThrow(
      /^The PDF could not be opened \(.+\): it may be damaged or cut short\./,
    );
  });
});
