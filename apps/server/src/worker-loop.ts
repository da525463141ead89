// The loop of a background worker in the server process (the outbox, RAP sheet imports): a pass, then
// again at once when the pass says there is more, else a sleep of pollMs that wake() cuts short (a
// commit queued work). A wake while a pass runs is kept: the next sleep ends at once. A pass that
// throws is reported and tried again at the next poll. Stopping ends the loop after the pass in hand.

export interface WorkerLoop {
  /** Starts the loop; nothing when it runs already. */
  start(): void;
  wake(): void;
  /** Ends the loop after the pass in hand; true when that pass ended by the deadline (epoch ms), if any. */
  stop(deadline?: number): Promise<boolean>;
}

export function createWorkerLoop(options: {
  pollMs: number;
  /** One pass; true when there is more to do at once. */
  pass: () => Promise<boolean>;
  onError: (error: unknown) => void;
}): WorkerLoop {
  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let woken = false;

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, options.pollMs);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        woken = false;
        resolve();
      }
      wakeUp = done;
    });

  return {
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          try {
            if ((await options.pass()) && running) continue;
          } catch (error) {
            options.onError(error);
          }
          if (running) await sleep();
        }
      })();
    },
    wake() {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    stop(deadline) {
      running = false;
      wakeUp?.();
      const current = loop ?? Promise.resolve();
      loop = null;
      return new Promise<boolean>((resolve) => {
        const timer =
          deadline === undefined
            ? undefined
            : setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
        void current.then(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
