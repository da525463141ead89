// What the web app knows about its session's idle limit, shared by the idle watcher (IdleWatch.tsx)
// and the query client's "session ended" handler (trpc.ts, App.tsx): once the limit has passed, a
// refused request means the session ended for being idle, and the page stays as it is (with what the
// person typed) and says so, instead of going to the sign-in page.

/** How long before the known limit a refusal is taken for the idle limit (clocks and the once-a-few-seconds touch). */
const MARGIN_MS = 5_000;

let deadline: number | null = null;
let endedIdle = false;
const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};

export const idleSession = {
  /** When the session ends unless it is used (this browser's clock), as last read from the server. */
  setDeadline(at: number | null): void {
    deadline = at;
  },
  endedIdle(): boolean {
    return endedIdle;
  },
  markEndedIdle(): void {
    if (endedIdle) return;
    endedIdle = true;
    notify();
  },
  /** Signed in again (in another tab): the page works again. */
  clear(): void {
    if (!endedIdle) return;
    endedIdle = false;
    notify();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/**
 * For a request refused because the session ended: true when that is the idle limit (it has passed,
 * as far as this page knows), which is then marked so the page shows why and keeps what was typed.
 */
export function sessionEndedByIdle(now = Date.now()): boolean {
  if (endedIdle) return true;
  if (deadline !== null && now >= deadline - MARGIN_MS) {
    idleSession.markEndedIdle();
    return true;
  }
  return false;
}
