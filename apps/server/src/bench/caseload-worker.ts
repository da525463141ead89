// Generates the benchmark's caseload in a thread of its own and posts it batch by batch to the
// thread that writes it (for PostgreSQL as COPY text), keeping at most a few batches ahead of the writer (see build.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { type CaseloadOptions, caseloadBatches } from './caseload.ts';
import { copyTextOf } from './copy-text.ts';
import type { SharedValues } from './rows.ts';

const { options, written, ahead, copyText } = workerData as {
  options: CaseloadOptions;
  /** Given the values every row shares, each batch is posted as COPY text (PostgreSQL's build). */
  copyText: SharedValues | null;
  /** Batches written so far, counted by the writer. */
  written: SharedArrayBuffer;
  ahead: number;
};
const done = new Int32Array(written);
let sent = 0;
for (const batch of caseloadBatches(options)) {
  for (let seen = Atomics.load(done, 0); sent - seen >= ahead; seen = Atomics.load(done, 0))
    Atomics.wait(done, 0, seen);
  parentPort?.postMessage(copyText ? copyTextOf(batch, copyText) : batch);
  sent++;
}
parentPort?.postMessage(null);
