// Draws one letter onto the current page of a PDF document (and more pages when the body runs on), in
// the embedded Liberation Sans (fonts.ts): a letter with a character the font cannot show is refused.
import { TemplateError } from '../errors.ts';
import { formatClientDate, resolveLanguage } from '../templates/languages.ts';
import { FONT, printableLetter, useLetterFonts } from './fonts.ts';
import {
  ADDRESS_LINE_HEIGHT,
  CONTENT_WIDTH,
  ENVELOPE_WINDOW,
  FONT_SIZE,
  MAX_ADDRESS_LINES,
  PAGE,
  SIGNATURE_BLOCK_HEIGHT,
  WINDOW_INSET,
} from './layout.ts';
import type { Letter } from './letter.ts';

const REGULAR = FONT.regular;
const BOLD = FONT.bold;
const LIST_INDENT = 14;

export function drawLetter(doc: PDFKit.PDFDocument, input: Letter): void {
  const letter = printableLetter(input, useLetterFonts(doc));
  const { pack } = resolveLanguage(letter.language);
  drawLetterhead(doc, letter);
  drawAddressBlock(doc, letter);

  doc.font(REGULAR).fontSize(FONT_SIZE.body);
  doc.text(
    formatClientDate(letter.date, letter.language),
    PAGE.margin,
    ENVELOPE_WINDOW.y + ENVELOPE_WINDOW.height + 24,
  );
  if (letter.subject) {
    doc.moveDown(1).font(BOLD).text(letter.subject, { width: CONTENT_WIDTH });
  }
  doc.moveDown(1).font(REGULAR);
  for (const paragraph of letter.body.split(/\n\s*\n/)) drawParagraph(doc, paragraph);
  const title = letter.signer.title || (letter.signer.role && pack.signerTitles[letter.signer.role]);
  drawSignature(doc, letter, pack.letterClosing, title || null);
  if (letter.enclosures && letter.enclosures.length > 0) {
    doc
      .moveDown(1)
      .fontSize(FONT_SIZE.letterhead)
      .text(`${pack.letterEnclosures} ${letter.enclosures.join('; ')}`);
  }
}

function drawLetterhead(doc: PDFKit.PDFDocument, letter: Letter): void {
  const { office } = letter;
  doc
    .font(BOLD)
    .fontSize(FONT_SIZE.officeName)
    .text(office.name, PAGE.margin, PAGE.margin, { width: CONTENT_WIDTH });
  doc.font(REGULAR).fontSize(FONT_SIZE.letterhead);
  for (const line of office.addressLines) doc.text(line, { width: CONTENT_WIDTH });
  const contact = letterheadContact(office);
  if (contact) doc.text(contact, { width: CONTENT_WIDTH });
  const ruleY = doc.y + 4;
  if (ruleY > ENVELOPE_WINDOW.y - WINDOW_INSET) {
    throw new TemplateError(
      'INVALID_VALUE',
      ['office'],
      "The office's letterhead must end above the envelope window: use at most 3 address lines.",
    );
  }
  doc
    .moveTo(PAGE.margin, ruleY)
    .lineTo(PAGE.width - PAGE.margin, ruleY)
    .lineWidth(0.5)
    .stroke();
}

/** The letterhead's phone and e-mail line: only the details the office has, no separator left alone. */
export function letterheadContact(office: Pick<Letter['office'], 'phone' | 'email'>): string {
  return [office.phone.trim(), office.email.trim()].filter(Boolean).join('  |  ');
}

function drawAddressBlock(doc: PDFKit.PDFDocument, letter: Letter): void {
  const lines = [letter.recipient.name, ...letter.recipient.addressLines]
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > MAX_ADDRESS_LINES) {
    throw new TemplateError(
      'INVALID_VALUE',
      ['recipient'],
      `The recipient's name and address must fit the envelope window: at most ${MAX_ADDRESS_LINES} lines.`,
    );
  }
  const x = ENVELOPE_WINDOW.x + WINDOW_INSET;
  const width = ENVELOPE_WINDOW.width - 2 * WINDOW_INSET;
  doc.font(REGULAR).fontSize(FONT_SIZE.address);
  lines.forEach((line, i) => {
    const y = ENVELOPE_WINDOW.y + WINDOW_INSET + i * ADDRESS_LINE_HEIGHT;
    doc.text(line, x, y, { width, height: ADDRESS_LINE_HEIGHT, lineBreak: false, ellipsis: true });
  });
}

function drawParagraph(doc: PDFKit.PDFDocument, paragraph: string): void {
  for (const line of paragraph.split('\n')) {
    if (line.startsWith('- ')) {
      const y = doc.y;
      doc.text('•', PAGE.margin, y);
      doc.text(line.slice(2), PAGE.margin + LIST_INDENT, y, { width: CONTENT_WIDTH - LIST_INDENT });
    } else {
      doc.text(line, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
    }
  }
  doc.moveDown(0.7);
}

function drawSignature(doc: PDFKit.PDFDocument, letter: Letter, closing: string, title: string | null): void {
  if (doc.y + SIGNATURE_BLOCK_HEIGHT > PAGE.height - PAGE.margin) doc.addPage();
  doc.text(closing, PAGE.margin, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(3);
  doc.font(BOLD).text(letter.signer.name, { width: CONTENT_WIDTH });
  doc.font(REGULAR);
  if (title) doc.text(title, { width: CONTENT_WIDTH });
  if (letter.signer.name !== letter.office.name) doc.text(letter.office.name, { width: CONTENT_WIDTH });
}
