// An outbox row may be withdrawn before it was sent (outbox.state 'withdrawn'): an invitation withdrawn
// or sent again stops its e-mail still waiting in the outbox, in the same transaction, so the worker
// never sends a link that no longer works. The state is a closed set checked since 0027: its check is
// replaced (the list frozen here as it was when this was written).
import type { Kysely } from 'kysely';
import { addClosedSetChecks, type ClosedSets, dropClosedSetChecks } from './0027_closed_set_checks.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

const STATES_0027 = ['pending', 'sending', 'printing', 'sent', 'failed', 'replaced'] as const;
export const OUTBOX_STATE_SETS_0049: ClosedSets = {
  outbox: { state: [...STATES_0027, 'withdrawn'] },
};

export async function up(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, { outbox: { state: STATES_0027 } });
  await addClosedSetChecks(db, OUTBOX_STATE_SETS_0049);
}

export async function down(db: AnyDb): Promise<void> {
  await dropClosedSetChecks(db, OUTBOX_STATE_SETS_0049);
  // The older list has no word for a message withdrawn before it was sent: it was never delivered.
  await db
    .updateTable('outbox')
    .set({ state: 'failed', last_error: 'Withdrawn before it was sent.' })
    .where('state', '=', 'withdrawn')
    .execute();
  await addClosedSetChecks(db, { outbox: { state: STATES_0027 } });
}
