// The office profile administrators keep: who changed it last (for the stale-save message), and who
// signs the office's letters when it names one (empty: the person who sent each letter signs it).
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('offices').addColumn('updated_by', 'text').execute();
  await db.schema
    .alterTable('offices')
    .addColumn('letter_signer_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('offices')
    .addColumn('letter_signer_title', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('offices').dropColumn('letter_signer_title').execute();
  await db.schema.alterTable('offices').dropColumn('letter_signer_name').execute();
  await db.schema.alterTable('offices').dropColumn('updated_by').execute();
}
