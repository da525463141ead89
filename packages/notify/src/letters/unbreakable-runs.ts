// Runs of a letter's text a line must never break inside: a phone number split as "(510)" / "555-0100"
// is hard to read and to dial, and a date, a code section ("PC 1203.4", "Código Penal 1203.4(a)") or
// an amount split across lines is easy to misread. Their spaces are bound with no-break spaces
// (U+00A0, which the letters' font has); the rows are then broken only at plain spaces (fit.ts's
// wrapLine, for the body as for the letterhead and the address), never at a hyphen, so a hyphen needs
// no binding. The non-breaking hyphen U+2011 is not used: the embedded Liberation Sans has no glyph
// for it. Binding is for laying out only: rows are drawn with plain spaces again (unbound), so the
// text read, copied or searched from the PDF is the text as written.
import { CODE_NAMES, CODES } from '@relief-desk/domain';
import { ENGLISH } from '../templates/wording-en.ts';
import { SPANISH, SPANISH_CODE_NAMES } from '../templates/wording-es.ts';

const NO_BREAK_SPACE = '\u00a0';

const either = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');

/** A North American number, "(510) 555-0100", "510-555-0100", "510.555.0100", "+1 510 555 0100", with "ext. 12". */
const US_PHONE = String.raw`(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?: ?(?:ext\.?|x) ?\d{1,5})?`;
/** Another country's, "+44 20 7946 0958": a country code, then two to four groups of digits. */
const INTERNATIONAL_PHONE = String.raw`\+\d{1,3}(?:[ .-](?:\(\d{1,4}\)|\d{1,4})){2,4}`;
const PHONE = `(?:${US_PHONE}|${INTERNATIONAL_PHONE})(?![\\d])`;

/** The codes by their abbreviation ("PC"), English name ("Penal Code") and Spanish name ("Código Penal"). */
const CODE_WORDS = [...CODES, ...Object.values(CODE_NAMES), ...Object.values(SPANISH_CODE_NAMES)];
/** "1203.4", "1203.4a", "11377(a)", "1203.4a(d)(1)", "11140-11144", after an optional "§". */
const SECTION = String.raw`(?:§ ?)?\d+(?:\.\d+)*[a-z]?(?:\([a-z0-9]{1,4}\))*(?:-\d+(?:\.\d+)*)?`;
const CODE_SECTION = `(?:${either(CODE_WORDS)}) ${SECTION}`;

/** "March 7, 2027", "March 7", "7 de marzo de 2027", "7 de marzo". */
const DATE = `(?:(?:${either(ENGLISH.months)}) \\d{1,2}(?:, \\d{4})?|\\d{1,2} de (?:${either(SPANISH.months)})(?: de \\d{4})?)`;

/** "$ 1,234.00" typed with a space ("$1,234.00" has none to break at). */
const AMOUNT = String.raw`\$ \d{1,3}(?:,\d{3})*(?:\.\d{2})?`;

/** Each run, starting and ending at a word's edge. */
const RUNS = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${PHONE}|${CODE_SECTION}|${DATE}|${AMOUNT})(?![\\p{L}\\p{N}])`,
  'gu',
);

/**
 * The text with the spaces inside each run that must stay on one line (a phone number, a date, a code
 * section with its number, an amount) made no-break spaces, for wrapLine to keep each run whole.
 */
export function bindUnbreakableRuns(text: string): string {
  return text.replace(RUNS, (run) => run.replace(/ /g, NO_BREAK_SPACE));
}

/** The text as drawn: no-break spaces plain spaces again (they are as wide in the letters' font). */
export function unbound(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}
