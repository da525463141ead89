// Generates the benchmark's caseload in a thread of its own and posts it batch by batch to the
// thread that writes it, keeping at most a few batches ahead of the writer (see build.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { type CaseloadOptions, caseloadBatches } from './caseload.ts';

const { options, written, ahead } = workerData as {
  options: CaseloadOptions;
  /** Batches written so far, counted by the writer. */
  written: SharedArrayBuffer;
  ahead: number;
};
const done = new Int32Array(written);
let sent = 0;
for (const batch of caseloadBatches(options)) {
  for (let seen = Atomics.load(done, 0); sent - seen >= ahead; seen = Atomics.load(done, 0))
    Atomics.wait(done, 0, seen);
  parentPort?.postMessage(batch);
  sent++;
}
parentPort?.postMessage(null);
