// Sends a text through the office's SMS provider over HTTP (SMS_API_URL, SMS_API_KEY). The contract is
// deliberately small so any provider can sit behind a thin relay: one JSON POST per message, with the
// outbox id as idempotency key so a retry after a crash is not a second text on the client's phone.
import { DeliveryError, NotifyConfigError } from '../errors.ts';

export interface SmsMessage {
  /** The client's phone; US numbers may be written as staff type them, e.g. "(510) 555-0123". */
  to: string;
  text: string;
  /** Derived from the outbox id; the same message always carries the same key. */
  idempotencyKey: string;
}

export interface SmsSender {
  /** Resolves when the provider accepted the message (any 2xx answer). */
  send(message: SmsMessage): Promise<{ status: number }>;
}

export interface SmsSenderOptions {
  /** SMS_API_URL: the full URL the POST goes to. */
  apiUrl: string;
  /** SMS_API_KEY: sent as "Authorization: Bearer <key>". */
  apiKey: string;
  fetch?: typeof globalThis.fetch;
  /** Default 10 s. */
  timeoutMs?: number;
}

/** The recipient in E.164 (+15105550123); a bare 10-digit number is taken as a US number. */
export function toE164(phone: string): string | null {
  const digits = phone.replace(/[^\d]/g, '');
  if (phone.trim().startsWith('+')) return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return null;
}

function checkedApiUrl(apiUrl: string): URL {
  try {
    const url = new URL(apiUrl);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below, without echoing the value
  }
  throw new NotifyConfigError(
    'SMS_API_URL',
    'must be an http:// or https:// URL, e.g. https://sms.example.org/v1/messages.',
  );
}

export function createSmsSender(options: SmsSenderOptions): SmsSender {
  const url = checkedApiUrl(options.apiUrl);
  if (options.apiKey.trim() === '') throw new NotifyConfigError('SMS_API_KEY', 'must not be empty.');
  const fetchFn = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  return {
    async send(message) {
      const to = toE164(message.to);
      if (!to) {
        throw new DeliveryError({
          code: 'INVALID_RECIPIENT',
          retryable: false,
          reason: 'The phone number cannot receive text messages; check it has an area code.',
        });
      }
      let response: Response;
      try {
        response = await fetchFn(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${options.apiKey}`,
            'Idempotency-Key': message.idempotencyKey,
          },
          body: JSON.stringify({ to, text: message.text, idempotencyKey: message.idempotencyKey }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw networkError(err, timeoutMs);
      }
      // Drain the body so the connection can be reused; its content is not part of the contract.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) {
        // Every non-2xx answer is retried, as the issue asks: providers answer 4xx for throttling and
        // transient account states too, and MAX_ATTEMPTS bounds the cost of retrying a hopeless one.
        throw new DeliveryError({
          code: 'HTTP_STATUS',
          retryable: true,
          reason: `The SMS provider refused the message (HTTP ${response.status}).`,
        });
      }
      return { status: response.status };
    },
  };
}

function networkError(err: unknown, timeoutMs: number): DeliveryError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new DeliveryError({
      code: 'TIMEOUT',
      retryable: true,
      reason: `The SMS provider did not answer within ${timeoutMs} ms.`,
      cause: err,
    });
  }
  return new DeliveryError({
    code: 'CONNECTION',
    retryable: true,
    reason: 'Could not reach the SMS provider.',
    cause: err,
  });
}
