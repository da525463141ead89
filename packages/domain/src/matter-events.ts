// What can happen to a matter, as its timeline records it (matter_events.kind). One list, so a
// misspelled kind does not compile and the database refuses any other (migration 0042).

export const MATTER_EVENT_KINDS = [
  // The referral and who works it
  'referral_received',
  'referred_out',
  'possible_duplicate',
  'assigned',
  'stage_changed',
  'note',
  'phone_call',
  // A note on the timeline (a referral's, a call's…) marked as about the criminal record, or no longer
  'note_marked',
  // The person
  'client_updated',
  'client_merged',
  'client_merge_undone',
  'person_facts',
  'declaration_saved',
  // Records and decisions
  'document_requested',
  'document_status',
  'document_reminder',
  'document_file',
  'document_file_removed',
  'rap_import_reviewed',
  'rap_import_discarded',
  'conviction_added',
  'conviction_edited',
  'conviction_removed',
  'arrest_added',
  'arrest_edited',
  'arrest_removed',
  'decision_recorded',
  'arrest_decision_recorded',
  // Court
  'petition_created',
  'petition_updated',
  'petition_status',
  'packet_prepared',
  // Messages to the client
  'status_sent',
  'status_logged',
  'outcome_sent',
  'follow_up_queued',
  'letter_printed',
  'delivery_failed',
  'delivery_retried',
  'delivery_rerouted',
  'delivery_left_unsent',
] as const;
export type MatterEventKind = (typeof MATTER_EVENT_KINDS)[number];

/**
 * The entries that may carry a note staff wrote (kept apart when about the record, and markable so
 * afterwards), with what the timeline calls that note: two entries of one minute are told apart.
 */
export const NOTE_ENTRY_NAMES = {
  note: 'the note',
  phone_call: 'what was said on the call',
  stage_changed: 'the note on the move',
  status_logged: 'the note on the status given',
} as const satisfies Partial<Record<MatterEventKind, string>>;
export type EntryWithNoteKind = keyof typeof NOTE_ENTRY_NAMES;
export const ENTRIES_WITH_NOTES_LIST = Object.keys(NOTE_ENTRY_NAMES) as EntryWithNoteKind[];
export const hasNoteEntry = (kind: string): kind is EntryWithNoteKind =>
  Object.hasOwn(NOTE_ENTRY_NAMES, kind);
