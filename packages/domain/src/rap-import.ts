// RAP sheet import: a matter's RAP sheet read by the server in the background, its proposals
// reviewed by an attorney and accepted (as typed in by hand: the conviction form's schema), edited
// or dropped. The schemas the API and the review screen share.
import { z } from 'zod';
import { ARREST_DISPOSITIONS, ARREST_RELIEF_REMEDY_IDS, arrestFieldsSchema } from './arrests.ts';
import {
  CONVICTION_RELIEF_REMEDY_IDS,
  convictionFieldsSchema,
  LEVELS,
  PROBATION_OUTCOMES,
  SENTENCE_KINDS,
  TRISTATE,
} from './convictions.ts';
import { COUNTIES } from './counties.ts';
import { removalReason } from './documents.ts';
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
/** Most pages of a RAP sheet's PDF read at once: about as many as MAX_RAP_TEXT_CHARS of text hold. */
export const MAX_RAP_PDF_PAGES = 300;

/** Why a file too long for one RAP sheet is not read, and how to read it instead. */
export function rapSheetTooLong(what: { pages: number } | { chars: number }): string {
  const size =
    'pages' in what
      ? `${what.pages.toLocaleString('en-US')} pages; one import reads at most ${MAX_RAP_PDF_PAGES} pages`
      : `${what.chars.toLocaleString('en-US')} characters of text; one import reads at most ${MAX_RAP_TEXT_CHARS.toLocaleString('en-US')}`;
  return `This file is longer than a RAP sheet can be (${size}). If it is one person's RAP sheet, split it into parts, each starting at a "* * * *" line, and read each part on its own; otherwise choose the right file.`;
}

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

/**
 * Discarding an import read into the wrong matter (another person's RAP sheet): its text, what was
 * read from it and its file are erased, the row kept as a tombstone (who, when, why).
 */
export const discardRapImportInputSchema = z.object({
  importId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
  reason: removalReason('Another person’s RAP sheet'),
});
export type DiscardRapImportInput = z.input<typeof discardRapImportInputSchema>;

export const RAP_DECISIONS = ['accept', 'drop'] as const;

/**
 * The most convictions, and the most arrests, one import proposes: all are decided on one screen and
 * saved together, in one request and one transaction. A 40-page record proposes about 80 convictions
 * and 110 arrests; 500 of each is a record of some 160 pages. A RAP sheet that proposes more is
 * refused when it is read (the import worker), saying to read it in parts, so every import that
 * reaches review can be saved; the review's schema below takes no more either.
 */
export const MAX_RAP_IMPORT_PROPOSALS = 500;

/** The person facts a RAP sheet can propose are few (PC 290 registration, today). */
const MAX_PERSON_FACT_DECISIONS = 20;

const PROPOSALS_SHOWN = MAX_RAP_IMPORT_PROPOSALS.toLocaleString('en-US');
const tooManyDecisions = (kind: 'convictions' | 'arrests') =>
  `One review saves at most ${PROPOSALS_SHOWN} ${kind}: read the RAP sheet in parts.`;

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
    .max(MAX_RAP_IMPORT_PROPOSALS, tooManyDecisions('convictions')),
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
    .max(MAX_RAP_IMPORT_PROPOSALS, tooManyDecisions('arrests'))
    .default([]),
  /** The person facts proposed (PC 290 registration), each accepted or dropped. */
  personFacts: z
    .array(z.object({ key: singleLine().min(1).max(64), decision: z.enum(RAP_DECISIONS) }))
    .max(MAX_PERSON_FACT_DECISIONS)
    .default([]),
  /** The version of the person's facts the review started from (0 when never saved). */
  personFactsVersion: z.number().int().nonnegative(),
  /** Staff checked that a sheet naming another person (otherPerson on the review) is the client's. */
  confirmOtherPerson: z.boolean().optional(),
});
export type AcceptRapImportInput = z.input<typeof acceptRapImportInputSchema>;

/**
 * The longest review the review screen can save: MAX_RAP_IMPORT_PROPOSALS convictions and as many
 * arrests, each accepted with every text at its longest in characters of 3 UTF-8 bytes (a character
 * counted as two, an emoji, takes 4; a quote, escaped, 2), the longest name of every choice, and the
 * most person facts. The screen sends what these schemas give back (cleaned, NFC), so nothing it
 * sends is longer.
 */
export function longestRapAccept(): AcceptRapImportInput {
  const longest = <T extends string>(values: readonly T[]): T =>
    values.reduce((a, b) => (b.length > a.length ? b : a));
  const text = (length: number) => '€'.repeat(length);
  const section = `1${text(59)}`;
  const conviction: z.input<typeof convictionFieldsSchema> = {
    caseNumber: text(60),
    county: longest(COUNTIES),
    court: text(200),
    code: 'ABCD',
    section,
    level: longest(LEVELS),
    wobbler: longest(TRISTATE),
    convictionDate: '2020-01-01',
    sentenceKind: longest(SENTENCE_KINDS),
    executionSuspended: longest(TRISTATE),
    mandatorySupervision: longest(TRISTATE),
    endDate: '2020-01-02',
    probationOutcome: longest(PROBATION_OUTCOMES),
    valueOver950: longest(TRISTATE),
    reliefGrantedRemedy: longest(CONVICTION_RELIEF_REMEDY_IDS),
    reliefGrantedOn: '2020-01-03',
  };
  const arrest: z.input<typeof arrestFieldsSchema> = {
    arrestDate: '2020-01-01',
    arrestAgency: text(200),
    code: 'ABCD',
    section,
    offenseDescription: text(300),
    level: longest(LEVELS),
    disposition: longest(ARREST_DISPOSITIONS),
    dispositionDate: '2020-01-02',
    resultOfTrafficking: longest(TRISTATE),
    // Each record's own relief: an arrest refuses a conviction's.
    reliefGrantedRemedy: longest(ARREST_RELIEF_REMEDY_IDS),
    reliefGrantedOn: '2020-01-03',
  };
  const key = text(64);
  return {
    importId: text(64),
    version: Number.MAX_SAFE_INTEGER,
    convictions: Array.from({ length: MAX_RAP_IMPORT_PROPOSALS }, () => ({
      key,
      decision: 'accept' as const,
      conviction,
    })),
    arrests: Array.from({ length: MAX_RAP_IMPORT_PROPOSALS }, () => ({
      key,
      decision: 'accept' as const,
      arrest,
    })),
    personFacts: Array.from({ length: MAX_PERSON_FACT_DECISIONS }, () => ({
      key,
      decision: 'accept' as const,
    })),
    personFactsVersion: Number.MAX_SAFE_INTEGER,
    confirmOtherPerson: false,
  };
}

/**
 * longestRapAccept's body as JSON, in bytes (about 1.8 MiB): the API takes a body this long. Counted
 * from one element of each list, each list's elements being alike, so the server starts without
 * writing it out.
 */
export function longestRapAcceptBody(): number {
  const body = longestRapAccept();
  const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;
  const lists = [body.convictions, body.arrests ?? [], body.personFacts ?? []];
  // Each list: its elements, and a comma between two.
  const elements = lists.reduce(
    (sum, list) => sum + (list[0] ? list.length * bytes(list[0]) + list.length - 1 : 0),
    0,
  );
  return bytes({ ...body, convictions: [], arrests: [], personFacts: [] }) + elements;
}
