// A status update's text and subject are the office's wording, filled from the records, unless staff
// change them in the box before sending. What the office wrote for "in review" or "transferred" tells
// nothing of the record; what staff write themselves may ("we are still waiting on the court file for
// your 2009 case"), so a message whose wording staff changed is marked, and its text is withheld from
// staff without the RAP sheet permission as an update about the record is. Messages sent before carry
// no mark (whether their words were changed was not kept) and stay shown as they were.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('messages')
    .addColumn('worded_by_staff', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('worded_by_staff').execute();
}
