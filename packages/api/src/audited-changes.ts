// Audit by structure: a transaction opened by a signed-in person's mutation that changed anything
// cannot commit without an audit row among its changes. Checked just before the commit, so a change
// nobody put on record rolls back with an error instead of landing silently.
import {
  auditRowsAppendedIn,
  type Db,
  type DialectName,
  type Tx,
  withTransactionHooks,
} from '@relief-desk/db';
import { sql } from 'kysely';

/**
 * Rows changed so far: by this connection (SQLite's total_changes), or inserted, updated and deleted
 * in this transaction (PostgreSQL's transaction statistics; a row only locked FOR UPDATE is no change).
 */
async function changesSoFar(tx: Tx, dialect: DialectName): Promise<number> {
  const row =
    dialect === 'sqlite'
      ? await sql<{ n: number }>`select total_changes() as n`.execute(tx)
      : await sql<{ n: string | null }>`
          select sum(n_tup_ins + n_tup_upd + n_tup_del) as n from pg_stat_xact_user_tables`.execute(tx);
  return Number(row.rows[0]?.n ?? 0);
}

export class UnauditedChangeError extends Error {
  constructor(action: string) {
    super(`${action} changed records without writing an audit row in the same transaction.`);
    this.name = 'UnauditedChangeError';
  }
}

export function auditedChanges(db: Db, dialect: DialectName, action: string): Db {
  const before = new WeakMap<Tx, number>();
  return withTransactionHooks(db, {
    begin: async (tx) => {
      before.set(tx, await changesSoFar(tx, dialect));
    },
    beforeCommit: async (tx) => {
      if (auditRowsAppendedIn(tx) > 0) return;
      if ((await changesSoFar(tx, dialect)) === (before.get(tx) ?? 0)) return;
      throw new UnauditedChangeError(action);
    },
  });
}
