// Arrests that did not end in a conviction, as staff enter them from the RAP sheet and court records,
// in the shape the eligibility rules read (their `arrests` input) so a suggestion needs no translation.
// Arrest relief: PC 851.91 (petition to seal), PC 851.93 (automatic), PC 236.14 (trafficking).
import { z } from 'zod';
import {
  ARREST_ONLY_REMEDY_IDS,
  type BornOn,
  FIELD_NOT_ENTERED,
  type FieldWords,
  impossibleDateProblem,
  inSentence,
  LEVEL_LABELS,
  LEVELS,
  remedyChoices,
  TRISTATE,
  TRISTATE_LABELS,
} from './convictions.ts';
import { type IsoDate, isoDateSchema, readableDate } from './dates.ts';
import { checkDecisionFields, decisionFieldsShape } from './decisions.ts';
import type { FieldError } from './errors.ts';
import { REMEDIES, REMEDY_IDS, type RemedyId } from './remedies.ts';
import { singleLine } from './text.ts';

/** What became of the arrest (the eligibility rules' `disposition`). */
export const ARREST_DISPOSITIONS = [
  'no_charges',
  'dismissed',
  'acquitted',
  'diversion_completed',
  'pending',
  'unknown',
] as const;
export type ArrestDisposition = (typeof ARREST_DISPOSITIONS)[number];
export const ARREST_DISPOSITION_LABELS: Record<ArrestDisposition, string> = {
  no_charges: 'No charges filed',
  dismissed: 'Charges dismissed',
  acquitted: 'Acquitted',
  diversion_completed: 'Diversion completed',
  pending: 'Still pending',
  unknown: 'Not known yet',
};

/** Where an arrest was entered from. */
export const ARREST_SOURCES = ['manual', 'rap_sheet'] as const;
export type ArrestSource = (typeof ARREST_SOURCES)[number];

/** Arrest remedies: the ones the rules answer for an arrest. */
export const ARREST_REMEDY_IDS = ['pc851.91', 'pc851.93', 'pc236.14'] as const;

/** The relief an arrest can have been granted: the rules' arrest remedies and factual innocence (PC 851.8). */
export const ARREST_RELIEF_REMEDY_IDS: readonly RemedyId[] = [...ARREST_ONLY_REMEDY_IDS, 'pc236.14'];

export const arrestFieldsSchema = z
  .object({
    arrestDate: isoDateSchema,
    arrestAgency: singleLine().max(200).default(''),
    code: singleLine()
      .toUpperCase()
      .regex(/^[A-Z]{2,4}$/, 'Enter the code as letters, for example PC, HS or VC.'),
    section: singleLine()
      .min(1, 'Enter the section as written, for example 484(a).')
      .max(60)
      .regex(/^[0-9]/, 'Start the section with its number, for example 11350(a).'),
    offenseDescription: singleLine().max(300).default(''),
    level: z.enum(LEVELS, { error: 'Choose felony, misdemeanor or infraction.' }),
    disposition: z.enum(ARREST_DISPOSITIONS, { error: 'Choose what became of the arrest.' }),
    dispositionDate: isoDateSchema.nullable().default(null),
    resultOfTrafficking: z.enum(TRISTATE).default('unknown'),
    reliefGrantedRemedy: z.enum(REMEDY_IDS).nullable().default(null),
    reliefGrantedOn: isoDateSchema.nullable().default(null),
  })
  .superRefine((a, ctx) => {
    // The panel would otherwise say a conviction's relief (PC 1203.4) was granted for this arrest.
    if (a.reliefGrantedRemedy && !ARREST_RELIEF_REMEDY_IDS.includes(a.reliefGrantedRemedy))
      ctx.addIssue({
        code: 'custom',
        path: ['reliefGrantedRemedy'],
        message: `${REMEDIES.find((r) => r.id === a.reliefGrantedRemedy)?.label ?? a.reliefGrantedRemedy} is relief granted on a conviction: record it on the conviction. On an arrest, choose ${remedyChoices(ARREST_RELIEF_REMEDY_IDS)}.`,
      });
    if (a.dispositionDate && a.dispositionDate < a.arrestDate)
      ctx.addIssue({
        code: 'custom',
        path: ['dispositionDate'],
        message: 'The date of the outcome cannot be before the arrest.',
      });
    if ((a.disposition === 'pending' || a.disposition === 'unknown') && a.dispositionDate)
      ctx.addIssue({
        code: 'custom',
        path: ['dispositionDate'],
        message: 'A pending or unknown outcome has no date: leave it empty.',
      });
    if (a.reliefGrantedRemedy && !a.reliefGrantedOn)
      ctx.addIssue({
        code: 'custom',
        path: ['reliefGrantedOn'],
        message: 'Enter the date relief was granted.',
      });
    if (!a.reliefGrantedRemedy && a.reliefGrantedOn)
      ctx.addIssue({
        code: 'custom',
        path: ['reliefGrantedRemedy'],
        message: 'Choose the remedy that was granted.',
      });
  });
export type ArrestFields = z.output<typeof arrestFieldsSchema>;
export type ArrestFieldsInput = z.input<typeof arrestFieldsSchema>;

const textWords = (v: string | null | undefined) => (v ? v : FIELD_NOT_ENTERED);
const dateWords = (v: IsoDate | null | undefined) => (v ? readableDate(v) : FIELD_NOT_ENTERED);

/** The arrest form's fields: the labels it shows and its values' words, one source for form and timeline. */
export const ARREST_FIELD_WORDS: FieldWords<ArrestFields> = {
  arrestDate: { label: 'Arrest date', value: dateWords },
  arrestAgency: { label: 'Arresting agency', value: textWords },
  code: { label: 'Code', value: textWords },
  section: { label: 'Section, as written', value: textWords },
  offenseDescription: { label: 'Offense description', value: textWords },
  level: { label: 'Level', value: (v) => inSentence(LEVEL_LABELS[v]) },
  disposition: { label: 'What became of it', value: (v) => inSentence(ARREST_DISPOSITION_LABELS[v]) },
  dispositionDate: { label: 'Date of that outcome', value: dateWords },
  resultOfTrafficking: {
    label: 'A result of being trafficked',
    value: (v) => inSentence(TRISTATE_LABELS[v]),
  },
  reliefGrantedRemedy: {
    label: 'Relief already granted',
    value: (v) => (v ? (REMEDIES.find((r) => r.id === v)?.label ?? v) : 'none'),
  },
  reliefGrantedOn: { label: 'Relief granted on', value: dateWords },
};

export const listArrestsInputSchema = z.object({ matterId: singleLine().min(1).max(64) });
export const addArrestInputSchema = z.object({
  matterId: singleLine().min(1).max(64),
  arrest: arrestFieldsSchema,
});
export const editArrestInputSchema = z.object({
  arrestId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
  arrest: arrestFieldsSchema,
});
export const removeArrestInputSchema = z.object({
  arrestId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
});
export type AddArrestInput = z.input<typeof addArrestInputSchema>;
export type EditArrestInput = z.input<typeof editArrestInputSchema>;

/**
 * An arrest's dates that cannot be as of `today`, each on its field (as convictionDateProblems): an
 * arrest after today or (given `born`) before the client's birth, an outcome after today (one still
 * to come is "pending"), relief granted before the arrest or after today.
 */
export function arrestDateProblems(
  a: { arrestDate: IsoDate | null; dispositionDate: IsoDate | null; reliefGrantedOn: IsoDate | null },
  today: IsoDate,
  born?: BornOn,
): FieldError[] {
  const notBefore = { date: a.arrestDate, what: 'the arrest date' };
  return [
    impossibleDateProblem('arrestDate', 'the arrest date', a.arrestDate, today, { born }),
    impossibleDateProblem('dispositionDate', 'the date of the outcome', a.dispositionDate, today, {
      notBefore,
      ifFuture: 'an outcome still to come is “Still pending”, with no date',
      born,
    }),
    impossibleDateProblem('reliefGrantedOn', 'the date relief was granted', a.reliefGrantedOn, today, {
      notBefore,
      ifFuture: 'enter it once the court has granted relief',
      born,
    }),
  ].filter((p) => p !== null);
}

/** How an arrest reads in lists: "PC 459 (felony) arrest of Mar 4, 2019, charges dismissed" (dates as the page writes them). */
export function describeArrest(
  a: Pick<ArrestFields, 'code' | 'section' | 'level' | 'arrestDate' | 'disposition'>,
): string {
  return `${a.code} ${a.section} (${a.level}) arrest of ${readableDate(a.arrestDate)}, ${inSentence(ARREST_DISPOSITION_LABELS[a.disposition])}`;
}

/**
 * An attorney's decision on one arrest and arrest remedy: as a conviction's (recordDecisionInputSchema),
 * with the same fields and rules (decisionFieldsShape, checkDecisionFields), append-only, naming the decision it replaces and, when it accepts or overrides a suggestion, which
 * rules version suggested what.
 */
export const recordArrestDecisionInputSchema = z
  .object({
    arrestId: singleLine().min(1).max(64),
    remedy: z.enum(ARREST_REMEDY_IDS, { error: 'Choose an arrest remedy.' }),
    supersedes: singleLine().max(64).nullable(),
    ...decisionFieldsShape,
  })
  .superRefine(checkDecisionFields);
export type RecordArrestDecisionInput = z.input<typeof recordArrestDecisionInputSchema>;
