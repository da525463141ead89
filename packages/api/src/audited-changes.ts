// Audit by structure: a transaction opened on a signed-in person's handle that changed any row
// cannot commit without an audit row among its changes. Checked just before the commit, so a change
// nobody put on record rolls back with an error instead of landing silently.
import {
  auditRowsAppendedIn,
  type Db,
  keepTransactionHooks,
  type Tx,
  withTransactionHooks,
} from '@relief-desk/db';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * Counts the statements on a handle that changed rows, as the database reports them (an insert,
 * update or delete that matched none, or a row only locked FOR UPDATE, is no change). It asks the
 * database nothing more, and sees raw SQL statements too.
 */
class ChangedStatements implements KyselyPlugin {
  count = 0;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if ((args.result.numAffectedRows ?? 0n) > 0n) this.count++;
    return args.result;
  }
}

export class UnauditedChangeError extends Error {
  constructor(action: string) {
    super(`${action} changed records without writing an audit row in the same transaction.`);
    this.name = 'UnauditedChangeError';
  }
}

/**
 * The same handle, whose transactions (opened through inTransaction) commit a change only with its
 * audit row. One handle serves one request, whose transactions run one after another.
 */
export function auditedChanges(db: Db, action: string): Db {
  const changed = new ChangedStatements();
  const counted = keepTransactionHooks(db, db.withPlugin(changed));
  return withTransactionHooks(counted, {
    begin: async () => {
      changed.count = 0;
    },
    beforeCommit: async (tx: Tx) => {
      if (changed.count > 0 && auditRowsAppendedIn(tx) === 0) throw new UnauditedChangeError(action);
    },
  });
}
