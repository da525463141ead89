// A status update given to the client another way (by phone, in person) is logged with staff's note,
// which may be about the criminal record ("told her the 2009 case cannot be reduced"). Marked so, it is
// withheld, as a note on the timeline marked so is, from staff without the RAP sheet permission. Notes
// logged before carry no mark and stay for all the office's staff.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('messages')
    .addColumn('note_about_record', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('note_about_record').execute();
}
