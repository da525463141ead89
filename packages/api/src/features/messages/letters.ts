// Printed letters: one letter, or the letters waiting in the print queue as one PDF for a mailing run.
// Printing only renders (outside any transaction) and is audited as a read; the letters stay in the
// print queue until staff confirm they were printed, which marks them sent, audited, and strikes the
// token of any one-time link from the stored copy.
import { inTransaction, type Message } from '@relief-desk/db';
import {
  californiaDate,
  type LetterIdsInput,
  letterIdsInputSchema,
  MAX_LETTERS_PER_PRINT,
  statusTellsCriminalHistory,
} from '@relief-desk/domain';
import { type Letter, renderLetterPdf, renderMailingRunPdf, TemplateError } from '@relief-desk/notify';
import { requirePermission, requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { badInput, notFound } from '../../errors.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { officeAddressLines } from './addressee.ts';
import { strikeLinks } from './oneTimeLinks.ts';

/**
 * A letter the PDF cannot draw (a name in a script its font has not, such as Chinese or Korean) is
 * refused with what the font lacks and how to fix it, for staff to act on, not as a server error.
 */
async function printable(drawing: Promise<Buffer>): Promise<Buffer> {
  try {
    return await drawing;
  } catch (error) {
    if (error instanceof TemplateError && error.code === 'INVALID_VALUE')
      throw badInput('letters', error.message);
    throw error;
  }
}

/** A letter that tells criminal history: a court outcome, or a status about the record or the court. */
const tellsCriminalHistory = (message: { kind: string; status_type: string | null }) =>
  message.kind === 'outcome' || statusTellsCriminalHistory(message.status_type);

export interface PrintedPdf {
  bytes: Uint8Array;
  filename: string;
  letters: number;
  /** The letters in the PDF, in order: what a confirmation of this print names. */
  messageIds: string[];
}

/**
 * What a letter needs besides the message: the office's letterhead and the signers, read once for a
 * whole mailing run rather than once per letter.
 */
async function letterheadOf(ctx: OfficeContext, messages: Message[]) {
  const signerIds = [...new Set(messages.flatMap((m) => (m.created_by ? [m.created_by] : [])))];
  const [office, signers] = await Promise.all([
    ctx.db.selectFrom('offices').selectAll().where('id', '=', ctx.user.officeId).executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('users')
      .select(['id', 'name', 'role'])
      .where('id', 'in', [...signerIds, ''])
      .execute(),
  ]);
  return { office, signers: new Map(signers.map((u) => [u.id, u])) };
}

async function letterOf(
  ctx: OfficeContext,
  message: Message,
  { office, signers }: Awaited<ReturnType<typeof letterheadOf>>,
): Promise<Letter> {
  const signer = message.created_by ? signers.get(message.created_by) : undefined;
  const files = await ctx.db
    .selectFrom('document_files')
    .select('filename')
    .where('id', 'in', [...(JSON.parse(message.attachments) as string[]), ''])
    .execute();
  const [name = '', ...addressLines] = message.recipient.split('\n');
  return {
    language: message.language,
    date: californiaDate(ctx.clock.now()),
    office: {
      name: office.name,
      addressLines: officeAddressLines(office.address),
      phone: office.phone,
      email: office.email,
    },
    recipient: { name, addressLines },
    subject: message.subject,
    body: message.body,
    // The office's named signer signs every letter; else the sender, and the office signs follow-ups.
    signer: office.letter_signer_name
      ? { name: office.letter_signer_name, role: null, title: office.letter_signer_title }
      : signer
        ? { name: signer.name, role: signer.role }
        : { name: office.name, role: null },
    ...(files.length > 0 ? { enclosures: files.map((f) => f.filename) } : {}),
  };
}

/** The letters of the caller's office among these ids, with where each stands in the outbox. */
async function lettersOfOffice(ctx: OfficeContext, messageIds: readonly string[]) {
  return ctx.db
    .selectFrom('messages')
    .innerJoin('outbox', 'outbox.message_id', 'messages.id')
    .selectAll('messages')
    .select('outbox.state as outbox_state')
    .where('messages.channel', '=', 'letter')
    .where('messages.id', 'in', [...messageIds, ''])
    .orderBy('messages.created_at')
    .orderBy('messages.id')
    .execute();
}

/**
 * One letter as a PDF, to print or print again. Rendering changes nothing: the letter stays in the
 * print queue until staff confirm it was printed (confirmPrinted). The read is audited.
 */
export async function printLetter(ctx: OfficeContext, messageId: string): Promise<PrintedPdf> {
  await requirePermission(ctx, 'workMatters');
  const message = await ctx.db
    .selectFrom('messages')
    .selectAll()
    .where('id', '=', messageId)
    .where('channel', '=', 'letter')
    .executeTakeFirst();
  if (!message) {
    await putOnRecord(ctx.db, {
      entityType: 'message',
      entityId: messageId.slice(0, 64),
      outcome: 'denied',
    });
    throw notFound('That letter');
  }
  // An outcome letter names the convictions and the court's decisions, and some status letters tell
  // of the record or the court: criminal history.
  if (tellsCriminalHistory(message)) await requireRapSheetAccess(ctx, 'letters.print', message.id);
  const bytes = await printable(
    renderLetterPdf(await letterOf(ctx, message, await letterheadOf(ctx, [message]))),
  );
  await putReadOnRecord(ctx.db, {
    entityType: 'message',
    entityId: message.id,
    detail: { letters: 1, messageIds: [message.id] },
  });
  return { bytes, filename: `letter-${message.id}.pdf`, letters: 1, messageIds: [message.id] };
}

/**
 * The letters of the office waiting in the print queue, oldest first: what a mailing run prints.
 * Outcome letters carry criminal history: without the RAP sheet permission they are left for a
 * colleague who has it, and counted so the page can say so.
 */
export async function lettersToPrint(
  ctx: OfficeContext,
): Promise<{ messageIds: string[]; waiting: number; needRapSheetPermission: number }> {
  const rows = await ctx.db
    .selectFrom('messages')
    .innerJoin('outbox', 'outbox.message_id', 'messages.id')
    .select(['messages.id', 'messages.kind', 'messages.status_type'])
    .where('outbox.state', '=', 'printing')
    .orderBy('messages.created_at')
    .orderBy('messages.id')
    .execute();
  const printable = ctx.user.canViewRapSheets ? rows : rows.filter((r) => !tellsCriminalHistory(r));
  return {
    messageIds: printable.slice(0, MAX_LETTERS_PER_PRINT).map((r) => r.id),
    waiting: printable.length,
    needRapSheetPermission: rows.length - printable.length,
  };
}

/**
 * The named letters that still wait in the print queue, as one PDF for a mailing run (a page or more
 * each, in the order they were queued). Letters printed meanwhile are left out. Changes nothing.
 */
export async function printMailingRun(ctx: OfficeContext, input: LetterIdsInput): Promise<PrintedPdf> {
  await requirePermission(ctx, 'workMatters');
  const messageIds = [...new Set(letterIdsInputSchema.parse(input).messageIds)];
  const found = await lettersOfOffice(ctx, messageIds);
  await refuseLettersNotFound(ctx, messageIds, found);
  const messages = found.filter((m) => m.outbox_state === 'printing');
  if (messages.length === 0) throw badInput('letters', 'No letters are waiting to be printed.');
  const outcome = messages.find(tellsCriminalHistory);
  if (outcome) await requireRapSheetAccess(ctx, 'letters.printMailingRun', outcome.id);
  const letterhead = await letterheadOf(ctx, messages);
  const letters = [];
  for (const message of messages) letters.push(await letterOf(ctx, message, letterhead));
  const bytes = await printable(renderMailingRunPdf(letters));
  const printed = messages.map((m) => m.id);
  await putReadOnRecord(ctx.db, {
    entityType: 'office',
    entityId: ctx.user.officeId,
    detail: { letters: printed.length, messageIds: printed },
  });
  return {
    bytes,
    filename: `mailing-run-${californiaDate(ctx.clock.now())}.pdf`,
    letters: printed.length,
    messageIds: printed,
  };
}

/**
 * Letters named that are not the office's (another office's, or none at all) refuse the whole
 * request, on record under the procedure's or route's name here and in each office that owns one.
 */
async function refuseLettersNotFound(
  ctx: OfficeContext,
  messageIds: string[],
  found: { id: string }[],
): Promise<void> {
  const missing = messageIds.filter((id) => !found.some((m) => m.id === id));
  if (missing.length === 0) return;
  await putOnRecord(ctx.db, {
    entityType: 'message',
    entityId: missing[0] ?? null,
    outcome: 'denied',
    detail: { letters: messageIds.length, notFound: missing.length },
    concerns: [{ entityType: 'message', ids: missing.slice(1) }],
  });
  throw notFound(missing.length === 1 && messageIds.length === 1 ? 'That letter' : 'One of the letters');
}

/**
 * Staff confirm the letters came off the printer: those still in the print queue are marked sent, with
 * a timeline event each and one audit row. Letters already marked (by a colleague) are counted, not
 * changed. A letter that is not the office's refuses the whole confirmation, audited.
 */
export async function confirmPrinted(
  ctx: OfficeContext,
  input: LetterIdsInput,
): Promise<{ marked: number; alreadyMarked: number }> {
  const messageIds = [...new Set(input.messageIds)];
  const found = await lettersOfOffice(ctx, messageIds);
  await refuseLettersNotFound(ctx, messageIds, found);
  // Marking a letter printed tells its subject on the timeline: those that tell criminal history
  // are for staff with the permission, as printing them is.
  const telling = found.find(tellsCriminalHistory);
  if (telling) await requireRapSheetAccess(ctx, 'letters.confirmPrinted', telling.id);
  return inTransaction(ctx.db, async ({ tx }) => {
    const now = ctx.clock.now().toISOString();
    const marked: string[] = [];
    for (const message of found) {
      // Changed from what it is now, under the write lock: a letter a colleague confirmed meanwhile
      // is not marked twice.
      const printed = await tx
        .updateTable('outbox')
        .set((eb) => ({ state: 'sent', sent_at: now, updated_at: now, version: eb('version', '+', 1) }))
        .where('message_id', '=', message.id)
        .where('state', '=', 'printing')
        .executeTakeFirst();
      if (Number(printed.numUpdatedRows) === 0) continue;
      marked.push(message.id);
      // Printed is sent: the letter's one-time link (an applicant's status link) leaves the database.
      await strikeLinks(tx, { messageId: message.id, staffNoticeId: null, body: message.body });
      await recordEvent(
        tx,
        ctx,
        { id: message.matter_id, officeId: message.office_id },
        'letter_printed',
        `Letter printed for mailing: “${message.subject}”.`,
        { messageId: message.id, statusType: message.status_type },
      );
    }
    // On record beside printing (letters.print), under the letters' name the disclosure report reads.
    await putOnRecord(tx, {
      action: 'letters.confirmPrinted',
      entityType: messageIds.length === 1 ? 'message' : 'office',
      entityId: messageIds.length === 1 ? (messageIds[0] ?? null) : ctx.user.officeId,
      detail: { letters: marked.length, messageIds: marked, alreadyMarked: found.length - marked.length },
    });
    return { marked: marked.length, alreadyMarked: found.length - marked.length };
  });
}
