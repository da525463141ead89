// The signed orders that come after the court outcome was sent. The outcome tells the client, of an
// order still awaited, that a copy will follow; sending it closes the matter. Each order received
// since (signedOrders) and not yet sent is offered on the matter page, closed or not, and sent in the
// client's language by their channels: attached to the e-mail and enclosed with the letter as the
// outcome's are (queueMessage, the same attachments), a text message only saying it was sent. The
// files sent are kept with the messages (messages.attachments), so each order goes once.
import { type Db, inTransaction, type Tx } from '@relief-desk/db';
import {
  californiaDateTime,
  MESSAGE_CHANNEL_LABELS,
  type MessageChannel,
  type sendSignedOrderCopiesInputSchema,
} from '@relief-desk/domain';
import type { ConvictionOutcomeInput, SignedOrderCopy } from '@relief-desk/notify';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import { requireSaved, versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput } from '../../errors.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { recordClientContact } from '../../matter-core/queueFacts.ts';
import { type Addressee, loadAddressee, reachOf } from './addressee.ts';
import { previewLetterCheck } from './printable.ts';
import { queueMessage } from './queue.ts';
import {
  type Composition,
  compositionOf,
  type RenderInput,
  renderSignedOrderCopyFor,
  requireWrittenInLanguageNow,
} from './render.ts';
import { messagingRuntime } from './runtime.ts';
import { signedOrders } from './signedOrders.ts';

/** A signed order to send: its file, and the requests it rules on as the outcome names them. */
export interface OrderToSend {
  fileId: string;
  filename: string;
  uploadedAt: string;
  /** Whether the outcome told the client it was asked of the court, and promised a copy. */
  promised: boolean;
  copy: SignedOrderCopy;
}

interface OrdersSince {
  /** When the court outcome was first sent, or null when it has not been. */
  outcomeSentAt: string | null;
  orders: OrderToSend[];
}

/** The outcome and copies sent on the matter (both are messages of kind 'outcome'), with their files. */
async function outcomeMessages(db: Db | Tx, matterId: string) {
  const rows = await db
    .selectFrom('messages')
    .leftJoin('users', 'users.id', 'messages.created_by')
    .select([
      'messages.created_at',
      'messages.created_by',
      'messages.attachments',
      'messages.render_input',
      'users.name',
    ])
    .where('messages.matter_id', '=', matterId)
    .where('messages.kind', '=', 'outcome')
    .orderBy('messages.created_at')
    .execute();
  return rows.map((r) => ({
    ...r,
    files: JSON.parse(r.attachments) as string[],
    input: JSON.parse(r.render_input ?? 'null') as RenderInput | null,
  }));
}

/**
 * Once the court outcome was sent, the signed orders on file (signedOrders: the newest file of each
 * request received or reviewed) that no outcome message carried: those received since, and any on file
 * then that went by no e-mail or letter (an outcome sent only by text message carries none).
 */
export async function ordersSinceOutcome(db: Db | Tx, matterId: string): Promise<OrdersSince> {
  const sent = await outcomeMessages(db, matterId);
  const outcomeSentAt = sent.find((m) => m.input?.kind === 'outcome')?.created_at ?? null;
  if (!outcomeSentAt) return { outcomeSentAt, orders: [] };
  const sentFiles = new Set(sent.flatMap((m) => m.files));
  const onFile = (await signedOrders(db, matterId)).filter((o) => !sentFiles.has(o.fileId));
  if (onFile.length === 0) return { outcomeSentAt, orders: [] };
  const files = await db
    .selectFrom('document_files')
    .innerJoin('document_requests', 'document_requests.id', 'document_files.request_id')
    .select([
      'document_files.id',
      'document_files.filename',
      'document_files.uploaded_at',
      'document_requests.petition_id',
      'document_requests.requested_from',
    ])
    .where(
      'document_files.id',
      'in',
      onFile.map((o) => o.fileId),
    )
    .orderBy('document_files.uploaded_at')
    .orderBy('document_files.id')
    .execute();
  const orders: OrderToSend[] = [];
  for (const f of files)
    orders.push({
      fileId: f.id,
      filename: f.filename,
      uploadedAt: f.uploaded_at,
      // The outcome told the client a copy would follow of an order asked of the court and not yet in.
      promised: f.requested_from === 'court' && f.uploaded_at >= outcomeSentAt,
      copy: { requests: f.petition_id ? await requestsRuledOn(db, f.petition_id) : [] },
    });
  return { outcomeSentAt, orders };
}

/** The requests of one petition the court ruled on, named as outcomeConvictions names them. */
async function requestsRuledOn(db: Db | Tx, petitionId: string): Promise<ConvictionOutcomeInput[]> {
  const [convictions, arrests] = await Promise.all([
    db
      .selectFrom('petition_convictions')
      .innerJoin('petitions', 'petitions.id', 'petition_convictions.petition_id')
      .innerJoin('convictions', 'convictions.id', 'petition_convictions.conviction_id')
      .select([
        'convictions.code',
        'convictions.section',
        'convictions.case_number',
        'convictions.county',
        'convictions.conviction_date',
        'petitions.remedy',
        'petition_convictions.outcome',
      ])
      .where('petitions.id', '=', petitionId)
      .orderBy('convictions.case_number')
      .orderBy('convictions.section')
      .orderBy('convictions.conviction_date')
      .orderBy('convictions.id')
      .execute(),
    db
      .selectFrom('petition_arrests')
      .innerJoin('petitions', 'petitions.id', 'petition_arrests.petition_id')
      .innerJoin('arrests', 'arrests.id', 'petition_arrests.arrest_id')
      .select([
        'arrests.code',
        'arrests.section',
        'arrests.arrest_date',
        'petitions.case_number',
        'petition_arrests.county',
        'petitions.remedy',
        'petition_arrests.outcome',
      ])
      .where('petitions.id', '=', petitionId)
      .orderBy('arrests.arrest_date')
      .orderBy('arrests.section')
      .execute(),
  ]);
  return [
    ...convictions.flatMap((c): ConvictionOutcomeInput[] =>
      c.outcome === null
        ? []
        : [
            {
              code: c.code,
              section: c.section,
              caseNumber: c.case_number,
              outcome: c.outcome,
              remedy: c.remedy,
              county: c.county,
              ...(c.conviction_date ? { convictionDate: c.conviction_date } : {}),
            },
          ],
    ),
    ...arrests.flatMap((a): ConvictionOutcomeInput[] =>
      a.outcome === null
        ? []
        : [
            {
              code: a.code,
              section: a.section,
              caseNumber: a.case_number,
              outcome: a.outcome,
              remedy: a.remedy,
              county: a.county,
              arrestDate: a.arrest_date,
            },
          ],
    ),
  ];
}

/**
 * The channels a copy goes by: e-mail and letter carry the orders; a text message goes only beside
 * one of them, to say they were sent. None of them: refused, saying what to do.
 */
function channelsFor(addressee: Addressee): MessageChannel[] {
  const { reachable } = reachOf(addressee.client);
  const carrying = reachable.filter((c) => c !== 'sms');
  if (carrying.length === 0)
    throw badInput(
      'matterId',
      `${addressee.client.legal_name} can be reached only by text message, which carries no court papers: add their e-mail address or mailing address (with their consent) to send the signed order, or give it to them in person.`,
    );
  return reachable;
}

function renderCopies(addressee: Addressee, orders: OrderToSend[], channels: MessageChannel[]) {
  const carriedBy = channels.filter((c) => c !== 'sms');
  return channels.map((channel) =>
    renderSignedOrderCopyFor(
      addressee,
      orders.map((o) => o.copy),
      channel,
      carriedBy,
    ),
  );
}

export interface SignedOrderCopies extends Composition {
  version: number;
  /** When the court outcome was sent (null: not sent, nothing is offered). */
  outcomeSentAt: string | null;
  /** Whether the outcome told the client a copy would follow (an order it said was asked of the court). */
  promised: boolean;
  orders: { fileId: string; filename: string; uploadedAt: string }[];
  /** Why the orders cannot be sent as things are (no channel that carries papers), or null. */
  sendRefusal: string | null;
}

/** The signed orders to send, with the messages that would carry them; none offered, no messages. */
export async function signedOrderCopies(ctx: OfficeContext, matterId: string): Promise<SignedOrderCopies> {
  await requireRapSheetAccess(ctx, 'messages.signedOrderCopies', matterId);
  const { outcomeSentAt, orders } = await ordersSinceOutcome(ctx.db, matterId);
  const addressee = await loadAddressee(ctx.db, matterId);
  // The orders' names are the court's record of the case: their showing is on record, sendable or not.
  if (orders.length > 0) await putReadOnRecord(ctx.db, { entityType: 'matter', entityId: matterId });
  const base = {
    version: addressee.matter.version,
    outcomeSentAt,
    promised: orders.some((o) => o.promised),
    orders: orders.map(({ fileId, filename, uploadedAt }) => ({ fileId, filename, uploadedAt })),
  };
  if (orders.length === 0) return { ...compositionOf(addressee, []), ...base, sendRefusal: null };
  let channels: MessageChannel[];
  try {
    channels = channelsFor(addressee);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ...compositionOf(addressee, []), ...base, sendRefusal: error.message };
  }
  const rendered = [];
  for (const message of renderCopies(addressee, orders, channels))
    rendered.push(
      await previewLetterCheck(
        ctx.db,
        addressee.matter.office_id,
        message,
        { createdBy: ctx.user.id, attachments: orders.map((o) => o.fileId) },
        ctx.clock.now(),
      ),
    );
  return { ...compositionOf(addressee, rendered), ...base, sendRefusal: null };
}

/**
 * A file asked for that a message already sent (a second press, a second tab, two at once): refused
 * naming who sent it and when. Null when none of them was sent.
 */
async function alreadySent(
  db: Db | Tx,
  ctx: OfficeContext,
  matterId: string,
  fileIds: string[],
): Promise<AppError | null> {
  const sent = (await outcomeMessages(db, matterId)).find((m) => m.files.some((f) => fileIds.includes(f)));
  if (!sent) return null;
  const who = sent.created_by === ctx.user.id ? 'you' : (sent.name ?? 'a colleague');
  const what = sent.input?.kind === 'outcome' ? 'with the court’s outcome' : '';
  return new AppError(
    'VERSION_CONFLICT',
    `This signed order was already sent to the client${what ? ` ${what}` : ''}, by ${who} on ${californiaDateTime(sent.created_at)}: nothing was sent again.`,
  );
}

export async function sendSignedOrderCopies(
  ctx: OfficeContext,
  input: z.output<typeof sendSignedOrderCopiesInputSchema>,
) {
  // Checked before the transaction: a refusal is audited with ctx.db, which must not wait on it.
  await requireRapSheetAccess(ctx, 'messages.sendSignedOrderCopies', input.matterId);
  return inTransaction(ctx.db, async ({ tx, onCommit }) => {
    const addressee = await loadAddressee(tx, input.matterId);
    const { matter } = addressee;
    const fileIds = [...new Set(input.fileIds)];
    if (matter.version !== input.version)
      throw (
        (await alreadySent(tx, ctx, matter.id, fileIds)) ?? (await versionConflict(tx, 'this matter', matter))
      );
    const sent = await alreadySent(tx, ctx, matter.id, fileIds);
    if (sent) throw sent;
    const { outcomeSentAt, orders } = await ordersSinceOutcome(tx, matter.id);
    if (!outcomeSentAt)
      throw badInput(
        'matterId',
        'The court’s outcome has not been sent on this matter: its signed orders go with the outcome message.',
      );
    if (orders.length === 0)
      throw badInput('fileIds', 'No signed order received since the court’s outcome waits to be sent.');
    // The page's orders, no more and no fewer: one uploaded or set back since is not sent unseen.
    const offered = orders.map((o) => o.fileId);
    if (offered.length !== fileIds.length || !offered.every((id) => fileIds.includes(id)))
      throw new AppError(
        'VERSION_CONFLICT',
        'The signed orders on file changed since this page showed them: nothing was sent. Look at the signed orders offered now and send those.',
      );
    const channels = channelsFor(addressee);
    const rendered = renderCopies(addressee, orders, channels);
    const now = ctx.clock.now();
    const queued = [];
    for (const [index, message] of rendered.entries()) {
      requireWrittenInLanguageNow(input.writtenIn, message.language, addressee.client.legal_name);
      queued.push(
        await queueMessage(
          tx,
          addressee,
          {
            // Of kind outcome: it tells the court's decisions, and is withheld and disclosed as the outcome.
            kind: 'outcome',
            statusType: null,
            channel: message.channel,
            subject: message.subject,
            text: message.text,
            recipient: message.recipient,
            language: message.language,
            templateId: message.templateId,
            templateVersion: message.templateVersion,
            renderInput: { kind: 'signed_order_copy', orders: orders.map((o) => o.copy), fileIds: offered },
            // The orders go with e-mail and letters, as the outcome's; a text message carries none.
            attachments: message.channel === 'sms' ? [] : offered,
            createdBy: ctx.user.id,
            at: `messages.${index}`,
          },
          now,
        ),
      );
    }
    const at = now.toISOString();
    const saved = await tx
      .updateTable('matters')
      .set({ updated_at: at, updated_by: ctx.user.id, version: matter.version + 1 })
      .where('id', '=', matter.id)
      .where('version', '=', matter.version)
      .executeTakeFirst();
    // On PostgreSQL a second send from the same version waits for the first, then changes nothing:
    // refused naming the send that won (read again).
    if (saved.numUpdatedRows === 0n) {
      const won = await alreadySent(tx, ctx, matter.id, fileIds);
      if (won) throw won;
    }
    await requireSaved(tx, saved, 'matters', matter.id, 'this matter');
    await recordClientContact(tx, matter.id, now);
    const messageIds = queued.map((q) => q.messageId);
    const by = channels.map((c) => MESSAGE_CHANNEL_LABELS[c].toLowerCase()).join(', ');
    await recordEvent(
      tx,
      ctx,
      { id: matter.id, officeId: matter.office_id },
      'outcome_sent',
      `Copy of the court’s signed order${orders.length > 1 ? `s (${orders.length})` : ''} sent to the client by ${by}.`,
      { channels, messageIds, fileIds: offered },
    );
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: matter.id,
      detail: { channels, messageIds, orders: offered.length, fileIds: offered },
    });
    onCommit(() => messagingRuntime().wake());
    return { messageIds, version: matter.version + 1 };
  });
}
