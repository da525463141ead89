// The input contract: one person's record as of a date. Validated strictly at the edge (dates must be
// real calendar days, codes short letters) and lenient about what may be unknown: person facts and
// optional conviction facts may be omitted or null, and the rules then ask for them when they matter.
import { REMEDY_IDS } from '@relief-desk/domain';
import { z } from 'zod';
import { isRealDate } from './dates.ts';
import { EARLIEST_RULES_DATE } from './versions.ts';

export const LEVELS = ['felony', 'misdemeanor', 'infraction'] as const;
export const SENTENCE_KINDS = [
  'probation',
  'county_jail_1170h',
  'state_prison',
  'jail_only',
  'fine_only',
] as const;

function isoDate(field: string) {
  return z
    .string({ error: `${field} must be a date written YYYY-MM-DD, e.g. 2024-01-31` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${field} must be written YYYY-MM-DD, e.g. 2024-01-31` })
    .refine(isRealDate, { error: `${field} is not a real calendar date; check the month and the day` })
    .refine((d) => d >= '1900-01-01', { error: `${field} must be on or after 1900-01-01` });
}

/** A yes/no fact that may be unknown: omitted and null both mean unknown. */
function maybeBoolean(field: string) {
  return z
    .boolean({ error: `${field} must be true, false or null (null means unknown)` })
    .nullable()
    .default(null);
}

/** Accept "Felony" or " FELONY " for an enum, since records are typed by people. */
function lowerCaseEnum<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(values, { error: `${field} must be one of: ${values.join(', ')}` }),
  );
}

export const personInputSchema = z.object({
  currentlyCharged: maybeBoolean('currentlyCharged'),
  underSupervision: maybeBoolean('underSupervision'),
  servingSentence: maybeBoolean('servingSentence'),
  requiredToRegisterPC290: maybeBoolean('requiredToRegisterPC290'),
  hasSuperstrikePrior: maybeBoolean('hasSuperstrikePrior'),
});

export const sentenceInputSchema = z.object(
  {
    kind: lowerCaseEnum('sentence.kind', SENTENCE_KINDS),
    endDate: isoDate('sentence.endDate').nullable().default(null),
    probationViolated: maybeBoolean('probationViolated'),
    probationTerminatedEarly: maybeBoolean('probationTerminatedEarly'),
    mandatorySupervision: maybeBoolean('mandatorySupervision'),
    /** Probation granted after a sentence was imposed and its execution suspended (PC 17(b)(3)). */
    executionSuspended: maybeBoolean('executionSuspended'),
  },
  { error: 'sentence must be an object with at least a kind, e.g. { "kind": "probation", "endDate": null }' },
);

export const convictionInputSchema = z.object(
  {
    id: z
      .string({ error: 'id must be a non-empty string naming the conviction, e.g. "c1"' })
      .trim()
      .min(1, { error: 'id must be a non-empty string naming the conviction, e.g. "c1"' }),
    code: z
      .string({ error: 'code must be the code abbreviation, e.g. PC, HS, VC' })
      .trim()
      .regex(/^[A-Za-z]{1,5}$/, { error: 'code must be 1-5 letters, e.g. PC, HS, VC, BP, WI' })
      .transform((c) => c.toUpperCase()),
    section: z
      .string({ error: 'section must be the section as written, e.g. "484(a)"' })
      .trim()
      .min(1, { error: 'section must not be empty; write it as on the record, or "unknown"' })
      .max(100, { error: 'section must be at most 100 characters' }),
    level: lowerCaseEnum('level', LEVELS),
    /** The court case number, to name the conviction in reasons about other convictions; null unknown. */
    caseNumber: z
      .string({ error: 'caseNumber must be the case number as written, e.g. "16CR01234", or null' })
      .trim()
      .max(100, { error: 'caseNumber must be at most 100 characters' })
      .transform((c) => (c === '' ? null : c))
      .nullable()
      .default(null),
    wobbler: maybeBoolean('wobbler'),
    convictionDate: isoDate('convictionDate'),
    /**
     * When the offense was committed, if the record says; null or omitted: not known. Prop 47 and
     * Prop 64 turn on it (PC 1170.18(a), HS 11361.8(a)).
     */
    offenseDate: isoDate('offenseDate').nullable().default(null),
    sentence: sentenceInputSchema,
    valueOver950: maybeBoolean('valueOver950'),
    /** PC 473(b): the forged item was a check, bond, bank bill, note, cashier's check, traveler's check or money order. */
    forgedInstrumentListed: maybeBoolean('forgedInstrumentListed'),
    /** PC 459.5(a): the burglary was entering a commercial establishment, open during regular business hours, to commit larceny. */
    enteredOpenCommercialEstablishment: maybeBoolean('enteredOpenCommercialEstablishment'),
    /** PC 1203.43: the plea was entered for deferred entry of judgment under former PC 1000, completed, and the charges dismissed. */
    dejCompleted: maybeBoolean('dejCompleted'),
    /** PC 1203.49 / 236.14: the offense was committed while the person was a victim of human trafficking, as a direct result of it. */
    resultOfTrafficking: maybeBoolean('resultOfTrafficking'),
    reliefAlreadyGranted: z
      .enum(REMEDY_IDS, { error: `reliefAlreadyGranted must be null or one of: ${REMEDY_IDS.join(', ')}` })
      .nullable()
      .default(null),
  },
  { error: 'each conviction must be an object with id, code, section, level, convictionDate and sentence' },
);

export const ARREST_DISPOSITIONS = [
  'no_charges',
  'dismissed',
  'acquitted',
  'diversion_completed',
  'pending',
  'unknown',
] as const;

/** An arrest that did not end in a conviction (PC 851.91, 851.93, 236.14). */
export const arrestInputSchema = z.object(
  {
    id: z
      .string({ error: 'id must be a non-empty string naming the arrest, e.g. "a1"' })
      .trim()
      .min(1, { error: 'id must be a non-empty string naming the arrest, e.g. "a1"' }),
    date: isoDate('date'),
    /**
     * The agency that made the arrest, as recorded; with the date, it tells the charges of one arrest
     * apart from another's (a RAP sheet lists each charge of an arrest as a count). null: not known.
     */
    agency: z
      .string({ error: 'agency must be a string naming the arresting agency, or null' })
      .trim()
      .nullable()
      .default(null),
    code: convictionInputSchema.shape.code,
    section: convictionInputSchema.shape.section,
    level: lowerCaseEnum('level', LEVELS),
    disposition: lowerCaseEnum('disposition', ARREST_DISPOSITIONS),
    /** When the case was dismissed, the person acquitted or diversion completed; null unknown or none. */
    dispositionDate: isoDate('dispositionDate').nullable().default(null),
    resultOfTrafficking: maybeBoolean('resultOfTrafficking'),
    reliefAlreadyGranted: convictionInputSchema.shape.reliefAlreadyGranted,
  },
  {
    error:
      'each arrest must be an object with id, date, code, section, level, disposition and dispositionDate',
  },
);

export const eligibilityInputSchema = z
  .object(
    {
      asOf: isoDate('asOf').refine((d) => d >= EARLIEST_RULES_DATE, {
        error: `asOf must be on or after ${EARLIEST_RULES_DATE}, the first date the rules cover`,
      }),
      person: personInputSchema.prefault({}),
      convictions: z
        .array(convictionInputSchema, { error: 'convictions must be a list (an empty list is fine)' })
        .max(500, { error: 'convictions may hold at most 500 entries' }),
      arrests: z
        .array(arrestInputSchema, { error: 'arrests must be a list (it may be omitted)' })
        .max(500, { error: 'arrests may hold at most 500 entries' })
        .optional(),
    },
    { error: 'The input must be a JSON object with asOf, person and convictions (and optionally arrests)' },
  )
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.convictions.forEach((c, i) => {
      if (seen.has(c.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['convictions', i, 'id'],
          message: `id "${c.id}" is used twice; give each conviction its own id`,
        });
      }
      seen.add(c.id);
      if (c.convictionDate > input.asOf) {
        ctx.addIssue({
          code: 'custom',
          path: ['convictions', i, 'convictionDate'],
          message: `convictionDate ${c.convictionDate} is after asOf ${input.asOf}; check both dates`,
        });
      }
      if (c.offenseDate !== null && c.offenseDate > c.convictionDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['convictions', i, 'offenseDate'],
          message: `offenseDate ${c.offenseDate} is after convictionDate ${c.convictionDate}; the offense comes first: check both dates, or use null if unknown`,
        });
      }
      if (c.sentence.endDate !== null && c.sentence.endDate < c.convictionDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['convictions', i, 'sentence', 'endDate'],
          message: `endDate ${c.sentence.endDate} is before convictionDate ${c.convictionDate}; use the date the sentence or probation ended, or null if unknown`,
        });
      }
    });
    const arrestIds = new Set<string>();
    (input.arrests ?? []).forEach((a, i) => {
      if (arrestIds.has(a.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['arrests', i, 'id'],
          message: `id "${a.id}" is used twice; give each arrest its own id`,
        });
      }
      arrestIds.add(a.id);
      if (a.date > input.asOf) {
        ctx.addIssue({
          code: 'custom',
          path: ['arrests', i, 'date'],
          message: `date ${a.date} is after asOf ${input.asOf}; check both dates`,
        });
      }
      if (a.dispositionDate !== null && a.dispositionDate < a.date) {
        ctx.addIssue({
          code: 'custom',
          path: ['arrests', i, 'dispositionDate'],
          message: `dispositionDate ${a.dispositionDate} is before the arrest date ${a.date}; use the date of the dismissal, acquittal or completed diversion, or null if unknown`,
        });
      }
      if (a.dispositionDate !== null && a.dispositionDate > input.asOf) {
        ctx.addIssue({
          code: 'custom',
          path: ['arrests', i, 'dispositionDate'],
          message: `dispositionDate ${a.dispositionDate} is after asOf ${input.asOf}; a disposition still to come is "pending"`,
        });
      }
    });
  });

export type EligibilityInput = z.output<typeof eligibilityInputSchema>;
export type PersonInput = z.output<typeof personInputSchema>;
export type ConvictionInput = z.output<typeof convictionInputSchema>;
export type SentenceInput = z.output<typeof sentenceInputSchema>;
export type ArrestInput = z.output<typeof arrestInputSchema>;

export interface ValidationError {
  /** Dotted path to the field, e.g. "convictions.0.level"; "" for the whole input. */
  path: string;
  message: string;
}

export type ParseOutcome = { ok: true; input: EligibilityInput } | { ok: false; errors: ValidationError[] };

/** Validate already-parsed JSON into the typed input, or human-readable errors with dotted paths. */
export function parseEligibilityInput(value: unknown): ParseOutcome {
  const result = eligibilityInputSchema.safeParse(value);
  if (result.success) return { ok: true, input: result.data };
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  return { ok: false, errors };
}

/** Parse raw JSON text (what the CLI reads) into the typed input or errors. */
export function parseEligibilityJson(text: string): ParseOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [{ path: '', message: `The input is not valid JSON (${detail}); send one JSON object` }],
    };
  }
  return parseEligibilityInput(value);
}
