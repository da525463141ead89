// Petitions: one or more convictions of one court case under one remedy, and what the court decided.
import { z } from 'zod';
import { COUNTIES, type County, countySchema } from './counties.ts';
import { isoDateSchema } from './dates.ts';
import { REMEDY_IDS } from './remedies.ts';
import { singleLine } from './text.ts';

export const FORM_SETS = ['cr180_cr181', 'cr400', 'cr409_cr410', 'local'] as const;

/** The court a county's petitions are filed in, as the desk writes it. */
export const courtOfCounty = (county: County) => `Superior Court of California, County of ${county}`;

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The county a court's name says ("Superior Court of California, County of Tulare"), or null when it
 * names none (a court written another way is taken as written).
 */
export function countyOfCourt(court: string): County | null {
  const folded = fold(court);
  return COUNTIES.find((county) => new RegExp(`\\bcounty of ${fold(county)}\\b`).test(folded)) ?? null;
}

/**
 * Why a petition's court does not fit its convictions or arrest (it names another county), or null.
 * A petition is filed in the court of the county that convicted (or arrested): a court typed for the
 * matter's county would caption the packet with one county and the record with another.
 */
export function courtOutsideCounty(court: string, county: County): string | null {
  const named = countyOfCourt(court);
  if (named === null || named === county) return null;
  return `This petition is filed in ${county} County, where its case is: write the court as ${courtOfCounty(county)}, not the court of ${named} County.`;
}
export type FormSet = (typeof FORM_SETS)[number];
export const FORM_SET_LABELS: Record<FormSet, string> = {
  cr180_cr181: 'CR-180 petition / CR-181 order',
  cr400: 'CR-400 (Prop 64)',
  cr409_cr410: 'CR-409 petition / CR-410 order',
  local: 'Local forms',
};

export const PETITION_STATUSES = ['draft', 'filed', 'hearing_set', 'decided', 'withdrawn'] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];
/** Petitions open on their convictions: one a conviction and remedy at a time. */
export const OPEN_PETITION_STATUSES = [
  'draft',
  'filed',
  'hearing_set',
] as const satisfies readonly PetitionStatus[];
/** Petitions the court has yet to rule on: the dashboard's "pending at court" and its drill-down. */
export const PENDING_PETITION_STATUSES = [
  'filed',
  'hearing_set',
] as const satisfies readonly PetitionStatus[];
export const PETITION_STATUS_LABELS: Record<PetitionStatus, string> = {
  draft: 'Draft',
  filed: 'Filed',
  hearing_set: 'Hearing set',
  decided: 'Decided',
  withdrawn: 'Withdrawn',
};

export const OUTCOMES = ['granted', 'denied', 'continued', 'withdrawn'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  granted: 'Granted',
  denied: 'Denied',
  continued: 'Continued',
  withdrawn: 'Withdrawn',
};

/**
 * Whether the court has still to rule on a conviction or arrest of a petition: no outcome recorded, or
 * the hearing was continued. A petition marked decided with a continued outcome is still before the
 * court, so the matter waits for it (it cannot move on to send the outcome, nor close from there).
 */
export const awaitsCourt = (outcome: Outcome | null): boolean => outcome === null || outcome === 'continued';

/**
 * Whether a petition is still before the court: filed and not decided, or marked decided with a
 * conviction or arrest whose hearing was continued (its next hearing is still to come). `outcomes` are
 * its convictions' and arrest's; a decided petition always has them recorded.
 */
export function stillBeforeCourt(petition: {
  status: PetitionStatus;
  outcomes?: readonly (Outcome | null)[];
}): boolean {
  if ((PENDING_PETITION_STATUSES as readonly PetitionStatus[]).includes(petition.status)) return true;
  return petition.status === 'decided' && (petition.outcomes ?? []).some(awaitsCourt);
}

export const createPetitionInputSchema = z.object({
  matterId: singleLine().min(1),
  remedy: z.enum(REMEDY_IDS, { error: 'Choose the remedy the petition asks for.' }),
  convictionIds: z.array(singleLine().min(1)).min(1, 'Choose at least one conviction.'),
  formSet: z.enum(FORM_SETS, { error: 'Choose the form set.' }),
  court: singleLine()
    .min(1, 'Enter the court, for example Superior Court of California, County of Alameda.')
    .max(200),
  courthouse: singleLine().max(200).default(''),
});
export type CreatePetitionInput = z.input<typeof createPetitionInputSchema>;

/**
 * A PC 851.91 petition to seal one arrest that did not end in a conviction (a separate petition for
 * each arrest), filed in the county's court; the case number only when charges were filed.
 */
export const createArrestPetitionInputSchema = z.object({
  arrestId: singleLine().min(1).max(64),
  county: countySchema,
  caseNumber: singleLine()
    .max(40)
    .regex(/^[A-Za-z0-9 -]*$/, 'Write the case number as letters, digits and dashes, or leave it empty.')
    .default(''),
});
export type CreateArrestPetitionInput = z.input<typeof createArrestPetitionInputSchema>;

const optionalDate = isoDateSchema.nullable().default(null);

export const updatePetitionInputSchema = z
  .object({
    petitionId: singleLine().min(1),
    version: z.number().int().positive(),
    status: z.enum(PETITION_STATUSES),
    court: singleLine().min(1, 'Enter the court.').max(200),
    courthouse: singleLine().max(200).default(''),
    filedOn: optionalDate,
    servedOn: optionalDate,
    hearingOn: optionalDate,
    ruleByOn: optionalDate,
    decidedOn: optionalDate,
    outcomes: z.array(z.object({ convictionId: singleLine().min(1), outcome: z.enum(OUTCOMES).nullable() })),
    /** A petition on an arrest (PC 851.91): the court's outcome on it; absent: left as it is. */
    arrestOutcome: z.enum(OUTCOMES).nullable().optional(),
  })
  .superRefine((p, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const filedStatuses = ['filed', 'hearing_set', 'decided'];
    if (filedStatuses.includes(p.status) && !p.filedOn)
      need('filedOn', 'Enter the date the petition was filed.');
    if (p.status === 'hearing_set' && !p.hearingOn) need('hearingOn', 'Enter the hearing date.');
    if (p.status === 'decided') {
      if (!p.decidedOn) need('decidedOn', 'Enter the date the court decided.');
      p.outcomes.forEach((o, i) => {
        if (!o.outcome)
          ctx.addIssue({
            code: 'custom',
            path: ['outcomes', i, 'outcome'],
            message: 'Record the outcome for every conviction.',
          });
      });
      if (p.arrestOutcome === null) need('arrestOutcome', 'Record the court’s outcome on the arrest.');
    } else {
      // An outcome is the court's decision: recorded with the status that says the court decided.
      const notYet = `Record the court’s outcome when the petition is decided (status “${PETITION_STATUS_LABELS.decided}”), or leave it as “No outcome yet”.`;
      p.outcomes.forEach((o, i) => {
        if (o.outcome) ctx.addIssue({ code: 'custom', path: ['outcomes', i, 'outcome'], message: notYet });
      });
      if (p.arrestOutcome) need('arrestOutcome', notYet);
    }
    // Service may come before filing: the proof of service is filed with the petition.
    if (p.filedOn && p.hearingOn && p.hearingOn < p.filedOn)
      need('hearingOn', 'The hearing cannot be before the filing date.');
    if (p.filedOn && p.ruleByOn && p.ruleByOn < p.filedOn)
      need('ruleByOn', 'The rule-by date cannot be before the filing date.');
    if (p.filedOn && p.decidedOn && p.decidedOn < p.filedOn)
      need('decidedOn', 'The decision cannot be before filing.');
  });
export type UpdatePetitionInput = z.input<typeof updatePetitionInputSchema>;
