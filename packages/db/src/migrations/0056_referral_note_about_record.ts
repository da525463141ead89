// A referral's note marked, when recorded, as about the criminal record ("she says the 2009 case was a
// felony"): withheld, as a note on the timeline marked so is, from staff without the RAP sheet
// permission. Notes recorded before carry no mark and stay for all the office's staff.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('matters')
    .addColumn('referral_note_about_record', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('matters').dropColumn('referral_note_about_record').execute();
}
