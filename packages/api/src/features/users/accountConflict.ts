// A stale save of an account names who changed it: accounts carry no "updated by", so the latest
// administrator's change of it on the audit log (written in the change's transaction, at or after
// the account's updated_at) says who; without one, "Someone".
import type { Tx } from '@relief-desk/db';
import { versionConflict } from '../../concurrency.ts';

export async function accountConflict(
  tx: Tx,
  what: string,
  user: { id: string; updated_at: string },
): Promise<ReturnType<typeof versionConflict>> {
  const change = await tx
    .selectFrom('audit_log')
    .select('actor_id')
    .where('entity_type', '=', 'user')
    .where('entity_id', '=', user.id)
    .where('outcome', '=', 'ok')
    .where('action', 'like', 'users.%')
    .where('actor_id', 'is not', null)
    .where('occurred_at', '>=', user.updated_at)
    .orderBy('occurred_at', 'desc')
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  return versionConflict(tx, what, { updated_by: change?.actor_id ?? null, updated_at: user.updated_at });
}
