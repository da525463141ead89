// A matter passed on to another office took the client's texts away (that office asks for its own
// consent) and nothing in their place: a person who had chosen texts alone arrived there with no way to
// be reached, a record the client form refuses to save as it is. Such a client with a phone number is
// reached by phone calls, to the number that went with them, as a pass gives them now. Down leaves them
// reachable: which clients were changed is not kept, and none was right before.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('clients')
    .set({ contact_phone: 1 })
    .where('contact_email', '=', 0)
    .where('contact_sms', '=', 0)
    .where('contact_letter', '=', 0)
    .where('contact_phone', '=', 0)
    .where('phone', '!=', '')
    .execute();
}

export async function down(): Promise<void> {}
