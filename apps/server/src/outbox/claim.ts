// Claiming outbox rows with plain, portable UPDATEs: a row is taken only if it is still due (pending
// and its time has come) or its previous claim's lease has run out (a worker died mid-send). The
// condition is repeated in the UPDATE, so two workers never both take the same row.
import type { Db } from '@relief-desk/db';

export interface ClaimOptions {
  now: Date;
  workerId: string;
  leaseMs: number;
  /** Only channels with a configured server: the rest wait, visibly, in the outbox. */
  channels: readonly string[];
  limit: number;
}

export async function claimDue(db: Db, options: ClaimOptions): Promise<string[]> {
  if (options.channels.length === 0) return [];
  const now = options.now.toISOString();
  const lease = new Date(options.now.getTime() + options.leaseMs).toISOString();
  const candidates = await db
    .selectFrom('outbox')
    .select('id')
    .where('channel', 'in', [...options.channels])
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('state', '=', 'sending'), eb('locked_until', '<=', now)]),
      ]),
    )
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(options.limit)
    .execute();
  const claimed: string[] = [];
  for (const { id } of candidates) {
    const result = await db
      .updateTable('outbox')
      .set((eb) => ({
        state: 'sending',
        locked_until: lease,
        locked_by: options.workerId,
        // The attempt counts from the claim: a crash mid-send used one up too.
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('state', '=', 'sending'), eb('locked_until', '<=', now)]),
        ]),
      )
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) claimed.push(id);
  }
  return claimed;
}
