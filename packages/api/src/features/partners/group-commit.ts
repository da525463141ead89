// Group commit for partner referrals on SQLite. A referral dirties about 70 pages (the matters
// table's indexes, the timeline's, the audit log's, the kept counts), and its commit writes them all
// to the write-ahead log; referrals arriving together share most of those pages. So the referrals
// waiting at the same moment run one after another in one transaction, each in a savepoint of its
// own: a referral that fails rolls back to its savepoint, undoing its own writes and no other's.
// Each is answered only after the one commit, so every answer still waits for its own commit; if the
// commit fails, every referral in the group fails with it (none was saved).
// SQLite runs one write transaction at a time on one connection anyway, so nothing waits longer
// for the grouping than for the turn it would have waited for.
// Keys of different offices share a group: each referral runs on a handle on the group's transaction
// held to its own key's office (OfficeTx), never on the bare transaction.
import { type Db, dialectOf, forgetAuditChainHeads, type OfficeTx, officeScoped } from '@relief-desk/db';
import { sql } from 'kysely';
import { forgetPartnerKeyUses } from './keys.ts';

/** Enough to share the pages; few enough that the first in a group is not kept long. */
const MAX_GROUP = 32;

interface Job {
  officeId: string;
  work(tx: OfficeTx): Promise<unknown>;
  afterCommit(): void;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Queue {
  jobs: Job[];
  scheduled: boolean;
}
const queues = new WeakMap<Db, Queue>();

/**
 * Runs work in a transaction shared with other callers' work queued at the same moment, in a
 * savepoint of its own, on a handle on that transaction held to officeId; resolves once that
 * transaction has committed (after afterCommit), or rejects with work's error (its savepoint rolled
 * back) or the commit's.
 */
export function inGroupCommit<T>(
  db: Db,
  officeId: string,
  work: (tx: OfficeTx) => Promise<T>,
  afterCommit: () => void,
): Promise<T> {
  let queue = queues.get(db);
  if (!queue) {
    queue = { jobs: [], scheduled: false };
    queues.set(db, queue);
  }
  const promise = new Promise<T>((resolve, reject) => {
    queue.jobs.push({ officeId, work, afterCommit, resolve: resolve as (value: unknown) => void, reject });
  });
  schedule(db, queue);
  return promise;
}

// After the requests already read have queued their work (setImmediate runs after pending I/O).
function schedule(db: Db, queue: Queue): void {
  if (queue.scheduled || queue.jobs.length === 0) return;
  queue.scheduled = true;
  setImmediate(() => {
    void runGroup(db, queue.jobs.splice(0, MAX_GROUP)).finally(() => {
      queue.scheduled = false;
      schedule(db, queue);
    });
  });
}

async function runGroup(db: Db, jobs: Job[]): Promise<void> {
  const done: { job: Job; value: unknown }[] = [];
  const failed: { job: Job; error: unknown }[] = [];
  try {
    await db.transaction().execute(async (tx) => {
      // One handle per office in the group, so an office's referrals share what is remembered per
      // handle (the key's noted use, the counties' placements); the audit chain's head is the
      // transaction's, whichever handle appended.
      const offices = new Map<string, OfficeTx>();
      for (const job of jobs) {
        let scoped = offices.get(job.officeId);
        if (!scoped) {
          scoped = officeScoped(tx, dialectOf(tx), job.officeId);
          offices.set(job.officeId, scoped);
        }
        await sql`savepoint referral`.execute(tx);
        try {
          const value = await job.work(scoped);
          await sql`release referral`.execute(tx);
          done.push({ job, value });
        } catch (error) {
          await sql`rollback to referral`.execute(tx);
          await sql`release referral`.execute(tx);
          // The audit chain's head, and the keys' noted uses, are back where the savepoint found them.
          forgetAuditChainHeads(tx);
          for (const handle of [tx, ...offices.values()]) forgetPartnerKeyUses(handle);
          failed.push({ job, error });
        }
      }
    });
  } catch (error) {
    // Nothing of the group was committed: every referral not yet refused fails with the cause.
    for (const job of jobs) if (!failed.some((f) => f.job === job)) failed.push({ job, error });
    done.length = 0;
  }
  for (const { job, value } of done) {
    try {
      job.afterCommit();
      job.resolve(value);
    } catch (error) {
      job.reject(error);
    }
  }
  for (const { job, error } of failed) job.reject(error);
}
