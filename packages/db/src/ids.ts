// Text ids that sort by creation time (ULID layout: 48-bit milliseconds then 80 random bits, in
// Crockford base32), so the newest rows come last in an index and keyset pages stay stable.
// Monotonic within a process: ids made in the same millisecond (or under a clock that stands still
// or steps back, as in tests) still increase.
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_DIGITS = 16;

let lastTime = -1;
let lastRandom: number[] = [];

// Random bytes are drawn from the system 4 kB at a time: one system call per 256 ids, not per id
// (a bulk load makes millions).
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
function randomDigits(): number[] {
  if (poolOffset + RANDOM_DIGITS > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const digits = new Array<number>(RANDOM_DIGITS);
  for (let i = 0; i < RANDOM_DIGITS; i++) digits[i] = (pool[poolOffset + i] ?? 0) % 32;
  poolOffset += RANDOM_DIGITS;
  return digits;
}

export function newId(now: Date = new Date()): string {
  let time = now.getTime();
  let random: number[];
  if (time <= lastTime) {
    time = lastTime;
    random = increment(lastRandom);
  } else {
    random = randomDigits();
    random[0] = (random[0] ?? 0) % 16; // leave room to increment without overflow
  }
  lastTime = time;
  lastRandom = random;

  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = ALPHABET.charAt(time % 32) + timePart;
    time = Math.floor(time / 32);
  }
  return timePart + random.map((d) => ALPHABET.charAt(d)).join('');
}

function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    const digit = (next[i] ?? 0) + 1;
    if (digit < 32) {
      next[i] = digit;
      return next;
    }
    next[i] = 0;
  }
  return next;
}

/** The smallest id made at or after the time: a lower bound for keyset ranges over ids by time. */
export function firstIdAt(time: Date): string {
  let ms = Math.max(0, time.getTime());
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = ALPHABET.charAt(ms % 32) + timePart;
    ms = Math.floor(ms / 32);
  }
  return timePart + '0'.repeat(RANDOM_DIGITS);
}

/** The instant an id was made at (its first ten characters), to the millisecond: firstIdAt's inverse. */
export function instantOfId(id: string): Date {
  let ms = 0;
  for (const char of id.slice(0, 10)) ms = ms * 32 + ALPHABET.indexOf(char);
  return new Date(ms);
}
