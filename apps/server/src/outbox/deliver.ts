// Delivers one claimed outbox row, with no transaction open while the network is in use: read the
// message, send it (Message-ID and idempotency key from the outbox id), then record what happened.
// Failures are retried on notify's schedule; a permanent one, or the last attempt, becomes a
// delivery problem staff see on the matter and on the office's list. A row may instead carry a staff
// notice (an invitation, a sign-in link): sent the same way, in English, never with attachments; a
// failure shows on the users page, not on any matter. Once a row is sent or given up on, the tokens
// of the one-time links in what it carried (a sign-in link, an applicant's status link) are struck
// from the stored copy, so no working token stays in the database. A client's e-mail comes from
// MAIL_FROM with Reply-To its office's own address; a staff notice has no Reply-To.
// The worker claims rows of every office; once a row is claimed, what it carries is read, and what
// happened is recorded, on a handle held to the office the row names (officeScoped): a row never
// sends another office's message, notice or files.
import type { Readable } from 'node:stream';
import { type Clock, type FileStore, recordEvent, strikeLinks } from '@relief-desk/api';
import { type Db, dialectOf, inTransaction, type OfficeDb, officeScoped } from '@relief-desk/db';
import {
  DeliveryError,
  type EmailAttachment,
  type EmailSender,
  nextAttemptAt,
  type SmsSender,
} from '@relief-desk/notify';

export interface Senders {
  email: EmailSender | null;
  sms: SmsSender | null;
}

export type DeliveryResult = 'sent' | 'retry' | 'failed' | 'lost';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function attachmentsOf(db: OfficeDb, files: FileStore, ids: string[]): Promise<EmailAttachment[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('document_files')
    .select(['id', 'sha256', 'filename', 'content_type'])
    .where('id', 'in', ids)
    .execute();
  const attachments: EmailAttachment[] = [];
  for (const id of ids) {
    const row = rows.find((r) => r.id === id);
    if (!row) continue;
    attachments.push({
      filename: row.filename,
      contentType: row.content_type,
      content: await readAll(files.open(row.sha256)),
    });
  }
  return attachments;
}

/**
 * A send that has not finished by the deadline counts as failed with `failure` (and is retried): the
 * lease on the row is sized to the deadline, so no other worker takes the row over while it is still
 * being sent.
 */
async function withinDeadline<T>(
  send: Promise<T>,
  timeoutMs: number | undefined,
  failure: Pick<DeliveryError, 'code' | 'reason'>,
): Promise<T> {
  if (timeoutMs === undefined) return send;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      send,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new DeliveryError({ code: failure.code, retryable: true, reason: failure.reason })),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function deliverClaimed(
  db: Db,
  files: FileStore,
  senders: Senders,
  clock: Clock,
  outboxId: string,
  workerId: string,
  options: { timeoutMs?: number } = {},
): Promise<DeliveryResult> {
  const claimed = await claimedRow(db, outboxId, workerId);
  if (!claimed) return 'lost';
  const office = officeScoped(db, dialectOf(db), claimed.office_id);
  const row = await withWhatItCarries(office, claimed);
  try {
    if (!row.found)
      throw new DeliveryError({
        code: 'INVALID_MESSAGE',
        retryable: false,
        reason: 'The message this delivery names is not one of its office’s.',
      });
    if (row.channel === 'email') {
      if (!senders.email)
        throw new DeliveryError({
          code: 'UNKNOWN',
          retryable: true,
          reason: 'E-mail is not configured (SMTP_URL).',
        });
      const attachments = await attachmentsOf(office, files, JSON.parse(row.attachments) as string[]);
      await withinDeadline(
        senders.email.send({
          to: row.recipient,
          subject: row.subject,
          text: row.body,
          messageId: row.id,
          language: row.language as 'en',
          attachments,
          replyTo: row.replyTo,
        }),
        options.timeoutMs,
        // Where the send had got to is not known: perhaps past the end of the message.
        {
          code: 'UNCONFIRMED',
          reason: 'The mail server did not finish taking the e-mail in time, so it may have arrived.',
        },
      );
    } else if (row.channel === 'sms') {
      if (!senders.sms)
        throw new DeliveryError({
          code: 'UNKNOWN',
          retryable: true,
          reason: 'Text messages are not configured (SMS_API_URL).',
        });
      await withinDeadline(
        senders.sms.send({ to: row.recipient, text: row.body, idempotencyKey: row.id }),
        options.timeoutMs,
        { code: 'TIMEOUT', reason: 'The SMS provider did not answer in time.' },
      );
    } else {
      throw new DeliveryError({
        code: 'INVALID_MESSAGE',
        retryable: false,
        reason: `No delivery for channel ${row.channel}.`,
      });
    }
  } catch (error) {
    return recordFailure(office, clock, row, workerId, error);
  }
  const now = clock.now().toISOString();
  await inTransaction(office, async ({ tx }) => {
    const marked = await tx
      .updateTable('outbox')
      .set((eb) => ({
        state: 'sent',
        sent_at: now,
        updated_at: now,
        locked_until: null,
        last_error: null,
        last_error_code: null,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', row.id)
      .where('locked_by', '=', workerId)
      .executeTakeFirst();
    // A worker that took the row over meanwhile still needs the link to send it.
    if (Number(marked.numUpdatedRows) === 1) await strikeLinks(tx, carried(row));
  });
  return 'sent';
}

type ClaimedRow = Awaited<ReturnType<typeof withWhatItCarries>>;

/** An office profile's e-mail that can be a reply address (an office made before the profile has none). */
const PLAIN_ADDRESS = /^[^@\s<>,;"]+@[^@\s<>,;"]+$/;

/**
 * The row this worker claimed, by its id: the worker serves every office, so this read is not held to
 * one (the row names its office, and the rest of the delivery is held to that).
 */
function claimedRow(db: Db, outboxId: string, workerId: string) {
  return db
    .selectFrom('outbox')
    .select(['id', 'channel', 'attempts', 'matter_id', 'office_id', 'message_id', 'staff_notice_id'])
    .where('id', '=', outboxId)
    .where('locked_by', '=', workerId)
    .where('state', '=', 'sending')
    .executeTakeFirst();
}

/** What the claimed row carries, a client message or a staff notice, of the row's own office only. */
async function withWhatItCarries(office: OfficeDb, row: NonNullable<Awaited<ReturnType<typeof claimedRow>>>) {
  const message = row.message_id
    ? await office
        .selectFrom('messages')
        .select(['recipient', 'subject', 'body', 'language', 'attachments', 'status_type'])
        .where('id', '=', row.message_id)
        .executeTakeFirst()
    : undefined;
  // A client's reply goes to the office, at its profile's e-mail, not to whoever holds MAIL_FROM.
  // Staff notices (invitations, sign-in links) are Relief Desk's own: they name no reply address.
  const profile =
    message && row.channel === 'email'
      ? await office
          .selectFrom('offices')
          .select(['name', 'email'])
          .where('id', '=', row.office_id)
          .executeTakeFirst()
      : undefined;
  const notice =
    !message && row.staff_notice_id
      ? await office
          .selectFrom('staff_notices')
          .select(['recipient', 'subject', 'body'])
          .where('id', '=', row.staff_notice_id)
          .executeTakeFirst()
      : undefined;
  return {
    ...row,
    /** Whether the row carries a message or notice of its own office (else nothing is sent). */
    found: message !== undefined || notice !== undefined,
    recipient: message?.recipient ?? notice?.recipient ?? '',
    subject: message?.subject ?? notice?.subject ?? '',
    body: message?.body ?? notice?.body ?? '',
    // Staff notices are in English: the staff app is.
    language: message?.language ?? 'en',
    attachments: message?.attachments ?? '[]',
    /** A status update's type: the timeline withholds what a failure says of one about the record. */
    statusType: message?.status_type ?? null,
    /** The office's address for a client's e-mail; null otherwise, or when the office has none. */
    replyTo:
      profile && PLAIN_ADDRESS.test(profile.email.trim())
        ? { name: profile.name, address: profile.email.trim() }
        : null,
  };
}

const carried = (row: ClaimedRow) => ({
  messageId: row.message_id,
  staffNoticeId: row.staff_notice_id,
  body: row.body,
});

const CHANNEL_NAMES: Record<string, string> = { email: 'E-mail', sms: 'Text message', letter: 'Letter' };

async function recordFailure(
  db: OfficeDb,
  clock: Clock,
  row: ClaimedRow,
  workerId: string,
  error: unknown,
): Promise<DeliveryResult> {
  const failure =
    error instanceof DeliveryError
      ? error
      : new DeliveryError({
          code: 'UNKNOWN',
          retryable: true,
          reason: 'An unexpected problem stopped the delivery.',
          cause: error,
        });
  const now = clock.now();
  const next = failure.retryable ? nextAttemptAt(row.attempts, now) : null;
  const at = now.toISOString();
  if (next) {
    await db
      .updateTable('outbox')
      .set({
        state: 'pending',
        next_attempt_at: next.toISOString(),
        locked_until: null,
        last_error: failure.reason,
        last_error_code: failure.code,
        updated_at: at,
      })
      .where('id', '=', row.id)
      .where('locked_by', '=', workerId)
      .execute();
    return 'retry';
  }
  await inTransaction(db, async ({ tx }) => {
    const marked = await tx
      .updateTable('outbox')
      .set((eb) => ({
        state: 'failed',
        locked_until: null,
        last_error: failure.reason,
        last_error_code: failure.code,
        updated_at: at,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', row.id)
      .where('locked_by', '=', workerId)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) === 1) await strikeLinks(tx, carried(row));
    // A staff notice belongs to no matter: its failure shows on the users page (invitations).
    if (!row.matter_id) return;
    await recordEvent(
      tx,
      { clock, user: null },
      { id: row.matter_id, officeId: row.office_id },
      'delivery_failed',
      `${CHANNEL_NAMES[row.channel] ?? row.channel} “${row.subject}” ${
        failure.code === 'UNCONFIRMED' ? 'was not confirmed as delivered' : 'could not be delivered'
      } after ${row.attempts} attempt(s): ${failure.reason}`,
      { outboxId: row.id, code: failure.code, statusType: row.statusType },
    );
  });
  return 'failed';
}
