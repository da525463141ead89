// Work that writes in two offices' rows in one transaction can meet other such work taking them in the
// opposite order: PostgreSQL then ends one transaction to break the deadlock (SQLite's writers take
// turns). Nothing of the ended one stayed, so it is run again.

/** PostgreSQL ended the transaction to break a deadlock. */
function isDeadlock(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause)
    if ((e as { code?: unknown }).code === '40P01') return true;
  return false;
}

/** Runs `work`, again after a deadlock ended it, up to `attempts` times in all. */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) throw error;
    }
  }
}
