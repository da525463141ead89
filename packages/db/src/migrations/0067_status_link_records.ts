// A status link shows the matters of the records it was made for, wherever merges have moved them.
// An online application's link is made for the application's record alone (client_id, as before). A
// new link asked for later by e-mail or phone is made for the record the office keeps now, but shows
// only the matters of the records that gave that e-mail address or phone number (`record_ids`, a JSON
// array of client ids): a client merged into an application's record the wrong way round keeps
// their case off the page of whoever filled in the form. Null: the link's own record (every row from
// before). Going down drops it.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('application_status_links').addColumn('record_ids', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('application_status_links').dropColumn('record_ids').execute();
}
