// An outbox worker in a test: on the harness's database, files and clock, with the follow-up check off
// and nothing logged, unless the test says otherwise.
import type { ApiHarness } from '@relief-desk/api/testing';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '../outbox/worker.ts';

export function workerFor(
  api: ApiHarness,
  options: Pick<OutboxWorkerOptions, 'senders'> & Partial<OutboxWorkerOptions>,
): OutboxWorker {
  return createOutboxWorker({
    db: api.database.db,
    files: api.context().files,
    clock: api.clock,
    followUpEveryMs: null,
    log: { info: () => {}, error: () => {} },
    ...options,
  });
}
