// Chains the audit journal (packages/db/src/audit-journal.ts) in the server process: a pass every
// second appends the reads journaled since the last one to their offices' chains, in a batch;
// stopping runs a last pass. (What a crash left there is chained at start, before listening: main.ts.)
import { chainAuditJournal, type Db } from '@relief-desk/db';
import { createWorkerLoop } from '../worker-loop.ts';

export interface AuditJournalLog {
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
  const loop = createWorkerLoop({
    pollMs: options.pollMs ?? 1_000,
    pass: async () => {
      await chainAuditJournal(options.db);
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
