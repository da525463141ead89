// Claiming outbox rows with plain, portable UPDATEs: a row is taken only if it is still due (pending
// and its time has come) or its previous claim's lease has run out (a worker died mid-send). The
// condition is repeated in the UPDATE, so two workers never both take the same row.
import type { Database, Db } from '@relief-desk/db';
import type { MessageChannel } from '@relief-desk/domain';
import type { DeliveryError } from '@relief-desk/notify';
import type { ExpressionBuilder } from 'kysely';

export interface ClaimOptions {
  now: Date;
  workerId: string;
  leaseMs: number;
  /** Only channels with a configured server: the rest wait, visibly, in the outbox. */
  channels: readonly MessageChannel[];
  limit: number;
}

/**
 * What staff read of an e-mail whose worker stopped while it was being sent: one abandoned at a stop
 * (deliver.ts), or one taken over from a worker that died (its lease ran out: the process was killed,
 * the machine went down). How far that send got is not known.
 * A text message needs no such word: its retry carries the same idempotency key, so the provider
 * sends it once.
 */
export const STOPPED_WHILE_EMAILING: Pick<DeliveryError, 'code' | 'reason'> = {
  code: 'UNCONFIRMED',
  reason:
    'Relief Desk stopped while the e-mail was being sent, before the mail server confirmed it, so it may have arrived.',
};

/** An e-mail whose worker died after it began delivering it (its lease ran out since). */
const takenOverMidSend = (eb: ExpressionBuilder<Database, 'outbox'>) =>
  eb.and([eb('state', '=', 'sending'), eb('channel', '=', 'email'), eb('handed_over_at', 'is not', null)]);

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
        last_error_code: eb
          .case()
          .when(takenOverMidSend(eb))
          .then(STOPPED_WHILE_EMAILING.code)
          .else(eb.ref('last_error_code'))
          .end(),
        last_error: eb
          .case()
          .when(takenOverMidSend(eb))
          .then(STOPPED_WHILE_EMAILING.reason)
          .else(eb.ref('last_error'))
          .end(),
        // That try may have arrived: said for good (deliver.ts reads it, not the code).
        may_have_arrived: eb.case().when(takenOverMidSend(eb)).then(1).else(eb.ref('may_have_arrived')).end(),
        handed_over_at: null,
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

/**
 * Extends this worker's lease on a row it is about to deliver, so the lease covers the delivery
 * itself rather than the wait in the batch, and marks the delivery begun (handed_over_at), which a
 * worker taking the row over reads. False when the row is no longer this worker's.
 */
export async function renewLease(
  db: Db,
  id: string,
  workerId: string,
  until: Date,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ locked_until: until.toISOString(), handed_over_at: now.toISOString() })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('state', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Gives back rows this worker claimed but never tried (a stop mid-batch): pending again and due as
 * before, and the attempt the claim counted is not counted.
 */
export async function releaseUntried(
  db: Db,
  ids: readonly string[],
  workerId: string,
  now: Date,
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('outbox')
    .set((eb) => ({
      state: 'pending',
      locked_until: null,
      locked_by: null,
      handed_over_at: null,
      attempts: eb('attempts', '-', 1),
      updated_at: now.toISOString(),
    }))
    .where('id', 'in', [...ids])
    .where('locked_by', '=', workerId)
    .where('state', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Ends the lease on a row whose delivery is still in hand when the worker must stop and could not
 * record itself as cut short in time (worker.ts): any worker may take it over at once (the attempt
 * counts). The row stays this worker's until then, so if the send
 * completes before the process exits it is still recorded as sent.
 */
export async function expireLease(db: Db, id: string, workerId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ locked_until: now.toISOString() })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('state', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Failures that say the server could not be reached (or logged in to), not that the message was
 * refused: once the server is seen working again, the messages waiting on them are tried at once.
 * TIMEOUT is a wait that ran out before the whole message went; after it, the failure is UNCONFIRMED
 * (the message may have arrived), which is not here: it waits out its back-off like a refusal.
 */
export const SERVER_DOWN_CODES = ['CONNECTION', 'TIMEOUT', 'AUTH'] as const;

/** Whether messages of a channel are waiting out a back-off because the server was unreachable. */
export async function anyWaitingOnServer(db: Db, channel: MessageChannel, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('outbox')
    .select('id')
    .where('channel', '=', channel)
    .where('state', '=', 'pending')
    .where('last_error_code', 'in', [...SERVER_DOWN_CODES])
    .where('next_attempt_at', '>', now.toISOString())
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Makes the messages waiting on an unreachable server due now; returns how many. */
export async function pullForward(db: Db, channel: MessageChannel, now: Date): Promise<number> {
  const at = now.toISOString();
  const result = await db
    .updateTable('outbox')
    .set({ next_attempt_at: at, updated_at: at })
    .where('channel', '=', channel)
    .where('state', '=', 'pending')
    .where('last_error_code', 'in', [...SERVER_DOWN_CODES])
    .where('next_attempt_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
