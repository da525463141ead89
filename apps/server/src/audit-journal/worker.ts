// Chains the audit journal (packages/db/src/audit-journal.ts) in the server process: a pass every
// second appends the reads journaled since the last one to their offices' chains, in a batch. The
// first pass runs at start, so rows a crash left in the journal join their chains before anything
// else; stopping runs a last pass after the requests in flight have finished.
import { chainAuditJournal, type Db } from '@relief-desk/db';
import { createWorkerLoop } from '../worker-loop.ts';

export interface AuditJournalLog {
  info(message: string): void;
  error(message: string, detail?: unknown): void;
}

export interface AuditJournalWorker {
  start(): void;
  /** Stops the passes, then chains what the journal still holds. */
  stop(options?: { deadline?: number }): Promise<void>;
}

export function createAuditJournalWorker(options: {
  db: Db;
  log: AuditJournalLog;
  pollMs?: number;
}): AuditJournalWorker {
  let firstPass = true;
  const loop = createWorkerLoop({
    pollMs: options.pollMs ?? 1_000,
    pass: async () => {
      const chained = await chainAuditJournal(options.db);
      if (firstPass && chained > 0)
        options.log.info(`Chained ${chained} audit rows of reads that the last stop left in the journal.`);
      firstPass = false;
      return false;
    },
    onError: (error) =>
      options.log.error('Chaining the audit journal failed; trying again at the next pass', error),
  });
  return {
    start: loop.start,
    async stop(stopOptions = {}) {
      await loop.stop(stopOptions.deadline);
      await chainAuditJournal(options.db);
    },
  };
}
