// What an import keeps of the reader's warnings. The reader reports every line it could not place,
// which for a long text that is no RAP sheet is one warning a line: 333,334 of them (a 22 MB review)
// for a megabyte of junk. The import keeps what a reviewer can use instead.
import type { RapSheet, Warning } from '@relief-desk/rap-sheet';

/** At most this many lines the reader could not place are listed; the rest are summed up in one warning. */
export const MAX_UNREAD_LINE_WARNINGS = 500;

/** The reader's messages for a line it could not place at all (its remarks on lines it read are kept). */
export const UNREAD = /not recognised$|^Not inside an event|^After the end of the message|^Line not read/;

const NOT_A_RAP_SHEET = /^This does not look like a RAP sheet/;

/**
 * The sheet with its warnings bounded: a text in which no line reads as a RAP sheet gives one warning
 * saying so, not one per line; otherwise the lines not placed past the first 500 are summed up in one
 * warning that says which lines they are. The reader's remarks on lines it did read are all kept (they
 * are bounded by what it proposes).
 */
export function boundedWarnings(sheet: RapSheet, lineCount: number): RapSheet {
  if (
    sheet.person.cii === null &&
    sheet.cycles.length === 0 &&
    sheet.warnings.some((w) => NOT_A_RAP_SHEET.test(w.message))
  ) {
    const unread = sheet.warnings.filter((w) => w.line > 0).length;
    return {
      ...sheet,
      warnings: [
        {
          line: 0,
          message: `This does not read as a California RAP sheet: none of its ${lineCount} ${lineCount === 1 ? 'line' : 'lines'} gives a CII number or an event (ARR/DET/CITE:, COURT:...), and ${unread} could not be read. Check that the file is the client’s RAP sheet from the DOJ (the record review response) and read that instead.`,
        },
      ],
    };
  }
  const kept: Warning[] = [];
  let unread = 0;
  let first = 0;
  let last = 0;
  for (const warning of sheet.warnings) {
    if (warning.line > 0 && UNREAD.test(warning.message) && ++unread > MAX_UNREAD_LINE_WARNINGS) {
      if (first === 0) first = warning.line;
      last = warning.line;
      continue;
    }
    kept.push(warning);
  }
  if (unread <= MAX_UNREAD_LINE_WARNINGS) return sheet;
  kept.push({
    line: first,
    message: `${unread - MAX_UNREAD_LINE_WARNINGS} more lines could not be read (lines ${first} to ${last}), not listed one by one: check those lines of the record, or whether the file holds something other than the RAP sheet`,
  });
  return { ...sheet, warnings: kept };
}
