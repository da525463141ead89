// The delivery channels this process can use, from configuration: none without SMTP_URL / SMS_API_URL,
// in which case those messages wait in the outbox and the app says so. Both senders get the short time
// limit (the whole SMS request; connecting to the mail server, and its check). Once connected, the
// e-mail sender waits as RFC 5321 asks, and the worker sizes its delivery deadline by that.
// E-mail comes from MAIL_FROM, the address the mail server may send as; a client's reply goes to
// the office (Reply-To, set per message by the delivery).
import { createEmailSender, createSmsSender } from '@relief-desk/notify';
import type { Config } from '../config.ts';
import type { Senders } from './deliver.ts';
import { DEFAULT_SEND_TIMEOUT_MS } from './worker.ts';

export function sendersFrom(config: Config, timeoutMs = DEFAULT_SEND_TIMEOUT_MS): Senders {
  return {
    email: config.SMTP_URL
      ? createEmailSender({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM ?? '', timeoutMs })
      : null,
    sms:
      config.SMS_API_URL && config.SMS_API_KEY
        ? createSmsSender({ apiUrl: config.SMS_API_URL, apiKey: config.SMS_API_KEY, timeoutMs })
        : null,
  };
}
