// Draws one letter onto the current page of a PDF document (and more pages when the body runs on), in
// the embedded Liberation Sans (fonts.ts): a letter with a character the font cannot show is refused.
import { formatClientDate, resolveLanguage } from '../templates/languages.ts';
import { ADDRESS_WIDTH, addressBlock, addressRowY, letterheadBlock, rowsOf, signatureBlock } from './fit.ts';
import {
  FONT,
  type LetterFonts,
  letterheadContact,
  printableLetter,
  useLetterFonts,
  type Weight,
} from './fonts.ts';
import {
  ADDRESS_LINE_HEIGHT,
  CONTENT_WIDTH,
  ENVELOPE_WINDOW,
  FONT_SIZE,
  PAGE,
  WINDOW_INSET,
} from './layout.ts';
import type { Letter } from './letter.ts';

export { letterheadContact } from './fonts.ts';

const REGULAR = FONT.regular;
const BOLD = FONT.bold;
const LIST_INDENT = 14;

export function drawLetter(doc: PDFKit.PDFDocument, input: Letter): void {
  const fonts = useLetterFonts(doc);
  // Refused here, before anything is drawn, when a text cannot be shown or does not fit its place.
  const letter = printableLetter(input, fonts);
  drawLetterhead(doc, letter, fonts);
  drawAddressBlock(doc, letter, fonts);

  doc.font(REGULAR).fontSize(FONT_SIZE.body);
  doc.text(
    formatClientDate(letter.date, letter.language),
    PAGE.margin,
    ENVELOPE_WINDOW.y + ENVELOPE_WINDOW.height + 24,
  );
  if (letter.subject) {
    doc.moveDown(1).font(BOLD);
    drawRows(doc, rowsOf(letter.subject, CONTENT_WIDTH, measure(fonts, 'bold', FONT_SIZE.body)), PAGE.margin);
  }
  doc.moveDown(1).font(REGULAR);
  for (const paragraph of letter.body.split(/\n\s*\n/)) drawParagraph(doc, paragraph, fonts);
  drawSignature(doc, letter, fonts);
  if (letter.enclosures && letter.enclosures.length > 0) {
    const { pack } = resolveLanguage(letter.language);
    const enclosures = `${pack.letterEnclosures} ${letter.enclosures.join('; ')}`;
    doc.moveDown(1).fontSize(FONT_SIZE.letterhead);
    drawRows(
      doc,
      rowsOf(enclosures, CONTENT_WIDTH, measure(fonts, 'regular', FONT_SIZE.letterhead)),
      PAGE.margin,
    );
  }
}

const measure = (fonts: LetterFonts, weight: Weight, size: number) => (text: string) =>
  fonts.widthOf(text, weight, size);

/**
 * Rows laid out by rowsOf (so never broken inside a phone number, a date or a code section), one under
 * the other from the document's y at x, on a new page when the page is full; `bullet` before the first,
 * at the margin. Each row fits its width, so it is drawn as it is, pdfkit breaking none of it.
 */
function drawRows(doc: PDFKit.PDFDocument, rows: readonly string[], x: number, bullet?: string): void {
  const lineHeight = doc.currentLineHeight(true);
  rows.forEach((row, i) => {
    if (doc.y + lineHeight > doc.page.maxY()) doc.addPage();
    if (i === 0 && bullet) doc.text(bullet, PAGE.margin, doc.y, { lineBreak: false });
    doc.text(row, x, doc.y, { lineBreak: false });
    doc.y += lineHeight;
  });
  doc.x = PAGE.margin;
}

/** The letterhead's rows as fit.ts laid them out (printableLetter saw that they end above the window). */
function drawLetterhead(doc: PDFKit.PDFDocument, letter: Letter, fonts: LetterFonts): void {
  const { rows, ruleY } = letterheadBlock(letter.office, letterheadContact(letter.office), fonts);
  for (const row of rows) {
    doc.font(FONT[row.weight]).fontSize(row.size).text(row.text, PAGE.margin, row.y, { lineBreak: false });
  }
  doc
    .moveTo(PAGE.margin, ruleY)
    .lineTo(PAGE.width - PAGE.margin, ruleY)
    .lineWidth(0.5)
    .stroke();
}

/**
 * The name and address, a line too wide for the window on as many rows as it takes (printableLetter
 * saw that the window holds them all): each row fits, so none is cut off.
 */
function drawAddressBlock(doc: PDFKit.PDFDocument, letter: Letter, fonts: LetterFonts): void {
  const x = ENVELOPE_WINDOW.x + WINDOW_INSET;
  doc.font(REGULAR).fontSize(FONT_SIZE.address);
  addressBlock(letter.recipient, fonts).rows.forEach((row, i) => {
    doc.text(row, x, addressRowY(i), { width: ADDRESS_WIDTH, height: ADDRESS_LINE_HEIGHT, lineBreak: false });
  });
}

function drawParagraph(doc: PDFKit.PDFDocument, paragraph: string, fonts: LetterFonts): void {
  const widthOf = measure(fonts, 'regular', FONT_SIZE.body);
  for (const line of paragraph.split('\n')) {
    if (line.startsWith('- ')) {
      const item = rowsOf(line.slice(2), CONTENT_WIDTH - LIST_INDENT, widthOf);
      drawRows(doc, item, PAGE.margin + LIST_INDENT, '•');
    } else {
      drawRows(doc, rowsOf(line, CONTENT_WIDTH, widthOf), PAGE.margin);
    }
  }
  doc.moveDown(0.7);
}

/**
 * The closing, the signer's name, title and office as fit.ts laid them out (each row fits, so pdfkit
 * breaks none of them), kept together: on the next page when this one cannot hold the whole block
 * (printableLetter saw that a page can).
 */
function drawSignature(doc: PDFKit.PDFDocument, letter: Letter, fonts: LetterFonts): void {
  const { rows, height } = signatureBlock(letter, fonts);
  if (doc.y + height > doc.page.maxY()) doc.addPage();
  const top = doc.y;
  for (const row of rows) {
    doc
      .font(FONT[row.weight])
      .fontSize(FONT_SIZE.body)
      .text(row.text, PAGE.margin, top + row.y, { lineBreak: false });
  }
  doc.font(REGULAR);
  doc.x = PAGE.margin;
  doc.y = top + height;
}
