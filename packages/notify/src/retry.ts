// When the outbox worker should try a failed message again. The schedule rides out a mail server
// restart (minutes) and a provider outage (hours); after MAX_ATTEMPTS the message is shown to staff
// as a delivery problem instead of being retried for ever.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Wait before attempt n+1 after n failed attempts: 1 min, 5 min, 30 min, 2 h, 6 h. */
export const RETRY_DELAYS_MS: readonly number[] = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR];

/** The first attempt plus one retry per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * When to make the next attempt, given how many attempts have already been made (0 = never tried:
 * now); null means give up and report the failure.
 */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  if (!Number.isInteger(attempts) || attempts < 0) {
    throw new RangeError('attempts must be a whole number of at least 0.');
  }
  if (attempts === 0) return new Date(now.getTime());
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay);
}
