// Eligibility decisions: one per conviction and remedy at a time, append-only, attorneys only.
import { z } from 'zod';
import { isoDateSchema } from './dates.ts';
import { DETERMINATIONS, type Determination, REMEDY_IDS } from './remedies.ts';
import { multiLine, singleLine } from './text.ts';

export const DETERMINATION_LABELS: Record<Determination, string> = {
  eligible_mandatory: 'Eligible (mandatory)',
  eligible_discretionary: 'Eligible (discretionary)',
  eligible_later: 'Eligible later',
  needs_more_info: 'Needs more information',
  not_eligible: 'Not eligible',
  already_relieved: 'Already relieved',
};

/**
 * What a decision says, on a conviction or on an arrest (recordArrestDecisionInputSchema): the
 * determination, its date or missing information, the reasons and, when it accepts or overrides a
 * rules suggestion, which rules version suggested what.
 */
export const decisionFieldsShape = {
  determination: z.enum(DETERMINATIONS, { error: 'Choose a determination.' }),
  eligibleOn: isoDateSchema.nullable().default(null),
  missingInfo: multiLine().max(1000).default(''),
  reasons: multiLine().min(1, 'Give the reasons for this decision, with the citation.').max(4000),
  /** When accepting or overriding a rules suggestion: which rules version suggested what. */
  suggestion: z
    .object({ rulesVersion: singleLine().max(40), determination: z.enum(DETERMINATIONS) })
    .nullable()
    .default(null),
  overrideReason: multiLine().max(2000).default(''),
};

/** The rules tying a decision's fields together, on a conviction or an arrest. */
export function checkDecisionFields(
  d: {
    determination: Determination;
    eligibleOn: string | null;
    missingInfo: string;
    suggestion: { determination: Determination } | null;
    overrideReason: string;
  },
  ctx: z.RefinementCtx,
): void {
  if (d.determination === 'eligible_later' && !d.eligibleOn)
    ctx.addIssue({
      code: 'custom',
      path: ['eligibleOn'],
      message: 'Enter the date relief becomes available.',
    });
  if (d.determination !== 'eligible_later' && d.eligibleOn)
    ctx.addIssue({ code: 'custom', path: ['eligibleOn'], message: 'Only “eligible later” takes a date.' });
  if (d.determination === 'needs_more_info' && d.missingInfo === '')
    ctx.addIssue({ code: 'custom', path: ['missingInfo'], message: 'Say what information is missing.' });
  if (d.suggestion && d.suggestion.determination !== d.determination && d.overrideReason === '')
    ctx.addIssue({
      code: 'custom',
      path: ['overrideReason'],
      message: 'Say why you are overriding the suggested determination.',
    });
}

export const recordDecisionInputSchema = z
  .object({
    convictionId: singleLine().min(1),
    remedy: z.enum(REMEDY_IDS, { error: 'Choose a remedy.' }),
    /** The id of the decision this one replaces, as the attorney saw it; null for the first. */
    supersedes: singleLine().nullable(),
    ...decisionFieldsShape,
  })
  .superRefine(checkDecisionFields);
export type RecordDecisionInput = z.input<typeof recordDecisionInputSchema>;

/** A suggestion's reasons as one text, each with its citation: what an accepted decision records. */
export function suggestionReasonsText(reasons: readonly { text: string; citation: string }[]): string {
  return reasons.map((r) => `${r.text} (${r.citation})`).join(' ');
}

/**
 * "Accept every suggestion for this conviction": what the attorney saw for each remedy. Each is still
 * recorded as its own decision, and refused if the suggestion or the current decision moved since.
 */
export const acceptSuggestionsInputSchema = z.object({
  convictionId: singleLine().min(1),
  accept: z
    .array(
      z.object({
        remedy: z.enum(REMEDY_IDS),
        supersedes: singleLine().nullable(),
        rulesVersion: singleLine().max(40),
        determination: z.enum(DETERMINATIONS),
      }),
    )
    .min(1, 'No suggestion to accept.')
    .max(REMEDY_IDS.length)
    .refine((list) => new Set(list.map((a) => a.remedy)).size === list.length, {
      message: 'Accept each remedy once.',
    }),
});
export type AcceptSuggestionsInput = z.input<typeof acceptSuggestionsInputSchema>;
