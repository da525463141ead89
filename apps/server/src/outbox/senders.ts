// The delivery channels this process can use, from configuration: none without SMTP_URL / SMS_API_URL,
// in which case those messages wait in the outbox and the app says so.
import { createEmailSender, createSmsSender } from '@relief-desk/notify';
import type { Config } from '../config.ts';
import type { Senders } from './deliver.ts';

export function sendersFrom(config: Config): Senders {
  return {
    email: config.SMTP_URL
      ? createEmailSender({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM ?? '' })
      : null,
    sms:
      config.SMS_API_URL && config.SMS_API_KEY
        ? createSmsSender({ apiUrl: config.SMS_API_URL, apiKey: config.SMS_API_KEY })
        : null,
  };
}
