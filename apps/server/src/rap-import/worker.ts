// The RAP sheet import worker: runs inside the server process and reads one import at a time (OCR
// keeps both cores busy; a second would only slow the first), the file read and its text parsed in a
// worker thread (jobs.ts), so the server's own thread keeps answering. It claims the oldest waiting
// import, or one whose server stopped answering (its lease ran out), reads it with progress written
// page by page, and sleeps until woken by a new import or until the next poll. Stopping: the import
// in hand is given back to the queue within moments (its reading thread ended) and the next start
// reads it again.
import { randomBytes } from 'node:crypto';
import {
  type Clock,
  claimNextImport,
  type FileStore,
  type ImportWorkerDeps,
  runImport,
} from '@relief-desk/api';
import type { Db } from '@relief-desk/db';
import { createWorkerLoop } from '../worker-loop.ts';

export interface ImportWorkerLog {
  info(message: string): void;
  error(message: string, detail?: unknown): void;
}

export interface ImportWorker {
  start(): void;
  wake(): void;
  /** Gives the import in hand back (within moments) and stops; waits until the deadline at most. */
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
  let stopping = false;
  const deps: ImportWorkerDeps = {
    db: options.db,
    files: options.files,
    clock: options.clock,
    workerId,
    stopping: () => stopping,
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
  };
  // After an import, the next one at once: another may be waiting.
  const loop = createWorkerLoop({
    pollMs,
    pass: async () => {
      const id = await claimNextImport(deps);
      if (!id) return false;
      const started = Date.now();
      const outcome = await runImport(deps, id);
      options.log.info(`RAP sheet import ${id}: ${outcome} in ${Date.now() - started} ms`);
      return true;
    },
    onError: (error) =>
      options.log.error('RAP sheet import worker pass failed; trying again at the next poll', error),
  });

  return {
    start() {
      stopping = false;
      loop.start();
    },
    wake: loop.wake,
    async stop(stopOptions = {}) {
      stopping = true;
      await loop.stop(stopOptions.deadline);
    },
  };
}
