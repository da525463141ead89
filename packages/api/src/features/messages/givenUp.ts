// The one way an outbox row is given up on: by the worker after its last try or a permanent refusal
// (deliver.ts), or held because what it tells no longer holds (held.ts). Both mark it failed, with why,
// only while this worker still has it in hand, and strike its one-time links from the stored copy.
import type { Tx } from '@relief-desk/db';
import { recountClientContact } from '../../matter-core/queueFacts.ts';
import { type Carried, strikeLinks } from './oneTimeLinks.ts';

export interface GivenUp {
  outboxId: string;
  /** The worker that claimed the row: a row another worker has since claimed is left as it is. */
  workerId: string;
  code: string;
  /** What staff read: why, and what to do. */
  reason: string;
  at: string;
  /**
   * A try of the row's e-mail may have arrived (this one ended unconfirmed): set on the row for good.
   * Left out, the row keeps what it says (outbox.may_have_arrived is never cleared).
   */
  mayHaveArrived?: boolean;
}

/** Marks the row failed and strikes its links; false when the row is no longer this worker's. */
export async function markOutboxGivenUp(tx: Tx, givenUp: GivenUp, carried: Carried): Promise<boolean> {
  const marked = await tx
    .updateTable('outbox')
    .set((eb) => ({
      state: 'failed',
      locked_until: null,
      handed_over_at: null,
      last_error: givenUp.reason,
      last_error_code: givenUp.code,
      updated_at: givenUp.at,
      ...(givenUp.mayHaveArrived ? { may_have_arrived: 1 } : {}),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', givenUp.outboxId)
    .where('locked_by', '=', givenUp.workerId)
    .where('state', '=', 'sending')
    .executeTakeFirst();
  if (Number(marked.numUpdatedRows) !== 1) return false;
  await strikeLinks(tx, carried);
  // A message that never reached the client is no update to them (a staff notice has no matter).
  const row = await tx
    .selectFrom('outbox')
    .select(['matter_id', 'message_id'])
    .where('id', '=', givenUp.outboxId)
    .executeTakeFirst();
  if (row?.matter_id && row.message_id) await recountClientContact(tx, row.matter_id);
  return true;
}
