// What a status update tells a client must be true of their matter. Each status type, and each next
// step that speaks of the court, rests on facts the desk holds; a message whose claim the records do
// not back is refused with what to record first. Pure, so the server and the form agree.
import type { IsoDate } from './dates.ts';
import type { NextStepId, StatusChoice } from './messages.ts';
import type { Outcome } from './petitions.ts';
import type { Determination } from './remedies.ts';
import { isOpenStage, type Stage } from './stages.ts';

export interface StatusFacts {
  stage: Stage;
  convictions: number;
  /** The current eligibility decision of each conviction and remedy decided (superseded ones left out). */
  determinations: readonly Determination[];
  /** The court's outcome per conviction on decided petitions. */
  courtOutcomes: readonly Outcome[];
  /** Petitions filed and not yet decided, with their hearing or rule-by dates where set. */
  pendingPetitions: readonly { hearingOn: IsoDate | null }[];
  today: IsoDate;
}

export interface UnbackedClaim {
  path: 'statusType' | 'courtDate' | 'nextSteps';
  message: string;
}

const ELIGIBLE_NOW: readonly Determination[] = ['eligible_mandatory', 'eligible_discretionary'];

type Choice = Pick<StatusChoice, 'statusType' | 'courtDate' | 'nextSteps'>;

/** Why the status type's message would not be true, or null when the records back it. */
function statusClaim(choice: Choice, facts: StatusFacts): string | null {
  switch (choice.statusType) {
    case 'in_review':
      return isOpenStage(facts.stage)
        ? null
        : 'This matter is closed: an “in review” message would tell the client work is still going on.';
    case 'eligible':
      return facts.determinations.some((d) => ELIGIBLE_NOW.includes(d))
        ? null
        : 'No conviction has an eligibility decision of “eligible” yet: an attorney records it before the client is told.';
    case 'not_eligible':
      if (facts.determinations.length === 0)
        return 'No eligibility decision is recorded yet: an attorney records them before the client is told.';
      return facts.determinations.some((d) => ELIGIBLE_NOW.includes(d))
        ? 'A conviction is decided eligible: the client would be told they do not qualify.'
        : null;
    case 'no_convictions_found':
      return facts.convictions === 0
        ? null
        : 'Convictions are recorded on this matter: the message would say none were found.';
    case 'court_date_set': {
      const date = choice.courtDate;
      if (!date) return null; // the schema asks for the date itself
      if (date < facts.today)
        return 'That date has passed: the message would announce a hearing in the past.';
      return facts.pendingPetitions.some((p) => p.hearingOn === date)
        ? null
        : 'No filed petition has a hearing on that day: record the hearing on the petition first.';
    }
    case 'granted':
      return facts.courtOutcomes.includes('granted')
        ? null
        : 'No conviction has a court outcome of “granted”: record the outcome on the petition first.';
    case 'denied':
      return facts.courtOutcomes.includes('denied')
        ? null
        : 'No conviction has a court outcome of “denied”: record the outcome on the petition first.';
    case 'transferred':
      return facts.stage === 'referred_out'
        ? null
        : 'This matter has not been referred to another office: move it to “Referred out” first.';
    case 'cant_proceed':
      return null;
  }
}

/** Next steps that promise something about the court: the client must have a petition before it. */
const COURT_STEPS: Partial<Record<NextStepId, (facts: StatusFacts) => string | null>> = {
  wait_for_court_date: (facts) =>
    facts.pendingPetitions.length > 0 || facts.stage === 'petitions_to_file'
      ? null
      : '“Wait for a court date” needs a petition filed or about to be: none is.',
  wait_for_decision: (facts) =>
    facts.pendingPetitions.length > 0
      ? null
      : '“Wait for the court’s decision” needs a petition filed and not yet decided: none is.',
};

/** Every claim of the chosen status and next steps that the matter's records do not back. */
export function unbackedStatusClaims(choice: Choice, facts: StatusFacts): UnbackedClaim[] {
  const problems: UnbackedClaim[] = [];
  const status = statusClaim(choice, facts);
  if (status)
    problems.push({
      path: choice.statusType === 'court_date_set' ? 'courtDate' : 'statusType',
      message: status,
    });
  for (const step of choice.nextSteps) {
    const problem = COURT_STEPS[step]?.(facts);
    if (problem) problems.push({ path: 'nextSteps', message: problem });
  }
  return problems;
}
