// When a worker began delivering an outbox row (outbox.handed_over_at): set as the delivery begins,
// cleared when it ends. A row still sending with it set, whose lease ran out, was in the hands of a
// worker that died mid-send (killed, or its machine went down): an e-mail taken over from it may have
// arrived already, and staff read so. A row claimed in a batch but not yet begun has it unset, so
// taking it over says nothing.
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('handed_over_at', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('handed_over_at').execute();
}
