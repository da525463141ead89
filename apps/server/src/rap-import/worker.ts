// The RAP sheet import worker: runs inside the server process and reads one import at a time (OCR
// keeps both cores busy; a second would only slow the first). It claims the oldest waiting import,
// or one whose server stopped answering (its lease ran out), reads it with progress written page by
// page, and sleeps until woken by a new import or until the next poll. Stopping: the import in hand
// is given back to the queue at its next page and the next start reads it again.
import { randomBytes } from 'node:crypto';
import {
  type Clock,
  claimNextImport,
  type FileStore,
  type ImportWorkerDeps,
  runImport,
} from '@relief-desk/api';
import type { Db } from '@relief-desk/db';

export interface ImportWorkerLog {
  info(message: string): void;
  error(message: string, detail?: unknown): void;
}

export interface ImportWorker {
  start(): void;
  wake(): void;
  /** Gives the import in hand back (at its next page) and stops; waits until the deadline at most. */
  stop(options?: { deadline?: number }): Promise<void>;
}

export function createImportWorker(options: {
  db: Db;
  files: FileStore;
  clock: Clock;
  log: ImportWorkerLog;
  pollMs?: number;
  leaseMs?: number;
}): ImportWorker {
  const workerId = `import-${process.pid}-${randomBytes(4).toString('hex')}`;
  const pollMs = options.pollMs ?? 5_000;
  let running = false;
  let stopping = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let woken = false;
  const deps: ImportWorkerDeps = {
    db: options.db,
    files: options.files,
    clock: options.clock,
    workerId,
    stopping: () => stopping,
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
  };

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, pollMs);
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
      stopping = false;
      loop = (async () => {
        while (running) {
          try {
            const id = await claimNextImport(deps);
            if (id) {
              const started = Date.now();
              const outcome = await runImport(deps, id);
              options.log.info(`RAP sheet import ${id}: ${outcome} in ${Date.now() - started} ms`);
              if (running) continue;
            }
          } catch (error) {
            options.log.error('RAP sheet import worker pass failed; trying again at the next poll', error);
          }
          if (running) await sleep();
        }
      })();
    },
    wake() {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    async stop(stopOptions = {}) {
      running = false;
      stopping = true;
      wakeUp?.();
      const current = loop ?? Promise.resolve();
      loop = null;
      await new Promise<void>((resolve) => {
        const timer =
          stopOptions.deadline === undefined
            ? undefined
            : setTimeout(resolve, Math.max(0, stopOptions.deadline - Date.now()));
        void current.then(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
