// The delivery channels this process can use, from configuration: none without SMTP_URL / SMS_API_URL,
// in which case those messages wait in the outbox and the app says so. Both senders get the time
// limit the worker sizes its delivery deadline and leases from.
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
