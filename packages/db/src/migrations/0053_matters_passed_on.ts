// When a matter referred out was passed on to the office recorded as receiving it (that office now
// holds a referral of its own for it): only then may the client be told that office will contact
// them. Online applications have passed on the counties another office of the desk serves since
// 2026-12-03, in the transaction that recorded them; before that they were only marked referred out.
// So a matter is marked passed on, when it was recorded, only where the receiving office holds the
// referral passing it on made: a matter of the same county and day received, source "online
// application", "passed on by" this office, for a client of the same name and date of birth.
// Referrals recorded by staff or sent by partners were never passed on, and stay unmarked.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('matters').addColumn('passed_on_at', 'text').execute();
  await sql`
    update matters set passed_on_at = created_at
    where stage = 'referred_out'
      and referred_to_office_id is not null
      and referral_source = 'online_application'
      and exists (
        select 1
        from matters theirs
        join clients their_client on their_client.id = theirs.client_id
        join clients our_client on our_client.id = matters.client_id
        join offices ours on ours.id = matters.office_id
        where theirs.office_id = matters.referred_to_office_id
          and theirs.county = matters.county
          and theirs.received_on = matters.received_on
          and theirs.referral_source = 'online_application'
          and theirs.referral_source_detail = 'passed on by ' || ours.name
          and their_client.legal_name = our_client.legal_name
          and their_client.date_of_birth = our_client.date_of_birth
      )
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('matters').dropColumn('passed_on_at').execute();
}
