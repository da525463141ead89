import type { County, Stage } from '@relief-desk/domain';

/**
 * How many matters an office holds per stage, county, assignee ('' for none) and open or closed;
 * kept by triggers on matters (migration 0023), read by the dashboard and the queue counts.
 */
export interface MatterCountsTable {
  office_id: string;
  stage: Stage;
  county: County;
  assignee_id: string;
  open: number;
  count: number;
}

/** Stage moves per California day (`day`, YYYY-MM-DD), kept by triggers on matter_events (0023). */
export interface StageMoveDaysTable {
  office_id: string;
  from_stage: Stage;
  to_stage: Stage;
  day: string;
  count: number;
}

/**
 * The stage moves of matters that left one stage more than once (a decision corrected, say), kept
 * by the same triggers: a week's distinct matters are its day counts less these moves' repeats.
 */
export interface RepeatStageMovesTable {
  event_id: string;
  office_id: string;
  from_stage: Stage;
  to_stage: Stage;
  occurred_at: string;
  matter_id: string;
}

/**
 * How many matters each person last worked on (a timeline event of theirs) on a California day;
 * kept by triggers on matter_events (0026): "touched this week" adds up the week's days.
 */
export interface LatestTouchDaysTable {
  office_id: string;
  actor_id: string;
  day: string;
  count: number;
}

/** Matters per day received and referral source; kept by triggers on matters (migration 0029). */
export interface ReceivedDaysTable {
  office_id: string;
  day: string;
  referral_source: string;
  count: number;
}

/**
 * Open matters still waiting for their eligibility answer (referral received, gathering records,
 * eligibility review) per day received and assignee ('' for none); kept by triggers on matters (0069).
 */
export interface WaitingReceivedDaysTable {
  office_id: string;
  day: string;
  assignee_id: string;
  count: number;
}

/**
 * Matters per day received by California days to the first contact (`contacted` 0, `days` 0: not
 * yet), those referred out before any contact left out; kept by triggers on matters (0029).
 */
export interface FirstContactDaysTable {
  office_id: string;
  day: string;
  contacted: number;
  days: number;
  count: number;
}

/**
 * Per matter and day decided, how many granted or denied outcomes its decided petitions carry (on
 * convictions, or an arrest); kept by triggers on petitions and their members (migration 0039).
 */
export interface CourtOutcomeMattersTable {
  office_id: string;
  matter_id: string;
  outcome: 'granted' | 'denied';
  day: string;
  count: number;
}

/**
 * Matters per day decided with the outcome and the matter's previous such day ('' for none), kept
 * from court_outcome_matters (0039): a span's matters are its days' rows whose previous day is
 * before the span (the drill-downs relief granted and denied).
 */
export interface CourtOutcomeMatterDaysTable {
  office_id: string;
  outcome: 'granted' | 'denied';
  day: string;
  previous_day: string;
  count: number;
}

/**
 * Open matters per office, whether anyone has opened the matter (`opened` 0 or 1) and whether a RAP
 * sheet is outstanding; kept by triggers on matters (migration 0032), read by the queue counts.
 */
export interface OpenQueueFlagsTable {
  office_id: string;
  opened: number;
  rap_sheet_outstanding: number;
  count: number;
}

/**
 * Open matters per referral source and California day of the last contact with the client (the day
 * received when there has been none); kept by triggers on matters (0032, by source since 0038).
 */
export interface OpenContactDaysTable {
  office_id: string;
  referral_source: string;
  day: string;
  count: number;
}

/** Open matters per earliest day a requested document is due; kept by triggers on matters (0032). */
export interface OpenEarliestDueDaysTable {
  office_id: string;
  day: string;
  count: number;
}
