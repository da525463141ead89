// Covering indexes for the dashboard's court outcomes: the decided petitions of the last 12 weeks
// and their per-conviction outcomes, read from the indexes alone (measured at 1,000,000 matters).
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('petitions_office_status_decided')
    .on('petitions')
    .columns(['office_id', 'status', 'decided_on', 'id'])
    .execute();
  await db.schema
    .createIndex('petition_convictions_outcome')
    .on('petition_convictions')
    .columns(['petition_id', 'outcome'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('petition_convictions_outcome').execute();
  await db.schema.dropIndex('petitions_office_status_decided').execute();
}
