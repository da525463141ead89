// Delivers e-mail over SMTP for the outbox worker. The Message-ID comes from the outbox id, so a retry
// after a crash is recognisably the same message (mail clients and servers de-duplicate on it).
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
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ messageId: string }>;
  /** Connects and logs in without sending, to report a broken SMTP_URL early. */
  verify(): Promise<void>;
  close(): void;
}

export interface EmailSenderOptions {
  /** SMTP_URL. */
  smtpUrl: string;
  /** MAIL_FROM, e.g. "Clean Slate Clinic <cleanslate@example.org>". */
  from: string;
  /** Limit for connecting, the greeting and each wait on the server; default 15 s. */
  timeoutMs?: number;
}

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
  const timeout = options.timeoutMs ?? 15_000;
  const transport = createTransport({
    ...smtp,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });

  return {
    async send(message) {
      const messageId = messageIdFor(message.messageId);
      try {
        await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId,
          headers: { 'Content-Language': message.language },
          attachments: (message.attachments ?? []).map((a) => ({ ...a })),
        });
      } catch (err) {
        throw classifySmtpError(err);
      }
      return { messageId };
    },
    async verify() {
      try {
        await transport.verify();
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    close() {
      transport.close();
    },
  };
}
