// What a status update tells a client must be true of their matter. Each status type, and each next
// step that speaks of the court, rests on facts the desk holds; a message whose claim the records do
// not back is refused with what to record first. Pure, so the server and the form agree.

import type { Tristate } from './convictions.ts';
import type { County } from './counties.ts';
import type { IsoDate } from './dates.ts';
import {
  type CantProceedReasonId,
  MESSAGE_STATUS_LABELS,
  type MessageStatusType,
  NEXT_STEP_LABELS,
  type NextStepId,
  type StatusChoice,
} from './messages.ts';
import type { Outcome } from './petitions.ts';
import { type Determination, ELIGIBLE_NOW, isAutomaticRemedy, type RemedyId } from './remedies.ts';
import { countUndecided, eligibleLeftUndecidedSentence } from './stage-machine.ts';
import { isOpenStage, STAGE_LABELS, STAGES, type Stage } from './stages.ts';

/** Before the petition goes to the court, while the office is still building the case. */
export const STAGES_BEFORE_FILING: readonly Stage[] = [
  'referral_received',
  'gathering_records',
  'eligibility_review',
];
/** A petition about to be filed, or filed and before the court. */
export const STAGES_BEFORE_COURT: readonly Stage[] = ['petitions_to_file', 'awaiting_decision'];

/**
 * The stages in which each status type's update still says where the matter stands: "in review"
 * ("our team is now reviewing your record… This can take several weeks") only before filing. The
 * status page words an update only in these stages, and an update, staff-sent or automatic, that says
 * "in review" is sent only in them.
 */
export const STATUS_CURRENT_IN: Record<MessageStatusType, readonly Stage[]> = {
  in_review: STAGES_BEFORE_FILING,
  eligible: ['gathering_records', 'eligibility_review', ...STAGES_BEFORE_COURT],
  arrest_sealable: ['gathering_records', 'eligibility_review', ...STAGES_BEFORE_COURT],
  not_eligible: ['eligibility_review', 'not_eligible', 'closed'],
  no_convictions_found: [...STAGES_BEFORE_FILING, 'not_eligible', 'closed'],
  cant_proceed: [...STAGES_BEFORE_FILING, ...STAGES_BEFORE_COURT],
  court_date_set: STAGES_BEFORE_COURT,
  granted: ['awaiting_decision', 'outcome_to_send', 'closed'],
  denied: ['awaiting_decision', 'outcome_to_send', 'closed'],
  transferred: ['referred_out'],
};

export interface StatusFacts {
  stage: Stage;
  convictions: number;
  /** Convictions with no current eligibility decision under any remedy. */
  convictionsUndecided: number;
  /**
   * The current eligibility decision of each conviction and remedy decided (superseded ones left out),
   * with the county of the court that convicted, and whether the conviction already has that relief
   * (recorded from the record, or the court's grant of a petition for it under that remedy): nothing
   * is left to ask the court for (left out: not).
   */
  determinations: readonly {
    determination: Determination;
    county: County;
    remedy?: RemedyId;
    relieved?: boolean;
  }[];
  /** The same for the matter's arrests (PC 851.91 and the other arrest remedies). */
  arrestDeterminations: readonly Determination[];
  /** The remedies an arrest is decided eligible now under, one a decision (left out: none). */
  arrestEligibleRemedies?: readonly RemedyId[];
  /** Arrests recorded with no decision yet (left out: none). */
  arrestsUndecided?: number;
  /**
   * Remedies the rules find eligible now (mandatory or discretionary) for a conviction or arrest
   * that has no current decision under that remedy (left out: none, or the rules could not run).
   */
  eligibleLeftUndecided?: number;
  /** The court's outcome per conviction and per arrest on decided petitions, with the court's county. */
  courtOutcomes: readonly { outcome: Outcome; county: County }[];
  /** Petitions filed with the court and then withdrawn as a whole (left out: none). */
  withdrawnAfterFiling?: number;
  /** Petitions filed and not yet decided, with their hearing or rule-by dates where set. */
  pendingPetitions: readonly { hearingOn: IsoDate | null; county: County }[];
  /**
   * A DOJ RAP sheet (or an updated one) is recorded received or reviewed on the matter: the record
   * itself was looked at. "No convictions found" says the office reviewed it; an empty list of
   * convictions before the RAP sheet arrives says only that nothing was entered yet.
   */
  rapSheetRead: boolean;
  /**
   * The matter was passed on to another office of the desk, which now holds a referral of its own for
   * it (an online application passes on the counties another office serves; staff pass on a matter
   * from its page). A matter only recorded as referred out (a referral recorded by staff or sent by a
   * partner, or a move to "Referred out" by hand) is held by no other office, which therefore will
   * not contact the client. Left out, it was not passed on.
   */
  passedOn?: boolean;
  /**
   * Of a matter passed on: whether the receiving office still works the matter it holds for it (at
   * an open stage). Once it has closed it (say, unable to reach the client), that office will not
   * contact the client. Left out: not known (passed on before the two were linked), taken as working.
   */
  receivingOfficeWorksIt?: boolean;
  /**
   * Whether the person's facts (the eligibility panel's) record them as under supervision (probation,
   * parole, PRCS, mandatory supervision): "yes", "no", or "unknown" (also when never recorded).
   */
  underSupervision: Tristate;
  /** A court docket or minute order is recorded received or reviewed: the court's records were read. */
  courtRecordRead: boolean;
  /**
   * The counties of the person's other open matters with this office that hold something to clear
   * (somethingToClear): "you do not qualify to clear your convictions" and "no convictions we can
   * help you clear" speak of the whole record (a text names no county). Left out: none, or not asked.
   */
  otherMattersToClear?: readonly County[];
  today: IsoDate;
}

/**
 * Whether a matter's records hold something to clear: a conviction or arrest decided eligible now, or
 * a petition before the court.
 */
export function somethingToClear(
  facts: Pick<StatusFacts, 'determinations' | 'arrestDeterminations' | 'pendingPetitions'>,
): boolean {
  return (
    facts.determinations.some((d) => ELIGIBLE_NOW.includes(d.determination)) ||
    facts.arrestDeterminations.some((d) => ELIGIBLE_NOW.includes(d)) ||
    facts.pendingPetitions.length > 0
  );
}

/** Why "not eligible" or "no convictions found" would be untrue of the person's whole record. */
function otherMattersClaim(statusType: 'not_eligible' | 'no_convictions_found', facts: StatusFacts) {
  const counties = [...new Set(facts.otherMattersToClear ?? [])].sort();
  if (counties.length === 0) return null;
  const tells =
    statusType === 'not_eligible'
      ? 'they do not qualify to clear their convictions'
      : 'no convictions were found that our office can help them clear';
  return `This client’s matter in ${counties.join(' and ')} ${counties.length > 1 ? 'counties' : 'County'} has a conviction or arrest decided eligible, or a petition before the court: the message (a text names no county) would tell them ${tells}. Tell them yourself what each county’s review found.`;
}

export interface UnbackedClaim {
  path: 'statusType' | 'cantProceedReason' | 'courtDate' | 'nextSteps';
  message: string;
}

/** What "you do not qualify at this time" is true of: not now, whether or not later. */
const NOT_NOW: readonly Determination[] = ['not_eligible', 'eligible_later'];

/** A status update's claims; a reason why the matter can't proceed is checked when given. */
type Choice = Pick<StatusChoice, 'statusType' | 'courtDate' | 'nextSteps'> &
  Partial<Pick<StatusChoice, 'cantProceedReason'>>;

/**
 * Status types whose message names one court's county: a court date or decision speaks of the court
 * that set or made it, and "eligible" of the court the client may ask (a petition goes to the court
 * that convicted, which may not be the matter's county).
 */
const ONE_COURT_STATUS_TYPES: ReadonlySet<StatusChoice['statusType']> = new Set([
  'court_date_set',
  'granted',
  'denied',
  'eligible',
]);

type CountyFacts = Pick<StatusFacts, 'courtOutcomes' | 'pendingPetitions' | 'determinations'>;

/** Eligible now under a remedy the client asks the court for (not relief the DOJ grants by itself). */
const asksTheCourt = (d: StatusFacts['determinations'][number]): boolean =>
  ELIGIBLE_NOW.includes(d.determination) && !(d.remedy && isAutomaticRemedy(d.remedy)) && !d.relieved;

/** An arrest decided eligible now under a petition to seal (PC 851.91) or to vacate (PC 236.14). */
const arrestAsksTheCourt = (facts: Pick<StatusFacts, 'arrestEligibleRemedies'>): boolean =>
  (facts.arrestEligibleRemedies ?? []).some((remedy) => !isAutomaticRemedy(remedy));

/**
 * The counties a message speaks of: for a court date, the courts of the petitions heard that day; for
 * "granted" or "denied", of the requests the court decided so; for "eligible", of the convictions
 * decided eligible now; for "not eligible", of the convictions decided. Other messages speak of the
 * office's review, in the matter's county.
 */
function countiesSpokenOf(choice: Choice, facts: CountyFacts): County[] {
  const counties = (() => {
    switch (choice.statusType) {
      case 'court_date_set':
        return facts.pendingPetitions.filter((p) => p.hearingOn === choice.courtDate).map((p) => p.county);
      case 'granted':
      case 'denied':
        return facts.courtOutcomes.filter((o) => o.outcome === choice.statusType).map((o) => o.county);
      case 'eligible':
        return facts.determinations.filter(asksTheCourt).map((d) => d.county);
      case 'not_eligible':
        return facts.determinations.map((d) => d.county);
      default:
        return [];
    }
  })();
  return [...new Set(counties)].sort();
}

/**
 * The county a message names when its records point to one (the court's, or the convictions'), or
 * null when the message speaks of the office's review (the caller names the matter's county).
 */
export function namedCountyOf(choice: Choice, facts: CountyFacts): County | null {
  const counties = countiesSpokenOf(choice, facts);
  return counties.length === 1 ? (counties[0] ?? null) : null;
}

/**
 * Stages at which a status type's message is untrue whatever the records hold, because it says what
 * the office will do or did: "eligible" ("our office takes care of the paperwork with the court for you") once
 * the court has decided or the office no longer works the matter; "court date set" ("an attorney from
 * our office will attend the hearing") once the office no longer works it; "not eligible" ("after
 * reviewing your record…") of a matter referred out, whose record the office did not review. (Other
 * types say so themselves: "in review" and "no convictions found" by STATUS_CURRENT_IN, "transferred"
 * only at Referred out; "granted" and "denied" tell the court's decision, true whatever the office did
 * since.) "Can't proceed" ("we need to pause your request") is untrue once the court has decided, the
 * work is done, or the client withdrew; it stays open before then, and at the endings where a pause is
 * what happened: not eligible for now, unable to reach the client, or referred out by hand, where it
 * tells the client to contact us.
 */
const UNTRUE_AT: Partial<
  Record<MessageStatusType, { stages: readonly Stage[]; tells: string; instead?: string }>
> = {
  eligible: {
    stages: ['outcome_to_send', ...STAGES.filter((s) => !isOpenStage(s))],
    tells: 'our office takes care of their paperwork with the court',
  },
  arrest_sealable: {
    stages: ['outcome_to_send', ...STAGES.filter((s) => !isOpenStage(s))],
    tells: 'our office takes care of their paperwork with the court',
  },
  court_date_set: {
    stages: STAGES.filter((s) => !isOpenStage(s)),
    tells: 'an attorney from our office will attend their hearing',
  },
  not_eligible: { stages: ['referred_out'], tells: 'our office reviewed their record' },
  cant_proceed: {
    stages: ['outcome_to_send', 'closed', 'withdrawn'],
    tells: 'their request is only paused',
    instead:
      'Send the outcome message if the court has decided, “Not eligible” with the next step “Apply again later” if they may apply later, or tell the client yourself.',
  },
};

/** Why the status type's message would not be true, or null when the records back it. */
function statusClaim(choice: Choice, facts: StatusFacts): string | null {
  const claim = recordsClaim(choice, facts);
  const untrue = UNTRUE_AT[choice.statusType];
  if (claim || !untrue?.stages.includes(facts.stage)) return claim;
  const label = MESSAGE_STATUS_LABELS[choice.statusType];
  const article = /^[AEIOU]/i.test(label) ? 'an' : 'a';
  return `This matter is at “${STAGE_LABELS[facts.stage]}”: ${article} “${label}” message would tell the client ${untrue.tells}. ${untrue.instead ?? 'Choose a status true at this stage, or tell the client yourself.'}`;
}

/**
 * What is before the court: a petition still to decide (`waiting`); nothing, the court having decided
 * (`decided`: granted or denied); or nothing at all (`nothing`: none filed, or each withdrawn). A matter
 * stays at "Awaiting court decision" after the court rules until staff move it on; what it tells the
 * client must follow the court, not the stage.
 */
export function courtStanding(
  facts: Pick<StatusFacts, 'pendingPetitions' | 'courtOutcomes'>,
): 'waiting' | 'decided' | 'nothing' {
  if (facts.pendingPetitions.length > 0) return 'waiting';
  return facts.courtOutcomes.some((o) => o.outcome === 'granted' || o.outcome === 'denied')
    ? 'decided'
    : 'nothing';
}

/** At "Awaiting court decision" with every petition decided: the court is done, whatever the stage says. */
const courtHasDecided = (facts: StatusFacts) =>
  facts.stage === 'awaiting_decision' && courtStanding(facts) === 'decided';

/** Why the records do not back the status type's message, or null when they do. */
function recordsClaim(choice: Choice, facts: StatusFacts): string | null {
  const outcomes = facts.courtOutcomes.map((o) => o.outcome);
  const counties = countiesSpokenOf(choice, facts);
  if (ONE_COURT_STATUS_TYPES.has(choice.statusType) && counties.length > 1)
    return choice.statusType === 'eligible'
      ? `Convictions in ${counties.join(' and ')} counties are decided eligible, and the message names one county's court: tell the client yourself which courts their petitions go to.`
      : `The courts of ${counties.join(' and ')} counties are concerned, and the message names one court: send the outcome message, which names each court, or tell the client yourself.`;
  const determinations = facts.determinations.map((d) => d.determination);
  switch (choice.statusType) {
    case 'in_review':
      if (STATUS_CURRENT_IN.in_review.includes(facts.stage)) return null;
      return isOpenStage(facts.stage)
        ? `This matter is at “${STAGE_LABELS[facts.stage]}”, past the review: an “in review” message would tell the client the office is still reviewing their record. Choose a status true at this stage.`
        : 'This matter is closed: an “in review” message would tell the client work is still going on.';
    case 'eligible':
      if (courtHasDecided(facts))
        return 'The court has decided every petition before it: an “eligible” message would tell the client our office takes care of their paperwork with the court. Move the matter to “Outcome to send” and send the outcome message.';
      // The message speaks of convictions: an arrest to seal alone does not back it. It says the
      // client may ask the court and our office files the paperwork: relief the DOJ grants by itself
      // (PC 1203.425) alone does not back it either.
      if (facts.determinations.some(asksTheCourt)) return null;
      // Eligible now, none asking the court: each cleared already, or some granted by the DOJ alone.
      if (
        facts.determinations.some((d) => ELIGIBLE_NOW.includes(d.determination)) &&
        facts.determinations.every((d) => !ELIGIBLE_NOW.includes(d.determination) || d.relieved)
      )
        return 'Every conviction decided eligible already has that relief (the court granted it, or the record shows it granted): an “eligible” message would tell the client our office will ask the court for it. Tell the client yourself what is cleared, or decide what is left to ask for first.';
      if (facts.determinations.some((d) => ELIGIBLE_NOW.includes(d.determination)))
        return 'Only automatic relief (PC 1203.425) is decided eligible: the DOJ grants it without a petition, and an “eligible” message would tell the client to ask the court and that our office files the paperwork. Tell the client yourself (a call, logged as a status given), or decide the remedies a petition asks for first.';
      return arrestAsksTheCourt(facts)
        ? `No conviction is decided eligible, and the message speaks of convictions: an arrest is, so send “${MESSAGE_STATUS_LABELS.arrest_sealable}”.`
        : 'No conviction has an eligibility decision of “eligible” yet: an attorney records it before the client is told.';
    case 'arrest_sealable':
      if (courtHasDecided(facts))
        return `The court has decided every petition before it: an “${MESSAGE_STATUS_LABELS.arrest_sealable}” message would tell the client our office takes care of their paperwork with the court. Move the matter to “Outcome to send” and send the outcome message.`;
      // It says the client may ask the court to seal an arrest: automatic arrest relief (PC 851.93),
      // which the DOJ grants by itself, does not back it.
      if (arrestAsksTheCourt(facts)) return null;
      return (facts.arrestEligibleRemedies ?? []).length > 0
        ? `Only automatic arrest relief (PC 851.93) is decided eligible: the DOJ grants it without a petition, and an “${MESSAGE_STATUS_LABELS.arrest_sealable}” message would tell the client to ask the court and that our office files the paperwork. Tell the client yourself (a call, logged as a status given), or decide sealing by petition (PC 851.91) first.`
        : 'No arrest still to seal is decided eligible for sealing: an attorney records the decision (Arrests, on the matter) before the client is told. An arrest removed from the matter, or already sealed (its relief recorded, or the court’s grant), backs nothing.';
    case 'not_eligible':
      // What is decided eligible comes first: then "not eligible" is untrue, whatever else is undecided.
      if (determinations.some((d) => ELIGIBLE_NOW.includes(d)))
        return 'A conviction is decided eligible: the client would be told they do not qualify.';
      if (facts.arrestDeterminations.some((d) => ELIGIBLE_NOW.includes(d)))
        return 'An arrest is decided eligible for relief: the client would be told they cannot clear their record.';
      if (determinations.length === 0)
        return facts.arrestDeterminations.length > 0
          ? 'No conviction has an eligibility decision (only arrests are decided), and the message tells the client they cannot clear their convictions: tell them yourself what was decided about their arrests.'
          : 'No eligibility decision is recorded yet: an attorney records them before the client is told.';
      if (determinations.includes('needs_more_info'))
        return 'A conviction still needs more information: decide it before the client is told they do not qualify.';
      if (determinations.includes('already_relieved'))
        return 'A conviction has already been cleared: the message would tell the client they cannot clear their convictions. Tell them yourself what is cleared and what is not.';
      if (facts.convictionsUndecided > 0)
        return `${countUndecided(facts.convictionsUndecided, 'conviction')} no eligibility decision yet: decide every conviction before the client is told they do not qualify.`;
      if (!determinations.every((d) => NOT_NOW.includes(d)))
        return 'Not every conviction is decided “not eligible” or “eligible later”.';
      // The text message says "you do not qualify to clear it", of the whole record: arrests too, as
      // the move to "Not eligible" asks.
      if ((facts.arrestsUndecided ?? 0) > 0)
        return `${countUndecided(facts.arrestsUndecided ?? 0, 'arrest')} no decision yet (it may be sealed): decide every arrest before the client is told they cannot clear their record.`;
      if (facts.arrestDeterminations.includes('needs_more_info'))
        return 'An arrest still needs more information: decide it before the client is told they cannot clear their record.';
      if (facts.arrestDeterminations.includes('already_relieved'))
        return 'An arrest has already been sealed: the message would tell the client they cannot clear their record. Tell them yourself what is cleared and what is not.';
      if ((facts.eligibleLeftUndecided ?? 0) > 0)
        return `${eligibleLeftUndecidedSentence(facts.eligibleLeftUndecided ?? 0)} before the client is told they do not qualify.`;
      return otherMattersClaim('not_eligible', facts);
    case 'no_convictions_found':
      // "We reviewed your record … and did not find any convictions": true only of a record read.
      if (facts.convictions > 0)
        return 'Convictions are recorded on this matter: the message would say none were found.';
      // True of convictions, but it leaves the client thinking there is nothing to clear.
      if (facts.arrestDeterminations.some((d) => ELIGIBLE_NOW.includes(d)))
        return arrestAsksTheCourt(facts)
          ? `An arrest is decided eligible for relief (sealing): a “no convictions found” message would leave the client thinking there is nothing to clear. Send “${MESSAGE_STATUS_LABELS.arrest_sealable}”.`
          : 'An arrest is decided eligible for relief (sealing): a “no convictions found” message would leave the client thinking there is nothing to clear. Tell them yourself what can be sealed (a call, logged as a status given).';
      if (!STATUS_CURRENT_IN.no_convictions_found.includes(facts.stage))
        return facts.stage === 'referred_out'
          ? `This matter is at “${STAGE_LABELS.referred_out}”: our office did not review the record, and a “no convictions found” message would tell the client we did. Pass it on to the office serving its county and send “transferred”, or tell the client yourself.`
          : `This matter is at “${STAGE_LABELS[facts.stage]}”: a “no convictions found” message would tell the client we reviewed their record and found nothing to clear. Choose a status true at this stage.`;
      return facts.rapSheetRead
        ? otherMattersClaim('no_convictions_found', facts)
        : 'No RAP sheet is recorded as received on this matter: a “no convictions found” message would tell the client we reviewed their record and found nothing to clear. Once the DOJ RAP sheet arrives and has been read, mark it “Received” or “Reviewed” under Documents, then send this update.';
    case 'court_date_set': {
      const date = choice.courtDate;
      if (!date) return null; // the schema asks for the date itself
      if (date < facts.today)
        return 'That date has passed: the message would announce a hearing in the past.';
      return facts.pendingPetitions.some((p) => p.hearingOn === date)
        ? null
        : 'No filed petition has a hearing on that day: record the hearing on the petition first.';
    }
    // "The court granted your petition" (or denied it) is untrue of a petition the court split, put
    // off or saw withdrawn in part, and of a matter with another petition still before the court.
    case 'granted':
    case 'denied':
      return decisionClaim(choice.statusType, outcomes, facts);
    case 'transferred':
      if (facts.stage !== 'referred_out')
        return 'This matter has not been referred to another office: move it to “Referred out” first.';
      // "That office will contact you": true only when another office holds the matter, and works it.
      if (facts.passedOn && facts.receivingOfficeWorksIt === false)
        return 'We cannot tell that the office this matter was passed on to will contact the client: a “transferred” message would tell them it will. Call the client, or ask that office.';
      return facts.passedOn
        ? null
        : 'This matter has not been passed on to another office, so no office will contact the client: a “transferred” message would tell them one will. Pass it on from the matter’s Stage panel when another office of the desk serves its county, or tell the client yourself whom to contact, such as the public defender of their county, by a phone call or a “Can’t proceed” update.';
    case 'cant_proceed':
      if (courtHasDecided(facts))
        return 'The court has decided every petition before it: a “can’t proceed” message would tell the client their request is only paused. Move the matter to “Outcome to send” and send the outcome message.';
      // Another office holds it now: "contact us, we cannot move forward" would send them back here.
      if (facts.stage === 'referred_out' && facts.passedOn)
        return 'This matter was passed on to another office, which holds it now: a “can’t proceed” message would tell the client to contact us to move forward. Send “transferred”, or tell the client yourself.';
      return null;
  }
}

/**
 * Why "granted" (or "denied") would not be true: "the court granted your petition" speaks of every
 * request before the court, so each recorded outcome must be that decision and no petition may be
 * still before the court.
 */
function decisionClaim(
  decision: 'granted' | 'denied',
  outcomes: readonly Outcome[],
  facts: Pick<StatusFacts, 'pendingPetitions' | 'withdrawnAfterFiling'>,
): string | null {
  const other = decision === 'granted' ? 'denied' : 'granted';
  if (!outcomes.includes(decision))
    return `No conviction or arrest has a court outcome of “${decision}”: record the outcome on the petition first.`;
  if (outcomes.includes(other))
    return `The court also ${other} a request: a “${decision}” message would leave that out. Send the outcome message, which goes through each request.`;
  if (outcomes.includes('continued'))
    return `The court continued (postponed) a request: a “${decision}” message would tell the client the court decided their petition. Record the outcome once the court rules, then send the outcome message, which goes through each request; until then tell the client yourself.`;
  if (outcomes.includes('withdrawn'))
    return `A request was withdrawn: a “${decision}” message would tell the client the court ${decision} their petition and leave that out. Send the outcome message, which goes through each request.`;
  if ((facts.withdrawnAfterFiling ?? 0) > 0)
    return `A petition filed with the court was withdrawn: a “${decision}” message would tell the client the court ${decision} their petition and leave that out. Send the outcome message, which goes through each request the court decided, and tell the client yourself about the petition withdrawn.`;
  if (facts.pendingPetitions.length > 0)
    return `Another petition is still before the court: a “${decision}” message would tell the client the court ${decision} their petition. Once the court has decided every petition, send the outcome message, which goes through each request; until then tell the client yourself.`;
  return null;
}

/**
 * Next steps that promise something about the court: the client must have a petition before it, and
 * the office must still work the matter, since each step says what the office will do ("we will tell
 * you the date", "an attorney from our office will go for you").
 */
const COURT_STEPS: Partial<Record<NextStepId, (facts: StatusFacts) => string | null>> = {
  // "Wait for the court to set a hearing date": not when the court has set one (or a day it rules by)
  // for every petition before it.
  wait_for_court_date: (facts) => {
    if (!isOpenStage(facts.stage)) return officeGoneStep('wait_for_court_date', facts.stage);
    if (facts.pendingPetitions.length === 0)
      return facts.stage === 'petitions_to_file'
        ? null
        : '“Wait for a court date” needs a petition filed or about to be: none is.';
    return facts.pendingPetitions.some((p) => p.hearingOn === null)
      ? null
      : '“Wait for a court date” would tell the client the court has not set a date, and it has one for every petition before it: send “court date set” with the date, or choose another step.';
  },
  wait_for_decision: (facts) => {
    if (!isOpenStage(facts.stage)) return officeGoneStep('wait_for_decision', facts.stage);
    return facts.pendingPetitions.length > 0
      ? null
      : '“Wait for the court’s decision” needs a petition filed and not yet decided: none is.';
  },
};

function officeGoneStep(step: NextStepId, stage: Stage): string {
  return `This matter is at “${STAGE_LABELS[stage]}”, and our office no longer works it: “${NEXT_STEP_LABELS[step]}” would tell the client we will follow their petition in court. Tell the client yourself what happens now.`;
}

/** Every claim of the chosen status and next steps that the matter's records do not back. */
export function unbackedStatusClaims(choice: Choice, facts: StatusFacts): UnbackedClaim[] {
  const problems: UnbackedClaim[] = [];
  const status = statusClaim(choice, facts);
  if (status)
    problems.push({
      path: choice.statusType === 'court_date_set' ? 'courtDate' : 'statusType',
      message: status,
    });
  if (choice.statusType === 'cant_proceed') {
    const reason = cantProceedReasonClaim(choice.cantProceedReason ?? null, facts);
    if (reason) problems.push({ path: 'cantProceedReason', message: reason });
  }
  for (const step of choice.nextSteps) {
    const problem = COURT_STEPS[step]?.(facts);
    if (problem) problems.push({ path: 'nextSteps', message: problem });
  }
  return problems;
}

/**
 * Reasons that state a fact about the person or the court's records ("You are still on probation or under other supervision",
 * "The court's records show … still owed"): the desk must hold it. Needing more information, or
 * another reason staff explain, claims nothing of the records.
 */
function cantProceedReasonClaim(reason: CantProceedReasonId | null, facts: StatusFacts): string | null {
  if (reason === 'on_probation' && facts.underSupervision !== 'yes')
    return facts.underSupervision === 'no'
      ? 'The person’s facts say they are not on probation or other supervision: “You are still on probation or under other supervision” would be untrue. Correct the person’s facts if they are, or choose another reason.'
      : 'The person’s facts do not record them as on probation or other supervision: “You are still on probation or under other supervision” would rest on nothing the desk holds. Record it in the person’s facts (Eligibility), or choose another reason.';
  if ((reason === 'fees_owed' || reason === 'victim_restitution') && !facts.courtRecordRead)
    return `No court docket or minute order is recorded received on this matter: “The court’s records show ${reason === 'fees_owed' ? 'fines, fees or other amounts' : 'victim restitution'} still owed” would rest on nothing the desk holds. Record the court’s records under Documents once they arrive, or choose another reason.`;
  return null;
}
