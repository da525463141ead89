// Duplicate clients: "not the same person" decisions, and merges of two records of one person.
//
// - clients.merged_into_client_id / merged_at: a merged-away client is kept (never deleted), marked
//   with the client it was merged into, so its id still leads to the person.
// - client_merges: who merged which record into which, when, and the names added to the survivor;
//   undone_at / undone_by once undone (allowed for 30 days).
// - client_merge_rows: exactly which rows the merge moved (table, column, row id), so undoing it
//   moves those rows back and nothing else.
// - client_distinctions: staff decided these two clients are not the same person, and why.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  // No foreign key on the marker: SQLite cannot drop a column that takes part in one (down()); the
  // merge record (client_merges, with its keys) is what the marker is checked against.
  await db.schema.alterTable('clients').addColumn('merged_into_client_id', 'text').execute();
  await db.schema.alterTable('clients').addColumn('merged_at', 'text').execute();

  await db.schema
    .createTable('client_merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('surviving_client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('merged_client_id', 'text', (c) => c.notNull().references('clients.id'))
    /** JSON array: the merged client's names added to the survivor's other names. */
    .addColumn('added_other_names', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('merged_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('merged_at', 'text', (c) => c.notNull())
    .addColumn('undone_by', 'text', (c) => c.references('users.id'))
    .addColumn('undone_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('client_merges_survivor')
    .on('client_merges')
    .columns(['surviving_client_id', 'merged_at'])
    .execute();
  await db.schema
    .createIndex('client_merges_merged')
    .on('client_merges')
    .columns(['merged_client_id', 'merged_at'])
    .execute();

  await db.schema
    .createTable('client_merge_rows')
    .addColumn('merge_id', 'text', (c) => c.notNull().references('client_merges.id'))
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('column_name', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_merge_rows_pk', ['merge_id', 'table_name', 'column_name', 'row_id'])
    .execute();

  await db.schema
    .createTable('client_distinctions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('other_client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('client_distinctions_pair', ['client_id', 'other_client_id'])
    .execute();
  await db.schema
    .createIndex('client_distinctions_other')
    .on('client_distinctions')
    .columns(['other_client_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('client_distinctions').execute();
  await db.schema.dropTable('client_merge_rows').execute();
  await db.schema.dropTable('client_merges').execute();
  await db.schema.alterTable('clients').dropColumn('merged_at').execute();
  await db.schema.alterTable('clients').dropColumn('merged_into_client_id').execute();
}
