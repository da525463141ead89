// Answers that must not tell, by how long they took, what was found: whether someone with an e-mail
// address has an account, or applied to clear their record.

/** Runs `answer`, then waits until at least `ms` of real time has passed since it began, however it ended. */
export async function answeredAfterAtLeast<T>(ms: number, answer: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await answer();
  } finally {
    // Until the time has truly passed: a timer may fire a fraction of a millisecond early.
    const left = () => started + ms - performance.now();
    while (left() > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(left())));
  }
}
