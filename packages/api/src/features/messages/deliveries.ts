// Where each message stands: on the matter page, on the office's "delivery problems" list, and in the
// banner that says when a channel has no server configured. Staff retry a failure or choose another
// channel; both are audited and on the timeline. A status update goes out again only while the
// matter's records still back what it tells the client, by the rule its first sending passed.
import { inTransaction, type Matter, type OfficeTx } from '@relief-desk/db';
import {
  type County,
  type DeliveryState,
  type leaveUnsentInputSchema,
  MESSAGE_CHANNEL_LABELS,
  type MessageChannel,
  type MessageStatusType,
  type resendViaInputSchema,
  type retryDeliveryInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput, notFound } from '../../errors.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { recountClientContact } from '../../matter-core/queueFacts.ts';
import { requireMatter } from '../../matter-core/requireMatter.ts';
import { addresseeOf, reachOf, recipientFor } from './addressee.ts';
import { HELD_CODE } from './held.ts';
import { printQueueCounts, tellsCriminalHistory, wordsTellCriminalHistory } from './letters.ts';
import { hasStruckLink, withoutLinks } from './oneTimeLinks.ts';
import { sourceOf, unprintableLetter } from './printable.ts';
import { queueMessage } from './queue.ts';
import { type RenderInput, renderAgain } from './render.ts';
import { messagingRuntime } from './runtime.ts';
import { requireStillBackedStatus } from './statusFacts.ts';
import { noLongerTrue } from './stillTrue.ts';

export interface MessageView {
  id: string;
  kind: string;
  statusType: MessageStatusType | null;
  channel: MessageChannel | null;
  language: string;
  subject: string;
  body: string;
  /**
   * A logged status's note staff marked as about the criminal record (its body reads empty then),
   * withheld without the RAP sheet permission; null otherwise.
   */
  recordNote: string | null;
  /**
   * Staff changed the office's wording before sending: its subject and text may tell of the record,
   * and are withheld without the RAP sheet permission (withholdCriminalHistory reads this).
   */
  wordedByStaff: boolean;
  templateId: string | null;
  templateVersion: number | null;
  createdAt: string;
  createdBy: string | null;
  attachments: number;
  delivery: {
    outboxId: string;
    state: DeliveryState;
    attempts: number;
    nextAttemptAt: string;
    lastError: string | null;
    /**
     * Held by the worker before it went: what it tells, or its language, no longer right (held.ts).
     * Its state is failed; lastError says why and what to do.
     */
    held: boolean;
    sentAt: string | null;
    version: number;
  } | null;
}

export async function listMessages(ctx: OfficeContext, matterId: string): Promise<MessageView[]> {
  const matter = await requireMatter(ctx.db, matterId);
  const rows = await ctx.db
    .selectFrom('messages')
    .leftJoin('outbox', 'outbox.message_id', 'messages.id')
    .leftJoin('users', 'users.id', 'messages.created_by')
    .select([
      'messages.id',
      'messages.kind',
      'messages.status_type',
      'messages.channel',
      'messages.language',
      'messages.subject',
      'messages.body',
      'messages.note_about_record',
      'messages.worded_by_staff',
      'messages.template_id',
      'messages.template_version',
      'messages.created_at',
      'messages.attachments',
      'users.name as created_by_name',
      'outbox.id as outbox_id',
      'outbox.state',
      'outbox.attempts',
      'outbox.next_attempt_at',
      'outbox.last_error',
      'outbox.last_error_code',
      'outbox.sent_at',
      'outbox.version',
    ])
    .where('messages.matter_id', '=', matter.id)
    .orderBy('messages.created_at', 'desc')
    .orderBy('messages.id', 'desc')
    .execute();
  // On record as reading the matter's messages, the name the disclosure report reads, saying whether
  // criminal history was in what was shown (an outcome, an update about the record or the court, or a
  // logged note about the record, seen with the permission: without it their text is withheld).
  const criminalHistoryShown =
    ctx.user.canViewRapSheets && rows.some((r) => wordsTellCriminalHistory(r) || r.note_about_record === 1);
  await putReadOnRecord(ctx.db, {
    action: 'messages.list',
    entityType: 'matter',
    entityId: matter.id,
    detail: { criminalHistoryShown },
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    statusType: r.status_type,
    channel: r.channel,
    language: r.language,
    subject: r.subject,
    // A one-time link (an applicant's status link) is its recipient's: staff see that one went, not
    // its token, whether or not it is struck from the stored copy yet.
    body: r.note_about_record ? '' : withoutLinks(r.body),
    recordNote: r.note_about_record ? r.body : null,
    wordedByStaff: r.worded_by_staff === 1,
    templateId: r.template_id,
    templateVersion: r.template_version,
    createdAt: r.created_at,
    createdBy: r.created_by_name,
    attachments: (JSON.parse(r.attachments) as unknown[]).length,
    delivery:
      r.outbox_id && r.state
        ? {
            outboxId: r.outbox_id,
            state: r.state,
            attempts: r.attempts ?? 0,
            nextAttemptAt: r.next_attempt_at ?? '',
            lastError: r.last_error,
            held: r.state === 'failed' && r.last_error_code === HELD_CODE,
            sentAt: r.sent_at,
            version: r.version ?? 1,
          }
        : null,
  }));
}

export async function deliveryProblems(ctx: OfficeContext) {
  const rows = await ctx.db
    .selectFrom('outbox')
    .innerJoin('messages', 'messages.id', 'outbox.message_id')
    .innerJoin('matters', 'matters.id', 'outbox.matter_id')
    .innerJoin('clients', 'clients.id', 'messages.client_id')
    .select([
      'outbox.id',
      'outbox.version',
      'outbox.channel',
      'outbox.attempts',
      'outbox.last_error',
      'outbox.last_error_code',
      'outbox.updated_at',
      'messages.subject',
      'messages.language',
      'messages.kind',
      'messages.status_type',
      'messages.worded_by_staff',
      'messages.recipient',
      'matters.id as matter_id',
      'matters.reference',
      'clients.legal_name',
      'clients.contact_email',
      'clients.contact_sms',
      'clients.contact_letter',
      'clients.consent_to_text',
      'clients.email',
      'clients.phone',
      'clients.address_line1',
      'clients.address_line2',
      'clients.city',
      'clients.state',
      'clients.postal_code',
    ])
    // Kept by hand: it leads the (office_id, state) index on SQLite, where the scope's own term is
    // +office_id, which no index serves.
    .where('outbox.office_id', '=', ctx.user.officeId)
    .where('outbox.state', '=', 'failed')
    .orderBy('outbox.updated_at', 'desc')
    .limit(200)
    .execute();
  await putReadOnRecord(ctx.db, {
    entityType: 'office',
    entityId: ctx.user.officeId,
  });
  return rows.map((r) => {
    const channel = r.channel;
    const reach = reachOf(r);
    return {
      outboxId: r.id,
      version: r.version,
      channel,
      attempts: r.attempts,
      reason: r.last_error ?? 'Unknown problem.',
      /** Held by the worker before it went: no longer right (held.ts). */
      held: r.last_error_code === HELD_CODE,
      failedAt: r.updated_at,
      subject: r.subject,
      /** The language the message is written in, so its subject is read in it (lang). */
      language: r.language,
      kind: r.kind,
      // An update about the record or the court: its subject is withheld without the permission.
      statusType: r.status_type,
      // So is the subject of one whose wording staff changed.
      wordedByStaff: r.worded_by_staff === 1,
      matterId: r.matter_id,
      reference: r.reference,
      clientName: r.legal_name,
      otherChannels: reach.reachable.filter((c) => c !== channel),
      // Retried, resent or written again only by staff who may see what it tells (the server refuses
      // the others): the page offers them nothing to press.
      needsRapSheetPermission: tellsCriminalHistory(r) && !ctx.user.canViewRapSheets,
      // A letter not mailed can be written again from the client's details as they are now, and so can
      // an e-mail or text whose address or number changed since; an applicant's status link cannot be
      // written again (only its hash is kept).
      writeAgain:
        (channel === 'letter' || r.recipient !== recipientFor(r, channel)) &&
        reach.reachable.includes(channel) &&
        r.kind !== 'application',
    };
  });
}

/** The banner: channels without a server, and how many messages wait for each. */
export async function deliveryStatus(ctx: OfficeContext) {
  const rows = await ctx.db
    .selectFrom('outbox')
    .select(['channel', 'state', (eb) => eb.fn.countAll<string | number>().as('count')])
    // Kept by hand, for the (office_id, state) index as above.
    .where('office_id', '=', ctx.user.officeId)
    // Client messages only: e-mail to staff (invitations, sign-in links) is not the clients' news.
    .where('message_id', 'is not', null)
    .where('state', 'in', ['pending', 'sending', 'printing', 'failed'])
    .groupBy(['channel', 'state'])
    .execute();
  const count = (channel: string, states: string[]) =>
    rows
      .filter((r) => r.channel === channel && states.includes(r.state))
      .reduce((n, r) => n + Number(r.count), 0);
  const runtime = messagingRuntime();
  const letters =
    count('letter', ['printing']) > 0 ? await printQueueCounts(ctx) : { ready: 0, cannotPrint: 0 };
  return {
    email: { configured: runtime.emailConfigured, waiting: count('email', ['pending', 'sending']) },
    sms: { configured: runtime.smsConfigured, waiting: count('sms', ['pending', 'sending']) },
    // Letters that print as they are; one that cannot (no longer true, or a character the PDF cannot
    // draw) is a problem to act on, as the list of letters to print says (lettersToPrint).
    lettersToPrint: letters.ready,
    lettersCannotPrint: letters.cannotPrint,
    problems:
      rows.filter((r) => r.state === 'failed').reduce((n, r) => n + Number(r.count), 0) + letters.cannotPrint,
  };
}

async function requireFailedDelivery(tx: OfficeTx, input: { outboxId: string; version: number }) {
  const row = await tx
    .selectFrom('outbox')
    .selectAll()
    .where('id', '=', input.outboxId)
    // Client messages only: a staff notice has no matter and is not staff's to resend.
    .where('message_id', 'is not', null)
    .$narrowType<{ message_id: string; matter_id: string }>()
    .executeTakeFirst();
  if (!row) throw notFound('That message', { entityType: 'outbox', entityId: input.outboxId });
  if (row.version !== input.version || row.state !== 'failed') throw alreadyHandled();
  return row;
}

/**
 * Refuses to send a status update again once the matter's records no longer back it (a hearing that
 * has passed, a matter since closed), with the same rule sendStatus applies, saying what to do instead.
 */
async function requireStillBacked(
  tx: OfficeTx,
  ctx: OfficeContext,
  matter: Matter,
  renderInput: RenderInput,
): Promise<County> {
  if (renderInput.kind !== 'status') return matter.county;
  try {
    return await requireStillBackedStatus(tx, ctx, matter, renderInput);
  } catch (error) {
    if (!(error instanceof AppError) || error.appCode !== 'BAD_INPUT') throw error;
    // Why an update about the record or the court no longer holds tells what the record holds: only
    // those with the RAP sheet permission get this far with one (requireResendAccess).
    throw badInput(
      'outboxId',
      `This update can no longer be sent: ${error.message} To tell the client where things stand now, send a new status update from the matter page instead.`,
    );
  }
}

const alreadyHandled = () =>
  new AppError(
    'VERSION_CONFLICT',
    'Someone has already dealt with this delivery problem since you opened it. Reload to see where it stands.',
  );

/**
 * Sending a failed delivery again, as it was or written again for another channel, tells the client
 * what it told: a court outcome, or an update about the record or the court, needs the RAP sheet
 * permission, as sending it the first time did (sendOutcome, sendStatus). Checked before the
 * transaction, so the refusal's audit row is not rolled back with it; what a message is never changes.
 * A delivery not found is left to the transaction to refuse.
 */
async function requireResendAccess(
  ctx: OfficeContext,
  outboxId: string,
  action: 'messages.retry' | 'messages.resendVia' | 'messages.leaveUnsent',
): Promise<void> {
  const message = await ctx.db
    .selectFrom('outbox')
    .innerJoin('messages', 'messages.id', 'outbox.message_id')
    .select(['messages.kind', 'messages.status_type'])
    .where('outbox.id', '=', outboxId)
    .executeTakeFirst();
  if (message && tellsCriminalHistory(message))
    await requireRapSheetAccess(ctx, action, outboxId.slice(0, 64));
}

export async function retryDelivery(ctx: OfficeContext, input: z.output<typeof retryDeliveryInputSchema>) {
  await requireResendAccess(ctx, input.outboxId, 'messages.retry');
  return inTransaction(ctx.db, async ({ tx, onCommit }) => {
    const row = await requireFailedDelivery(tx, input);
    const message = await tx
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', row.message_id)
      .executeTakeFirstOrThrow();
    if (hasStruckLink(message.body))
      throw badInput(
        'outboxId',
        'This message carried a one-time link, struck out when it was given up on, so it cannot be sent again. An applicant can ask for a new status link on the status page.',
      );
    // The same text goes out again: what it tells the client must still hold.
    const matter = await tx
      .selectFrom('matters')
      .selectAll()
      .where('id', '=', row.matter_id)
      .executeTakeFirstOrThrow();
    await requireStillBacked(tx, ctx, matter, JSON.parse(message.render_input) as RenderInput);
    // Held by the worker as no longer right: it goes again only once it is right again (the worker
    // checks it again before it goes, whatever is said here).
    // Nor does the same text go again to an address the client has left (corrected after a bounce,
    // say): "send another way" or "write again" address it as the client's details are now.
    const untrue = (await noLongerTrue(tx, ctx, [message])).get(message.id);
    if (untrue && (row.last_error_code === HELD_CODE || untrue.because === 'recipient'))
      throw badInput('outboxId', `This message cannot be sent again. ${untrue.notSent}`);
    // A letter goes back to the print queue, as it was written: only if it can be printed now.
    const letter = row.channel === 'letter';
    const refusal = letter
      ? await unprintableLetter(tx, row.office_id, sourceOf(message), ctx.clock.now())
      : null;
    if (refusal)
      throw badInput(
        'outboxId',
        `This letter cannot go back to the print queue: it cannot be printed. ${refusal.message}`,
      );
    const now = ctx.clock.now().toISOString();
    // Whether an earlier try may have arrived (outbox.may_have_arrived) is left as it is: the worker
    // still says so if this try fails, is held, or is sent (the client may then have it twice).
    const updated = await tx
      .updateTable('outbox')
      .set({
        state: letter ? 'printing' : 'pending',
        attempts: 0,
        next_attempt_at: now,
        locked_until: null,
        locked_by: null,
        updated_at: now,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw alreadyHandled();
    // On its way again: the client's contact counts it once more.
    await recountClientContact(tx, row.matter_id);
    await recordEvent(
      tx,
      ctx,
      { id: row.matter_id, officeId: row.office_id },
      'delivery_retried',
      letter
        ? `Letter back in the print queue (it was not mailed: ${row.last_error ?? 'unknown problem'}).`
        : `${MESSAGE_CHANNEL_LABELS[row.channel]} to be tried again (it failed: ${row.last_error ?? 'unknown problem'}).`,
      { outboxId: row.id },
    );
    await putOnRecord(tx, { entityType: 'outbox', entityId: row.id });
    onCommit(() => messagingRuntime().wake());
    return { outboxId: row.id, version: row.version + 1 };
  });
}

/**
 * Closes a delivery problem without sending: the client was reached another way, the message was a
 * duplicate, or a new one was written. The row is withdrawn (not a problem any more, never sent),
 * saying who left it unsent and why it had not gone; on the timeline and on record in the same
 * transaction. Leaving the court outcome, or an update about the record or the court, unsent needs
 * the RAP sheet permission, as sending it again does.
 */
export async function leaveUnsent(ctx: OfficeContext, input: z.output<typeof leaveUnsentInputSchema>) {
  await requireResendAccess(ctx, input.outboxId, 'messages.leaveUnsent');
  return inTransaction(ctx.db, async ({ tx }) => {
    const row = await requireFailedDelivery(tx, input);
    const now = ctx.clock.now().toISOString();
    // Said inside brackets: without its closing full stop.
    const why = (row.last_error ?? 'unknown problem').replace(/\.$/, '');
    const updated = await tx
      .updateTable('outbox')
      .set({
        state: 'withdrawn',
        last_error: `Left unsent by ${ctx.user.name} (it had not gone: ${why})`,
        updated_at: now,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .where('state', '=', 'failed')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw alreadyHandled();
    await recordEvent(
      tx,
      ctx,
      { id: row.matter_id, officeId: row.office_id },
      'delivery_left_unsent',
      `${MESSAGE_CHANNEL_LABELS[row.channel]} left unsent by ${ctx.user.name} (it had not gone: ${why}).`,
      { outboxId: row.id },
    );
    await putOnRecord(tx, { entityType: 'outbox', entityId: row.id });
    return { outboxId: row.id, version: row.version + 1 };
  });
}

export async function resendVia(ctx: OfficeContext, input: z.output<typeof resendViaInputSchema>) {
  await requireResendAccess(ctx, input.outboxId, 'messages.resendVia');
  return inTransaction(ctx.db, async ({ tx, onCommit }) => {
    const row = await requireFailedDelivery(tx, input);
    const matter = await tx
      .selectFrom('matters')
      .selectAll()
      .where('id', '=', row.matter_id)
      .executeTakeFirstOrThrow();
    const addressee = await addresseeOf(tx, matter);
    // A letter not mailed may be written again as a letter, and an e-mail or text to an address or
    // number that changed since in its own channel: from the client's details as they are now.
    const readdressed = await tx
      .selectFrom('messages')
      .select('recipient')
      .where('id', '=', row.message_id)
      .executeTakeFirst();
    const writtenAgain =
      input.channel === row.channel &&
      (row.channel === 'letter' || readdressed?.recipient !== recipientFor(addressee.client, row.channel));
    if (
      (input.channel === row.channel && !writtenAgain) ||
      !reachOf(addressee.client).reachable.includes(input.channel)
    )
      throw badInput(
        'channel',
        `The client cannot be reached by ${MESSAGE_CHANNEL_LABELS[input.channel].toLowerCase()}.`,
      );
    const message = await tx
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', row.message_id)
      .executeTakeFirstOrThrow();
    // A logged status was given without a message: it is never queued, so none of it failed.
    if (message.kind === 'logged')
      throw notFound('That message', {
        entityType: 'outbox',
        entityId: input.outboxId,
      });
    const renderInput = JSON.parse(message.render_input) as RenderInput;
    const county = await requireStillBacked(tx, ctx, matter, renderInput);
    // A copy of the signed orders sent again by e-mail or letter carries them, even when the message
    // that failed was its text message (which carried none): its text says they are attached.
    const attachments =
      renderInput.kind === 'signed_order_copy'
        ? renderInput.fileIds
        : (JSON.parse(message.attachments) as string[]);
    const rendered = await renderAgain(
      tx,
      addressee,
      renderInput,
      input.channel,
      input.channel === 'sms' ? 0 : attachments.length,
      county,
    );
    const now = ctx.clock.now();
    const queued = await queueMessage(
      tx,
      addressee,
      {
        kind: message.kind,
        statusType: message.status_type,
        channel: input.channel,
        subject: rendered.subject,
        text: rendered.text,
        recipient: rendered.recipient,
        language: rendered.language,
        templateId: rendered.templateId,
        templateVersion: rendered.templateVersion,
        renderInput,
        attachments: input.channel === 'sms' ? [] : attachments,
        createdBy: ctx.user.id,
      },
      now,
    );
    const updated = await tx
      .updateTable('outbox')
      .set({ state: 'replaced', updated_at: now.toISOString(), version: row.version + 1 })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw alreadyHandled();
    await recountClientContact(tx, row.matter_id);
    await recordEvent(
      tx,
      ctx,
      { id: row.matter_id, officeId: row.office_id },
      'delivery_rerouted',
      writtenAgain
        ? 'Letter not mailed; written again with the client’s name and address as they are now, for the print queue.'
        : `${MESSAGE_CHANNEL_LABELS[row.channel]} could not be delivered; sending by ${MESSAGE_CHANNEL_LABELS[input.channel].toLowerCase()} instead.`,
      { outboxId: row.id, newOutboxId: queued.outboxId },
    );
    await putOnRecord(tx, {
      entityType: 'outbox',
      entityId: row.id,
      detail: { channel: input.channel, newOutboxId: queued.outboxId },
    });
    onCommit(() => messagingRuntime().wake());
    return queued;
  });
}
