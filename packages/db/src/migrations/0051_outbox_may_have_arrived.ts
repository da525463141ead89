// Whether a try of an outbox row's e-mail may have arrived (outbox.may_have_arrived, 1 or 0): set when
// a try ends unconfirmed (the mail server took it in whole without confirming it, a send cut short, a
// takeover mid-send), and never cleared. It used to be read from last_error_code 'UNCONFIRMED', which a
// later word overwrote (held as no longer right, then retried by staff), so the final "Sent" lost it.
// Set here for rows that say so: their code is UNCONFIRMED, or their last error says an earlier try
// may have arrived (a row held, or held and retried since).
import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

/** What the worker wrote after such a try (deliver.ts), frozen here as it was when this was written. */
const EARLIER_TRY_MAY_HAVE_ARRIVED_0051 =
  'An earlier try may have arrived (the mail server had not confirmed it).';

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('outbox')
    .addColumn('may_have_arrived', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db
    .updateTable('outbox')
    .set({ may_have_arrived: 1 })
    .where((eb) =>
      eb.or([
        eb('last_error_code', '=', 'UNCONFIRMED'),
        // The text holds no % or _, so LIKE matches it as it is, on both databases.
        eb('last_error', 'like', `%${EARLIER_TRY_MAY_HAVE_ARRIVED_0051}%`),
      ]),
    )
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('may_have_arrived').execute();
}
