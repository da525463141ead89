// Delivers one claimed outbox row, with no transaction open while the network is in use: read the
// message, send it (Message-ID and idempotency key from the outbox id), then record what happened.
// Failures are retried on notify's schedule; a permanent one, or the last attempt, becomes a
// delivery problem staff see on the matter and on the office's list. A row may instead carry a staff
// notice (an invitation, a sign-in link): sent the same way, in English, never with attachments; a
// failure shows on the users page, not on any matter. Once a row is sent or given up on, the tokens
// of the one-time links in what it carried (a sign-in link, an applicant's status link) are struck
// from the stored copy, so no working token stays in the database. A client's e-mail comes from
// MAIL_FROM with Reply-To its office's own address; a staff notice has no Reply-To.
// Before every try, the first included, a client message (a status update, an outcome) is checked
// again against the matter and the client's language as they are now (holdIfNoLongerTrue): one no
// longer right is held, not sent, now or later. Once a try may have arrived (UNCONFIRMED), the row
// says so for good (outbox.may_have_arrived): through later failures of other kinds, a hold, and
// staff's retries, so that the final word ("Sent", or given up on) says so too.
// A worker that must stop with the delivery in hand (SIGTERM, past the grace period) aborts it: not yet
// handed to the sender, the row is given back, due at once, as nothing went out; in the sender's hands,
// where the send had got to is not known here, so it is recorded as a send cut short by the deadline
// is (an e-mail UNCONFIRMED: it may have arrived; a text message TIMEOUT) and retried on the schedule.
// The worker claims rows of every office; once a row is claimed, what it carries is read, and what
// happened is recorded, on a handle held to the office the row names (officeScoped): a row never
// sends another office's message, notice or files.
import type { Readable } from 'node:stream';
import {
  type Clock,
  type FileStore,
  holdIfNoLongerTrue,
  markOutboxGivenUp,
  recordEvent,
  strikeLinks,
  timelineSubject,
} from '@relief-desk/api';
import { type Db, dialectOf, inTransaction, type OfficeDb, officeScoped } from '@relief-desk/db';
import { DOCUMENT_KIND_LABELS } from '@relief-desk/domain';
import {
  DeliveryError,
  type EmailAttachment,
  type EmailSender,
  nextAttemptAt,
  type SmsSender,
} from '@relief-desk/notify';
import { releaseUntried, STOPPED_WHILE_EMAILING } from './claim.ts';

export interface Senders {
  email: EmailSender | null;
  sms: SmsSender | null;
}

/**
 * 'released': stopped before the sender had it, the row given back untried (due at once). 'held': a
 * client message no longer right (what it tells, or its language), not sent and never to be.
 */
export type DeliveryResult = 'sent' | 'retry' | 'failed' | 'lost' | 'released' | 'held';

/** What staff read of a send the worker had to abandon when it stopped, by channel. */
export const INTERRUPTED_SEND: Record<'email' | 'sms', Pick<DeliveryError, 'code' | 'reason'>> = {
  // Past the sender's start, how far the conversation got is not known: perhaps past the end of the
  // message, so it is handled as one the mail server took in without confirming.
  email: STOPPED_WHILE_EMAILING,
  // As for a provider that did not answer in time: the retry carries the same idempotency key.
  sms: { code: 'TIMEOUT', reason: 'Relief Desk stopped before the SMS provider answered.' },
};

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function attachmentsOf(db: OfficeDb, files: FileStore, ids: string[]): Promise<EmailAttachment[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('document_files')
    .innerJoin('document_requests', 'document_requests.id', 'document_files.request_id')
    .select([
      'document_files.id',
      'document_files.sha256',
      'document_files.filename',
      'document_files.content_type',
      'document_files.removed_at',
      'document_requests.kind',
      'document_requests.label',
    ])
    .where('document_files.id', 'in', ids)
    .execute();
  // A file removed after the message was written (removing one now waits for the messages carrying
  // it): the e-mail would say it is attached and carry none, and no later try can change that.
  const removed = rows.filter((r) => r.removed_at !== null);
  if (removed.length > 0)
    throw new DeliveryError({
      code: 'INVALID_MESSAGE',
      retryable: false,
      reason: `Its enclosure (${[...new Set(removed.map((r) => (r.kind === 'signed_order' ? DOCUMENT_KIND_LABELS[r.kind] : r.label || DOCUMENT_KIND_LABELS[r.kind])))].join(', ')}) was removed after it was written, so it would say the document is attached without it: write the message again.`,
    });
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
 * being sent. One the worker abandons as it stops (`signal`) counts as failed with `interrupted`.
 */
async function withinDeadline<T>(
  send: Promise<T>,
  timeoutMs: number | undefined,
  failure: Pick<DeliveryError, 'code' | 'reason'>,
  signal: AbortSignal | undefined,
  interrupted: Pick<DeliveryError, 'code' | 'reason'>,
): Promise<T> {
  const fail = (f: Pick<DeliveryError, 'code' | 'reason'>) =>
    new DeliveryError({ code: f.code, retryable: true, reason: f.reason });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      send,
      new Promise<never>((_, reject) => {
        if (timeoutMs !== undefined) timer = setTimeout(() => reject(fail(failure)), timeoutMs);
        onAbort = () => reject(fail(interrupted));
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** Thrown before the sender is called when the worker is stopping: nothing went out. */
class NotSent extends Error {}

export async function deliverClaimed(
  db: Db,
  files: FileStore,
  senders: Senders,
  clock: Clock,
  outboxId: string,
  workerId: string,
  options: {
    timeoutMs?: number;
    /** Aborted when the worker must stop with this delivery in hand. */
    signal?: AbortSignal;
  } = {},
): Promise<DeliveryResult> {
  const claimed = await claimedRow(db, outboxId, workerId);
  if (!claimed) return 'lost';
  const office = officeScoped(db, dialectOf(db), claimed.office_id);
  const row = await withWhatItCarries(office, claimed);
  const { signal } = options;
  /** The send once the sender has it: if abandoned, a confirmation that still comes is recorded. */
  const handedOver: { send: Promise<unknown> | null } = { send: null };
  // Checked and followed by the sender's call in one step: either nothing went out, or the sender has it.
  const handOver = <T>(send: () => Promise<T>): Promise<T> => {
    if (signal?.aborted) throw new NotSent();
    const started = send();
    handedOver.send = started;
    return started;
  };
  try {
    if (!row.found)
      throw new DeliveryError({
        code: 'INVALID_MESSAGE',
        retryable: false,
        reason: 'The message this delivery names is not one of its office’s.',
      });
    // A client message is checked again before every try, the first included: it may have waited
    // for hours while the matter, or the client's language, changed (held.ts).
    if (row.message_id && (row.channel === 'email' || row.channel === 'sms')) {
      const held = await holdIfNoLongerTrue(
        office,
        clock,
        row.id,
        workerId,
        row.may_have_arrived ? EARLIER_TRY_MAY_HAVE_ARRIVED : undefined,
      );
      if (held) return held;
    }
    if (row.channel === 'email') {
      if (!senders.email)
        throw new DeliveryError({
          code: 'UNKNOWN',
          retryable: true,
          reason: 'E-mail is not configured (SMTP_URL).',
        });
      const attachments = await attachmentsOf(office, files, JSON.parse(row.attachments) as string[]);
      const email = senders.email;
      await withinDeadline(
        handOver(() =>
          email.send({
            to: row.recipient,
            subject: row.subject,
            text: row.body,
            messageId: row.id,
            language: row.language as 'en',
            attachments,
            replyTo: row.replyTo,
          }),
        ),
        options.timeoutMs,
        // Where the send had got to is not known: perhaps past the end of the message.
        {
          code: 'UNCONFIRMED',
          reason: 'The mail server did not finish taking the e-mail in time, so it may have arrived.',
        },
        signal,
        INTERRUPTED_SEND.email,
      );
    } else if (row.channel === 'sms') {
      if (!senders.sms)
        throw new DeliveryError({
          code: 'UNKNOWN',
          retryable: true,
          reason: 'Text messages are not configured (SMS_API_URL).',
        });
      const sms = senders.sms;
      await withinDeadline(
        handOver(() => sms.send({ to: row.recipient, text: row.body, idempotencyKey: row.id })),
        options.timeoutMs,
        { code: 'TIMEOUT', reason: 'The SMS provider did not answer in time.' },
        signal,
        INTERRUPTED_SEND.sms,
      );
    } else {
      throw new DeliveryError({
        code: 'INVALID_MESSAGE',
        retryable: false,
        reason: `No delivery for channel ${row.channel}.`,
      });
    }
  } catch (error) {
    if (error instanceof NotSent) {
      await releaseUntried(db, [row.id], workerId, clock.now());
      return 'released';
    }
    const result = await recordFailure(office, clock, row, workerId, error);
    // Abandoned as the worker stopped: a confirmation that comes before the process ends still counts
    // (the row is still this worker's until another claims it); the database may be closed by then.
    if (signal?.aborted && handedOver.send)
      handedOver.send.then(
        () => recordSent(office, clock, row, workerId).catch(() => {}),
        () => {},
      );
    return result;
  }
  await recordSent(office, clock, row, workerId);
  return 'sent';
}

/**
 * What staff read, after a later failure of another kind (the server unreachable, say) or a hold, of
 * an e-mail a try of which may have arrived (outbox.may_have_arrived): kept whatever came since.
 */
export const EARLIER_TRY_MAY_HAVE_ARRIVED =
  'An earlier try may have arrived (the mail server had not confirmed it).';

/**
 * What staff read of an e-mail sent after a try that may have arrived (UNCONFIRMED): the client may
 * have it twice, under the same Message-ID. "Sent" alone would say it went once.
 */
export const SENT_AFTER_UNCONFIRMED =
  'An earlier try may have arrived too (the mail server had not confirmed it), so the client may have this e-mail twice.';

async function recordSent(office: OfficeDb, clock: Clock, row: ClaimedRow, workerId: string) {
  const now = clock.now().toISOString();
  await inTransaction(office, async ({ tx }) => {
    const marked = await tx
      .updateTable('outbox')
      .set((eb) => ({
        state: 'sent',
        sent_at: now,
        updated_at: now,
        locked_until: null,
        handed_over_at: null,
        // As the row stood when claimed: a try before this one may have arrived. (The failure this
        // attempt recorded, if its confirmation came late, is of this copy, which arrived.)
        last_error: row.may_have_arrived ? SENT_AFTER_UNCONFIRMED : null,
        last_error_code: row.may_have_arrived ? 'UNCONFIRMED' : null,
        may_have_arrived: row.may_have_arrived,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', row.id)
      .where('locked_by', '=', workerId)
      .executeTakeFirst();
    // A worker that took the row over meanwhile still needs the link to send it.
    if (Number(marked.numUpdatedRows) === 1) await strikeLinks(tx, carried(row));
  });
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
    .select([
      'id',
      'channel',
      'attempts',
      'matter_id',
      'office_id',
      'message_id',
      'staff_notice_id',
      'may_have_arrived',
    ])
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
        .select([
          'recipient',
          'subject',
          'body',
          'language',
          'attachments',
          'status_type',
          'kind',
          'worded_by_staff',
        ])
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
    /** What the timeline calls it: a court outcome by a fixed name, never by its subject. */
    timelineSubject: message ? timelineSubject(message) : (notice?.subject ?? ''),
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
  // Once a try may have arrived (this one, or one before: the row says so), that stays said, whatever
  // a later failure says (the server down, a refusal), so that the final word ("Sent", or given up
  // on) still says so. Kept as UNCONFIRMED, it waits out its back-off when the server comes back, as
  // any e-mail that may have arrived does.
  const mayHaveArrived = row.may_have_arrived === 1 || failure.code === 'UNCONFIRMED';
  const code = mayHaveArrived ? 'UNCONFIRMED' : failure.code;
  const reason =
    mayHaveArrived && failure.code !== 'UNCONFIRMED'
      ? `${failure.reason} ${EARLIER_TRY_MAY_HAVE_ARRIVED}`
      : failure.reason;
  if (next) {
    await db
      .updateTable('outbox')
      .set({
        state: 'pending',
        next_attempt_at: next.toISOString(),
        locked_until: null,
        handed_over_at: null,
        last_error: reason,
        last_error_code: code,
        may_have_arrived: mayHaveArrived ? 1 : 0,
        updated_at: at,
      })
      .where('id', '=', row.id)
      .where('locked_by', '=', workerId)
      .execute();
    return 'retry';
  }
  await inTransaction(db, async ({ tx }) => {
    const marked = await markOutboxGivenUp(
      tx,
      { outboxId: row.id, workerId, code, reason, at, mayHaveArrived },
      carried(row),
    );
    // Another worker took the row over meanwhile: this try's failure is not the last word.
    if (!marked) return;
    // A staff notice belongs to no matter: its failure shows on the users page (invitations).
    if (!row.matter_id) return;
    await recordEvent(
      tx,
      { clock, user: null },
      { id: row.matter_id, officeId: row.office_id },
      'delivery_failed',
      `${CHANNEL_NAMES[row.channel] ?? row.channel} “${row.timelineSubject}” ${
        code === 'UNCONFIRMED' ? 'was not confirmed as delivered' : 'could not be delivered'
      } after ${row.attempts} attempt(s): ${reason}`,
      { outboxId: row.id, code, statusType: row.statusType },
    );
  });
  return 'failed';
}
