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
  TEMPLATE_LANGUAGE_CODES,
} from '@relief-desk/domain';

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
export const CONTACT_PLACEHOLDERS = ['reachUs', 'reachUsAll'] as const;
export type ContactPlaceholder = (typeof CONTACT_PLACEHOLDERS)[number];

/** The placeholders a template may use; anything else in braces is refused. */
export const PLACEHOLDERS = [
  'clientName',
  'county',
  'officeName',
  'officePhone',
  'officeEmail',
  'officeAddress',
  'nextSteps',
  'courtDate',
  'reason',
  /** "Granted": what the office holds of the court's signed order (see LanguagePack.grantedOrder). */
  'signedOrder',
  ...CONTACT_PLACEHOLDERS,
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

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
