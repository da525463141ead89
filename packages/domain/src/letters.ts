// Printing letters: the letters a print covers, named by their message ids. Printing renders the PDF
// and changes nothing; the letters are marked sent only when staff confirm they came off the printer.
import { z } from 'zod';
import { singleLine } from './text.ts';

/** More letters than this in one PDF is more than one person can check off a printer. */
export const MAX_LETTERS_PER_PRINT = 500;

export const letterIdsInputSchema = z.object({
  messageIds: z
    .array(singleLine().min(1).max(64))
    .min(1, 'Choose at least one letter.')
    .max(MAX_LETTERS_PER_PRINT, `Print at most ${MAX_LETTERS_PER_PRINT} letters at a time.`),
});
export type LetterIdsInput = z.input<typeof letterIdsInputSchema>;

/** A letter to take out of the print queue, at the version staff saw (its delivery's). */
export const withdrawLetterInputSchema = z.object({
  outboxId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
});
