// When a matter referred out was passed on to the office recorded as receiving it (that office now
// holds a referral of its own for it): only then may the client be told that office will contact
// them. Online applications have always passed on the counties another office of the desk serves,
// in the same transaction that recorded them, with no person acting: those matters are marked as
// passed on when they were recorded. Referrals recorded by staff or sent by partners were never
// passed on, so they stay unmarked.
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
        select 1 from matter_events e
        where e.matter_id = matters.id and e.kind = 'referred_out' and e.actor_id is null
      )
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('matters').dropColumn('passed_on_at').execute();
}
