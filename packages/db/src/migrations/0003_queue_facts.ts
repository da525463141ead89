// Facts the queues filter on, kept on the matter itself (maintained in the same transaction as the
// change that alters them) so a queue over a million matters is an index range, not a join.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('matters')
    .addColumn('last_client_contact_at', 'text') // last status message or phone call with the client
    .execute();
  await db.schema
    .alterTable('matters')
    .addColumn('rap_sheet_outstanding', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('matters').addColumn('earliest_document_due_on', 'text').execute(); // of requests still outstanding
  await db.schema.alterTable('matters').addColumn('next_court_date', 'text').execute(); // hearing or rule-by of open petitions
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [
    'next_court_date',
    'earliest_document_due_on',
    'rap_sheet_outstanding',
    'last_client_contact_at',
  ]) {
    await db.schema.alterTable('matters').dropColumn(column).execute();
  }
}
