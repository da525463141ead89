// Marking a note as about the criminal record after it was written (a referral's note, and since this
// migration any note on the timeline) is a timeline entry of its own kind, 'note_marked': as kind
// 'note' it looked like a note staff wrote, which could itself be marked. The timeline's kinds are a
// closed set checked since 0042: its check is replaced (the list frozen here as it was when this was
// written), and the referral marks written before move to the new kind.
import type { Kysely } from 'kysely';
import { addClosedSetChecks, type ClosedSets, dropClosedSetChecks } from './0027_closed_set_checks.ts';
import { MATTER_EVENT_KIND_SETS } from './0042_matter_event_kinds.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const KINDS_0042 = MATTER_EVENT_KIND_SETS.matter_events?.kind ?? [];
export const MATTER_EVENT_KIND_SETS_0059: ClosedSets = {
  matter_events: { kind: [...KINDS_0042, 'note_marked'] },
};

/** The sentences markReferralNote wrote, as kind 'note', before this migration. */
export const REFERRAL_MARK_SENTENCES = [
  'The referral’s note was marked as about the criminal record.',
  'The referral’s note was marked as not about the criminal record.',
];

export async function up(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, MATTER_EVENT_KIND_SETS);
  await addClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0059);
  await db
    .updateTable('matter_events')
    .set({ kind: 'note_marked' })
    .where('kind', '=', 'note')
    .where((eb) =>
      eb.or([
        eb('summary', 'in', REFERRAL_MARK_SENTENCES),
        // A timeline entry's mark (matters.markTimelineNote), moved to 'note' by down: it names the entry.
        eb('data', 'like', '{"eventId":%'),
      ]),
    )
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0059);
  // The older list has no kind for a mark: such entries were notes.
  await db.updateTable('matter_events').set({ kind: 'note' }).where('kind', '=', 'note_marked').execute();
  await addClosedSetChecks(db, MATTER_EVENT_KIND_SETS);
}
