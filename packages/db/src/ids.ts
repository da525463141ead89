// Text ids that sort by creation time (ULID layout: 48-bit milliseconds, 80 random bits, base32),
// so the newest rows come last in an index and keyset pages stay stable.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newId(now: Date = new Date()): string {
  let time = now.getTime();
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = ALPHABET.charAt(time % 32) + timePart;
    time = Math.floor(time / 32);
  }
  const random = randomBytes(16);
  let randomPart = '';
  for (let i = 0; i < 16; i++) randomPart += ALPHABET.charAt((random[i] ?? 0) % 32);
  return timePart + randomPart;
}
