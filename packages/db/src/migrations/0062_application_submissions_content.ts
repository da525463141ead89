// An online application's form sent again with its key was answered "received" with the first
// version, whatever had changed: an applicant who went back, corrected their phone number and sent
// it again was told it was received, while the correction was dropped. The key now keeps a
// fingerprint of what was sent (a hash: the content itself stays only in the records it made), so a
// changed form is told it was not added, and when the office first heard of a changed one (staff
// are told once, on the matter, not once per attempt). Rows from before keep no fingerprint: sent
// again, they answer as before.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('application_submissions').addColumn('content_hash', 'text').execute();
  await db.schema.alterTable('application_submissions').addColumn('changed_sent_at', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('application_submissions').dropColumn('changed_sent_at').execute();
  await db.schema.alterTable('application_submissions').dropColumn('content_hash').execute();
}
