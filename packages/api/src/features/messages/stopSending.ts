// Stopping an e-mail or text message still waiting in the outbox before it goes: a wrong text, a
// duplicate, or one that carries a file about to be removed. It becomes a delivery problem, saying who
// stopped it, so the client is not left without the update unnoticed: staff send it after all
// (Retry), send it another way, or write a new one. A letter is taken out of the print queue instead
// (withdrawLetter). One the worker has already taken cannot be stopped: it may be on its way.
import { inTransaction } from '@relief-desk/db';
import { MESSAGE_CHANNEL_LABELS, type stopSendingInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput, notFound } from '../../errors.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { recountClientContact } from '../../matter-core/queueFacts.ts';
import { tellsCriminalHistory } from './letters.ts';
import { strikeLinks } from './oneTimeLinks.ts';
import { timelineSubject } from './timelineSubject.ts';

/** The delivery problem's code for a message staff stopped (its reason says who). */
const STOPPED_CODE = 'STOPPED';

/** Why the message cannot be stopped, by where its delivery stands now. */
function noLongerWaiting(state: string): AppError {
  const why =
    state === 'sending'
      ? 'It is being sent right now, so it can no longer be stopped. Reload in a minute to see whether it went.'
      : state === 'sent'
        ? 'It has already been sent. To correct what it said, send the client a new message.'
        : 'It is no longer waiting to be sent. Reload to see where it stands.';
  return new AppError('VERSION_CONFLICT', why);
}

export async function stopSending(
  ctx: OfficeContext,
  input: z.output<typeof stopSendingInputSchema>,
): Promise<{ outboxId: string; version: number }> {
  const found = await ctx.db
    .selectFrom('outbox')
    .innerJoin('messages', 'messages.id', 'outbox.message_id')
    .select(['outbox.id', 'outbox.channel', 'messages.kind', 'messages.status_type'])
    .where('outbox.id', '=', input.outboxId)
    .executeTakeFirst();
  if (!found) throw notFound('That message', { entityType: 'outbox', entityId: input.outboxId.slice(0, 64) });
  if (found.channel === 'letter')
    throw badInput('outboxId', 'This is a letter: take it out of the print queue instead.');
  // Stopping the court outcome, or an update about the record or the court, is for staff who may
  // send it (sendOutcome, sendStatus), as taking such a letter out of the print queue is.
  if (tellsCriminalHistory(found)) await requireRapSheetAccess(ctx, 'messages.stopSending', found.id);
  return inTransaction(ctx.db, async ({ tx }) => {
    const row = await tx
      .selectFrom('outbox')
      .innerJoin('messages', 'messages.id', 'outbox.message_id')
      .select([
        'outbox.state',
        'outbox.version',
        'outbox.attempts',
        'outbox.may_have_arrived',
        'messages.id as message_id',
        'messages.matter_id',
        'messages.office_id',
        'messages.kind',
        'messages.subject',
        'messages.status_type',
        'messages.worded_by_staff',
        'messages.body',
      ])
      .where('outbox.id', '=', found.id)
      .executeTakeFirstOrThrow();
    if (row.state !== 'pending') throw noLongerWaiting(row.state);
    if (row.version !== input.version)
      throw new AppError(
        'VERSION_CONFLICT',
        'Someone has acted on this message since you opened it. Reload to see where it stands.',
      );
    const channel = MESSAGE_CHANNEL_LABELS[found.channel];
    const reason = `Not sent: ${ctx.user.name} stopped it before it went.${
      row.may_have_arrived ? ' An earlier try may have arrived (the mail server had not confirmed it).' : ''
    }`;
    const now = ctx.clock.now().toISOString();
    // The worker claims only a pending row, in an UPDATE that says so: whichever commits first wins,
    // and a row it has taken is refused here.
    const stopped = await tx
      .updateTable('outbox')
      .set({
        state: 'failed',
        last_error: reason,
        last_error_code: STOPPED_CODE,
        locked_until: null,
        locked_by: null,
        updated_at: now,
        version: input.version + 1,
      })
      .where('id', '=', found.id)
      .where('version', '=', input.version)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (Number(stopped.numUpdatedRows) !== 1) {
      const current = await tx
        .selectFrom('outbox')
        .select('state')
        .where('id', '=', found.id)
        .executeTakeFirst();
      throw noLongerWaiting(current?.state ?? 'gone');
    }
    // Given up on, as a delivery the worker gives up on: a one-time link leaves the stored copy.
    await strikeLinks(tx, { messageId: row.message_id, staffNoticeId: null, body: row.body });
    // It never reached the client: not the update "needs client update" counts from.
    await recountClientContact(tx, row.matter_id);
    await recordEvent(
      tx,
      ctx,
      { id: row.matter_id, officeId: row.office_id },
      'delivery_failed',
      `${channel} “${timelineSubject(row)}” not sent: ${ctx.user.name} stopped it before it went.`,
      { outboxId: found.id, statusType: row.status_type, stopped: true },
    );
    await putOnRecord(tx, {
      entityType: 'outbox',
      entityId: found.id,
      detail: { messageId: row.message_id, attempts: row.attempts },
    });
    return { outboxId: found.id, version: input.version + 1 };
  });
}
