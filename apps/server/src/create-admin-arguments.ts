// `create-admin`'s options, checked with the shared schemas the web app's forms use for the same
// things: the e-mail address an invitation takes, the name accepting one takes, the office's name as
// its profile takes it, California's counties. A text is cleaned as every text a person types is (no
// control characters; tabs and line breaks become spaces; trimmed), so what is stored is what the
// forms would store; one the schemas refuse is refused with their message, before the database is
// opened, so nothing is written.
import { parseArgs } from 'node:util';
import {
  COUNTIES,
  type County,
  cleanSingleLine,
  cleanTypedLine,
  officeNameKey,
  officeNameSchema,
  staffEmailSchema,
  staffNameSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';

export interface AdminArguments {
  email: string;
  name: string;
  officeName: string;
  counties: County[];
  /** --rap-sheets: the administrator may see RAP sheets from the start (off unless given). */
  rapSheets: boolean;
}

/** The options `create-admin` takes: all text. */
export const CREATE_ADMIN_OPTIONS = {
  email: { type: 'string' },
  name: { type: 'string' },
  office: { type: 'string' },
  counties: { type: 'string' },
} as const;

export type CreateAdminOption = keyof typeof CREATE_ADMIN_OPTIONS;

/**
 * The one switch: --rap-sheets grants the RAP sheet permission at creation, for an office whose only
 * administrator would otherwise have nobody to grant it (only another administrator may).
 */
const CREATE_ADMIN_SWITCHES = { 'rap-sheets': { type: 'boolean' } } as const;

const SCHEMAS: Record<Exclude<CreateAdminOption, 'counties'>, z.ZodType<string, string>> = {
  email: staffEmailSchema,
  name: staffNameSchema,
  office: officeNameSchema,
};

/** How much of a refused value is shown back: enough to find it, never a screenful. */
const SHOWN_CHARACTERS = 40;
const SHOWN_VALUES = 5;

/** A refused value as it is shown: cleaned (no control characters reach the terminal), and cut short. */
function shown(value: string): string {
  const clean = cleanSingleLine(value).trim();
  return clean.length > SHOWN_CHARACTERS ? `${clean.slice(0, SHOWN_CHARACTERS)}…` : clean;
}

/** A county's name as --counties compares it: capitals, spacing and a trailing "County" aside. */
const countyKey = (name: string) =>
  name
    .toLocaleLowerCase('en-US')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ ?county$/, '')
    .trim();
const COUNTY_BY_KEY = new Map<string, County>(COUNTIES.map((county) => [countyKey(county), county]));

/**
 * The county a name in --counties means, as forgiving as --office is: "madera", "MADERA" and
 * "Madera County" are Madera; null when none is.
 */
export function countyNamed(typed: string): County | null {
  return COUNTY_BY_KEY.get(countyKey(typed)) ?? null;
}

/** create-admin's options, checked and cleaned; or what is wrong with them, one line each. */
export function createAdminArguments(args: string[]): AdminArguments | string {
  let values: Partial<Record<CreateAdminOption, string>> & { 'rap-sheets'?: boolean };
  try {
    values = parseArgs({ args, options: { ...CREATE_ADMIN_OPTIONS, ...CREATE_ADMIN_SWITCHES } }).values;
  } catch (error) {
    return `create-admin: ${cleanSingleLine(error instanceof Error ? error.message : String(error))}`;
  }
  if (values.email === undefined || values.name === undefined || values.office === undefined)
    return 'create-admin needs --email (a valid address), --name and --office.';

  const problems: string[] = [];
  const checked = (option: keyof typeof SCHEMAS, value: string): string => {
    const parsed = SCHEMAS[option].safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push(`create-admin --${option}: ${parsed.error.issues[0]?.message ?? 'not valid.'}`);
    return '';
  };
  const email = checked('email', values.email);
  const name = checked('name', values.name);
  const officeName = checked('office', values.office);

  const typed = (values.counties ?? '')
    .split(',')
    .map((c) => cleanSingleLine(c).trim())
    .filter(Boolean);
  const unknown = typed.filter((c) => countyNamed(c) === null);
  if (unknown.length > 0) {
    const listed = unknown.slice(0, SHOWN_VALUES).map(shown).join(', ');
    const more = unknown.length > SHOWN_VALUES ? ` and ${unknown.length - SHOWN_VALUES} more` : '';
    problems.push(`Not California counties: ${listed}${more}. Spell them as in "Contra Costa".`);
  }
  if (problems.length > 0) return problems.join('\n');
  const counties = typed.map(countyNamed).filter((c): c is County => c !== null);
  return {
    email,
    name,
    officeName,
    counties: [...new Set(counties)],
    rapSheets: values['rap-sheets'] === true,
  };
}

/** reset-password's one option, checked as create-admin's --email is; or what is wrong with it. */
export function resetPasswordArguments(args: string[]): { email: string } | string {
  let values: { email?: string };
  try {
    values = parseArgs({ args, options: { email: CREATE_ADMIN_OPTIONS.email } }).values;
  } catch (error) {
    return `reset-password: ${cleanSingleLine(error instanceof Error ? error.message : String(error))}`;
  }
  if (values.email === undefined)
    return 'reset-password needs --email, the address the person signs in with.';
  const parsed = staffEmailSchema.safeParse(values.email);
  if (!parsed.success)
    return `reset-password --email: ${parsed.error.issues[0]?.message ?? 'not valid.'} (${shown(values.email)})`;
  return { email: parsed.data };
}

/** An office's name as create-admin compares it: as written once cleaned, capitals and spacing aside. */
const nameKey = (name: string) => officeNameKey(cleanTypedLine(name));

export type OfficeMatch<O> =
  | { kind: 'none' }
  | { kind: 'one'; office: O }
  | { kind: 'several'; offices: O[] };

/**
 * The office --office names: the one written exactly so, or else the one named so but for capitals
 * and spacing ("alameda county  public defender" is "Alameda County Public Defender"), never a second
 * office of that name. Several of them (made before names were compared so), none written exactly as
 * typed: which one is the administrator's to say.
 */
export function officeNamed<O extends { name: string }>(
  offices: readonly O[],
  typed: string,
): OfficeMatch<O> {
  const exact = offices.find((o) => o.name === typed);
  if (exact) return { kind: 'one', office: exact };
  const key = nameKey(typed);
  const alike = offices.filter((o) => nameKey(o.name) === key);
  if (alike.length === 0) return { kind: 'none' };
  const [only] = alike;
  return alike.length === 1 && only ? { kind: 'one', office: only } : { kind: 'several', offices: alike };
}
