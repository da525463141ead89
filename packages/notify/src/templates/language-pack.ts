// The shape of one language's client-facing wording, so English and Spanish cannot drift apart:
// a missing sentence in either is a type error.
import type { RemedyId, Role } from '@relief-desk/domain';
import type { CantProceedReason, ConvictionOutcome, NextStep, StatusType } from './catalog.ts';

export interface StatusWording {
  subject: string;
  body: string;
  sms: string;
}

export interface OutcomeWording {
  /** For one request to the court, and for several (as the intro counts them). */
  subject: string;
  subjectMany: string;
  /** Opening paragraphs before the list, for one request to the court and for several. */
  introOne: string;
  introMany: string;
  /**
   * How a conviction is named: code, section and court case, as the court's order names it, and the
   * day of the conviction (already in the client's words) when known, so two convictions of one
   * section in one case are told apart.
   */
  conviction: (code: string, section: string, caseNumber: string, convictedOn: string | null) => string;
  /** After a name still shared by several requests (counts of one day): which of them, "1 of 2". */
  nthOf: (n: number, of: number) => string;
  /** How an arrest is named: code, section and the arrest's date (already in the client's words). */
  arrest: (code: string, section: string, arrestDate: string) => string;
  /** The county whose court ruled, after the conviction or arrest ("Alameda County"). */
  inCounty: (county: string) => string;
  /** What the petition asked for, with the remedy's name below. */
  request: (remedy: string) => string;
  /** Each remedy as a client reads it, with the law it rests on. */
  remedies: Record<RemedyId, string>;
  decision: Record<ConvictionOutcome, string>;
  /** What the decision means, for a conviction and for an arrest. */
  meaning: Record<ConvictionOutcome, string>;
  arrestMeaning: Record<ConvictionOutcome, string>;
  /** Used for a continued conviction when the new hearing date is known; {hearingDate} is filled in. */
  continuedTo: string;
  /**
   * What the message says about the court's signed orders. Each sentence is a claim about what goes
   * with this very message, so the renderer picks one from the facts (see render-outcome.ts).
   */
  orders: {
    attachedOne: string;
    /** {count} is filled in. */
    attachedMany: string;
    enclosedOne: string;
    enclosedMany: string;
    /** No order on file, and the office has asked for it. */
    awaited: string;
    /** No order on file, and the office has asked for {count} (two or more). */
    awaitedMany: string;
    /** Orders go with the message, and the office has asked for another one still. */
    awaitedMore: string;
    /** Orders go with the message, and the office has asked for {count} more (two or more). */
    awaitedMoreMany: string;
    /** No order on file, and none is being asked for. */
    notOnFile: string;
    keepSafeOne: string;
    keepSafeMany: string;
  };
  closing: string;
  /** For one request to the court, and for several. */
  sms: string;
  smsMany: string;
}

export interface LanguagePack {
  status: Record<StatusType, StatusWording>;
  /**
   * The "granted" status update's sentence on the court's signed order, {signedOrder} in its template:
   * the renderer picks it from the facts (a status update carries no files), as the outcome does.
   */
  grantedOrder: {
    /** The office has asked the court for a signed order it does not hold yet. */
    awaited: string;
    /** No order is being asked for (on file or not): the client asks the office for a copy. */
    onRequest: string;
    /** Text messages: the awaited order only; otherwise nothing is said of it. */
    smsAwaited: string;
    /** As `awaited` and `smsAwaited`, when several orders are awaited (several petitions granted). */
    awaitedSeveral: string;
    smsAwaitedSeveral: string;
  };
  /**
   * The "transferred" update's sentences, {transfer} in its template: the renderer picks them from
   * the matter's records. One matter (one county) went to another office; the client's other open
   * matters with this office stay here, and are named, so the client is never told their whole
   * request moved when part of it did not. {county} is the county that moved, {receivingOffice} the
   * office it went to, {counties} those that stay (a list in the language's words).
   */
  transfer: {
    /** The office it went to is recorded. */
    passedOn: string;
    /** The office it went to is not recorded (or no longer known). */
    passedOnUnnamed: string;
    /** One other county's request stays with this office; and several. */
    staysOne: string;
    staysMany: string;
    /** The same, for text messages. */
    smsPassedOn: string;
    smsPassedOnUnnamed: string;
    smsStaysOne: string;
    smsStaysMany: string;
    /** "Fresno and Tulare", "Fresno e Imperial": the counties as a list. */
    list: (names: readonly string[]) => string;
  };
  cantProceedReasons: Record<CantProceedReason, string>;
  /** `full` for e-mail and letters, `short` for text messages. */
  nextSteps: Record<NextStep, { full: string; short: string }>;
  /**
   * Next steps as a "court date set" update gives them: it has just said the hearing is set and that
   * an attorney from the office attends, so a step says only what is left, not "if the court holds a
   * hearing" nor who goes a second time.
   */
  hearingSetSteps: Partial<Record<NextStep, { full: string; short: string }>>;
  nextStepsHeading: string;
  /**
   * How to reach the office (contact.ts), by the details it has: a phrase that follows "please" or
   * "If you have questions,", taking a capital where it starts a sentence. Without either detail it
   * names the office and invents none.
   */
  reachUs: { both: string; phone: string; email: string; neither: string };
  smsNextStepsPrefix: string;
  emailSignature: string;
  outcome: OutcomeWording;
  /** Ends a shortened text message; {officePhone} is filled in when known. */
  smsCallOffice: string;
  smsCallOfficeNoPhone: string;
  letterClosing: string;
  /** The signer's title under a letter's signature. */
  signerTitles: Record<Role, string>;
  letterEnclosures: string;
  months: readonly string[];
  formatDate: (day: number, month: string, year: number) => string;
}
