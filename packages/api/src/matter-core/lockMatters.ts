// A matter's row locked for the rest of the transaction on PostgreSQL (SQLite's write transactions
// already take turns). What a client message rests on (the matter's stage, its petitions and their
// outcomes, its eligibility decisions) is read and changed under this lock: a message composed from
// the records and a change to them take turns, so the message is refused as no longer what the record
// says, or the change warns that the client was told otherwise.
//
// The lock is the one an update of the matter takes (FOR NO KEY UPDATE), so rows written that point
// to the matter (timeline entries, messages) do not wait for it. Every procedure that takes it, and
// every one that locks or changes one of the matter's records (a conviction, an arrest, a petition, a
// document request) and then updates the matter, takes it first, before any such record: none holds a
// record while waiting for the matter another holds while waiting for that record. Several matters
// are taken in the order of their ids.
import { dialectOf, type Tx } from '@relief-desk/db';

export async function lockMatters(tx: Tx, matterIds: readonly string[]): Promise<void> {
  if (matterIds.length === 0 || dialectOf(tx) !== 'postgres') return;
  await tx
    .selectFrom('matters')
    .select('id')
    .where('id', 'in', [...new Set(matterIds)])
    // Locked as the rows come out of the sort: in the order of their ids.
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
}

export function lockMatter(tx: Tx, matterId: string): Promise<void> {
  return lockMatters(tx, [matterId]);
}

/** The matter a record belongs to, locked first (lockMatters), before the record itself is read or changed. */
export async function lockMatterOf(
  tx: Tx,
  table: 'convictions' | 'arrests' | 'petitions' | 'document_requests' | 'rap_imports',
  id: string,
): Promise<void> {
  if (dialectOf(tx) !== 'postgres') return;
  const record = await tx.selectFrom(table).select('matter_id').where('id', '=', id).executeTakeFirst();
  if (record) await lockMatter(tx, record.matter_id);
}
