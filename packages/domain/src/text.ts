import { z } from 'zod';

// Every text a person types or pastes goes through one of these. Control characters are invisible,
// arrive by accident (copied from PDFs, terminals, other systems) and PostgreSQL text cannot hold
// NUL at all; NFC makes a composed and a decomposed "José" the same text, so they match and sort.

/** C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F). */
const CONTROLS = /\p{Cc}/gu;
/** The same, but tab and line breaks. */
const CONTROLS_BUT_TAB_AND_LINE_BREAKS = /[^\P{Cc}\t\n\r]/gu;
/** Tab, line breaks and the Unicode line and paragraph separators (U+2028, U+2029). */
const BREAKS = /[\t\n\r\u2028\u2029]/g;
const UNICODE_SEPARATORS = /[\u2028\u2029]/g;

/** Text of one line: NFC, tabs and line breaks become spaces, other control characters go. */
export function cleanSingleLine(value: string): string {
  return value.normalize('NFC').replace(BREAKS, ' ').replace(CONTROLS, '');
}

/** Text of several lines: NFC, tab and line breaks kept (U+2028/U+2029 become \n), other control characters go. */
export function cleanMultiLine(value: string): string {
  return value
    .normalize('NFC')
    .replace(UNICODE_SEPARATORS, '\n')
    .replace(CONTROLS_BUT_TAB_AND_LINE_BREAKS, '');
}

/** A one-line text field, cleaned and trimmed; chain `.min`, `.max`, `.default` as on any string. */
export const singleLine = () => z.string().overwrite(cleanSingleLine).trim();

/** A text field that may hold several lines (notes, addresses, messages), cleaned and trimmed. */
export const multiLine = () => z.string().overwrite(cleanMultiLine).trim();
