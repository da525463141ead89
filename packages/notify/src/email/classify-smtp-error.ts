// Turns whatever nodemailer throws into a DeliveryError. RFC 5321: a 4xx reply is temporary, a 5xx
// reply permanent (550 mailbox unavailable will not change by retrying). Lost connections and
// timeouts are retried. The server's reply text is kept only as `cause`: it may echo the address.
// Once the whole message was handed over, silence is not a failure to reach the server: the server
// may have taken the message and delivered it (RFC 5321 section 4.5.3.2.6), so it is UNCONFIRMED.
import { DeliveryError } from '../errors.ts';

const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROXY',
  'ECONNREFUSED',
  'ECONNRESET',
]);
const AUTH_CODES = new Set(['EAUTH', 'ENOAUTH']);

function field(err: unknown, name: string): unknown {
  return typeof err === 'object' && err !== null && name in err ? Reflect.get(err, name) : undefined;
}

/** What staff read of a message that may have arrived (on the matter, and on the problems list). */
const UNCONFIRMED_REASON =
  'The whole e-mail went to the mail server, but it did not confirm taking it, so the e-mail may have arrived.';

export function classifySmtpError(err: unknown, progress: { handedOver: boolean }): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const responseCode = field(err, 'responseCode');
  const code = String(field(err, 'code') ?? '');
  const cause = err;
  const replied = typeof responseCode === 'number' && responseCode >= 400 && responseCode < 600;
  if (progress.handedOver && !replied) {
    return new DeliveryError({ code: 'UNCONFIRMED', retryable: true, reason: UNCONFIRMED_REASON, cause });
  }
  if (AUTH_CODES.has(code)) {
    // A wrong password is the office's configuration, not this message: retry, so that fixing
    // SMTP_URL lets the waiting messages go out.
    return new DeliveryError({
      code: 'AUTH',
      retryable: true,
      reason: 'The mail server refused our login; check the user and password in SMTP_URL.',
      cause,
    });
  }
  if (replied) {
    // 503 "bad sequence of commands" describes the session, not the message, so a new session may work.
    const temporary = responseCode < 500 || responseCode === 503;
    return new DeliveryError({
      code: temporary ? 'SMTP_TEMPORARY' : 'SMTP_PERMANENT',
      retryable: temporary,
      reason: temporary
        ? `The mail server temporarily refused the message (SMTP ${responseCode}).`
        : `The mail server permanently refused the message (SMTP ${responseCode}), for example because the mailbox does not exist.`,
      cause,
    });
  }
  if (code === 'ETIMEDOUT') {
    // Before the message was all sent: the server cannot have taken it.
    return new DeliveryError({
      code: 'TIMEOUT',
      retryable: true,
      reason: 'The mail server did not answer in time; the e-mail was not sent.',
      cause,
    });
  }
  if (CONNECTION_CODES.has(code)) {
    return new DeliveryError({
      code: 'CONNECTION',
      retryable: true,
      reason: 'Could not connect to the mail server.',
      cause,
    });
  }
  if (code === 'EENVELOPE' || code === 'EMESSAGE') {
    return new DeliveryError({
      code: 'INVALID_MESSAGE',
      retryable: false,
      reason: 'The message could not be sent as it is (for example, no valid recipient).',
      cause,
    });
  }
  return new DeliveryError({
    code: 'UNKNOWN',
    retryable: true,
    reason: 'Sending the e-mail failed unexpectedly.',
    cause,
  });
}
