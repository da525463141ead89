// A search by date of birth pages like every other search: the office's clients of that birth date
// (office, birth date, id), then their matters in (client, id) order, which is the keyset order, so no
// page sorts in memory. The indexes replace the two narrower ones, which they cover.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('clients_office_dob_id')
    .on('clients')
    .columns(['office_id', 'date_of_birth', 'id'])
    .execute();
  await db.schema.dropIndex('clients_office_dob').execute();
  await db.schema
    .createIndex('matters_client_id')
    .unique()
    .on('matters')
    .columns(['client_id', 'id'])
    .execute();
  await db.schema.dropIndex('matters_client').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('matters_client').on('matters').column('client_id').execute();
  await db.schema.dropIndex('matters_client_id').execute();
  await db.schema
    .createIndex('clients_office_dob')
    .on('clients')
    .columns(['office_id', 'date_of_birth'])
    .execute();
  await db.schema.dropIndex('clients_office_dob_id').execute();
}
