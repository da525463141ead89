// Two indexes whose columns lead another index on the same rows: every query they served reads the
// longer one as well, and each cost a write on every change of a conviction or petition (and time
// in a bulk load). convictions_office_case (office, case number) leads
// convictions_office_case_matter (0006); petitions_office_status (office, status, decided) leads
// petitions_office_status_decided (0008).
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('convictions_office_case').execute();
  await db.schema.dropIndex('petitions_office_status').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index convictions_office_case on convictions (office_id, case_number)`.execute(db);
  await sql`create index petitions_office_status on petitions (office_id, status, decided_on)`.execute(db);
}
