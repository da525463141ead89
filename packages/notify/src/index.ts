// @relief-desk/notify: client updates as text (templates, outcomes, SMS shaping), their delivery
// (SMTP e-mail, an HTTP SMS provider) with retry timing, and printed letters as PDF. No database here.

export {
  createEmailSender,
  type EmailAttachment,
  type EmailMessage,
  type EmailSender,
  type EmailSenderOptions,
  messageIdFor,
} from './email/sender.ts';
export { parseSmtpUrl, type SmtpConfig } from './email/smtp-url.ts';
export * from './errors.ts';
export { type LetterField, UnprintableLetterError } from './letters/fonts.ts';
export type { Letter, LetterOffice } from './letters/letter.ts';
export {
  type LetterPrintCheck,
  letterPrintCheck,
  renderLetterPdf,
  renderMailingRunPdf,
} from './letters/render-letter-pdf.ts';
export { MAX_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_MS } from './retry.ts';
export {
  renderSignedOrderCopy,
  SIGNED_ORDER_COPY_TEMPLATE_ID,
  SIGNED_ORDER_COPY_TEMPLATE_VERSION,
  type SignedOrderCopy,
  type SignedOrderCopyInput,
} from './signed-order-copy.ts';
export {
  measureSms,
  type SmsEncoding,
  type SmsMeasure,
  smsEncodingOf,
  splitSmsSegments,
} from './sms/encoding.ts';
export {
  createSmsSender,
  type SmsMessage,
  type SmsSender,
  type SmsSenderOptions,
  toE164,
} from './sms/sender.ts';
export {
  DEFAULT_MAX_SMS_SEGMENTS,
  type ShapedSms,
  type ShapeSmsOptions,
  shapeSms,
  stripUrls,
} from './sms/shape.ts';
export * from './templates/catalog.ts';
export {
  contactKindOf,
  contactValues,
  type OfficeContact,
  type OfficeContactKind,
} from './templates/contact.ts';
export {
  DEFAULT_TEMPLATE_VERSION,
  DEFAULT_TEMPLATES,
  defaultTemplate,
} from './templates/default-templates.ts';
export { formatClientDate, resolveLanguage } from './templates/languages.ts';
export { validateTemplate } from './templates/placeholders.ts';
export {
  type ConvictionOutcomeInput,
  OUTCOME_TEMPLATE_ID,
  OUTCOME_TEMPLATE_VERSION,
  type OutcomeMessageInput,
  renderOutcomeMessage,
  type SignedOrderFacts,
} from './templates/render-outcome.ts';
export {
  nextStepSentence,
  renderStatusMessage,
  type StatusMessageInput,
  type TransferFacts,
} from './templates/render-status.ts';
