// Regression: the signer's block (the closing, the name, the title and the office) was wrapped by
// pdfkit itself, not by rowsOf as the rest of the letter: a long title broke a phone number in it
// ("(510)" / "555-0100"), and the block's room on the page was a fixed height, so a title of several
// lines near the page's end was split across two pages. Now the PDF's lines are rowsOf's rows, the
// block is kept on one page by its measured height, and one no page can hold is refused.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { rowsOf, signatureBlock } from './fit.ts';
import { useLetterFonts } from './fonts.ts';
import { CONTENT_WIDTH, FONT_SIZE } from './layout.ts';
import type { Letter } from './letter.ts';
import { letterPrintCheck, renderLetterPdf } from './render-letter-pdf.ts';

const fonts = useLetterFonts(new PDFDocument({ autoFirstPage: false }));
const regularWidth = (t: string) => fonts.widthOf(t, 'regular', FONT_SIZE.body);
const boldWidth = (t: string) => fonts.widthOf(t, 'bold', FONT_SIZE.body);

function letterSignedBy(signer: Letter['signer'], body = 'Thank you for your patience.'): Letter {
  return {
    language: 'en',
    date: '2027-02-15',
    office: {
      name: 'Clean Slate Clinic',
      addressLines: ['1401 Lakeside Dr', 'Oakland, CA 94612'],
      phone: '(510) 555-0123',
      email: 'cleanslate@example.org',
    },
    recipient: { name: 'Ana Ruiz', addressLines: ['1 Main St', 'Oakland, CA 94612'] },
    subject: 'Your case',
    body,
    signer,
  };
}

/** Each page's lines, top to bottom, a line's pieces joined left to right. */
async function pdfPages(bytes: Buffer): Promise<string[][]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const items = (await (await pdf.getPage(n)).getTextContent()).items.flatMap((i) =>
      'str' in i ? [i] : [],
    );
    const rows = new Map<number, { x: number; str: string }[]>();
    for (const item of items) {
      const y = Math.round(item.transform[5] ?? 0);
      rows.set(y, [...(rows.get(y) ?? []), { x: item.transform[4] ?? 0, str: item.str }]);
    }
    pages.push(
      [...rows.entries()]
        .sort(([a], [b]) => b - a)
        .map(([, pieces]) =>
          pieces
            .sort((a, b) => a.x - b.x)
            .map((p) => p.str)
            .join(' ')
            .replace(/\s+/g, ' ')
            .trim(),
        )
        .filter((line) => line !== ''),
    );
  }
  await pdf.destroy();
  return pages;
}

/** The page the block is on, and its lines from the closing on. */
async function printedBlock(letter: Letter) {
  const pages = await pdfPages(await renderLetterPdf(letter));
  const page = pages.findIndex((lines) => lines.includes('Sincerely,'));
  const lines = pages[page] ?? [];
  return { page, lines: lines.slice(lines.indexOf('Sincerely,')), after: pages.slice(page + 1).flat() };
}

/** Paddings of narrow letters that put the end of `prefixOf(pad)` at every place across the margin. */
function acrossTheMargin(prefixOf: (pad: string) => string, widthOf: (t: string) => number, run: string) {
  const pads: string[] = [];
  for (let n = 0; widthOf(prefixOf('i'.repeat(n))) < CONTENT_WIDTH + 5; n++) {
    const start = widthOf(prefixOf('i'.repeat(n)));
    if (start > CONTENT_WIDTH - widthOf(run) - 5) pads.push('i'.repeat(n));
  }
  return pads;
}

describe('the signer’s block is laid out by rowsOf, as measured', () => {
  const phone = '(510) 555-0100';

  it('a title with a phone number across the margin prints rowsOf’s rows, the number whole', async () => {
    const prefixOf = (pad: string) =>
      `Deputy Public Defender, Clean Slate and Record Clearance Unit, ${pad} direct line `;
    const pads = acrossTheMargin(prefixOf, regularWidth, phone);
    expect(pads.length).toBeGreaterThan(10);
    let endedARow = 0;
    let beganARow = 0;
    for (const pad of pads) {
      const title = `${prefixOf(pad)}${phone}`;
      const letter = letterSignedBy({ name: 'Brendon Woods', role: null, title });
      const expected = signatureBlock(letter, fonts).rows.map((r) => r.text);
      expect(expected).toEqual([
        'Sincerely,',
        'Brendon Woods',
        ...rowsOf(title, CONTENT_WIDTH, regularWidth),
        'Clean Slate Clinic',
      ]);
      const { lines, after } = await printedBlock(letter);
      expect(lines, `pad ${pad.length}`).toEqual(expected);
      expect(after).toEqual([]);
      expect(lines.filter((l) => l.includes(phone))).toHaveLength(1);
      if (lines.some((l) => l.endsWith(phone))) endedARow++;
      if (lines.some((l) => l.startsWith(phone))) beganARow++;
    }
    // The number was at a row's end for some titles and began the next row for others.
    expect(endedARow).toBeGreaterThan(0);
    expect(beganARow).toBeGreaterThan(0);
  }, 30_000);

  it('a long name in bold and a Spanish title print rowsOf’s rows in their own weights', async () => {
    const name =
      'María de los Ángeles Guadalupe Fernández-Villaseñor y Castañeda de la Santísima Trinidad Ortega-Olvera';
    const title =
      'Defensora Pública Adjunta, Unidad de Limpieza de Antecedentes, Código Penal 1203.4 y 1203.41';
    const letter = { ...letterSignedBy({ name, role: null, title }), language: 'es' as const };
    const block = signatureBlock(letter, fonts);
    const nameRows = rowsOf(name, CONTENT_WIDTH, boldWidth);
    expect(nameRows.length).toBeGreaterThan(1);
    expect(block.rows.filter((r) => r.weight === 'bold').map((r) => r.text)).toEqual(nameRows);
    const { lines } = await printedBlockIn(letter, 'Atentamente,');
    expect(lines).toEqual(block.rows.map((r) => r.text));
    expect(lines.filter((l) => l.includes('Código Penal 1203.4 '))).toHaveLength(1);
  });

  it('a title of several rows near the page’s end goes with the whole block onto the next page', async () => {
    const title =
      'Deputy Public Defender and Supervising Attorney of the Clean Slate, Record Clearance and Reentry Services Unit, Alameda County Public Defender, Juvenile and Adult Divisions, Oakland, Hayward and Fremont Courthouses, Wednesday Walk-In Clinic at the Main Library, direct line (510) 555-0100 ext. 12';
    const signer = { name: 'Brendon Woods', role: null, title };
    const block = signatureBlock(letterSignedBy(signer), fonts);
    expect(block.rows.length).toBeGreaterThanOrEqual(7);
    let movedOn = 0;
    // Bodies one line longer each time, so the block starts at every place across the page's end.
    for (let n = 8; n < 28; n++) {
      const body = Array.from({ length: n }, (_, i) => `Line ${i + 1} of the letter.`).join('\n');
      const { page, lines, after } = await printedBlock(letterSignedBy(signer, body));
      expect(lines, `${n} lines`).toEqual(block.rows.map((r) => r.text));
      expect(after).toEqual([]);
      if (page > 0) movedOn++;
    }
    expect(movedOn).toBeGreaterThan(0);
    expect(movedOn).toBeLessThan(20);
  }, 30_000);

  it('a block no page can hold is refused by the check and by drawing, naming the signer', async () => {
    const title = 'Deputy Public Defender '.repeat(200).trim();
    const letter = letterSignedBy({ name: 'Brendon Woods', role: null, title });
    const refused = letterPrintCheck()(letter);
    expect(refused).toMatchObject({ field: 'signer', names: ['signer'], character: null });
    expect(refused?.message).toMatch(
      /^The signer's name or title is too long to print with the closing on one page: .* Change the name or title of whoever signs in the settings, then print the letter again\.$/,
    );
    await expect(renderLetterPdf(letter)).rejects.toThrow(refused?.message ?? 'a refusal');
  });
});

async function printedBlockIn(letter: Letter, closing: string) {
  const lines = (await pdfPages(await renderLetterPdf(letter))).flat();
  return { lines: lines.slice(lines.indexOf(closing)) };
}
