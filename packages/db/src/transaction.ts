// One place to open a write transaction, with hooks that run only after it commits
// (for work that must not happen if the change rolls back, such as waking the outbox worker).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './tables/index.ts';

export type Tx = Transaction<Database>;
export type Db = Kysely<Database>;

export interface TxContext {
  tx: Tx;
  onCommit(hook: () => void): void;
}

export async function inTransaction<T>(db: Db, work: (ctx: TxContext) => Promise<T>): Promise<T> {
  const hooks: (() => void)[] = [];
  const result = await db.transaction().execute((tx) => work({ tx, onCommit: (hook) => hooks.push(hook) }));
  for (const hook of hooks) hook();
  return result;
}
