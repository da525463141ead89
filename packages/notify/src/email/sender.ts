// Delivers e-mail over SMTP for the outbox worker. The Message-ID comes from the outbox id, so a retry
// after a crash is recognisably the same message (mail clients and servers de-duplicate on it).
// A send waits on the server as long as RFC 5321 (section 4.5.3.2) asks, above all 10 minutes for the
// reply to the end of the message, while the server delivers it: a client that gives up sooner sends
// the message again, and its recipient gets it twice. A failure once the whole message went is told
// apart (UNCONFIRMED: it may have arrived) from one before, when the server cannot have it.
import type { LanguageCode } from '@relief-desk/domain';
import { createTransport } from 'nodemailer';
import { DeliveryError, NotifyConfigError } from '../errors.ts';
import { classifySmtpError } from './classify-smtp-error.ts';
import { parseSmtpUrl } from './smtp-url.ts';

export interface EmailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  attachments?: readonly EmailAttachment[];
  /** The outbox id (letters, digits, . _ -); sent as the header Message-ID: <id@relief-desk>. */
  messageId: string;
  /** Sent as Content-Language. */
  language: LanguageCode;
  /**
   * Where a reply goes instead of MAIL_FROM: for a client's message, the office's own address (its
   * profile's e-mail). From stays MAIL_FROM, the address the mail server may send as (SPF, DMARC).
   */
  replyTo?: { name: string; address: string } | null;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ messageId: string }>;
  /**
   * Connects and logs in without sending, within the short limit (timeoutMs): the worker's check,
   * while e-mails wait, that the server is back.
   */
  verify(): Promise<void>;
  /** The longest one send should take with these waits: the worker sizes its delivery deadline by it. */
  readonly sendLimitMs: number;
  close(): void;
}

export interface EmailSenderOptions {
  /** SMTP_URL. */
  smtpUrl: string;
  /** MAIL_FROM, e.g. "Clean Slate Clinic <cleanslate@example.org>". */
  from: string;
  /** Limit for connecting (before the greeting), and for all of verify(); default 15 s. */
  timeoutMs?: number;
  /** How long a send waits for the server's greeting; default RFC 5321's 5 minutes. */
  greetingTimeoutMs?: number;
  /**
   * How long a send waits for each reply, the longest wait being the one for the reply to the end of
   * the message; default RFC 5321's 10 minutes.
   */
  replyTimeoutMs?: number;
}

/** RFC 5321 section 4.5.3.2.1: the initial 220 message. */
const GREETING_TIMEOUT_MS = 5 * 60_000;
/** RFC 5321 section 4.5.3.2.6: DATA termination, the longest wait it names. */
const END_OF_DATA_TIMEOUT_MS = 10 * 60_000;

const OUTBOX_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The Message-ID header for an outbox id. */
export function messageIdFor(outboxId: string): string {
  if (!OUTBOX_ID_PATTERN.test(outboxId)) {
    throw new DeliveryError({
      code: 'INVALID_MESSAGE',
      retryable: false,
      reason: 'The message id must be the outbox id: letters, digits, dot, underscore or dash.',
    });
  }
  return `<${outboxId}@relief-desk>`;
}

export function createEmailSender(options: EmailSenderOptions): EmailSender {
  const smtp = parseSmtpUrl(options.smtpUrl);
  if (!/^[^@\s]+@[^@\s]+/.test(options.from.replace(/^.*</, ''))) {
    throw new NotifyConfigError(
      'MAIL_FROM',
      'must be an e-mail address, e.g. "Office <office@example.org>".',
    );
  }
  const connectMs = options.timeoutMs ?? 15_000;
  const greetingMs = options.greetingTimeoutMs ?? GREETING_TIMEOUT_MS;
  const replyMs = options.replyTimeoutMs ?? END_OF_DATA_TIMEOUT_MS;
  const transport = createTransport({
    ...smtp,
    // Nodemailer counts the greeting within connectionTimeout, from the DNS lookup on.
    connectionTimeout: connectMs + greetingMs,
    greetingTimeout: greetingMs,
    // socketTimeout is the one time allowed without a word from the server, whatever the command:
    // it must allow the longest wait, the reply to the end of the message.
    socketTimeout: replyMs,
  });
  // The check sends nothing, so it may give up soon: the worker tries again at its next check.
  const check = createTransport({
    ...smtp,
    connectionTimeout: connectMs,
    greetingTimeout: connectMs,
    socketTimeout: connectMs,
  });

  /** The sends in progress, by Message-ID: whether the whole message has gone to the server. */
  const inFlight = new Map<string, { handedOver: boolean }>();
  // The stream the connection reads the message from: its end is the whole message handed over, and
  // the end-of-data mark follows at once. From then on the server may have taken the message.
  transport.use('stream', (mail, done) => {
    const progress = inFlight.get(String(mail.data.messageId));
    if (progress)
      mail.message.processFunc((message) => {
        message.once('end', () => {
          progress.handedOver = true;
        });
        return message;
      });
    done();
  });

  return {
    async send(message) {
      const messageId = messageIdFor(message.messageId);
      const progress = { handedOver: false };
      inFlight.set(messageId, progress);
      try {
        await transport.sendMail({
          from: options.from,
          to: message.to,
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          subject: message.subject,
          text: message.text,
          messageId,
          headers: { 'Content-Language': message.language },
          attachments: (message.attachments ?? []).map((a) => ({ ...a })),
        });
      } catch (err) {
        throw classifySmtpError(err, progress);
      } finally {
        inFlight.delete(messageId);
      }
      return { messageId };
    },
    async verify() {
      try {
        await check.verify();
      } catch (err) {
        throw classifySmtpError(err, { handedOver: false });
      }
    },
    // Connecting and the greeting, the reply to the end of the message, and as long again for the
    // other replies together: a server slower than that is cut short by the worker's deadline, and
    // the message counted as unconfirmed.
    sendLimitMs: connectMs + greetingMs + 2 * replyMs,
    close() {
      transport.close();
      check.close();
    },
  };
}
