// A matter's row locked for the rest of the transaction on PostgreSQL (SQLite's write transactions
// already take turns). What a client message rests on (the matter's stage, its petitions and their
// outcomes, its eligibility decisions) is read and changed under this lock, taken before any of the
// matter's own records: a message composed from the records and a change to them take turns, so the
// message is refused as no longer what the record says, or the change warns that the client was told
// otherwise. Taken first, and several in the order of their ids, so that no transaction holding a
// matter waits for a record another holds while that one waits for the matter.
import { dialectOf, type Tx } from '@relief-desk/db';

export async function lockMatters(tx: Tx, matterIds: readonly string[]): Promise<void> {
  if (matterIds.length === 0 || dialectOf(tx) !== 'postgres') return;
  await tx
    .selectFrom('matters')
    .select('id')
    .where('id', 'in', [...new Set(matterIds)])
    // Locked as the rows come out of the sort: in the order of their ids.
    .orderBy('id')
    .forUpdate()
    .execute();
}

export function lockMatter(tx: Tx, matterId: string): Promise<void> {
  return lockMatters(tx, [matterId]);
}
