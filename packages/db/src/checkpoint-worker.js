// The thread that checkpoints a SQLite database's write-ahead log (started by checkpointer.ts), so the
// server's own connection never does: SQLite's automatic checkpoint runs on the connection that
// commits, and its fsyncs stalled the main thread 10-100 ms. Plain JavaScript, so Node loads it in a
// thread as it is (from source and from the built server alike: apps/server/build.ts builds it beside
// main.js under the same name).
//
// It holds its own connection to the file. Every tick it looks whether anything was committed; if so,
// and the last checkpoint is old enough or the log large, it runs a PASSIVE checkpoint, which waits for
// nobody and blocks nobody: readers and writers go on while it copies and syncs.
//
// The log starts afresh only when a commit finds every frame of it copied, which a checkpoint beside a
// steady stream of commits never achieves (each commits while it syncs). So once the log is past the
// threshold and a PASSIVE checkpoint has copied the bulk of it, the thread asks the server to hold its
// connection between two transactions ('drain') and copies the rest ('finish': a few pages and the two
// syncs) while the server's event loop goes on; the next commit starts the log afresh. The bound
// itself is the server connection's: it checkpoints after a commit that finds the log past the hard
// limit, as SQLite always did, should this thread fall behind.
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

/** @type {{ path: string, synchronous: 'NORMAL' | 'FULL', tickMs: number, intervalMs: number, thresholdBytes: number, hardLimitBytes?: number }} */
const options = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

const sqlite = new SQLite(options.path, { fileMustExist: true });
// A checkpoint syncs the log and the database file as this connection's setting says: the same as the
// server's, so a commit is as durable after this thread's checkpoint as after one of its own.
sqlite.pragma(`synchronous = ${options.synchronous}`);
// Never wait for a lock: a checkpoint that cannot run now runs at the next tick.
sqlite.pragma('busy_timeout = 0');
const pageSize = /** @type {number} */ (sqlite.pragma('page_size', { simple: true }));
const dataVersion = sqlite.prepare('pragma data_version').pluck();
const walPath = `${options.path}-wal`;

let seenVersion = -1;
let pending = false;
let lastCheckpoint = 0;
/** A 'drain' was asked for and its 'finish' has not come yet. */
let draining = false;

function walBytes() {
  try {
    return statSync(walPath).size;
  } catch {
    return 0;
  }
}

/** @param {'PASSIVE'} mode */
function checkpoint(mode) {
  const [row] = /** @type {{ busy: number, log: number, checkpointed: number }[]} */ (
    sqlite.pragma(`wal_checkpoint(${mode})`)
  );
  lastCheckpoint = Date.now();
  return row ?? { busy: 0, log: 0, checkpointed: 0 };
}

function tick() {
  // data_version changes when another connection commits: no commit, nothing to do.
  const version = dataVersion.get();
  if (version !== seenVersion) {
    seenVersion = /** @type {number} */ (version);
    pending = true;
  }
  // While the server gets its connection ready for the 'finish', nothing here may hold it up.
  if (!pending || draining) return;
  const bytes = walBytes();
  if (Date.now() - lastCheckpoint < options.intervalMs && bytes < options.thresholdBytes) return;
  try {
    const result = checkpoint('PASSIVE');
    // Done once every frame is in the database file; the next commit then starts the log afresh.
    pending = result.checkpointed < result.log;
    if (pending && !draining && result.log * pageSize > options.thresholdBytes) {
      draining = true;
      port.postMessage({ type: 'drain' });
    }
  } catch (error) {
    // SQLITE_BUSY and the like: try again at the next tick.
    pending = true;
    if (!(error instanceof SQLite.SqliteError)) throw error;
  }
}

const timer = setInterval(tick, options.tickMs);

port.on('message', (message) => {
  if (message === 'finish') {
    // The server holds its connection: nothing commits until this answers.
    draining = false;
    let result = null;
    try {
      result = checkpoint('PASSIVE');
      pending = result.checkpointed < result.log;
    } catch {
      pending = true;
    }
    port.postMessage({ type: 'finished', result });
    return;
  }
  if (message !== 'stop') return;
  clearInterval(timer);
  // A last checkpoint, so the server's own close has little left to copy.
  try {
    checkpoint('PASSIVE');
  } catch {
    // The server's connection checkpoints what is left when it closes.
  }
  sqlite.close();
  port.postMessage({ type: 'stopped' });
  port.close();
});
