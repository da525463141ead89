// Client updates (DOMAIN.md section 5): the vocabulary staff pick from, and the inputs of the messages
// procedures, shared by the API and the forms. @relief-desk/notify renders messages from these ids.
import { z } from 'zod';
import { isoDateSchema } from './dates.ts';
import { LANGUAGES } from './languages.ts';
import { multiLine, singleLine } from './text.ts';

export const MESSAGE_STATUS_TYPES = [
  'in_review',
  'eligible',
  'not_eligible',
  'no_convictions_found',
  'cant_proceed',
  'court_date_set',
  'granted',
  'denied',
  'transferred',
] as const;
export type MessageStatusType = (typeof MESSAGE_STATUS_TYPES)[number];
/**
 * Status updates whose message tells of the client's record or the court: a finding on the record
 * (eligible, not eligible, no convictions found, can't proceed for probation, fees or restitution),
 * a hearing, or the court's decision. Composing, sending, logging, printing or reading one needs the
 * RAP sheet permission; "in review" and "transferred" tell nothing of the record.
 */
export const CRIMINAL_HISTORY_STATUS_TYPES: ReadonlySet<MessageStatusType> = new Set([
  'eligible',
  'not_eligible',
  'no_convictions_found',
  'cant_proceed',
  'court_date_set',
  'granted',
  'denied',
]);
export const statusTellsCriminalHistory = (statusType: string | null): boolean =>
  statusType !== null && (CRIMINAL_HISTORY_STATUS_TYPES as ReadonlySet<string>).has(statusType);

export const MESSAGE_STATUS_LABELS: Record<MessageStatusType, string> = {
  in_review: 'In review',
  eligible: 'Eligible',
  not_eligible: 'Not eligible',
  no_convictions_found: 'No convictions found',
  cant_proceed: 'Can’t proceed',
  court_date_set: 'Court date set',
  granted: 'Granted',
  denied: 'Denied',
  transferred: 'Transferred to another office',
};

export const CANT_PROCEED_REASONS = [
  'on_probation',
  'fees_owed',
  'need_more_info',
  'victim_restitution',
  'other',
] as const;
export type CantProceedReasonId = (typeof CANT_PROCEED_REASONS)[number];
export const CANT_PROCEED_LABELS: Record<CantProceedReasonId, string> = {
  on_probation: 'On probation',
  fees_owed: 'Fees owed',
  need_more_info: 'Need more information',
  victim_restitution: 'Victim restitution',
  other: 'Other',
};

export const NEXT_STEP_IDS = [
  'submit_personal_statement',
  'submit_letters',
  'wait_for_court_date',
  'wait_for_decision',
  'contact_us',
  'apply_again_later',
] as const;
export type NextStepId = (typeof NEXT_STEP_IDS)[number];
export const NEXT_STEP_LABELS: Record<NextStepId, string> = {
  submit_personal_statement: 'Submit a personal statement',
  submit_letters: 'Submit letters of recommendation',
  wait_for_court_date: 'Wait for a court date',
  wait_for_decision: 'Wait for the court’s decision',
  contact_us: 'Contact us',
  apply_again_later: 'Apply again later',
};

export const MESSAGE_CHANNELS = ['email', 'sms', 'letter'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const MESSAGE_CHANNEL_LABELS: Record<MessageChannel, string> = {
  email: 'E-mail',
  sms: 'Text message',
  letter: 'Letter',
};

/** Languages with written templates; other languages get English (and staff are told). */
export const TEMPLATE_LANGUAGE_CODES = ['en', 'es'] as const;
export type TemplateLanguageCode = (typeof TEMPLATE_LANGUAGE_CODES)[number];
export const TEMPLATE_LANGUAGE_LABELS: Record<TemplateLanguageCode, string> = {
  en: LANGUAGES[0].label,
  es: LANGUAGES[1].label,
};

/** Where a message stands on its way to the client. */
export const DELIVERY_STATES = ['pending', 'sending', 'printing', 'sent', 'failed', 'replaced'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  pending: 'Waiting to be sent',
  sending: 'Sending',
  printing: 'In the print queue',
  sent: 'Sent',
  failed: 'Not delivered',
  replaced: 'Sent another way instead',
};

const matterId = singleLine().min(1).max(64);

/** What a status update says: the same for every channel. */
export const statusChoiceSchema = z
  .object({
    matterId,
    statusType: z.enum(MESSAGE_STATUS_TYPES, { error: 'Choose a status.' }),
    cantProceedReason: z.enum(CANT_PROCEED_REASONS).nullable().default(null),
    courtDate: isoDateSchema.nullable().default(null),
    nextSteps: z.array(z.enum(NEXT_STEP_IDS)).max(NEXT_STEP_IDS.length).default([]),
  })
  .superRefine((s, ctx) => {
    if (s.statusType === 'cant_proceed' && !s.cantProceedReason)
      ctx.addIssue({
        code: 'custom',
        path: ['cantProceedReason'],
        message: 'Choose why the matter can’t proceed.',
      });
    if (s.statusType === 'court_date_set' && !s.courtDate)
      ctx.addIssue({ code: 'custom', path: ['courtDate'], message: 'Enter the court date.' });
  });
export type StatusChoiceInput = z.input<typeof statusChoiceSchema>;
export type StatusChoice = z.output<typeof statusChoiceSchema>;

/** One channel's text as staff leave it after editing the rendered message. */
export const outgoingMessageSchema = z.object({
  channel: z.enum(MESSAGE_CHANNELS),
  subject: singleLine().max(300).default(''),
  text: multiLine().min(1, 'The message is empty: write it, or leave this channel out.').max(20_000),
});
export type OutgoingMessage = z.output<typeof outgoingMessageSchema>;

const outgoingList = z
  .array(outgoingMessageSchema)
  .min(1, 'Choose at least one way to send it, or log the status without sending.')
  .max(3)
  .refine((list) => new Set(list.map((m) => m.channel)).size === list.length, {
    message: 'Send each channel once.',
  });

export const sendStatusInputSchema = z.object({
  choice: statusChoiceSchema,
  messages: outgoingList,
});
export type SendStatusInput = z.input<typeof sendStatusInputSchema>;

export const logStatusInputSchema = z.object({
  choice: statusChoiceSchema,
  note: multiLine().max(4000).default(''),
});
export type LogStatusInput = z.input<typeof logStatusInputSchema>;

export const sendOutcomeInputSchema = z.object({
  matterId,
  /** The matter's version when the outcome was composed: sending closes the matter. */
  version: z.number().int().positive(),
  messages: outgoingList,
  /** Why the matter may close while a signed order is still awaited (required then). */
  closeNote: multiLine().max(2000).default(''),
});
export type SendOutcomeInput = z.input<typeof sendOutcomeInputSchema>;

/** A delivery staff act on; the version guards against two people retrying the same failure. */
export const retryDeliveryInputSchema = z.object({
  outboxId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
});

export const resendViaInputSchema = z.object({
  outboxId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
  channel: z.enum(MESSAGE_CHANNELS, { error: 'Choose another way to reach the client.' }),
});

export const saveTemplateInputSchema = z.object({
  statusType: z.enum(MESSAGE_STATUS_TYPES),
  language: z.enum(TEMPLATE_LANGUAGE_CODES),
  /** The version being edited: 0 for the built-in wording. */
  baseVersion: z.number().int().nonnegative(),
  subject: singleLine().min(1, 'Write the subject.').max(300),
  body: multiLine().min(1, 'Write the message.').max(10_000),
  sms: multiLine().min(1, 'Write the text message.').max(1_000),
});
export type SaveTemplateInput = z.input<typeof saveTemplateInputSchema>;

export const followUpSettingsInputSchema = z.object({
  version: z.number().int().nonnegative(),
  enabled: z.boolean(),
  days: z.coerce
    .number({ error: 'Enter a number of days.' })
    .int('Enter whole days.')
    .min(7, 'Wait at least 7 days.')
    .max(365, 'Wait at most 365 days.'),
});
export type FollowUpSettingsInput = z.input<typeof followUpSettingsInputSchema>;

export const DEFAULT_FOLLOW_UP_DAYS = 42;

export const messageIdInputSchema = z.object({ messageId: singleLine().min(1).max(64) });
export const composeOutcomeInputSchema = z.object({ matterId });
