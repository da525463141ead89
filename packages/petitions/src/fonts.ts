// The fonts court papers are drawn in: Liberation Serif, regular and bold (SIL Open Font License; the
// files and the licence are in ./fonts). It has the widths of Times New Roman, so the papers keep the
// style rule 2.105 asks for (essentially equivalent to Courier, Times New Roman or Arial) and the
// lines and pages they had in the standard Times, and it has glyphs for Latin with every accent,
// Greek and Cyrillic. It is embedded in every PDF, as a subset: pdfkit writes only the glyphs used.
//
// Text the font cannot show (Chinese, Korean, emoji, right-to-left writing…) is refused with an
// UnprintableTextError that names the character, and, checked before drawing, where it is in the
// packet and what staff can do: court papers carry the names as the court's records have them.
//
// The files are read from ./fonts beside this module. In the server's bundle (one main.js) this
// module's folder is the bundle's, and apps/server/build.ts copies the fonts into a fonts folder there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCharacter, firstUnprintable } from '@relief-desk/domain';
import { FONT } from './layout.ts';
import { printable } from './text.ts';

export const FONT_DIR = join(import.meta.dirname, 'fonts');
export const FONT_FILES = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
} as const;

type Weight = keyof typeof FONT_FILES;
const WEIGHTS = Object.keys(FONT_FILES) as Weight[];

/** A font file's path; throws, saying where it was looked for, when it is missing. */
export function fontFile(weight: Weight): string {
  const path = join(FONT_DIR, FONT_FILES[weight]);
  if (!existsSync(path)) {
    throw new Error(
      `The court papers' font ${FONT_FILES[weight]} is not in ${FONT_DIR}. It ships in packages/petitions/src/fonts; the server's build copies it into the fonts folder beside main.js (apps/server/build.ts).`,
    );
  }
  return path;
}

/** Whether the papers' fonts (every weight) have a glyph for a code point. */
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
    throw new Error('pdfkit no longer keeps its embedded font as _font.font: see petitions/src/fonts.ts.');
  }
  return font as FontkitFont;
}

/** Registers the papers' fonts with the document; returns which characters they can show. */
export function useCourtFonts(doc: PDFKit.PDFDocument): Coverage {
  const fonts = WEIGHTS.map((weight) => {
    doc.registerFont(FONT[weight], fontBytes(weight));
    return fontkitFont(doc, FONT[weight]);
  });
  doc.font(FONT.regular);
  return (cp) => fonts.every((f) => f.hasGlyphForCodePoint(cp));
}

/** Text that court papers cannot show: which character, and where (a path into what was drawn). */
export class UnprintableTextError extends Error {
  override readonly name = 'UnprintableTextError';
  /** Where the text is, e.g. "petitioner.name" or "served.0.addressLines.1"; null: not known. */
  readonly field: string | null;
  readonly character: string;
  readonly codePoint: number;
  /** What the text is ("The petitioner's name") and what staff do about it, as the message says them. */
  readonly place: { what: string; fix: string };

  constructor(
    character: string,
    field: string | null,
    message: string,
    place: { what: string; fix: string },
  ) {
    super(message);
    this.character = character;
    this.codePoint = character.codePointAt(0) ?? 0;
    this.field = field;
    this.place = place;
  }
}

/** Where in a packet (or a filing list) text sits, and what staff do about a character there. */
const PLACES: Record<string, { what: string; fix: string }> = {
  petitioner: {
    what: "The petitioner's name",
    fix: "Enter the client's name in Latin letters (accents are fine), as the court's records have it",
  },
  served: { what: 'A party served', fix: 'Correct it in the court settings' },
  court: { what: "The court's name or address", fix: 'Correct it in the court settings' },
  courtName: { what: "The court's name", fix: 'Correct it in the court settings' },
  courthouse: { what: "The courthouse's name or address", fix: 'Correct it in the court settings' },
  attorney: {
    what: "The attorney's or the office's details",
    fix: "Correct them in the attorney's or the office's settings",
  },
  officeName: { what: "The office's name", fix: "Correct it in the office's settings" },
  convictions: { what: 'A conviction', fix: 'Correct it on the matter' },
  arrests: { what: 'The arrest', fix: 'Correct it on the matter' },
  declaration: {
    what: 'The declaration',
    fix: 'Write it in Latin letters, as it is to be filed with the court',
  },
  rows: {
    what: 'A petition on the filing list',
    fix: "Enter the client's name in Latin letters as the court's records have it and prepare that packet again",
  },
};

function refusal(character: string, field: string | null, then: string): UnprintableTextError {
  const top = field?.split('.')[0] ?? '';
  const place = PLACES[top] ?? {
    what: field ? `The papers' ${field}` : 'A text on the papers',
    fix: 'Correct it',
  };
  return new UnprintableTextError(
    character,
    field,
    `${place.what} has ${describeCharacter(character)}, which court papers cannot show: they print Latin letters with any accent, Greek and Cyrillic. ${place.fix}, then ${then}.`,
    place,
  );
}

/** Throws an UnprintableTextError for one line's text the fonts cannot show; else the text as drawn. */
export function shownText(text: string, coverage: Coverage, field: string | null = null): string {
  const shown = printable(text);
  const bad = firstUnprintable(shown, coverage);
  if (bad !== null) throw refusal(bad, field, 'draw the papers again');
  return shown;
}

/**
 * Every string in what is about to be drawn (a packet's data, a filing list), checked before the
 * first line is: a refusal then says where the text is, e.g. "The petitioner's name has "王"…".
 */
export function refuseUnprintable(value: unknown, coverage: Coverage, then: string, path = ''): void {
  if (typeof value === 'string') {
    const bad = firstUnprintable(printable(value), coverage);
    if (bad !== null) throw refusal(bad, path || null, then);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      refuseUnprintable(v, coverage, then, path ? `${path}.${i}` : String(i));
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      refuseUnprintable(v, coverage, then, path ? `${path}.${key}` : key);
    }
  }
}
