// What the outbox's counts (messages.deliveryStatus) mean, in words for the person reading: staff
// learn that messages wait and who can fix it; administrators learn which settings to set.
import { can, type Role } from '@relief-desk/domain';
import type { ApiOutputs } from '../../trpc.ts';

export type DeliveryStatus = ApiOutputs['messages']['deliveryStatus'];

/**
 * A message the outbox held before it went, as no longer right (what it tells, or its language): not
 * "Not delivered", as if it were tried and lost. Its reason, beside it, says why and what to do.
 */
export const HELD_LABEL = 'Not sent';

/** "1 e-mail", "5 e-mails". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const isAre = (n: number) => (n === 1 ? 'is' : 'are');

/** Plain text for a channel with no server behind it; null when the channel is set up. */
export function channelNotice(
  status: DeliveryStatus,
  channel: 'email' | 'sms',
  role: Role,
): { text: string; settings: [string, string] | null } | null {
  const { configured, waiting } = status[channel];
  if (configured) return null;
  const admin = can(role, 'administer');
  const email = channel === 'email';
  const what = email ? count(waiting, 'e-mail') : count(waiting, 'text message');
  if (!admin)
    return {
      text: `${
        email
          ? 'E-mail is not set up yet; messages wait until an administrator sets it up.'
          : 'Text messages are not set up yet; they wait until an administrator sets them up.'
      }${waiting > 0 ? ` ${what} ${isAre(waiting)} waiting.` : ''}`,
      settings: null,
    };
  const held =
    waiting > 0
      ? `: ${what} ${isAre(waiting)} waiting, unsent`
      : `, so nothing can go out by ${email ? 'e-mail' : 'text'}`;
  return {
    text: `${email ? 'E-mail is' : 'Text messages are'} not set up${held}. To send ${email ? 'e-mail' : 'texts'}, set`,
    settings: email ? ['SMTP_URL', 'MAIL_FROM'] : ['SMS_API_URL', 'SMS_API_KEY'],
  };
}

/**
 * How the office's messages stand, from the counts: never "every message was delivered" while any
 * waits unsent. Failed messages are listed on the page itself.
 */
export function outboxSummary(status: DeliveryStatus): string {
  const unsent: string[] = [];
  const onTheWay: number[] = [];
  for (const channel of ['email', 'sms'] as const) {
    const { configured, waiting } = status[channel];
    if (waiting === 0) continue;
    if (configured) onTheWay.push(waiting);
    else
      unsent.push(
        channel === 'email'
          ? `${count(waiting, 'e-mail')} (e-mail is not set up)`
          : `${count(waiting, 'text message')} (text messages are not set up)`,
      );
  }
  const sending = onTheWay.reduce((a, b) => a + b, 0);
  const parts: string[] = [];
  if (status.problems === 0) parts.push('No delivery problem is open.');
  if (unsent.length > 0) parts.push(`Waiting unsent: ${unsent.join(' and ')}.`);
  if (sending > 0) parts.push(`${count(sending, 'message')} ${isAre(sending)} being sent now.`);
  if (status.lettersToPrint > 0)
    parts.push(
      `${count(status.lettersToPrint, 'letter')} ${isAre(status.lettersToPrint)} waiting to be printed.`,
    );
  // Counted among the problems: letters the mailing run leaves out, listed under Letters to print.
  if (status.lettersCannotPrint > 0)
    parts.push(
      `${count(status.lettersCannotPrint, 'letter')} in the print queue cannot be printed as ${
        status.lettersCannotPrint === 1 ? 'it is' : 'they are'
      }.`,
    );
  if (unsent.length === 0 && sending === 0 && status.lettersToPrint === 0 && status.problems === 0)
    parts.push('Nothing is waiting to be sent or printed.');
  return parts.join(' ');
}
