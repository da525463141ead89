// How many days each kind of document request has before it is due, as an office's administrators
// set it on Office settings. Versioned per kind, as every setting an administrator changes is: a save
// names the version its page started from, and one made over someone else's newer change is refused.
import { z } from 'zod';
import { DOCUMENT_KINDS, type DocumentKind } from './documents.ts';

export const MAX_DOCUMENT_DUE_DAYS = 365;

export const documentDueDaysSchema = z
  .number({ error: 'Enter a number of days, such as 30.' })
  .int('Use whole days, such as 30.')
  .min(1, 'Use at least one day.')
  .max(MAX_DOCUMENT_DUE_DAYS, `Use at most ${MAX_DOCUMENT_DUE_DAYS} days.`);

export const setDocumentDueDaysInputSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS, { error: 'Choose the kind of document.' }),
  /** The kind's version the page started from (0: the office never set its own days for it). */
  version: z.number().int().nonnegative(),
  days: documentDueDaysSchema,
});
export type SetDocumentDueDaysInput = z.input<typeof setDocumentDueDaysInputSchema>;

/** One kind's days as the office has them, and the version a save of it names. */
export interface DocumentDueDaysSetting {
  days: number;
  /** 0 while the office has never set its own (the days are DEFAULT_DUE_DAYS'). */
  version: number;
}
export type DocumentDueDaySettings = Record<DocumentKind, DocumentDueDaysSetting>;
