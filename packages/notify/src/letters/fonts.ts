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
// The files are read from ./fonts beside this module. In the server's bundle (one main.js) this
// module's folder is the bundle's, and apps/server/build.ts copies the fonts into a fonts folder there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCharacter, firstUnprintable } from '@relief-desk/domain';
import { TemplateError } from '../errors.ts';
import type { Letter } from './letter.ts';

export const FONT_DIR = join(import.meta.dirname, 'fonts');
export const FONT_FILES = {
  regular: 'LiberationSans-Regular.ttf',
  bold: 'LiberationSans-Bold.ttf',
} as const;
/** The names the fonts are registered under in each PDF. */
export const FONT = { regular: 'Letter-Regular', bold: 'Letter-Bold' } as const;

type Weight = keyof typeof FONT_FILES;
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

/** The little of a fontkit font used here (pdfkit draws with fontkit). */
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
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
 * pdfkit keeps the font it embeds (a fontkit font) as `_font.font` of the document: the one place to
 * ask which characters it has, so what is checked is exactly what is drawn.
 */
function fontkitFont(doc: PDFKit.PDFDocument, name: string): FontkitFont {
  doc.font(name);
  const font = (doc as unknown as { _font?: { font?: Partial<FontkitFont> } })._font?.font;
  if (typeof font?.hasGlyphForCodePoint !== 'function') {
    throw new Error('pdfkit no longer keeps its embedded font as _font.font: see letters/fonts.ts.');
  }
  return font as FontkitFont;
}

const coverages = new WeakMap<PDFKit.PDFDocument, Coverage>();

/** Registers the letters' fonts with the document (once); returns which characters they can show. */
export function useLetterFonts(doc: PDFKit.PDFDocument): Coverage {
  const known = coverages.get(doc);
  if (known) return known;
  const fonts = WEIGHTS.map((weight) => {
    doc.registerFont(FONT[weight], fontBytes(weight));
    return fontkitFont(doc, FONT[weight]);
  });
  doc.font(FONT.regular);
  const coverage: Coverage = (cp) => fonts.every((f) => f.hasGlyphForCodePoint(cp));
  coverages.set(doc, coverage);
  return coverage;
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
 * Text in a letter that its fonts cannot show: a TemplateError (INVALID_VALUE, names: [field]) that
 * also says which character, and what the text is and what staff do about it, for a caller that
 * words its own refusal around them.
 */
export class UnprintableLetterError extends TemplateError {
  readonly field: LetterField;
  readonly character: string;
  readonly place: { what: string; fix: string };

  constructor(field: LetterField, character: string, then: string) {
    const { what, fix } = FIELDS[field];
    super(
      'INVALID_VALUE',
      [field],
      `${what} has ${describeCharacter(character)}, which printed letters cannot show: they print Latin letters with any accent, Greek and Cyrillic. ${fix}, then ${then}.`,
    );
    this.field = field;
    this.character = character;
    this.place = { what, fix };
  }
}

/**
 * The letter with its text as drawn (cleanText); refused with an UnprintableLetterError when the
 * fonts cannot show a character. `then` ends the refusal: what to do once the text is corrected.
 */
export function printableLetter(letter: Letter, coverage: Coverage, then = 'print the letter again'): Letter {
  const clean = (field: LetterField, text: string): string => {
    const shown = cleanText(text);
    const bad = firstUnprintable(shown, coverage);
    if (bad !== null) throw new UnprintableLetterError(field, bad, then);
    return shown;
  };
  const { office, recipient, signer } = letter;
  return {
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
}
