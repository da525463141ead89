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

/** Rows this connection has changed so far (SQLite), or whether this transaction wrote (PostgreSQL). */
async function changesSoFar(tx: Tx, dialect: DialectName): Promise<number> {
  if (dialect === 'sqlite') {
    const row = await sql<{ n: number }>`select total_changes() as n`.execute(tx);
    return Number(row.rows[0]?.n ?? 0);
  }
  // A PostgreSQL transaction is given an id only when it first writes.
  const row = await sql<{
    wrote: boolean;
  }>`select pg_current_xact_id_if_assigned() is not null as wrote`.execute(tx);
  return row.rows[0]?.wrote ? 1 : 0;
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
