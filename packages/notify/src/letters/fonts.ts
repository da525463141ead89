// The fonts letters are drawn in: Liberation Sans, regular and bold (SIL Open Font License; the files
// and the licence are in ./fonts). It has the widths of Helvetica and Arial, which the letter's layout
// and the envelope window were made for, and glyphs for Latin with every accent (Vietnamese's stacked
// marks, Polish, Tagalog, Spanish), Greek and Cyrillic. It is embedded in every letter, as a subset:
// pdfkit writes only the glyphs a PDF uses.
//
// A character the font has no glyph for (Chinese, Korean, Japanese, emoji…) is never printed as a box
// or left out: the letter is refused with a TemplateError that names the character, the field it is
// in and what staff can do. So is right-to-left writing (Hebrew, Arabic), which pdfkit would set
// backwards. Invisible characters (a zero-width space, a direction mark, a stray control character)
// are left out: they have nothing to show.
//
// Text with a fixed place (the name and address in the envelope window, the letterhead above it, the
// signer's block kept on one page) is measured with these fonts (fit.ts): what its place cannot hold
// is refused the same way, naming the line and what to do, never cut off with an ellipsis.
//
// The files are read from ./fonts beside this module. In the server's bundle (one main.js) this
// module's folder is the bundle's, and apps/server/build.ts copies the fonts into a fonts folder there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCharacter, firstUnprintable } from '@relief-desk/domain';
import { TemplateError } from '../errors.ts';
import { addressBlock, letterheadBlock, signatureBlock } from './fit.ts';
import { MAX_ADDRESS_LINES } from './layout.ts';
import type { Letter } from './letter.ts';

export const FONT_DIR = join(import.meta.dirname, 'fonts');
export const FONT_FILES = {
  regular: 'LiberationSans-Regular.ttf',
  bold: 'LiberationSans-Bold.ttf',
} as const;
/** The names the fonts are registered under in each PDF. */
export const FONT = { regular: 'Letter-Regular', bold: 'Letter-Bold' } as const;

export type Weight = keyof typeof FONT_FILES;
const WEIGHTS = Object.keys(FONT_FILES) as Weight[];

/** A font file's path; throws, saying where it was looked for, when it is missing. */
export function fontFile(weight: Weight): string {
  const path = join(FONT_DIR, FONT_FILES[weight]);
  if (!existsSync(path)) {
    throw new Error(
      `The letters' font ${FONT_FILES[weight]} is not in ${FONT_DIR}. It ships in packages/notify/src/letters/fonts; the server's build copies it into the fonts folder beside main.js (apps/server/build.ts).`,
    );
  }
  return path;
}

/** Whether the letters' fonts (every weight) have a glyph for a code point. */
export type Coverage = (codePoint: number) => boolean;

/** The letters' fonts as text is checked and laid out against them. */
export interface LetterFonts {
  covers: Coverage;
  /** The width in points of text set in a weight at a size, as pdfkit sets it. */
  widthOf(text: string, weight: Weight, size: number): number;
  /** How far down pdfkit moves for each line of text in a weight at a size. */
  lineHeight(weight: Weight, size: number): number;
}

/** The little of a fontkit font used here (pdfkit draws with fontkit). */
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

/** The little of pdfkit's embedded font used here: its widths and line height are what it draws with. */
interface PdfkitFont {
  font: FontkitFont;
  widthOfString(text: string, size: number): number;
  lineHeight(size: number, includeGap: boolean): number;
}

/**
 * The files' bytes, read once. Each PDF reads its own fontkit font from them: one shared by several
 * PDFs would hand a later PDF glyphs that fontkit first made while subsetting an earlier one (the
 * dotless i inside "î"), without their characters, and that PDF's text would read back wrong.
 */
const files = new Map<Weight, Buffer>();
function fontBytes(weight: Weight): Buffer {
  let bytes = files.get(weight);
  if (!bytes) {
    bytes = readFileSync(fontFile(weight));
    files.set(weight, bytes);
  }
  return bytes;
}

/**
 * pdfkit keeps the font it embeds as `_font` of the document (its fontkit font as `_font.font`): the
 * one place to ask which characters it has and how wide text is, so what is checked is what is drawn.
 */
function pdfkitFont(doc: PDFKit.PDFDocument, name: string): PdfkitFont {
  doc.font(name);
  const font = (doc as unknown as { _font?: Partial<PdfkitFont> })._font;
  if (
    typeof font?.font?.hasGlyphForCodePoint !== 'function' ||
    typeof font.widthOfString !== 'function' ||
    typeof font.lineHeight !== 'function'
  ) {
    throw new Error(
      'pdfkit no longer keeps its embedded font as _font (widthOfString, lineHeight, font): see letters/fonts.ts.',
    );
  }
  return font as PdfkitFont;
}

const registered = new WeakMap<PDFKit.PDFDocument, LetterFonts>();

/** Registers the letters' fonts with the document (once); returns them, to check and measure text. */
export function useLetterFonts(doc: PDFKit.PDFDocument): LetterFonts {
  const known = registered.get(doc);
  if (known) return known;
  const fonts = Object.fromEntries(
    WEIGHTS.map((weight) => {
      doc.registerFont(FONT[weight], fontBytes(weight));
      return [weight, pdfkitFont(doc, FONT[weight])];
    }),
  ) as Record<Weight, PdfkitFont>;
  doc.font(FONT.regular);
  const letterFonts: LetterFonts = {
    covers: (cp) => WEIGHTS.every((w) => fonts[w].font.hasGlyphForCodePoint(cp)),
    widthOf: (text, weight, size) => fonts[weight].widthOfString(text, size),
    lineHeight: (weight, size) => fonts[weight].lineHeight(size, true),
  };
  registered.set(doc, letterFonts);
  return letterFonts;
}

// --- Text the fonts can show ------------------------------------------------------------------------

/**
 * The text as it is drawn: composed (NFC, so "ễ" typed as e + two marks is the one letter the font
 * has), invisible format and control characters left out (line breaks and tabs kept), and unusual
 * spaces (an ideographic or an em space) as plain spaces.
 */
export function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/[\p{Cf}\p{Cc}]/gu, (c) => (c === '\n' || c === '\t' ? c : ''))
    .replace(/[^\P{Zs}\u00a0]/gu, ' ');
}

/** Where in a letter text sits, and what staff do about a character the fonts cannot show there. */
const FIELDS = {
  recipient: {
    what: "The recipient's name or address",
    fix: 'Enter the name and address in Latin letters (accents are fine), as on court records and as the post office reads them',
  },
  office: {
    what: "The office's name, address, phone or email",
    fix: "An administrator must change it in the office's settings",
  },
  signer: {
    what: "The signer's name or title",
    fix: 'Change the name or title of whoever signs in the settings',
  },
  subject: {
    what: "The letter's subject",
    fix: "If it is part of the client's name, enter the name in Latin letters as on court records; otherwise change the wording",
  },
  body: {
    what: "The letter's text",
    fix: "If it is part of the client's name, enter the name in Latin letters as on court records; otherwise change the wording",
  },
  enclosures: {
    what: "An enclosed document's name",
    fix: 'Rename the document',
  },
} as const;

/** A part of a letter, as an unprintable character's refusal names it. */
export type LetterField = keyof typeof FIELDS;

/**
 * Why a part of a letter cannot be printed: a character its fonts cannot show, or text longer than
 * its place holds (`said`: what is too long, `detail`: by how much, `fix`: what staff do).
 */
export type LetterDefect = { character: string } | { said: string; detail: string; fix: string };

/**
 * A letter that cannot be printed as it is: a TemplateError (INVALID_VALUE, names: [field]) that
 * also says what is wrong (`said`: a character the fonts cannot show, or a line too long for its
 * place), where and what staff do about it, for a caller that words its own refusal around them.
 */
export class UnprintableLetterError extends TemplateError {
  readonly field: LetterField;
  /** The character the fonts cannot show; null when the text is too long for its place. */
  readonly character: string | null;
  /** What is wrong, in a phrase that begins with the part of the letter it is in. */
  readonly said: string;
  readonly place: { what: string; fix: string };
  readonly defect: LetterDefect;

  constructor(field: LetterField, defect: LetterDefect, then: string) {
    const { what } = FIELDS[field];
    const character = 'character' in defect ? defect.character : null;
    const said =
      character !== null
        ? `${what} has ${describeCharacter(character)}, which printed letters cannot show`
        : (defect as { said: string }).said;
    const detail =
      'detail' in defect ? defect.detail : 'they print Latin letters with any accent, Greek and Cyrillic';
    const fix = 'fix' in defect ? defect.fix : FIELDS[field].fix;
    super('INVALID_VALUE', [field], `${said}: ${detail}. ${fix}, then ${then}.`);
    this.field = field;
    this.character = character;
    this.said = said;
    this.place = { what, fix };
    this.defect = defect;
  }

  /** The same refusal ending with another thing to do once it is corrected. */
  endingWith(then: string): UnprintableLetterError {
    return new UnprintableLetterError(this.field, this.defect, then);
  }
}

/** A line quoted in a refusal: enough of it to find it. */
const quoted = (text: string) => `"${[...text].length > 40 ? `${[...text].slice(0, 40).join('')}…` : text}"`;

/** The longest line of the name and address, when the window cannot hold them all: what to shorten. */
function addressOverflow(recipient: Letter['recipient'], fonts: LetterFonts): LetterDefect | null {
  const block = addressBlock(recipient, fonts);
  if (block.fits) return null;
  const holds = `the envelope window holds ${MAX_ADDRESS_LINES}`;
  const wrapped = block.lines.filter((l) => l.rows.length > 1);
  if (block.lines.length > MAX_ADDRESS_LINES || wrapped.length === 0) {
    return {
      said: `The recipient's name and address are ${block.lines.length} lines`,
      detail: holds,
      fix: `Put the client's address on at most ${MAX_ADDRESS_LINES - 1} lines`,
    };
  }
  const longest = wrapped.reduce((a, b) => (b.rows.length > a.rows.length ? b : a));
  const which = longest.index === 0 ? "recipient's name" : `recipient's address line ${longest.index}`;
  return {
    said: `The ${which} (${quoted(longest.text)}) is too long for the envelope window`,
    detail: `it takes ${longest.rows.length} lines there, so the name and address would take ${block.rows.length} lines and ${holds}`,
    fix:
      longest.index === 0
        ? 'Shorten the name the letter is addressed to on the client (e.g. a middle name as an initial)'
        : 'Shorten that line of the client\'s address as the post office allows, with its abbreviations (e.g. "Avenida" as "Ave", "Boulevard" as "Blvd", "North" as "N", "Apartment" as "Apt")',
  };
}

/** When the office's letterhead would run into the envelope window: how many lines it takes. */
function letterheadOverflow(office: Letter['office'], fonts: LetterFonts): LetterDefect | null {
  const block = letterheadBlock(office, letterheadContact(office), fonts);
  if (block.fits) return null;
  return {
    said: "The office's letterhead (its name, address, phone and email) is too long to end above the envelope window",
    detail: `it takes ${block.rows.length} lines`,
    fix: "An administrator must shorten the office's name or address in the office's settings (at most 3 address lines)",
  };
}

/** When the signer's block (closing, name, title, office) is too long to keep on one page. */
function signatureOverflow(letter: Letter, fonts: LetterFonts): LetterDefect | null {
  const block = signatureBlock(letter, fonts);
  if (block.fits) return null;
  return {
    said: "The signer's name or title is too long to print with the closing on one page",
    detail: `the closing, name, title and office take ${block.rows.length} lines`,
    fix: FIELDS.signer.fix,
  };
}

/** The letterhead's phone and e-mail line: only the details the office has, no separator left alone. */
export function letterheadContact(office: Pick<Letter['office'], 'phone' | 'email'>): string {
  return [office.phone.trim(), office.email.trim()].filter(Boolean).join('  |  ');
}

/**
 * The letter with its text as drawn (cleanText); refused with an UnprintableLetterError when the
 * fonts cannot show a character, or the name and address do not fit the envelope window, or the
 * letterhead would run into it, or the signer's block is longer than a page. `then` ends the refusal: what to do once the text is corrected.
 */
export function printableLetter(letter: Letter, fonts: LetterFonts, then = 'print the letter again'): Letter {
  const clean = (field: LetterField, text: string): string => {
    const shown = cleanText(text);
    const bad = firstUnprintable(shown, fonts.covers);
    if (bad !== null) throw new UnprintableLetterError(field, { character: bad }, then);
    return shown;
  };
  const { office, recipient, signer } = letter;
  const printable: Letter = {
    ...letter,
    recipient: {
      name: clean('recipient', recipient.name),
      addressLines: recipient.addressLines.map((l) => clean('recipient', l)),
    },
    office: {
      name: clean('office', office.name),
      addressLines: office.addressLines.map((l) => clean('office', l)),
      phone: clean('office', office.phone),
      email: clean('office', office.email),
    },
    signer: {
      ...signer,
      name: clean('signer', signer.name),
      ...(signer.title !== undefined ? { title: clean('signer', signer.title) } : {}),
    },
    ...(letter.subject !== undefined ? { subject: clean('subject', letter.subject) } : {}),
    body: clean('body', letter.body),
    ...(letter.enclosures ? { enclosures: letter.enclosures.map((e) => clean('enclosures', e)) } : {}),
  };
  const letterhead = letterheadOverflow(printable.office, fonts);
  if (letterhead) throw new UnprintableLetterError('office', letterhead, then);
  const address = addressOverflow(printable.recipient, fonts);
  if (address) throw new UnprintableLetterError('recipient', address, then);
  const signature = signatureOverflow(printable, fonts);
  if (signature) throw new UnprintableLetterError('signer', signature, then);
  return printable;
}
