// A conviction entered by mistake (typed twice, or accepted from another person's RAP sheet) can be
// removed. Like a removed arrest it keeps its row, marked removed (who, when): a withdrawn petition
// and the decisions made on it still refer to it, so the foreign keys keep it. On the timeline with a
// kind of its own (0074's check of the kinds replaced).
import type { Kysely } from 'kysely';
import { addClosedSetChecks, type ClosedSets, dropClosedSetChecks } from './0027_closed_set_checks.ts';
import { MATTER_EVENT_KIND_SETS_0074 } from './0074_delivery_left_unsent.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const KINDS_0074 = MATTER_EVENT_KIND_SETS_0074.matter_events?.kind ?? [];
export const MATTER_EVENT_KIND_SETS_0076: ClosedSets = {
  matter_events: { kind: [...KINDS_0074, 'conviction_removed'] },
};

export async function up(db: AnyDb): Promise<void> {
  // One column a statement: SQLite adds one at a time. `removed_by` names a user (no foreign key:
  // SQLite cannot drop a column one holds, going down).
  await db.schema.alterTable('convictions').addColumn('removed_at', 'text').execute();
  await db.schema.alterTable('convictions').addColumn('removed_by', 'text').execute();
  await dropClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0074);
  await addClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0076);
}

export async function down(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0076);
  await db.deleteFrom('matter_events').where('kind', '=', 'conviction_removed').execute();
  await addClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0074);
  await db.schema.alterTable('convictions').dropColumn('removed_by').execute();
  await db.schema.alterTable('convictions').dropColumn('removed_at').execute();
}
