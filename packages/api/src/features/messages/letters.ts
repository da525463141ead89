// Printed letters: one letter, or every letter waiting in the print queue as one PDF for a mailing
// run. The PDF is rendered outside any transaction; printing then marks the letters sent, audited.
import { inTransaction, type Message } from '@relief-desk/db';
import { californiaDate, type Role } from '@relief-desk/domain';
import { type Letter, renderLetterPdf, renderMailingRunPdf } from '@relief-desk/notify';
import { writeAudit } from '../../audit.ts';
import type { AuthedContext } from '../../context.ts';
import { badInput, notFound } from '../../errors.ts';
import { recordEvent } from '../matters/events.ts';
import { officeAddressLines } from './addressee.ts';

export interface PrintedPdf {
  bytes: Uint8Array;
  filename: string;
  letters: number;
}

/**
 * What a letter needs besides the message: the office's letterhead and the signers, read once for a
 * whole mailing run rather than once per letter.
 */
async function letterheadOf(ctx: AuthedContext, messages: Message[]) {
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
  ctx: AuthedContext,
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
    language: message.language as Letter['language'],
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
    // Follow-ups are queued by the system: the office signs them.
    signer: signer
      ? { name: signer.name, role: signer.role as Role }
      : { name: office.name, role: null },
    ...(files.length > 0 ? { enclosures: files.map((f) => f.filename) } : {}),
  };
}

async function markPrinted(ctx: AuthedContext, messages: Message[], action: string, entityId: string) {
  await inTransaction(ctx.db, async ({ tx }) => {
    const now = ctx.clock.now().toISOString();
    for (const message of messages) {
      const printed = await tx
        .updateTable('outbox')
        .set((eb) => ({ state: 'sent', sent_at: now, updated_at: now, version: eb('version', '+', 1) }))
        .where('message_id', '=', message.id)
        .where('state', '=', 'printing')
        .executeTakeFirst();
      if (Number(printed.numUpdatedRows) > 0)
        await recordEvent(
          tx,
          ctx,
          { id: message.matter_id, officeId: message.office_id },
          'letter_printed',
          `Letter printed for mailing: “${message.subject}”.`,
          { messageId: message.id },
        );
    }
    await writeAudit(tx, ctx, {
      action,
      entityType: messages.length === 1 ? 'message' : 'office',
      entityId,
      detail: { letters: messages.length, messageIds: messages.map((m) => m.id) },
    });
  });
}

export async function printLetter(ctx: AuthedContext, messageId: string): Promise<PrintedPdf> {
  const message = await ctx.db
    .selectFrom('messages')
    .selectAll()
    .where('id', '=', messageId)
    .where('office_id', '=', ctx.user.officeId)
    .where('channel', '=', 'letter')
    .executeTakeFirst();
  if (!message) {
    await writeAudit(ctx.db, ctx, {
      action: 'letters.print',
      entityType: 'message',
      entityId: messageId,
      outcome: 'denied',
    });
    throw notFound('That letter');
  }
  const bytes = await renderLetterPdf(await letterOf(ctx, message, await letterheadOf(ctx, [message])));
  await markPrinted(ctx, [message], 'letters.print', message.id);
  return { bytes, filename: `letter-${message.id}.pdf`, letters: 1 };
}

/** Every letter of the office waiting in the print queue (queued today, or earlier and not yet printed). */
export async function printMailingRun(ctx: AuthedContext): Promise<PrintedPdf> {
  const messages = await ctx.db
    .selectFrom('messages')
    .innerJoin('outbox', 'outbox.message_id', 'messages.id')
    .selectAll('messages')
    .where('messages.office_id', '=', ctx.user.officeId)
    .where('outbox.state', '=', 'printing')
    .orderBy('messages.created_at')
    .orderBy('messages.id')
    .execute();
  if (messages.length === 0) throw badInput('letters', 'No letters are waiting to be printed.');
  const letterhead = await letterheadOf(ctx, messages);
  const letters = [];
  for (const message of messages) letters.push(await letterOf(ctx, message, letterhead));
  const bytes = await renderMailingRunPdf(letters);
  await markPrinted(ctx, messages, 'letters.printMailingRun', ctx.user.officeId);
  return { bytes, filename: `mailing-run-${californiaDate(ctx.clock.now())}.pdf`, letters: messages.length };
}
