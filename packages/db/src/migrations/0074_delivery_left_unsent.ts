// A delivery problem can be closed without sending: staff leave the message unsent (the outbox row
// 'withdrawn'), on the timeline with a kind of its own (0072's check of the kinds replaced).
import type { Kysely } from 'kysely';
import { addClosedSetChecks, type ClosedSets, dropClosedSetChecks } from './0027_closed_set_checks.ts';
import { MATTER_EVENT_KIND_SETS_0072 } from './0072_discards.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const KINDS_0072 = MATTER_EVENT_KIND_SETS_0072.matter_events?.kind ?? [];
export const MATTER_EVENT_KIND_SETS_0074: ClosedSets = {
  matter_events: { kind: [...KINDS_0072, 'delivery_left_unsent'] },
};

export async function up(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0072);
  await addClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0074);
}

export async function down(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0074);
  await db.deleteFrom('matter_events').where('kind', '=', 'delivery_left_unsent').execute();
  await addClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0072);
}
