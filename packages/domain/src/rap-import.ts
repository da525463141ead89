// RAP sheet import: a matter's RAP sheet read by the server in the background, its proposals
// reviewed by an attorney and accepted (as typed in by hand: the conviction form's schema), edited
// or dropped. The schemas the API and the review screen share.
import { z } from 'zod';
import { arrestFieldsSchema } from './arrests.ts';
import { convictionFieldsSchema } from './convictions.ts';
import { multiLine, singleLine } from './text.ts';

export const RAP_IMPORT_STATES = ['queued', 'running', 'ready', 'failed', 'cancelled', 'reviewed'] as const;
export type RapImportState = (typeof RAP_IMPORT_STATES)[number];
export const RAP_IMPORT_STATE_LABELS: Record<RapImportState, string> = {
  queued: 'Waiting to start',
  running: 'Reading',
  ready: 'Ready to review',
  failed: 'Could not be read',
  cancelled: 'Cancelled',
  reviewed: 'Reviewed',
};
/** Still being read: the page polls its progress and may cancel it. */
export const isRapImportActive = (state: RapImportState) => state === 'queued' || state === 'running';

/** Largest pasted or text-file RAP sheet: a 40-page record is about 150 KB. */
export const MAX_RAP_TEXT_CHARS = 1_000_000;

export const startRapImportInputSchema = z.object({
  matterId: singleLine().min(1).max(64),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('file'), fileId: singleLine().min(1).max(64) }),
    z.object({
      kind: z.literal('text'),
      name: singleLine().max(200).default('Pasted text'),
      text: multiLine()
        .max(MAX_RAP_TEXT_CHARS, 'The text is longer than a RAP sheet can be (1,000,000 characters).')
        .refine((t) => t.trim() !== '', 'Paste the RAP sheet’s text, or choose its file.'),
    }),
  ]),
});
export type StartRapImportInput = z.input<typeof startRapImportInputSchema>;

export const rapImportRefSchema = z.object({ importId: singleLine().min(1).max(64) });
export const rapImportsOfMatterSchema = z.object({ matterId: singleLine().min(1).max(64) });
export const cancelRapImportInputSchema = z.object({
  importId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
});

export const RAP_DECISIONS = ['accept', 'drop'] as const;

/**
 * The attorney's review: every proposal decided. An accepted conviction carries the fields as the
 * attorney left them (the proposal, or their edit), checked by the conviction form's own schema; an
 * accepted arrest (a count of an arrest that led to no conviction) the arrest form's.
 */
export const acceptRapImportInputSchema = z.object({
  importId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
  convictions: z
    .array(
      z.discriminatedUnion('decision', [
        z.object({
          key: singleLine().min(1).max(64),
          decision: z.literal('accept'),
          conviction: convictionFieldsSchema,
        }),
        z.object({ key: singleLine().min(1).max(64), decision: z.literal('drop') }),
      ]),
    )
    .max(500),
  /** Every arrest proposed (not already recorded), accepted with its fields or dropped. */
  arrests: z
    .array(
      z.discriminatedUnion('decision', [
        z.object({
          key: singleLine().min(1).max(64),
          decision: z.literal('accept'),
          arrest: arrestFieldsSchema,
        }),
        z.object({ key: singleLine().min(1).max(64), decision: z.literal('drop') }),
      ]),
    )
    .max(500)
    .default([]),
  /** The person facts proposed (PC 290 registration), each accepted or dropped. */
  personFacts: z
    .array(z.object({ key: singleLine().min(1).max(64), decision: z.enum(RAP_DECISIONS) }))
    .max(20)
    .default([]),
  /** The version of the person's facts the review started from (0 when never saved). */
  personFactsVersion: z.number().int().nonnegative(),
});
export type AcceptRapImportInput = z.input<typeof acceptRapImportInputSchema>;
