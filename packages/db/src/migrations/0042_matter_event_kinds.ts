// A timeline event's kind (matter_events.kind) refuses any kind the app does not write, as every
// closed-set column does (0027's mechanism, the list frozen here as it was when this was written).
import type { Kysely } from 'kysely';
import { addClosedSetChecks, type ClosedSets, dropClosedSetChecks } from './0027_closed_set_checks.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export const MATTER_EVENT_KIND_SETS: ClosedSets = {
  matter_events: {
    kind: [
      'referral_received',
      'referred_out',
      'possible_duplicate',
      'assigned',
      'stage_changed',
      'note',
      'phone_call',
      'client_updated',
      'client_merged',
      'client_merge_undone',
      'person_facts',
      'declaration_saved',
      'document_requested',
      'document_status',
      'document_reminder',
      'document_file',
      'rap_import_reviewed',
      'conviction_added',
      'conviction_edited',
      'arrest_added',
      'arrest_edited',
      'arrest_removed',
      'decision_recorded',
      'arrest_decision_recorded',
      'petition_created',
      'petition_updated',
      'petition_status',
      'packet_prepared',
      'status_sent',
      'status_logged',
      'outcome_sent',
      'follow_up_queued',
      'letter_printed',
      'delivery_failed',
      'delivery_retried',
      'delivery_rerouted',
    ],
  },
};

export const up = (db: AnyDb) => addClosedSetChecks(db, MATTER_EVENT_KIND_SETS);
export const down = (db: AnyDb) => dropClosedSetChecks(db, MATTER_EVENT_KIND_SETS);
