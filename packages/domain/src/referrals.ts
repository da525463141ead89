// The referral form's shape: one schema used by the staff form and by the recordReferral procedure.
import { z } from 'zod';
import { countySchema } from './counties.ts';
import { birthDateSchema, type IsoDate, isoDateSchema, isRealDate } from './dates.ts';
import { notSamePersonListSchema } from './duplicates.ts';
import { languageSchema } from './languages.ts';
import { OTHER_NAMES_MAX } from './names.ts';
import { multiLine, singleLine } from './text.ts';

export const REFERRAL_SOURCES = [
  'phone',
  'walk_in',
  'web_form',
  'partner',
  'online_application',
  // Passed on by another office of the desk (matters.passOn): set by passing on, never chosen.
  'another_office',
  'court',
  'other',
] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];
/** The sources staff (and forms) choose from: "another office" is set by passing a matter on. */
export const CHOSEN_REFERRAL_SOURCES = REFERRAL_SOURCES.filter(
  (s): s is Exclude<ReferralSource, 'another_office'> => s !== 'another_office',
);
export const REFERRAL_SOURCE_LABELS: Record<ReferralSource, string> = {
  phone: 'Phone call',
  walk_in: 'Walk-in',
  web_form: 'Web form',
  partner: 'Partner organisation',
  online_application: 'Online application',
  another_office: 'Another office',
  court: 'Court',
  other: 'Other',
};

const trimmed = (max: number) => singleLine().max(max, `Use at most ${max} characters.`);

/** A name has letters (in any script): "12345" or "---" is a mistyped field, not a person's name. */
export const hasLetter = (value: string): boolean => /\p{L}/u.test(value);

/**
 * The two-letter codes of the places a US mailing address may be in: the states, the District of
 * Columbia, the territories, and the military post offices (AA, AE, AP). A letter to "ZZ" goes nowhere.
 */
export const US_STATE_CODES: ReadonlySet<string> = new Set(
  (
    'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND ' +
    'OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP AA AE AP'
  ).split(' '),
);

/** The youngest a person whose adult criminal record is cleared can be: adult court tried none younger. */
export const YOUNGEST_CLIENT_AGE = 14;
const optionalText = (max: number) => trimmed(max).default('');

/**
 * A number the person can be called or texted at: a US one with its area code (10 digits, or 11 from
 * the country code 1), or another country's from + and its country code (7 to 15 digits, E.164).
 */
export function isPhoneNumber(value: string): boolean {
  if (!/^\+?[()\d\s.-]+$/.test(value)) return false;
  const digits = value.replace(/\D/g, '');
  if (value.startsWith('+'))
    return digits.startsWith('1') ? digits.length === 11 : digits.length >= 7 && digits.length <= 15;
  return digits.length === 10 || (digits.length === 11 && digits.startsWith('1'));
}

export const phoneSchema = optionalText(40).refine((v) => v === '' || isPhoneNumber(v), {
  message: 'Enter a phone number with its area code, for example (555) 555-0123.',
});

export const emailSchema = optionalText(254).refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), {
  message: 'Enter an e-mail address like name@example.org.',
});

export const addressSchema = z
  .object({
    line1: optionalText(200),
    line2: optionalText(200),
    city: optionalText(100),
    // Two letters, as the online application takes it: a letter's last line is "Oakland, CA 94612".
    state: singleLine()
      .regex(/^([A-Za-z]{2})?$/, 'Enter the state as two letters, for example CA.')
      .default('')
      .transform((s) => s.toUpperCase())
      .refine((s) => s === '' || US_STATE_CODES.has(s), {
        message: 'Enter a US state’s two-letter code, for example CA.',
      }),
    postalCode: optionalText(10).refine((v) => v === '' || /^\d{5}(-\d{4})?$/.test(v), {
      message: 'Enter a 5-digit ZIP code, for example 94612.',
    }),
  })
  .describe(
    'The mailing address. Letters need all of line1, city, state (two letters, for example CA) and postalCode: the person can be written to only when it has them.',
  );

/**
 * An address's last line as a letter's window shows it, "Oakland, CA 94612": a part not on file
 * leaves no comma or space behind it ("Oakland 94612", not "Oakland,  94612").
 */
export function cityStateZip(address: { city: string; state: string; postalCode: string }): string {
  const city = address.city.trim();
  const stateZip = [address.state.trim(), address.postalCode.trim()].filter(Boolean).join(' ');
  if (city && address.state.trim()) return `${city}, ${stateZip}`;
  return [city, stateZip].filter(Boolean).join(' ');
}

/** An address on one line, as staff read it: "1221 Oak St, Apt 3, Oakland, CA 94612" (no empty parts). */
export function addressOnOneLine(address: {
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
}): string {
  return [address.line1.trim(), address.line2.trim(), cityStateZip(address)].filter(Boolean).join(', ');
}

export const contactPreferencesSchema = z.object({
  email: z.boolean(),
  sms: z.boolean(),
  letter: z.boolean(),
  phone: z.boolean(),
});

/**
 * What a date of birth on or after `today` is told (null when it is in the past): the schema knows
 * no today, so the server checks it on a referral and on a correction of the client's details alike.
 */
export function birthDateProblem(dateOfBirth: IsoDate, today: IsoDate): string | null {
  if (dateOfBirth >= today) return 'The date of birth must be in the past.';
  if (dateOfBirth > yearsBefore(today, YOUNGEST_CLIENT_AGE))
    return `The date of birth makes the person younger than ${YOUNGEST_CLIENT_AGE}: check the year. Adult criminal records are of people ${YOUNGEST_CLIENT_AGE} or older.`;
  return null;
}

/** The same day `years` years before (28 February for 29 February in a year without one). */
export function yearsBefore(date: IsoDate, years: number): IsoDate {
  const year = String(Number(date.slice(0, 4)) - years).padStart(4, '0');
  const sameDay = `${year}${date.slice(4)}`;
  return isRealDate(sameDay) ? sameDay : `${year}-02-28`;
}

export const clientDetailsSchema = z
  .object({
    legalName: trimmed(200)
      .min(2, 'Enter the person’s full legal name.')
      .refine(hasLetter, { message: 'Write the person’s legal name in letters.' }),
    otherNames: z
      .array(
        z.object({
          name: trimmed(200)
            .min(1, 'Enter the name, or remove this row.')
            .refine(hasLetter, { message: 'Write the name in letters, or remove this row.' }),
        }),
      )
      .max(OTHER_NAMES_MAX),
    dateOfBirth: birthDateSchema.refine((d) => !isRealDate(d) || d >= '1900-01-01', {
      message: 'Enter a date of birth after 1900.',
    }),
    phone: phoneSchema,
    email: emailSchema,
    address: addressSchema,
    preferredLanguage: languageSchema,
    contact: contactPreferencesSchema,
    consentToText: z.boolean(),
  })
  .superRefine((c, ctx) => {
    const need = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (c.contact.email && c.email === '') need(['email'], 'Enter an e-mail address, or untick e-mail.');
    if ((c.contact.sms || c.contact.phone) && c.phone === '')
      need(['phone'], 'Enter a phone number, or untick phone and text messages.');
    if (c.contact.sms && !c.consentToText)
      need(['consentToText'], 'Record the person’s consent to text messages, or untick text messages.');
    if (c.contact.letter && (c.address.line1 === '' || c.address.city === '' || c.address.postalCode === ''))
      need(['address', 'line1'], 'Enter a mailing address (street, city, state and ZIP), or untick letters.');
    else if (c.contact.letter && c.address.state === '')
      need(['address', 'state'], 'Enter the state, for example CA, or untick letters.');
    if (!c.contact.email && !c.contact.sms && !c.contact.letter && !c.contact.phone)
      need(['contact'], 'Choose at least one way to reach the person.');
  });
export type ClientDetails = z.infer<typeof clientDetailsSchema>;

export const referralSourceSchema = z
  .object({
    kind: z.enum(REFERRAL_SOURCES, { error: 'Choose how the referral arrived.' }),
    detail: optionalText(200),
  })
  .superRefine((s, ctx) => {
    if (s.kind === 'partner' && s.detail === '')
      ctx.addIssue({ code: 'custom', path: ['detail'], message: 'Enter the partner organisation’s name.' });
    if (s.kind === 'other' && s.detail === '')
      ctx.addIssue({ code: 'custom', path: ['detail'], message: 'Say where the referral came from.' });
    if (s.kind === 'another_office')
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message:
          'A referral from another office of the desk arrives when that office passes the matter on from its Stage panel: ask that office to pass it on, or choose how this one reached you.',
      });
  });

export const recordReferralInputSchema = z.object({
  /** Attach to this existing client (updating their details) instead of creating a new one. */
  existingClient: z.object({ id: singleLine().min(1), version: z.number().int().nonnegative() }).nullable(),
  client: clientDetailsSchema,
  counties: z
    .array(countySchema)
    .min(1, 'Choose at least one county where the person has convictions.')
    .refine((list) => new Set(list).size === list.length, { message: 'Choose each county once.' }),
  source: referralSourceSchema,
  // Bounded in the past as the date of birth is: an earlier year is a mistyped one, and the queue
  // would count it open for tens of thousands of days.
  receivedOn: isoDateSchema.refine((d) => !isRealDate(d) || d >= '1900-01-01', {
    message: 'Enter a date received after 1900.',
  }),
  note: multiLine().max(4000, 'Use at most 4000 characters.').default(''),
  /**
   * The note tells of the criminal record: shown as the matter's `referralRecordNote`, which staff
   * without the RAP sheet permission read as withheld, as a note on the timeline marked so is.
   */
  noteAboutRecord: z.boolean().default(false),
  /**
   * Existing clients staff decided are not this person, each with the reason. A likely match (see
   * likelyMatchReasons) must be attached or named here before a referral for a new client is saved.
   */
  notSamePersonAs: notSamePersonListSchema,
});
export type RecordReferralInput = z.input<typeof recordReferralInputSchema>;
export type RecordReferral = z.output<typeof recordReferralInputSchema>;

export const possibleClientsInputSchema = z.object({
  legalName: trimmed(200),
  otherNames: z.array(trimmed(200)).max(OTHER_NAMES_MAX).default([]),
  dateOfBirth: birthDateSchema,
  /** As typed so far (checked only for equality): the same phone or e-mail makes a match likely. */
  phone: trimmed(40).default(''),
  email: trimmed(254).default(''),
});

/** Correcting a client's details on the matter page: the version the form started from guards it. */
export const updateClientInputSchema = z.object({
  clientId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
  client: clientDetailsSchema,
});
export type UpdateClientInput = z.input<typeof updateClientInputSchema>;

/**
 * A matter's reference, such as 2026-00042: the year its referral was recorded and its number among
 * the office's matters of that year. Every writer of matters (the API, the demo seed, the benchmark's
 * bulk load) makes it here, and keeps the number in the office's counter named for the year.
 */
export function matterReference(year: string, number: number): string {
  return `${year}-${String(number).padStart(5, '0')}`;
}

/** The office's counter of a year's matter references (the last number given). */
export function matterCounterName(year: string): string {
  return `matter-${year}`;
}
