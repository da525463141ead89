// The shape of one language's client-facing wording, so English and Spanish cannot drift apart:
// a missing sentence in either is a type error.
import type { CantProceedReason, ConvictionOutcome, NextStep, StatusType } from './catalog.ts';

export interface StatusWording {
  subject: string;
  body: string;
  sms: string;
}

export interface OutcomeWording {
  subject: string;
  /** Opening paragraphs before the per-conviction list; may use the status placeholders. */
  intro: string;
  decision: Record<ConvictionOutcome, string>;
  meaning: Record<ConvictionOutcome, string>;
  /** Used for a continued conviction when the new hearing date is known; {hearingDate} is filled in. */
  continuedTo: string;
  ordersAttached: string;
  ordersEnclosed: string;
  keepOrdersSafe: string;
  closing: string;
  sms: string;
}

export interface LanguagePack {
  status: Record<StatusType, StatusWording>;
  cantProceedReasons: Record<CantProceedReason, string>;
  /** `full` for e-mail and letters, `short` for text messages. */
  nextSteps: Record<NextStep, { full: string; short: string }>;
  nextStepsHeading: string;
  smsNextStepsPrefix: string;
  emailSignature: string;
  outcome: OutcomeWording;
  /** Ends a shortened text message; {officePhone} is filled in when known. */
  smsCallOffice: string;
  smsCallOfficeNoPhone: string;
  letterClosing: string;
  letterEnclosures: string;
  months: readonly string[];
  formatDate: (day: number, month: string, year: number) => string;
}
