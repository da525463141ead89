// The stage machine as data plus pure functions: which moves staff may make, why a move is refused,
// and which move recent events suggest. Staff always move stages themselves.
import { z } from 'zod';
import { ELIGIBLE_NOW } from './remedies.ts';
import { can, type Permission, type Role } from './roles.ts';
import { isOpenStage, STAGE_LABELS, STAGES, type Stage } from './stages.ts';
import type { StatusFacts } from './status-claims.ts';
import { multiLine, singleLine } from './text.ts';

export const STAGE_MOVES: Record<Stage, readonly Stage[]> = {
  referral_received: [
    'gathering_records',
    'eligibility_review',
    'referred_out',
    'withdrawn',
    'unable_to_reach',
  ],
  gathering_records: [
    'eligibility_review',
    'referral_received',
    'referred_out',
    'withdrawn',
    'unable_to_reach',
  ],
  eligibility_review: [
    'petitions_to_file',
    'not_eligible',
    'gathering_records',
    'withdrawn',
    'unable_to_reach',
  ],
  petitions_to_file: ['awaiting_decision', 'eligibility_review', 'withdrawn', 'unable_to_reach'],
  awaiting_decision: ['outcome_to_send', 'petitions_to_file', 'withdrawn'],
  outcome_to_send: ['closed', 'awaiting_decision'],
  closed: ['eligibility_review'],
  not_eligible: ['eligibility_review', 'closed'],
  referred_out: ['referral_received'],
  withdrawn: ['referral_received'],
  unable_to_reach: ['gathering_records', 'closed'],
};

/**
 * The moves whose checks read the matter's criminal history, so that their refusals (and their
 * success) tell it: "Not eligible" rests on the eligibility decisions of its convictions and arrests;
 * "Awaiting decision" on a filed petition; "Outcome to send", and closing from it, on the court's
 * rulings on its petitions. They need the RAP sheet permission.
 */
export function moveReadsCriminalHistory(from: Stage, to: Stage): boolean {
  return (
    to === 'not_eligible' ||
    to === 'awaiting_decision' ||
    to === 'outcome_to_send' ||
    (from === 'outcome_to_send' && to === 'closed')
  );
}

/** Stages a matter is at because of its record or the court's rulings. */
const RECORD_STAGES: ReadonlySet<Stage> = new Set(['not_eligible', 'awaiting_decision', 'outcome_to_send']);

/**
 * Whether the note written with a move is criminal history, withheld without the RAP sheet
 * permission: a move that rests on the record, or one that leaves a stage the record put the matter
 * in ("the court denied it", "a new conviction came to light").
 */
export function moveNoteTellsCriminalHistory(from: Stage, to: Stage): boolean {
  return moveReadsCriminalHistory(from, to) || RECORD_STAGES.has(from);
}

/**
 * The moves from `from` offered to this person, on a matter's page and in the queue's bulk bar: the
 * server refuses the others. "Not eligible" is an eligibility decision, for those who may decide
 * eligibility; a move that reads the criminal history, for those who may see it.
 */
export function movesOffered(user: { role: Role; canViewRapSheets: boolean }, from: Stage): Stage[] {
  return STAGE_MOVES[from].filter((to) => {
    const needs = moveNeedsPermission(to);
    return (
      (!needs || can(user.role, needs)) && (user.canViewRapSheets || !moveReadsCriminalHistory(from, to))
    );
  });
}

/**
 * The permission a move into `to` needs beyond working matters, or null: concluding that a matter is
 * not eligible is an eligibility decision, for those who may decide eligibility (attorneys,
 * supervisors), as recording the decisions is.
 */
export function moveNeedsPermission(to: Stage): Permission | null {
  return to === 'not_eligible' ? 'decideEligibility' : null;
}

/** What the stage machine needs to know about a matter's petitions. */
export interface StageFacts {
  petitionsFiled: number;
  /** Petitions the court has still to rule on: not decided yet, or decided with a hearing continued. */
  petitionsUndecided: number;
  /** Petitions the court has ruled on: decided, with no hearing continued. */
  petitionsDecided: number;
  /** Petitions withdrawn before the court ruled. */
  petitionsWithdrawn: number;
  /** Signed orders the office has asked the court for and not received. */
  signedOrdersAwaited: number;
}

export type MoveCheck = { ok: true } | { ok: false; reason: string };

/**
 * `note` is what staff wrote with the move: some moves need a reason. `outcomeSent`: the move is the
 * one sending the court's outcome makes (Compose outcome), which tells the client in the same step.
 */
export function checkStageMove(
  from: Stage,
  to: Stage,
  facts: StageFacts,
  note = '',
  { outcomeSent = false } = {},
): MoveCheck {
  if (from === to) return { ok: false, reason: `The matter is already in “${STAGE_LABELS[to]}”.` };
  if (!STAGE_MOVES[from].includes(to)) {
    const allowed = STAGE_MOVES[from].map((s) => `“${STAGE_LABELS[s]}”`).join(', ');
    return {
      ok: false,
      reason: `A matter in “${STAGE_LABELS[from]}” cannot move to “${STAGE_LABELS[to]}”. It can move to ${allowed}.`,
    };
  }
  if (to === 'awaiting_decision' && facts.petitionsFiled === 0)
    return {
      ok: false,
      reason: 'Record at least one filed petition before waiting for the court’s decision.',
    };
  // Closing from "Outcome to send" says the court has ruled: an outcome changed to "continued" after
  // the matter got there must send it back to wait, not let it close.
  const claimsRuled = to === 'outcome_to_send' || (from === 'outcome_to_send' && to === 'closed');
  if (claimsRuled && facts.petitionsUndecided > 0)
    return {
      ok: false,
      reason: `${facts.petitionsUndecided} petition(s) are still waiting for the court (no outcome yet, or a hearing continued): record their outcomes first${to === 'closed' ? `, or move the matter back to “${STAGE_LABELS.awaiting_decision}”` : ''}.`,
    };
  if (to === 'outcome_to_send') {
    const nothing = nothingDecidedProblem(facts, from);
    if (nothing) return { ok: false, reason: nothing };
  }
  // Closing from "Outcome to send" is where the client learns the court's decision: by the outcome
  // message, or, closed by hand, in a way staff say (a call, a visit). A plain move would leave the
  // client untold, and counted on the dashboard as told.
  if (from === 'outcome_to_send' && to === 'closed' && !outcomeSent && note.trim() === '')
    return {
      ok: false,
      reason:
        'The court’s decision goes to the client with “Compose outcome”, which closes the matter. To close it without that message, say in the note how the client was told (for example, by phone, and when).',
    };
  // A closed matter leaves the queues: an order still to come would be forgotten unless someone says why.
  if (!isOpenStage(to) && isOpenStage(from) && facts.signedOrdersAwaited > 0 && note.trim() === '')
    return {
      ok: false,
      reason:
        'A signed order is still awaited from the court: wait until it arrives, or say in the note why the matter can close now.',
    };
  return { ok: true };
}

/**
 * Whether checkStageMove refuses this move without a note and allows it with one: only the note's rules
 * decide (the petitions taken as every other check would pass); one of them turns on the signed orders
 * still awaited from the court, the matter's own count. The matter page marks the note "required".
 */
export function moveNeedsNote(from: Stage, to: Stage, signedOrdersAwaited: number): boolean {
  const facts: StageFacts = {
    petitionsFiled: 1,
    petitionsUndecided: 0,
    petitionsDecided: 1,
    petitionsWithdrawn: 0,
    signedOrdersAwaited,
  };
  return !checkStageMove(from, to, facts, '').ok && checkStageMove(from, to, facts, 'A note').ok;
}

/**
 * Why there is no court outcome to send, or null: "Outcome to send" and its one action (Compose
 * outcome) need a petition the court ruled on. A matter whose only petition was withdrawn has none,
 * and must not be left at a stage whose one action cannot be done: the reason says what to do
 * instead from where the matter is (`at`).
 */
export function nothingDecidedProblem(facts: StageFacts, at: Stage): string | null {
  if (facts.petitionsDecided > 0 || facts.petitionsUndecided > 0) return null;
  const why =
    facts.petitionsWithdrawn === 0
      ? 'no petition is recorded on this matter'
      : facts.petitionsWithdrawn === 1
        ? 'its only petition was withdrawn'
        : `all ${facts.petitionsWithdrawn} of its petitions were withdrawn`;
  const onward = `“${STAGE_LABELS.petitions_to_file}” to file again, or to “${STAGE_LABELS.withdrawn}” if the client’s request ends here`;
  // From "Outcome to send" the way back to wait for the court needs a filed petition: none is.
  const next =
    at === 'outcome_to_send'
      ? `close the matter, saying in the note how the client was told`
      : `move the matter to ${onward}`;
  return `The court has decided no petition of this matter, so there is no outcome to send: ${why}. Tell the client where things stand with a status update instead, and ${next}.`;
}

/** What concluding a matter "Not eligible" rests on: its convictions' and arrests' current decisions. */
export type ConclusionFacts = Pick<
  StatusFacts,
  | 'convictionsUndecided'
  | 'determinations'
  | 'arrestDeterminations'
  | 'arrestEligibleRemedies'
  | 'eligibleLeftUndecided'
> & {
  /** Arrests on the matter (not removed) with no relief decision. */
  arrestsUndecided: number;
};

/** "1 conviction has", "2 convictions have". */
export function countUndecided(count: number, what: 'conviction' | 'arrest'): string {
  return count === 1 ? `1 ${what} has` : `${count} ${what}s have`;
}

/**
 * "A remedy the rules find eligible now has no decision", "2 remedies … have": a conviction decided
 * under one remedy (PC 17(b) not eligible, say) may still qualify under another the rules find.
 */
export function eligibleLeftUndecidedSentence(count: number): string {
  return `${count === 1 ? 'A remedy the rules find eligible now has' : `${count} remedies the rules find eligible now have`} no decision: accept ${count === 1 ? 'it' : 'each'} or record why it does not apply (Eligibility)`;
}

/**
 * Why the matter's decisions do not back concluding it "Not eligible", or null. A matter with no
 * conviction and no arrest decided (none found on the record) may be concluded so: there is nothing
 * to clear.
 */
export function notEligibleProblem(facts: ConclusionFacts): string | null {
  const all = [...facts.determinations.map((d) => d.determination), ...facts.arrestDeterminations];
  if (all.some((d) => ELIGIBLE_NOW.includes(d)))
    return `A conviction or arrest is decided eligible: move the matter to “${STAGE_LABELS.petitions_to_file}”, or record a new decision first.`;
  if (all.includes('needs_more_info'))
    return 'A conviction or arrest still needs more information: decide it before concluding that the matter is not eligible.';
  if (facts.convictionsUndecided > 0)
    return `${countUndecided(facts.convictionsUndecided, 'conviction')} no eligibility decision yet: decide every conviction before concluding that the matter is not eligible.`;
  if (facts.arrestsUndecided > 0)
    return `${countUndecided(facts.arrestsUndecided, 'arrest')} no relief decision yet: decide every arrest before concluding that the matter is not eligible.`;
  if ((facts.eligibleLeftUndecided ?? 0) > 0)
    return `${eligibleLeftUndecidedSentence(facts.eligibleLeftUndecided ?? 0)} before concluding that the matter is not eligible.`;
  return null;
}

/**
 * Why a conviction or arrest cannot be added to a matter at this stage, or null. A matter concluded
 * or set aside (not eligible, closed, withdrawn, unable to reach, referred out) holds a conclusion
 * about the records it had: "Not eligible" says every one is decided. A record found later is added
 * once the matter is moved back to work, where it is decided and the matter concluded again.
 */
export function recordAddedProblem(stage: Stage, what: 'conviction' | 'arrest'): string | null {
  if (isOpenStage(stage)) return null;
  const back = STAGE_MOVES[stage].find(isOpenStage);
  const why =
    stage === 'not_eligible'
      ? `This matter is concluded “${STAGE_LABELS.not_eligible}”, which says every conviction and arrest on it is decided`
      : `This matter is at “${STAGE_LABELS[stage]}”, no longer worked`;
  return `${why}: move it back to “${STAGE_LABELS[back ?? 'eligibility_review']}” first, then add the ${what} and decide it.`;
}

export type StageEvent = 'rap_sheet_received' | 'all_petitions_decided';

/** Filing a petition moves the matter on to await the court, from wherever that move is open. */
export function stageAfterFiling(current: Stage): Stage | null {
  return STAGE_MOVES[current].includes('awaiting_decision') ? 'awaiting_decision' : null;
}

/** The move an event suggests, when the matter is at a stage where it makes sense. */
export function suggestedMove(current: Stage, event: StageEvent): Stage | null {
  if (event === 'rap_sheet_received' && (current === 'referral_received' || current === 'gathering_records'))
    return 'eligibility_review';
  if (event === 'all_petitions_decided' && current === 'awaiting_decision') return 'outcome_to_send';
  return null;
}

export const moveStageInputSchema = z.object({
  matterId: singleLine().min(1),
  version: z.number().int().positive(),
  to: z.enum(STAGES, { error: 'Choose a stage.' }),
  note: multiLine().max(2000).default(''),
  /**
   * The note tells of the criminal record: kept apart as the timeline's \`recordNote\`, withheld
   * without the RAP sheet permission, as a move the record decides keeps its note (events.ts).
   */
  noteAboutRecord: z.boolean().default(false),
});
export type MoveStageInput = z.input<typeof moveStageInputSchema>;

/**
 * Pass a matter at "Referred out" on to another office of the desk that serves its county: its
 * client's details go to that office, so only with the client's agreement, which staff confirm.
 */
export const passOnInputSchema = z.object({
  matterId: singleLine().min(1),
  version: z.number().int().positive(),
  officeId: singleLine().min(1, 'Choose the office to pass the matter on to.'),
  clientAgreed: z.literal(true, {
    error:
      'Ask the client first: pass the matter on only once they agree that office may have their details.',
  }),
});
export type PassOnInput = z.input<typeof passOnInputSchema>;

/**
 * Marks a referral's note as about the criminal record, or no longer: for a note nobody could mark when
 * it arrived (an online application's, a partner's), or one marked by mistake. Marked, it is withheld
 * from staff without the RAP sheet permission; taking the mark off shows it to all the office's
 * staff, so only someone with the permission (who can read it) may.
 */
export const markReferralNoteInputSchema = z.object({
  matterId: singleLine().min(1),
  version: z.number().int().positive(),
  aboutRecord: z.boolean({ error: 'Say whether the note is about the criminal record (true or false).' }),
});
export type MarkReferralNoteInput = z.input<typeof markReferralNoteInputSchema>;

/**
 * Marks the note of a timeline entry (a note, a call's summary, a stage move's note, a logged status's
 * note) as about the criminal record after it was written, or no longer: for a note whose writer did
 * not tick the box. The same rules as a referral's note: anyone who works matters may mark one (it then
 * shows to fewer people), only staff with the RAP sheet permission may take a mark off.
 */
export const markTimelineNoteInputSchema = z.object({
  matterId: singleLine().min(1),
  version: z.number().int().positive(),
  eventId: singleLine().min(1, 'Name the timeline entry whose note to mark.'),
  aboutRecord: z.boolean({ error: 'Say whether the note is about the criminal record (true or false).' }),
});
export type MarkTimelineNoteInput = z.input<typeof markTimelineNoteInputSchema>;

export const addNoteInputSchema = z.object({
  matterId: singleLine().min(1),
  text: multiLine().min(1, 'Write the note.').max(8000),
  /**
   * The note tells of the criminal record (a conviction, a sentence, a court's decision): kept apart
   * and shown as the timeline's `recordNote`, which staff without the RAP sheet permission read as
   * withheld; the timeline says only that a note about the record was added.
   */
  aboutRecord: z.boolean().default(false),
});

export const CALL_DIRECTIONS = ['outgoing', 'incoming'] as const;
export const CALL_RESULTS = ['spoke', 'voicemail', 'no_answer', 'wrong_number'] as const;
/** A conversation or a message left counts as an update to the client; a missed call does not. */
export const callReachedClient = (result: string): boolean => result === 'spoke' || result === 'voicemail';
export const CALL_RESULT_LABELS: Record<(typeof CALL_RESULTS)[number], string> = {
  spoke: 'Spoke with the client',
  voicemail: 'Left a voicemail',
  no_answer: 'No answer',
  wrong_number: 'Wrong number',
};
export const logCallInputSchema = z.object({
  matterId: singleLine().min(1),
  direction: z.enum(CALL_DIRECTIONS),
  result: z.enum(CALL_RESULTS, { error: 'Choose how the call went.' }),
  summary: multiLine().max(4000).default(''),
  /**
   * The summary tells of the criminal record ("he says the 2009 case was a felony"): kept apart as
   * the timeline's \`recordNote\`, withheld without the RAP sheet permission; the timeline says how
   * the call went and that its summary is about the record.
   */
  aboutRecord: z.boolean().default(false),
});
