// After an erasure (a RAP sheet discarded, a file removed): with secure_delete on (connect.ts) the
// pages committed in the database file hold zeros where the erased text was, but the -wal file still
// holds the older copies of those pages, written when the text was saved and changed, until a
// checkpoint copies the newest pages into the file and the log starts over. Erasures are rare, so
// each one ends with a checkpoint that empties the -wal file rather than wait for SQLite's own.
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from './transaction.ts';

export interface ForgottenPages {
  /** False when another connection's read (a backup running, say) kept the -wal file from emptying. */
  emptied: boolean;
}

/**
 * Empties the SQLite -wal file (a TRUNCATE checkpoint), to be called once the transaction that erased
 * something has committed. Nothing to do on PostgreSQL: its dead rows are not in its backups (pg_dump
 * copies rows, not pages) and VACUUM reclaims them. Never throws: the erasure is committed, and the
 * next checkpoint empties the log in any case; a checkpoint that could not finish is logged.
 */
export async function forgetErasedPages(db: Db): Promise<ForgottenPages> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return { emptied: true };
  try {
    const { rows } = await sql<{
      busy: number;
      log: number;
      checkpointed: number;
    }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    const row = rows[0];
    // busy: another connection held a read (or write) the checkpoint could not wait out; the older
    // page copies stay in the -wal file until a later checkpoint.
    if (row && row.busy !== 0) {
      console.warn(
        'Something erased is still in the database’s -wal file: another connection was reading it (a backup?). The next checkpoint removes it.',
      );
      return { emptied: false };
    }
    return { emptied: true };
  } catch (error) {
    console.warn('Something erased may still be in the database’s -wal file: the checkpoint failed.', error);
    return { emptied: false };
  }
}
