import type { County, LanguageCode, MatterEventKind, ReferralSource, Stage } from '@relief-desk/domain';
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** One person's request for relief in one county, handled by one office. */
export interface MattersTable {
  id: string;
  /** Short number staff read out on the phone, unique within the office. */
  reference: string;
  office_id: string;
  client_id: string;
  county: County;
  stage: Stage;
  referred_to_office_id: string | null;
  /**
   * When the matter was passed on to the office referred_to_office_id names (that office holds a
   * referral of its own for it); null while it has not been.
   */
  passed_on_at: string | null;
  /**
   * The receiving office's matter for it, once passed on; null before, and for a matter passed on
   * before it was recorded that could not be linked (migration 0054). Kept when the matter is brought
   * back (passed_on_at says whether it is passed on now), so passing it on again finds that office's
   * client; matters brought back before 2026-12-05 had it cleared.
   */
  passed_on_to_matter_id: string | null;
  assignee_id: string | null;
  referral_source: ReferralSource;
  referral_source_detail: string;
  received_on: string;
  referral_note: string;
  /** 1 when staff marked the referral's note as about the criminal record: withheld without the permission. */
  referral_note_about_record: Generated<number>;
  /** Copied from the client (folded) so the queue sorts by name without a join. */
  client_sort_name: string;
  /** Copied from the client, as the sort name is, so the language filter reads no client. */
  client_language: LanguageCode;
  first_opened_at: string | null;
  /** Last status message or phone call with the client (queues: "needs client update"). */
  last_client_contact_at: string | null;
  /** 1 while a RAP sheet request is outstanding (queues: "awaiting RAP sheet"). */
  rap_sheet_outstanding: Generated<number>;
  /** Earliest due date among outstanding document requests (queues: "documents outstanding"). */
  earliest_document_due_on: string | null;
  /** Next hearing or rule-by date of a petition still before the court. */
  next_court_date: string | null;
  /** The first status message or call with the client, kept by a trigger (dashboard: first-contact time). */
  first_client_contact_at: Generated<string | null>;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  /** Who saved the current version: named when someone else's save is refused as stale. */
  updated_by: string | null;
  version: Generated<number>;
}
export type Matter = Selectable<MattersTable>;
export type NewMatter = Insertable<MattersTable>;
export type MatterUpdate = Updateable<MattersTable>;

/** What happened to a matter, newest last; the matter page shows them as its timeline. */
export interface MatterEventsTable {
  id: string;
  matter_id: string;
  office_id: string;
  kind: MatterEventKind;
  summary: string;
  /** JSON object with the event's details. */
  data: Generated<string>;
  actor_id: string | null;
  occurred_at: string;
  /** For stage moves ("stage_changed"): the stage left and the stage entered; null for other events. */
  from_stage: Stage | null;
  to_stage: Stage | null;
}
export type MatterEvent = Selectable<MatterEventsTable>;
export type NewMatterEvent = Insertable<MatterEventsTable>;

/** One folded word of the client's names per row: name search is an index range on (office, word). */
export interface MatterSearchTable {
  office_id: string;
  token: string;
  matter_id: string;
  /** All the client's folded names, each word after a space (" " and clients.name_search): a search's other words are checked here (0041). */
  names: string;
}

/** An office's limits for the "needs client update" queue (defaults 14 and 42 days when absent). */
export interface OfficeQueueSettingsTable {
  office_id: string;
  client_update_days: number;
  client_update_overdue_days: number;
  updated_at: string;
  updated_by: string | null;
  version: Generated<number>;
}
