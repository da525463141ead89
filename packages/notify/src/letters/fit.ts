// Where a letter's text must fit a fixed place: the recipient's name and address in the envelope
// window, and the letterhead above it. Lines are measured with the fonts the PDF embeds (not counted
// in characters) and broken between words, never inside a phone number, a date or a code section
// (unbreakable-runs.ts); what cannot fit is refused (printableLetter), never cut off, so drawing and
// the print check lay them out with these same functions. The letter's body is broken the same way,
// and so is the signer's block (the closing, the name, the title and the office under it).
import { resolveLanguage } from '../templates/languages.ts';
import type { LetterFonts, Weight } from './fonts.ts';
import {
  ADDRESS_LINE_HEIGHT,
  CONTENT_WIDTH,
  ENVELOPE_WINDOW,
  FONT_SIZE,
  MAX_ADDRESS_LINES,
  PAGE,
  WINDOW_INSET,
} from './layout.ts';
import type { Letter } from './letter.ts';
import { bindUnbreakableRuns, unbound } from './unbreakable-runs.ts';

/** The width the address has inside the window, clear of its edges. */
export const ADDRESS_WIDTH = ENVELOPE_WINDOW.width - 2 * WINDOW_INSET;
/** Below the letterhead's last line, its rule. */
export const LETTERHEAD_RULE_GAP = 4;
/** Where the letterhead's rule may be lowest: above the envelope window, clear of its edge. */
const LETTERHEAD_LOWEST_RULE = ENVELOPE_WINDOW.y - WINDOW_INSET;

/** Rounding in the widths' sums must not push a line that fits onto two. */
const TOLERANCE = 1e-6;

/**
 * A line of text as the rows it takes in a width: broken between words, and a word wider than the
 * width alone between its characters, so that no text is ever left out.
 */
export function wrapLine(text: string, width: number, widthOf: (text: string) => number): string[] {
  const fits = (t: string) => widthOf(t) <= width + TOLERANCE;
  const rows: string[] = [];
  let row = '';
  for (const word of text.trim().split(' ')) {
    const longer = row ? `${row} ${word}` : word;
    if (fits(longer.trim())) {
      row = longer;
      continue;
    }
    if (row.trim()) rows.push(row.trim());
    row = word;
    while (!fits(row) && [...row].length > 1) {
      const chars = [...row];
      let n = chars.length - 1;
      while (n > 1 && !fits(chars.slice(0, n).join(''))) n--;
      rows.push(chars.slice(0, n).join(''));
      row = chars.slice(n).join('');
    }
  }
  if (row.trim()) rows.push(row.trim());
  return rows;
}

/**
 * A line of a letter as the rows it is drawn in: wrapLine's rows, with no row break inside a phone
 * number, a date or a code section with its number (bindUnbreakableRuns). The rows are as written
 * (plain spaces), each measured as it is drawn.
 */
export function rowsOf(text: string, width: number, widthOf: (text: string) => number): string[] {
  return wrapLine(bindUnbreakableRuns(text), width, (t) => widthOf(unbound(t))).map(unbound);
}

/** One line of the recipient's block (the name, or an address line) and the rows it takes. */
export interface AddressLine {
  /** 0: the name; 1…: the address lines, in order. */
  index: number;
  text: string;
  rows: string[];
}

/** The recipient's name and address as the window shows them: each line's rows, and the rows in all. */
export function addressBlock(recipient: Letter['recipient'], fonts: LetterFonts) {
  const widthOf = (t: string) => fonts.widthOf(t, 'regular', FONT_SIZE.address);
  const lines: AddressLine[] = [recipient.name, ...recipient.addressLines]
    .map((text, index) => ({ index, text: text.trim() }))
    .filter((l) => l.text !== '')
    .map((l) => ({ ...l, rows: rowsOf(l.text, ADDRESS_WIDTH, widthOf) }));
  const rows = lines.flatMap((l) => l.rows);
  return { lines, rows, fits: rows.length <= MAX_ADDRESS_LINES };
}

/** Where the window's row n (from 0) is drawn. */
export const addressRowY = (n: number) => ENVELOPE_WINDOW.y + WINDOW_INSET + n * ADDRESS_LINE_HEIGHT;

/** A row of the letterhead: its text, weight, size and top. */
export interface LetterheadRow {
  text: string;
  weight: 'regular' | 'bold';
  size: number;
  y: number;
}

/**
 * The letterhead as drawn: the office's name, its address lines and its phone and e-mail, each
 * broken to the page's width, one row under the other from the top margin; and where its rule is.
 */
export function letterheadBlock(office: Letter['office'], contact: string, fonts: LetterFonts) {
  const lines = [
    { text: office.name, weight: 'bold' as const, size: FONT_SIZE.officeName },
    ...[...office.addressLines, contact]
      .filter((text) => text.trim() !== '')
      .map((text) => ({ text, weight: 'regular' as const, size: FONT_SIZE.letterhead })),
  ];
  const rows: LetterheadRow[] = [];
  let y = PAGE.margin;
  for (const { text, weight, size } of lines) {
    for (const row of rowsOf(text, CONTENT_WIDTH, (t) => fonts.widthOf(t, weight, size))) {
      rows.push({ text: row, weight, size, y });
      y += fonts.lineHeight(weight, size);
    }
  }
  const ruleY = y + LETTERHEAD_RULE_GAP;
  return { rows, ruleY, fits: ruleY <= LETTERHEAD_LOWEST_RULE };
}

/** A row of the signer's block: its text, weight and top, from the block's top (the closing's). */
export interface SignatureRow {
  text: string;
  weight: Weight;
  y: number;
}

/** Blank lines between the closing and the signer's name: room to sign. */
export const SIGNING_SPACE_LINES = 3;

/** The title printed under the signer's name: the one the office set, or their role's; none for the office. */
export function signerTitle(letter: Pick<Letter, 'language' | 'signer'>): string | null {
  const { signer } = letter;
  const { pack } = resolveLanguage(letter.language);
  return signer.title || (signer.role ? pack.signerTitles[signer.role] : '') || null;
}

/**
 * The signer's block as drawn: the closing, room to sign, the signer's name in bold, their title and
 * the office (unless the office signs), each broken to the page's width by rowsOf, as the body is (a
 * phone number in a title is never broken); and its height, which drawing keeps on one page.
 */
export function signatureBlock(letter: Pick<Letter, 'language' | 'signer' | 'office'>, fonts: LetterFonts) {
  const { pack } = resolveLanguage(letter.language);
  const title = signerTitle(letter);
  const lines: { text: string; weight: Weight; before: number }[] = [
    { text: pack.letterClosing, weight: 'regular', before: 0 },
    { text: letter.signer.name, weight: 'bold', before: SIGNING_SPACE_LINES },
    ...(title ? [{ text: title, weight: 'regular' as const, before: 0 }] : []),
    ...(letter.signer.name !== letter.office.name
      ? [{ text: letter.office.name, weight: 'regular' as const, before: 0 }]
      : []),
  ];
  const rows: SignatureRow[] = [];
  let y = 0;
  for (const { text, weight, before } of lines) {
    // The room to sign is in the closing's lines, as pdfkit's moveDown after it.
    y += before * fonts.lineHeight('regular', FONT_SIZE.body);
    const widthOf = (t: string) => fonts.widthOf(t, weight, FONT_SIZE.body);
    for (const row of rowsOf(text, CONTENT_WIDTH, widthOf)) {
      rows.push({ text: row, weight, y });
      y += fonts.lineHeight(weight, FONT_SIZE.body);
    }
  }
  return { rows, height: y, fits: y <= PAGE.height - 2 * PAGE.margin };
}
