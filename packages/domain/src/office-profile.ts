// The office's profile as administrators keep it: its letterhead (name, address, phone, e-mail, which
// every client message and letter carries), the counties it serves, and who signs its letters.
import { z } from 'zod';
import { countySchema } from './counties.ts';
import { emailSchema, phoneSchema } from './referrals.ts';
import { cleanName, hasVisibleLetter, multiLine, nameLine, singleLine } from './text.ts';

/** A letter's letterhead holds the address above the envelope window: three lines at most. */
export const MAX_OFFICE_ADDRESS_LINES = 3;

/**
 * The office's name as clients know it, as the profile and `create-admin` take it: without invisible
 * characters, and with letters to read.
 */
export const officeNameSchema = nameLine()
  .min(1, 'Enter the office’s name as clients know it.')
  .max(120, 'Use at most 120 characters.')
  .refine(hasVisibleLetter, {
    message: 'Enter the office’s name in letters: a name of blank or invisible characters cannot be read.',
  });

/**
 * An office's name as offices are told apart: capitals, spacing, punctuation and invisible characters
 * aside ("alameda county  public defender", "Alameda County Public Defender." and "Alameda County
 * Public\u200dDefender" are "Alameda County Public Defender"), so no two offices are named alike.
 */
export function officeNameKey(name: string): string {
  return cleanName(name)
    .replace(/[\s\p{P}]+/gu, '')
    .toLocaleLowerCase('en-US');
}

export const officeProfileInputSchema = z
  .object({
    /** The profile's version the form started from. */
    version: z.number().int().positive(),
    name: officeNameSchema,
    address: multiLine()
      .min(1, 'Enter the office’s mailing address: letters and messages carry it.')
      .max(300)
      .refine((a) => a.split('\n').filter((l) => l.trim()).length <= MAX_OFFICE_ADDRESS_LINES, {
        message: `Use at most ${MAX_OFFICE_ADDRESS_LINES} lines: the letterhead must end above the envelope window.`,
      }),
    phone: phoneSchema.refine((p) => p !== '', { message: 'Enter the phone number clients call.' }),
    email: emailSchema.refine((e) => e !== '', { message: 'Enter the e-mail address clients write to.' }),
    counties: z
      .array(countySchema)
      .min(1, 'Choose at least one county the office serves.')
      .max(58)
      .refine((list) => new Set(list).size === list.length, { message: 'Choose each county once.' }),
    /** Empty: each letter is signed by the person who sent it. */
    letterSignerName: singleLine().max(120).default(''),
    letterSignerTitle: singleLine().max(120).default(''),
  })
  .refine((p) => p.letterSignerName !== '' || p.letterSignerTitle === '', {
    path: ['letterSignerName'],
    message: 'Name the person whose title this is, or leave both empty.',
  });
export type OfficeProfileInput = z.input<typeof officeProfileInputSchema>;
export type OfficeProfile = z.output<typeof officeProfileInputSchema>;

/** What of the office's contact details every client message carries; named as staff read them. */
export type OfficeContactDetail = 'mailing address' | 'phone' | 'e-mail';

/**
 * The office's contact details not yet set, in the profile's order: while any is missing, clients
 * have no way to reach the office, so messages are refused and the online application stays closed.
 */
export function missingOfficeContact(office: {
  address: string;
  phone: string;
  email: string;
}): OfficeContactDetail[] {
  const details: [OfficeContactDetail, string][] = [
    ['mailing address', office.address],
    ['phone', office.phone],
    ['e-mail', office.email],
  ];
  return details.flatMap(([name, value]) => (value.trim() === '' ? [name] : []));
}

/** "mailing address, phone and e-mail": a list of details in words. */
export function officeDetailsInWords(details: readonly string[]): string {
  return details.length > 1 ? `${details.slice(0, -1).join(', ')} and ${details.at(-1)}` : (details[0] ?? '');
}
