// The vocabulary of client updates (DOMAIN.md section 5): status types, reasons, next steps, channels
// and the languages with written templates. Ids are stable: they are stored with every sent message.
// The ids themselves are the domain's (shared with the API and the forms); this module adds what
// rendering needs on top of them.
import {
  CANT_PROCEED_REASONS as DOMAIN_CANT_PROCEED_REASONS,
  type IsoDate,
  type LanguageCode,
  MESSAGE_CHANNELS,
  MESSAGE_STATUS_TYPES,
  NEXT_STEP_IDS,
  type OUTCOMES,
  TEMPLATE_FIELDS,
  TEMPLATE_LANGUAGE_CODES,
  TEMPLATE_PLACEHOLDERS,
  type TemplateField,
  templatePlaceholders,
} from '@relief-desk/domain';
import { resolveLanguage } from './languages.ts';

export const STATUS_TYPES = MESSAGE_STATUS_TYPES;
export type StatusType = (typeof STATUS_TYPES)[number];

export const CANT_PROCEED_REASONS = DOMAIN_CANT_PROCEED_REASONS;
export type CantProceedReason = (typeof CANT_PROCEED_REASONS)[number];

export const NEXT_STEPS = NEXT_STEP_IDS;
export type NextStep = (typeof NEXT_STEPS)[number];

export const CHANNELS = MESSAGE_CHANNELS;
export type Channel = (typeof CHANNELS)[number];

/** Languages with written templates; every other language falls back to English. */
export const TEMPLATE_LANGUAGES = TEMPLATE_LANGUAGE_CODES;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export type ConvictionOutcome = (typeof OUTCOMES)[number];

/**
 * How to reach the office, worded with the details it has (contact.ts): `reachUs` one way (its phone,
 * else its e-mail, else its name), `reachUsAll` every way. Built-in wording uses these, never a bare
 * {officePhone} or {officeEmail}, which an office may not have.
 */
export const CONTACT_PLACEHOLDERS = [
  'reachUs',
  'reachUsAll',
] as const satisfies readonly (typeof TEMPLATE_PLACEHOLDERS)[number][];
export type ContactPlaceholder = (typeof CONTACT_PLACEHOLDERS)[number];

/** The placeholders a template may use; anything else in braces is refused (the domain's list). */
export const PLACEHOLDERS = TEMPLATE_PLACEHOLDERS;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/**
 * Placeholders whose words the desk picks from the matter's records, or from what staff choose, each
 * time it writes: what the office holds of the court's signed order, the date of the hearing, why the
 * office cannot go on, which county's request went to which office and what stays. An office's own wording cannot say these in their place, since what is true
 * changes from one client to the next. Wherever a status type's built-in wording uses one (in its
 * subject, its e-mail and letter text or its text message), an office's wording of that part must use
 * it too: a save without it is refused, and wording saved without it before (by an older version) is
 * set aside for the built-in wording. Each entry follows the placeholder's name ("{signedOrder} says …")
 * and tells an administrator what it says and what to do.
 */
export const FACT_PLACEHOLDERS = {
  signedOrder:
    'says what the office holds of the court’s signed order, from the matter’s records: that the office has asked the court for it and will send a copy when it comes, or that the client may ask the office for a copy. Put {signedOrder} where your wording speaks of the order, and say nothing of the order in words of your own.',
  courtDate:
    'is the date of the hearing the court set, written in the client’s language. Put {courtDate} where your wording gives the date, and write no date of your own.',
  reason:
    'says why the office cannot move forward, as staff choose it for each client. Put {reason} where your wording gives the reason, and give no reason of your own.',
  transfer:
    'says, from the matter’s records, which county’s request was passed on and to which office, that it will contact the client, and which of the client’s requests with your office stay with it. Put {transfer} where your wording says what moved, and say nothing of where the request went in words of your own (it may be one of several).',
} as const satisfies Partial<Record<Placeholder, string>>;
export type FactPlaceholder = keyof typeof FACT_PLACEHOLDERS;

const isFactPlaceholder = (name: string): name is FactPlaceholder => Object.hasOwn(FACT_PLACEHOLDERS, name);

/**
 * The fact placeholders each part of a status type's wording must use: those its built-in wording
 * uses there, in any language (the languages use the same ones, as notify's tests hold).
 */
export function requiredPlaceholders(statusType: StatusType): Record<TemplateField, FactPlaceholder[]> {
  const builtIn = TEMPLATE_LANGUAGES.map((language) => resolveLanguage(language).pack.status[statusType]);
  return Object.fromEntries(
    TEMPLATE_FIELDS.map((field) => [
      field,
      [...new Set(builtIn.flatMap((wording) => templatePlaceholders(wording[field])))].filter(
        isFactPlaceholder,
      ),
    ]),
  ) as Record<TemplateField, FactPlaceholder[]>;
}

/** The parts of an office's wording of a status type that lack a placeholder they must use, and which. */
export function missingFactPlaceholders(
  statusType: StatusType,
  wording: Readonly<Record<TemplateField, string>>,
): { field: TemplateField; missing: FactPlaceholder[] }[] {
  const required = requiredPlaceholders(statusType);
  return TEMPLATE_FIELDS.flatMap((field) => {
    const used = templatePlaceholders(wording[field]);
    const missing = required[field].filter((name) => !used.includes(name));
    return missing.length === 0 ? [] : [{ field, missing }];
  });
}

/** The fact placeholders a status type's message gives a value: those its built-in wording uses anywhere. */
export function availableFactPlaceholders(statusType: StatusType): FactPlaceholder[] {
  return [...new Set(Object.values(requiredPlaceholders(statusType)).flat())];
}

/**
 * The parts of an office's wording that use a fact placeholder its status type gives no value ({courtDate}
 * in "In review"): no message could be written from it.
 */
export function unavailableFactPlaceholders(
  statusType: StatusType,
  wording: Readonly<Record<TemplateField, string>>,
): { field: TemplateField; unavailable: FactPlaceholder[] }[] {
  const available = availableFactPlaceholders(statusType);
  return TEMPLATE_FIELDS.flatMap((field) => {
    const unavailable = [...new Set(templatePlaceholders(wording[field]).filter(isFactPlaceholder))].filter(
      (name) => !available.includes(name),
    );
    return unavailable.length === 0 ? [] : [{ field, unavailable }];
  });
}

/**
 * The values callers supply. `county` is the bare name ("Alameda"; the text adds "County"),
 * `officeAddress` may span lines, `courtDate` is a calendar date formatted per language. The office's
 * phone, e-mail and address may be empty: the built-in wording then says only what the office has.
 */
export interface MessageValues {
  clientName: string;
  county: string;
  officeName: string;
  officePhone: string;
  officeEmail: string;
  officeAddress: string;
  courtDate?: IsoDate;
}

/** A stored template: one per status type and language; `sms` is the short text for text messages. */
export interface StatusTemplate {
  id: StatusType;
  version: number;
  language: TemplateLanguage;
  subject: string;
  body: string;
  sms: string;
}

/** An office's edited wording, replacing the default for one status type and language. */
export interface TemplateOverride {
  subject: string;
  body: string;
  /** Text-message wording; without it, SMS keeps the default short text. */
  sms?: string;
  /** The office template's own version, stored with the sent message. */
  version?: number;
}

/** What a renderer returns; `text` is exactly what goes out (e-mail body, SMS text or letter body). */
export interface RenderedMessage {
  subject: string;
  text: string;
  channel: Channel;
  language: TemplateLanguage;
  /** Set when the client's language has no templates yet and English was used instead. */
  fallbackFrom?: LanguageCode;
  templateId: string;
  templateVersion: number;
}
