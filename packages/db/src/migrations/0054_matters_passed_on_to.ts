// The matter a matter was passed on to, in the receiving office: "that office will contact you" is true
// only while that office still works it, so a "transferred" update needs to know which matter it is.
// A matter passed on before this column is linked where the receiving office holds exactly what
// passing on made: a matter of the same county, "passed on by" this office, recorded no earlier than
// this one, for a client of the same name and date of birth. When several, the latest: a matter passed
// on, brought back and passed on again made one there each time, and the last pass is the one that
// holds (the time of passing on cannot anchor it: an application recorded it after the receiving
// matter). One that cannot be linked stays null, and is treated as passed on whose end is not known.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('matters').addColumn('passed_on_to_matter_id', 'text').execute();
  await sql`
    update matters set passed_on_to_matter_id = (
      select theirs.id
      from matters theirs
      join clients their_client on their_client.id = theirs.client_id
      join clients our_client on our_client.id = matters.client_id
      join offices ours on ours.id = matters.office_id
      where theirs.office_id = matters.referred_to_office_id
        and theirs.county = matters.county
        and theirs.referral_source_detail = 'passed on by ' || ours.name
        and theirs.created_at >= matters.created_at
        and their_client.legal_name = our_client.legal_name
        and their_client.date_of_birth = our_client.date_of_birth
      order by theirs.created_at desc, theirs.id desc
      limit 1
    )
    where passed_on_at is not null and referred_to_office_id is not null
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('matters').dropColumn('passed_on_to_matter_id').execute();
}
