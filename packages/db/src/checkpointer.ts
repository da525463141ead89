// Checkpoints of a SQLite file's write-ahead log, off the main thread. SQLite checkpoints
// automatically on the connection that commits once the log passes 1,000 pages; with its fsyncs that
// held Node's main thread 10-100 ms about one write transaction in five under the partner intake
// benchmark, and every request queued behind it. The server's connection stops checkpointing, and a
// worker thread (checkpoint-worker.js, with its own connection to the file) does it instead; the
// server's connection keeps SQLite's automatic checkpoint only at a hard limit, as the bound.
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

export interface CheckpointerOptions {
  /** How often the thread looks for commits; default 50 ms. */
  tickMs?: number;
  /** A checkpoint at most this long after a commit; default 250 ms. */
  intervalMs?: number;
  /**
   * Or at once when the log file is larger than this; and a log this large after a checkpoint is
   * finished with the server's connection held (see checkpoint-worker.js); default 16 MiB.
   */
  thresholdBytes?: number;
  /**
   * Past this, the server's connection checkpoints after its commits as SQLite does by itself
   * (wal_autocheckpoint at this size rather than off), whatever the thread manages; default 64 MiB.
   */
  hardLimitBytes?: number;
}

export interface Checkpointer {
  /** Whether the server's connection checkpoints as before (the thread failed). */
  readonly fallback: boolean;
  /** Stops the thread after a last checkpoint; resolves once it has exited. */
  stop(): Promise<void>;
}

/** SQLite's default automatic checkpoint, in pages. */
const SQLITE_AUTOCHECKPOINT = 1000;

/**
 * Starts checkpointing the file at path (in WAL mode, open on sqlite) from a worker thread and turns
 * off sqlite's automatic checkpoint. If the thread fails or exits, sqlite checkpoints as before.
 */
export function startCheckpointer(
  sqlite: SQLite.Database,
  path: string,
  synchronous: 'NORMAL' | 'FULL',
  /** Waits until the connection is between transactions and holds it; the function releases it. */
  holdConnection: () => Promise<() => void>,
  options: CheckpointerOptions = {},
): Checkpointer {
  const autocheckpoint = (pages: number) => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${pages}`);
  };
  // The same name from source (beside this file) and in the built server (beside main.js).
  const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), {
    workerData: {
      path,
      synchronous,
      tickMs: options.tickMs ?? 50,
      intervalMs: options.intervalMs ?? 250,
      thresholdBytes: options.thresholdBytes ?? 16 * 1024 * 1024,
      hardLimitBytes: options.hardLimitBytes ?? 64 * 1024 * 1024,
    },
    // Its connection needs no more than a small heap.
    resourceLimits: { maxOldGenerationSizeMb: 32 },
  });
  // Never what keeps a process (or a test run) alive.
  worker.unref();
  // Not off, but at the hard limit: SQLite bounds the log itself should the thread fall behind (a
  // slow disk, a busy machine) or a reader keep it from starting afresh for a while.
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  const limitPages = Math.max(1, Math.ceil((options.hardLimitBytes ?? 64 * 1024 * 1024) / pageSize));
  autocheckpoint(limitPages);
  let fallback = false;
  let running = true;
  let release: (() => void) | null = null;
  let releaseTimer: NodeJS.Timeout | undefined;
  const releaseHeld = () => {
    clearTimeout(releaseTimer);
    release?.();
    release = null;
  };
  worker.on('message', (message: { type: string }) => {
    if (message.type === 'drain') {
      void holdConnection().then((held) => {
        if (!running || !sqlite.open) return held();
        release = held;
        // Held no longer than this, whatever the thread does.
        releaseTimer = setTimeout(releaseHeld, 1000);
        worker.postMessage('finish');
      });
    } else if (message.type === 'finished') {
      releaseHeld();
    }
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      releaseHeld();
      if (running) {
        // Not asked to stop (it failed): the server's connection checkpoints again.
        running = false;
        fallback = true;
        autocheckpoint(SQLITE_AUTOCHECKPOINT);
      }
      resolve();
    });
  });
  // An error in the thread also ends it (the exit above); it must not throw in the server.
  worker.on('error', (error) => {
    console.error(`The SQLite checkpoint thread failed; the database checkpoints as it commits: ${error}`);
  });
  return {
    get fallback() {
      return fallback;
    },
    async stop() {
      if (!running) return exited;
      running = false;
      // Unreferenced, the thread would let the process end before it has (an unsettled await).
      worker.ref();
      worker.postMessage('stop');
      // A last checkpoint may take a moment; a thread that does not end is ended.
      const timeout = setTimeout(() => void worker.terminate(), 5000);
      timeout.unref();
      await exited;
      clearTimeout(timeout);
    },
  };
}
