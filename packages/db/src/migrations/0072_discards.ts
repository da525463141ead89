// A RAP sheet import read into the wrong matter can be discarded, and a file attached by mistake
// removed: their content is erased (the import's text and what was read from it; the file on disk and
// its name), the row kept as a tombstone saying who did it, when and why; each on the timeline with a
// kind of its own (0059's check of the kinds replaced).
import type { Kysely } from 'kysely';
import { addClosedSetChecks, type ClosedSets, dropClosedSetChecks } from './0027_closed_set_checks.ts';
import { MATTER_EVENT_KIND_SETS_0059 } from './0059_note_marked_events.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const TOMBSTONES = {
  rap_imports: ['discarded_at', 'discarded_by', 'discarded_reason'],
  document_files: ['removed_at', 'removed_by', 'removed_reason'],
} as const;

const KINDS_0059 = MATTER_EVENT_KIND_SETS_0059.matter_events?.kind ?? [];
export const MATTER_EVENT_KIND_SETS_0072: ClosedSets = {
  matter_events: { kind: [...KINDS_0059, 'rap_import_discarded', 'document_file_removed'] },
};

export async function up(db: AnyDb): Promise<void> {
  // One column a statement: SQLite adds one at a time.
  for (const [table, [at, by, reason]] of Object.entries(TOMBSTONES)) {
    // `by` names a user (no foreign key: SQLite cannot drop a column one holds, going down).
    for (const column of [at, by, reason])
      await db.schema.alterTable(table).addColumn(column, 'text').execute();
  }
  await dropClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0059);
  await addClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0072);
}

export async function down(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0072);
  await db
    .deleteFrom('matter_events')
    .where('kind', 'in', ['rap_import_discarded', 'document_file_removed'])
    .execute();
  await addClosedSetChecks(db, MATTER_EVENT_KIND_SETS_0059);
  for (const [table, columns] of Object.entries(TOMBSTONES))
    for (const column of [...columns].reverse())
      await db.schema.alterTable(table).dropColumn(column).execute();
}
