// An e-mail or text message to a client can wait in the outbox for hours (the mail server down, tried
// again on the back-off schedule): meanwhile a hearing is continued, a decision corrected, a matter
// closed, or the client's language changes. Just before each try, the worker checks it again by the
// letters' rule (noLongerTrue, stillTrue.ts). One that no longer holds is not sent, now or later: it
// is held, a delivery problem (state 'failed', code NO_LONGER_TRUE) staff read on the matter's
// messages and among the delivery problems ("No longer right", why and what to do), on the timeline
// and on record, in one transaction. Staff notices (invitations, sign-in links) carry no message and
// are never checked; nor is anything that claims nothing of the matter (an application's link).
import { inTransaction, type OfficeDb } from '@relief-desk/db';
import { MESSAGE_CHANNEL_LABELS, type MessageChannel } from '@relief-desk/domain';
import { writeAudit } from '../../audit.ts';
import type { Clock } from '../../clock.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { markOutboxGivenUp } from './givenUp.ts';
import { noLongerTrue } from './stillTrue.ts';
import { timelineSubject } from './timelineSubject.ts';

/** The outbox code of a message held because what it tells, or its language, no longer holds. */
export const HELD_CODE = 'NO_LONGER_TRUE';

/**
 * Whether the outbox row this worker holds (claimed, state 'sending') carries a client message that
 * no longer holds; if so it is held, and nothing is to be sent. 'held': held now; 'lost': the row
 * is no longer this worker's (send nothing either); null: it still holds, send it.
 * `note`: said after why (that an earlier try may have arrived, which the worker reads from the row's
 * may_have_arrived; the hold leaves that set, so it is still said once staff retry the message).
 */
export async function holdIfNoLongerTrue(
  db: OfficeDb,
  clock: Clock,
  outboxId: string,
  workerId: string,
  note?: string,
): Promise<'held' | 'lost' | null> {
  const message = await db
    .selectFrom('outbox')
    .innerJoin('messages', 'messages.id', 'outbox.message_id')
    .selectAll('messages')
    .select('outbox.channel as outbox_channel')
    .where('outbox.id', '=', outboxId)
    .executeTakeFirst();
  if (!message) return null;
  const untrue = (await noLongerTrue(db, { clock }, [message])).get(message.id);
  if (!untrue) return null;
  const reason = note ? `${untrue.notSent} ${note}` : untrue.notSent;
  return inTransaction(db, async ({ tx }) => {
    const now = clock.now().toISOString();
    const held = await markOutboxGivenUp(
      tx,
      { outboxId, workerId, code: HELD_CODE, reason, at: now },
      // Given up on, as a delivery the worker gives up on: a one-time link leaves the stored copy.
      { messageId: message.id, staffNoticeId: null, body: message.body },
    );
    if (!held) return 'lost';
    const channel =
      MESSAGE_CHANNEL_LABELS[message.outbox_channel as MessageChannel] ?? message.outbox_channel;
    await recordEvent(
      tx,
      { clock, user: null },
      { id: message.matter_id, officeId: message.office_id },
      'delivery_failed',
      `${channel} “${timelineSubject(message)}” not sent. ${reason}`,
      { outboxId, statusType: message.status_type, held: untrue.because },
    );
    await writeAudit(
      tx,
      { clock, ip: 'outbox-worker', user: null, officeId: message.office_id },
      {
        action: 'messages.held',
        entityType: 'outbox',
        entityId: outboxId,
        detail: { messageId: message.id, because: untrue.because },
      },
    );
    return 'held';
  });
}
