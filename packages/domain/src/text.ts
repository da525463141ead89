import { z } from 'zod';

// Every text a person types or pastes goes through one of these. Control characters are invisible,
// arrive by accident (copied from PDFs, terminals, other systems) and PostgreSQL text cannot hold
// NUL at all; NFC makes a composed and a decomposed "José" the same text, so they match and sort.

/** C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F). */
const CONTROLS = /\p{Cc}/gu;
/** The same, but tab and line breaks. */
const CONTROLS_BUT_TAB_AND_LINE_BREAKS = /[^\P{Cc}\t\n\r]/gu;
/** Tab, line breaks, form feed, vertical tab and the Unicode line and paragraph separators. */
const BREAKS = /[\t\n\r\v\f\u2028\u2029]/g;
/** Breaks that are not tab, \n or \r: a page break (form feed) or a separator ends a line. */
const OTHER_BREAKS = /[\v\f\u2028\u2029]/g;

/**
 * Invisible characters that change how a line shows, not what it says: the bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069: "Ana\u202eZ Ruiz" shows reversed in a list),
 * the zero-width space and the byte order mark. The zero-width joiner and non-joiner (U+200C, U+200D)
 * stay: some scripts need them to write a name.
 */
const INVISIBLE_FORMATTING = /[\u202a-\u202e\u2066-\u2069\u200b\ufeff]/g;
/**
 * Letters that draw nothing: the letters Unicode marks default-ignorable (shown as nothing where
 * unsupported), which are the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0. Spelled out, as the
 * property with a letter test is a hundred times slower on a long text (application-names.test.ts
 * checks the list against Unicode's). They are letters (Lo), so "has a letter" held for a name of
 * "\u3164\u3164" that shows as empty; no text needs them (they stand in for a missing part of an
 * old-style Hangul syllable), so typed text loses them as it loses a zero-width space.
 */
const BLANK_LETTERS = /[\u115f\u1160\u3164\uffa0]/g;
/**
 * Half of a character: a UTF-16 surrogate with no partner (JSON's "\ud800" can carry one). It is no
 * text at all: UTF-8 cannot hold it, and a page shows it as "�".
 */
const LONE_SURROGATES = /\p{Cs}/gu;
/** A Windows line break (CRLF), or a lone CR: one line break, as browsers count it. */
const CR_LINE_BREAKS = /\r\n?/g;
/** A run of control characters with a letter or digit on each side: the words it stood between. */
const CONTROLS_BETWEEN_WORDS = /(?<=[\p{L}\p{M}\p{N}])\p{Cc}+(?=[\p{L}\p{N}])/gu;
/** The same in text of several lines: a tab or line break between two words stays as it is. */
const CONTROLS_BUT_BREAKS_BETWEEN_WORDS = /(?<=[\p{L}\p{M}\p{N}])[^\P{Cc}\t\n\r\v\f]+(?=[\p{L}\p{N}])/gu;

/**
 * Text of one line as a file or another system gives it (a RAP sheet's lines, a file's name, an
 * address): NFC, invisible direction marks and zero-width spaces go, tabs and line or page breaks
 * become spaces (words stay apart), other control characters go (a PDF's "CON\u0000VICTED" is a word).
 */
export function cleanSingleLine(value: string): string {
  return value
    .replace(LONE_SURROGATES, '')
    .normalize('NFC')
    .replace(INVISIBLE_FORMATTING, '')
    .replace(BLANK_LETTERS, '')
    .replace(BREAKS, ' ')
    .replace(CONTROLS, '');
}

/**
 * A typed or sent line (what singleLine stores): as cleanSingleLine, but a control character between
 * two words makes a space, so "Ana\u0000Ruiz" is "Ana Ruiz", not "AnaRuiz".
 */
export function cleanTypedLine(value: string): string {
  return cleanSingleLine(
    value.replace(INVISIBLE_FORMATTING, '').replace(BLANK_LETTERS, '').replace(CONTROLS_BETWEEN_WORDS, ' '),
  );
}

/**
 * Text of several lines (notes, addresses, an online application's fields): NFC, invisible direction
 * marks and zero-width spaces go as on one line, tab and line breaks are kept (CRLF, a lone CR, form
 * feed, vertical tab, U+2028/U+2029 become \n: a browser sends a textarea's breaks as CRLF but counts
 * each as one character against its maxlength), a control character between two words makes a space,
 * others go.
 */
export function cleanMultiLine(value: string): string {
  return value
    .replace(LONE_SURROGATES, '')
    .normalize('NFC')
    .replace(INVISIBLE_FORMATTING, '')
    .replace(BLANK_LETTERS, '')
    .replace(CR_LINE_BREAKS, '\n')
    .replace(CONTROLS_BUT_BREAKS_BETWEEN_WORDS, ' ')
    .replace(OTHER_BREAKS, '\n')
    .replace(CONTROLS_BUT_TAB_AND_LINE_BREAKS, '');
}

/** A one-line text field, cleaned and trimmed; chain `.min`, `.max`, `.default` as on any string. */
export const singleLine = () => z.string().overwrite(cleanTypedLine).trim();

/** A text field that may hold several lines (notes, addresses, messages), cleaned and trimmed. */
export const multiLine = () => z.string().overwrite(cleanMultiLine).trim();

/**
 * Characters that show nothing in a name: the invisible format characters (Unicode Cf: zero-width
 * spaces and joiners, the word joiner, the BOM, the soft hyphen, direction marks), the blank
 * Braille pattern, and the letters that draw nothing (BLANK_LETTERS, which all typed text loses). A
 * name made of them looks empty, and a name with them looks like another name but is not equal to it.
 */
const INVISIBLE_IN_NAMES = /[\p{Cf}\u2800\u115f\u1160\u3164\uffa0]/gu;

/**
 * A person's or an office's name as typed: cleaned as any line, then without the characters that
 * show nothing (so a look-alike is caught by the checks that names differ), and spacing of any kind
 * as single spaces. The joiners that other text keeps go here too: a name reads the same without them.
 */
export function cleanName(value: string): string {
  return cleanTypedLine(value).replace(INVISIBLE_IN_NAMES, '').replace(/\s+/gu, ' ').trim();
}

/** Whether a name has something to read: a letter or a digit (once cleanName has run). */
export const hasVisibleLetter = (name: string): boolean => /[\p{L}\p{N}]/u.test(cleanName(name));

/** A name field (a person's, an office's), cleaned by cleanName; chain `.min`, `.max`, `.refine`. */
export const nameLine = () => z.string().overwrite(cleanName);
