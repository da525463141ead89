// The life of a matter (DESIGN.md): stages as data, and the moves staff may make between them.
export const STAGES = [
  'referral_received',
  'gathering_records',
  'eligibility_review',
  'petitions_to_file',
  'awaiting_decision',
  'outcome_to_send',
  'closed',
  'not_eligible',
  'referred_out',
  'withdrawn',
  'unable_to_reach',
] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  referral_received: 'Referral received',
  gathering_records: 'Gathering records',
  eligibility_review: 'Eligibility review',
  petitions_to_file: 'Petitions to file',
  awaiting_decision: 'Awaiting court decision',
  outcome_to_send: 'Outcome to send',
  closed: 'Closed',
  not_eligible: 'Not eligible',
  referred_out: 'Referred out',
  withdrawn: 'Withdrawn',
  unable_to_reach: 'Unable to reach',
};

/** Stages in which the office still owes the client work; the rest are endings. */
export const OPEN_STAGES: readonly Stage[] = [
  'referral_received',
  'gathering_records',
  'eligibility_review',
  'petitions_to_file',
  'awaiting_decision',
  'outcome_to_send',
];

/**
 * Open stages in which the person still waits to hear what they qualify for: the answer promised in
 * about 2-6 weeks (DOMAIN: the journey), which the dashboard's ageing watches.
 */
export const AWAITING_ANSWER_STAGES: readonly Stage[] = [
  'referral_received',
  'gathering_records',
  'eligibility_review',
];

export function isOpenStage(stage: Stage): boolean {
  return OPEN_STAGES.includes(stage);
}
