// A conviction as staff enter it from the RAP sheet and court records, in the shape the eligibility
// rules read (packages/eligibility) so a suggestion needs no translation.
import { z } from 'zod';
import { countySchema } from './counties.ts';
import { isoDateSchema } from './dates.ts';
import { REMEDY_IDS } from './remedies.ts';
import { singleLine } from './text.ts';

export const LEVELS = ['felony', 'misdemeanor', 'infraction'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = {
  felony: 'Felony',
  misdemeanor: 'Misdemeanor',
  infraction: 'Infraction',
};

export const SENTENCE_KINDS = [
  'probation',
  'county_jail_1170h',
  'state_prison',
  'jail_only',
  'fine_only',
] as const;
export type SentenceKind = (typeof SENTENCE_KINDS)[number];
export const SENTENCE_KIND_LABELS: Record<SentenceKind, string> = {
  probation: 'Probation',
  county_jail_1170h: 'County jail under PC 1170(h)',
  state_prison: 'State prison',
  jail_only: 'Jail only',
  fine_only: 'Fine only',
};

export const PROBATION_OUTCOMES = ['completed', 'violated', 'terminated_early', 'unknown'] as const;
export type ProbationOutcome = (typeof PROBATION_OUTCOMES)[number];
export const PROBATION_OUTCOME_LABELS: Record<ProbationOutcome, string> = {
  completed: 'Completed',
  violated: 'Violated',
  terminated_early: 'Terminated early',
  unknown: 'Not known yet',
};

export const TRISTATE = ['yes', 'no', 'unknown'] as const;
export type Tristate = (typeof TRISTATE)[number];

export const CODES = ['PC', 'HS', 'VC', 'BP', 'WI', 'FG', 'GC', 'CC'] as const;

export const convictionFieldsSchema = z
  .object({
    caseNumber: singleLine().min(1, 'Enter the court case number.').max(60),
    county: countySchema,
    court: singleLine().max(200).default(''),
    code: singleLine()
      .toUpperCase()
      .regex(/^[A-Z]{2,4}$/, 'Enter the code as letters, for example PC, HS or VC.'),
    section: singleLine()
      .min(1, 'Enter the section as written, for example 484(a).')
      .max(60)
      .regex(/^[0-9]/, 'Start the section with its number, for example 11350(a).'),
    level: z.enum(LEVELS, { error: 'Choose felony, misdemeanor or infraction.' }),
    wobbler: z.enum(TRISTATE),
    convictionDate: isoDateSchema,
    sentenceKind: z.enum(SENTENCE_KINDS, { error: 'Choose the sentence.' }),
    mandatorySupervision: z.enum(TRISTATE),
    endDate: isoDateSchema.nullable(),
    probationOutcome: z.enum(PROBATION_OUTCOMES),
    valueOver950: z.enum(TRISTATE),
    reliefGrantedRemedy: z.enum(REMEDY_IDS).nullable(),
    reliefGrantedOn: isoDateSchema.nullable(),
  })
  .superRefine((c, ctx) => {
    if (c.endDate && c.endDate < c.convictionDate)
      ctx.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: 'The end date cannot be before the conviction date.',
      });
    if (c.reliefGrantedRemedy && !c.reliefGrantedOn)
      ctx.addIssue({
        code: 'custom',
        path: ['reliefGrantedOn'],
        message: 'Enter the date relief was granted.',
      });
    if (!c.reliefGrantedRemedy && c.reliefGrantedOn)
      ctx.addIssue({
        code: 'custom',
        path: ['reliefGrantedRemedy'],
        message: 'Choose the remedy that was granted.',
      });
  });
export type ConvictionFields = z.output<typeof convictionFieldsSchema>;
export type ConvictionFieldsInput = z.input<typeof convictionFieldsSchema>;

export const addConvictionInputSchema = z.object({
  matterId: singleLine().min(1),
  conviction: convictionFieldsSchema,
});
export const editConvictionInputSchema = z.object({
  convictionId: singleLine().min(1),
  version: z.number().int().positive(),
  conviction: convictionFieldsSchema,
});

/** How a conviction reads in lists: "PC 484(a) (misdemeanor), case 16CR01234". */
export function describeConviction(
  c: Pick<ConvictionFields, 'code' | 'section' | 'level' | 'caseNumber'>,
): string {
  return `${c.code} ${c.section} (${c.level}), case ${c.caseNumber}`;
}
