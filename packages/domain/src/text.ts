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

/** Text of one line: NFC, tabs and line or page breaks become spaces (words stay apart), other control characters go. */
export function cleanSingleLine(value: string): string {
  return value.normalize('NFC').replace(BREAKS, ' ').replace(CONTROLS, '');
}

/** Text of several lines: NFC, tab and line breaks kept (form feed, vertical tab, U+2028/U+2029 become \n), other control characters go. */
export function cleanMultiLine(value: string): string {
  return value.normalize('NFC').replace(OTHER_BREAKS, '\n').replace(CONTROLS_BUT_TAB_AND_LINE_BREAKS, '');
}

/** A one-line text field, cleaned and trimmed; chain `.min`, `.max`, `.default` as on any string. */
export const singleLine = () => z.string().overwrite(cleanSingleLine).trim();

/** A text field that may hold several lines (notes, addresses, messages), cleaned and trimmed. */
export const multiLine = () => z.string().overwrite(cleanMultiLine).trim();
