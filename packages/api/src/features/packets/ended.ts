// Which matters' petitions go to the court: one rule for drawing a packet, offering a petition to
// file, printing a run and recording it filed.
import { OPEN_STAGES, STAGE_LABELS, STAGES, type Stage } from '@relief-desk/domain';

/**
 * Whether a petition of a matter at this stage may be filed: while the office still works the matter
 * (an open stage), yes: a petition drafted early, one more filed while others await the court, or one
 * filed after an outcome (the matter goes back to await the court). Once the matter ended, no: the
 * client withdrew (a court must never be sent papers the client withdrew), or it was closed, found not
 * eligible, referred out, or the client could not be reached.
 */
export const FILING_BY_STAGE: Readonly<Record<Stage, boolean>> = Object.fromEntries(
  STAGES.map((stage) => [stage, OPEN_STAGES.includes(stage)]),
) as Record<Stage, boolean>;

/** Why a petition of a matter at this stage is not filed: "its matter was withdrawn". */
export function endedSaid(stage: Stage): string {
  return stage === 'withdrawn'
    ? 'its matter was withdrawn (the client withdrew the request), so its papers must not go to the court'
    : `its matter is “${STAGE_LABELS[stage]}”, so its papers are not to be filed`;
}
