// A conviction as staff enter it from the RAP sheet and court records, in the shape the eligibility
// rules read (packages/eligibility) so a suggestion needs no translation.
import { z } from 'zod';
import { countySchema } from './counties.ts';
import { type IsoDate, isoDateSchema, isRealDate, readableDate } from './dates.ts';
import type { FieldError } from './errors.ts';
import { YOUNGEST_CLIENT_AGE, yearsBefore } from './referrals.ts';
import { REMEDIES, REMEDY_IDS, type RemedyId } from './remedies.ts';
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
export type Code = (typeof CODES)[number];

/** Each code by its English name, as letters and the forms' suggestions spell it out. */
export const CODE_NAMES: Record<Code, string> = {
  PC: 'Penal Code',
  HS: 'Health and Safety Code',
  VC: 'Vehicle Code',
  BP: 'Business and Professions Code',
  WI: 'Welfare and Institutions Code',
  FG: 'Fish and Game Code',
  GC: 'Government Code',
  CC: 'Civil Code',
};

/** Relief granted on an arrest, never on a conviction: sealing, automatic arrest relief, factual innocence. */
export const ARREST_ONLY_REMEDY_IDS: readonly RemedyId[] = ['pc851.91', 'pc851.93', 'pc851.8'];

/** The relief a conviction can have been granted (PC 236.14 vacates convictions and arrests alike). */
export const CONVICTION_RELIEF_REMEDY_IDS = REMEDY_IDS.filter((r) => !ARREST_ONLY_REMEDY_IDS.includes(r));

/** "A, B or C", each remedy by its label: what may be chosen, said when another is refused. */
export function remedyChoices(ids: readonly RemedyId[]): string {
  const labels = REMEDIES.filter((r) => ids.includes(r.id)).map((r) => r.label);
  return labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}` : (labels[0] ?? '');
}

const remedyLabel = (id: RemedyId) => REMEDIES.find((r) => r.id === id)?.label ?? id;

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
    /**
     * When the offense was committed, if the record says (null: not known). Prop 47 and Prop 64 turn
     * on it (PC 1170.18(a), HS 11361.8(a)): a conviction after either took effect is often for an
     * offense before.
     */
    offenseDate: isoDateSchema.nullable().default(null),
    sentenceKind: z.enum(SENTENCE_KINDS, { error: 'Choose the sentence.' }),
    /**
     * Probation granted after a sentence was imposed and its execution suspended ("ESS"), rather than
     * with imposition suspended: PC 17(b)(3) then cannot reduce it (People v. Wood). Not known until
     * the record or the minute order says.
     */
    executionSuspended: z.enum(TRISTATE).default('unknown'),
    mandatorySupervision: z.enum(TRISTATE),
    endDate: isoDateSchema.nullable(),
    probationOutcome: z.enum(PROBATION_OUTCOMES),
    valueOver950: z.enum(TRISTATE),
    reliefGrantedRemedy: z.enum(REMEDY_IDS).nullable(),
    reliefGrantedOn: isoDateSchema.nullable(),
  })
  .superRefine((c, ctx) => {
    // The rules would otherwise read arrest sealing as already granted on a conviction.
    if (c.reliefGrantedRemedy && !CONVICTION_RELIEF_REMEDY_IDS.includes(c.reliefGrantedRemedy))
      ctx.addIssue({
        code: 'custom',
        path: ['reliefGrantedRemedy'],
        message: `${remedyLabel(c.reliefGrantedRemedy)} is relief granted on an arrest: record it on the arrest. On a conviction, choose ${remedyChoices(CONVICTION_RELIEF_REMEDY_IDS)}.`,
      });
    if (c.offenseDate && c.offenseDate > c.convictionDate)
      ctx.addIssue({
        code: 'custom',
        path: ['offenseDate'],
        message:
          'The offense date cannot be after the conviction date: the offense comes first. Check both dates.',
      });
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

/** A yes/no fact that may not be known, as the forms offer it. */
export const TRISTATE_LABELS: Record<Tristate, string> = { yes: 'Yes', no: 'No', unknown: 'Not known' };

/**
 * A label or value inside a sentence: its first letter lowered unless the first word is an acronym or
 * citation ("PC 290", "PRCS"), which keep their case; the rest is kept as written ("PC 667(e)(2)(C)(iv)").
 */
export function inSentence(label: string): string {
  const first = label.split(/\s/)[0] ?? '';
  if (first.length > 1 && first === first.toUpperCase() && /[A-Z]/.test(first)) return label;
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** How each field of a form reads: its label, and its values in words. */
export type FieldWords<T> = { [K in keyof T]-?: { label: string; value: (v: T[K]) => string } };

/** A field left empty, in words. */
export const FIELD_NOT_ENTERED = 'not entered';
const textWords = (v: string | null | undefined) => (v ? v : FIELD_NOT_ENTERED);
const dateWords = (v: IsoDate | null | undefined) => (v ? readableDate(v) : FIELD_NOT_ENTERED);
const tristateWords = (v: Tristate) => inSentence(TRISTATE_LABELS[v]);
const reliefWords = (v: RemedyId | null | undefined) => (v ? remedyLabel(v) : 'none');

/** The conviction form's fields: the labels it shows and its values' words, one source for form and timeline. */
export const CONVICTION_FIELD_WORDS: FieldWords<ConvictionFields> = {
  caseNumber: { label: 'Court case number', value: textWords },
  county: { label: 'County', value: textWords },
  court: { label: 'Court', value: textWords },
  code: { label: 'Code', value: textWords },
  section: { label: 'Section, as written', value: textWords },
  level: { label: 'Level', value: (v) => inSentence(LEVEL_LABELS[v]) },
  wobbler: { label: 'Wobbler', value: tristateWords },
  convictionDate: { label: 'Conviction date', value: dateWords },
  offenseDate: { label: 'Offense date', value: dateWords },
  sentenceKind: { label: 'Sentence', value: (v) => inSentence(SENTENCE_KIND_LABELS[v]) },
  executionSuspended: { label: 'Sentence imposed, execution suspended', value: tristateWords },
  mandatorySupervision: { label: 'Mandatory supervision (1170(h))', value: tristateWords },
  endDate: { label: 'Probation or sentence end date', value: dateWords },
  probationOutcome: { label: 'Probation', value: (v) => inSentence(PROBATION_OUTCOME_LABELS[v]) },
  valueOver950: { label: 'Value over $950', value: tristateWords },
  reliefGrantedRemedy: { label: 'Relief already granted', value: reliefWords },
  reliefGrantedOn: { label: 'Relief granted on', value: dateWords },
};

/** The fields that differ, in words: ["probation: completed → violated"]; field order as the form's. */
export function changedFieldWords<T extends object>(words: FieldWords<T>, before: T, after: T): string[] {
  return (Object.keys(words) as (keyof T)[])
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) => {
      const { label, value } = words[k];
      return `${inSentence(label)}: ${value(before[k])} → ${value(after[k])}`;
    });
}

export const addConvictionInputSchema = z.object({
  matterId: singleLine().min(1),
  conviction: convictionFieldsSchema,
});

/** A conviction entered by mistake, removed at the version staff saw. */
export const removeConvictionInputSchema = z.object({
  convictionId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
});
export const editConvictionInputSchema = z.object({
  convictionId: singleLine().min(1),
  version: z.number().int().positive(),
  conviction: convictionFieldsSchema,
});

/** The first day the eligibility rules read: a date before it is a mistyped year. */
const EARLIEST_RECORD_DATE = '1900-01-01';

/** The client a record is about, as the server reads them: a record dated before the birth is a misread year. */
export interface BornOn {
  name: string;
  dateOfBirth: IsoDate;
}

/**
 * A record's date that cannot be: before 1900, after today, before the client was born (`born`, which
 * only the server knows), or (with `notBefore`) before the date it follows. The schema cannot say this
 * (it knows no today); the server checks it against California's date, and the eligibility rules
 * refuse such a record, so it is refused where it is typed.
 */
export function impossibleDateProblem(
  path: string,
  what: string,
  date: IsoDate | null,
  today: IsoDate,
  options: {
    notBefore?: { date: IsoDate | null; what: string };
    ifFuture?: string;
    born?: BornOn;
    /** A record of an adult court (`what` it does: "convict"), which tries no one under 14. */
    adultCourt?: string;
  } = {},
): FieldError | null {
  const { notBefore, ifFuture = 'enter the date the record gives', born, adultCourt } = options;
  if (!date || !isRealDate(date)) return null;
  const named = `${what}, ${readableDate(date)},`;
  if (date > today) return { path, message: `${capitalised(named)} is after today: ${ifFuture}.` };
  if (date < EARLIEST_RECORD_DATE)
    return { path, message: `${capitalised(named)} is before 1900: check the year.` };
  if (born && isRealDate(born.dateOfBirth) && date < born.dateOfBirth)
    return {
      path,
      message: `${capitalised(named)} is before ${born.name}’s date of birth (${readableDate(born.dateOfBirth)}): check the year.`,
    };
  // Adult court tries no one under 14 (W&I Code 602, 707), as the referral form says of a date of
  // birth: a record dated earlier is a mistyped year, or another person's record.
  if (
    adultCourt &&
    born &&
    isRealDate(born.dateOfBirth) &&
    born.dateOfBirth > yearsBefore(date, YOUNGEST_CLIENT_AGE)
  )
    return {
      path,
      message: `${capitalised(named)} is when ${born.name} (born ${readableDate(born.dateOfBirth)}) was younger than ${YOUNGEST_CLIENT_AGE}, and an adult court does not ${adultCourt} a child under ${YOUNGEST_CLIENT_AGE}: the year is likely mistyped. Check it, and that the record is the client’s.`,
    };
  // Against a date that is itself impossible, only that one is said to be wrong.
  const follows = notBefore?.date && isRealDate(notBefore.date) ? notBefore.date : null;
  if (notBefore && follows && follows <= today && follows >= EARLIEST_RECORD_DATE && date < follows)
    return {
      path,
      message: `${capitalised(named)} is before ${notBefore.what} (${readableDate(follows)}): check both dates.`,
    };
  return null;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A conviction's dates that cannot be as of `today`, each on its field: a conviction or offense after
 * today or (given `born`) before the client was 14, relief granted before the conviction or after
 * today. The end of probation or a sentence may be still to come. An offense after the conviction is
 * the schema's to refuse (it needs no today).
 */
export function convictionDateProblems(
  c: { convictionDate: IsoDate | null; offenseDate?: IsoDate | null; reliefGrantedOn: IsoDate | null },
  today: IsoDate,
  born?: BornOn,
): FieldError[] {
  return [
    impossibleDateProblem('convictionDate', 'the conviction date', c.convictionDate, today, {
      ifFuture: 'enter the date on the court record',
      born,
      adultCourt: 'convict',
    }),
    impossibleDateProblem('offenseDate', 'the offense date', c.offenseDate ?? null, today, {
      ifFuture: 'enter the date the record gives, or leave it empty',
      born,
      adultCourt: 'try an offense of',
    }),
    impossibleDateProblem('reliefGrantedOn', 'the date relief was granted', c.reliefGrantedOn, today, {
      notBefore: { date: c.convictionDate, what: 'the conviction date' },
      ifFuture: 'enter it once the court has granted relief',
      born,
    }),
  ].filter((p) => p !== null);
}

/** The age from which a person is tried as an adult: a case of someone younger is normally a juvenile court's (W&I Code 602). */
export const ADULT_AGE = 18;

/**
 * A person's age on `date` in whole years, one more from the birthday itself (18 on the day of the
 * 18th birthday); one born on 29 February, from 1 March in a year without one, as `yearsBefore` (and
 * so the under-14 check above) counts.
 */
export function ageOn(dateOfBirth: IsoDate, date: IsoDate): number {
  const years = Number(date.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return dateOfBirth > yearsBefore(date, years) ? years - 1 : years;
}

/**
 * What staff are told of a conviction dated when the client was 14 to 17: possible (a minor tried in
 * adult court), but more often a juvenile adjudication entered by mistake, which is no conviction and
 * whose relief (sealing, W&I Code 781, 786) the desk does not decide; or a wrong date. Younger than
 * 14, or before the birth, is refused instead (convictionDateProblems). Null for an adult's conviction.
 */
export function convictedAsMinorNotice(
  convictionDate: IsoDate | null,
  born: BornOn | undefined,
): string | null {
  if (!convictionDate || !born || !isRealDate(convictionDate) || !isRealDate(born.dateOfBirth)) return null;
  if (convictionDate < born.dateOfBirth) return null;
  const age = ageOn(born.dateOfBirth, convictionDate);
  if (age < YOUNGEST_CLIENT_AGE || age >= ADULT_AGE) return null;
  return `${born.name} was ${age} at this conviction (${readableDate(convictionDate)}; born ${readableDate(born.dateOfBirth)}). Was it in adult (criminal) court? If it was a juvenile court case, it is not a conviction: its relief is sealing under Welfare and Institutions Code 781 or 786, which this desk does not decide. Or a date is wrong: check the conviction date and the date of birth.`;
}

/** How a conviction reads in lists: "PC 484(a) (misdemeanor), case 16CR01234". */
export function describeConviction(
  c: Pick<ConvictionFields, 'code' | 'section' | 'level' | 'caseNumber'>,
): string {
  return `${c.code} ${c.section} (${c.level}), case ${c.caseNumber}`;
}

/**
 * A court case number as it is compared: letters in upper case, without the dashes, spaces, full
 * stops and slashes courts and people write between its parts ("21-CR-0045" = "21cr0045"). The
 * queue search's SQL (and migration 0068's index) computes the same.
 */
export function caseNumberKey(caseNumber: string): string {
  return caseNumber.replace(/[a-z]/g, (letter) => letter.toUpperCase()).replace(/[-. /]/g, '');
}
