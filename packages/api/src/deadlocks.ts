// Work that writes in two offices' rows in one transaction takes both offices' turns first, in one
// order (takeTurnsInOrder), so two such pieces of work going opposite ways wait rather than deadlock.
// Should one still happen (PostgreSQL then ends one transaction to break it; SQLite's writers take
// turns), nothing of the ended one stayed, so it is run again after a short pause of random length:
// run again at once, the two would meet again in the same order.

/** PostgreSQL ended the transaction to break a deadlock. */
export function isDeadlock(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause)
    if ((e as { code?: unknown }).code === '40P01') return true;
  return false;
}

/** The pause before attempt `attempt + 1`: random, up to 25 ms times the attempts made so far. */
export function deadlockPauseMs(attempt: number, random: () => number = Math.random): number {
  return Math.round(5 + random() * 25 * attempt);
}

/** Runs `work`, again after a deadlock ended it (after a short random pause), up to `attempts` times in all. */
export async function retryOnDeadlock<T>(
  work: () => Promise<T>,
  attempts = 5,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) throw error;
      await sleep(deadlockPauseMs(attempt));
    }
  }
}
