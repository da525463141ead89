// An office's days until a document request is due are versioned, as every setting an administrator
// changes is: each kind's row has a version, and who changed it last and when, so a save from a page
// opened before someone else's change is refused, naming them, instead of overwriting it. A row saved
// before this has version 1 and no one on record.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('office_document_due_days')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('office_document_due_days').addColumn('updated_at', 'text').execute();
  await db.schema.alterTable('office_document_due_days').addColumn('updated_by', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['updated_by', 'updated_at', 'version'])
    await db.schema.alterTable('office_document_due_days').dropColumn(column).execute();
}
