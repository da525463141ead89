// The audit journal: the audit row of a read (someone was shown a search's page, a matter, a client)
// is one insert into audit_journal, and joins its office's hash chain later, in a batch. Appending
// to the chain straight away costs a transaction of its own on every read: lock the chain's head,
// move it, insert the row (five round trips on PostgreSQL), and every read of the office takes its
// turn at the head. A journaled row is committed before the page is answered, so a crash loses none:
// the server chains what the journal holds when it starts again.
//
// The rule that keeps readers of the log whole: whatever reads audit_log first chains the journal
// (chainAuditJournal), so a row is never missing from the log, the disclosure report or the chain's
// check; it is only later in the chain than its time says. While a row waits in the journal (a second
// or so, the server's pass), it is not yet protected by the chain's hashes.
import { type CompiledQuery, type Kysely, PostgresAdapter } from 'kysely';
import { appendToChain, auditOfficeKey, auditRowSlots, type NewChainedAuditRow } from './audit-chain.ts';
import { withSlotValues } from './compiled-once.ts';
import type { Database } from './tables/index.ts';

/** How many journaled rows one transaction chains; a longer journal takes several. */
const BATCH = 1000;

/**
 * Puts a read's audit row in the journal: one insert, in the caller's transaction when given one,
 * otherwise committed at once. It is not a change's audit row: the insert runs without the handle's
 * plugins and is not counted (audited-changes.ts), so a transaction that changes a record still needs
 * a row on the chain.
 */
export async function journalAuditRow(db: Kysely<Database>, row: NewChainedAuditRow): Promise<void> {
  await db.withoutPlugins().executeQuery(withSlotValues(journalInsert(db), { ...row }));
}

/**
 * Appends every row the journal holds to its office's chain, oldest first, a batch per transaction,
 * and returns how many. Two at once never chain a row twice: PostgreSQL locks the batch's rows (the
 * second waits, then skips what the first removed); SQLite's writers take turns. An empty journal
 * costs one read, no write transaction. Not inside a transaction: on SQLite it would wait on itself.
 */
export async function chainAuditJournal(db: Kysely<Database>): Promise<number> {
  if (db.isTransaction)
    throw new Error('chainAuditJournal opens transactions of its own: call it outside any transaction.');
  let chained = 0;
  for (;;) {
    const waiting = await db
      .withoutPlugins()
      .selectFrom('audit_journal')
      .select('id')
      .limit(1)
      .executeTakeFirst();
    if (!waiting) return chained;
    const batch = await chainBatch(db);
    chained += batch;
    if (batch < BATCH) return chained;
  }
}

async function chainBatch(db: Kysely<Database>): Promise<number> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return db
    .withoutPlugins()
    .transaction()
    .execute(async (tx) => {
      const rows = await tx
        .selectFrom('audit_journal')
        .selectAll()
        .orderBy('id')
        .limit(BATCH)
        .$if(postgres, (q) => q.forUpdate())
        .execute();
      if (rows.length === 0) return 0;
      const byOffice = new Map<string, NewChainedAuditRow[]>();
      for (const row of rows) {
        const key = auditOfficeKey(row.office_id);
        byOffice.set(key, [...(byOffice.get(key) ?? []), row]);
      }
      // Heads locked in one order, so two transactions holding several never wait on each other.
      for (const key of [...byOffice.keys()].sort()) await appendToChain(tx, key, byOffice.get(key) ?? []);
      for (let at = 0; at < rows.length; at += DELETE_CHUNK)
        await tx
          .deleteFrom('audit_journal')
          .where(
            'id',
            'in',
            rows.slice(at, at + DELETE_CHUNK).map((row) => row.id),
          )
          .execute();
      return rows.length;
    });
}

/** Ids per delete: far below either database's limit on a statement's values. */
const DELETE_CHUNK = 500;

const compiledByAdapter = new WeakMap<object, CompiledQuery>();

/** The journal's insert, compiled once per database: every audited read runs it. */
function journalInsert(db: Kysely<Database>): CompiledQuery {
  const adapter = db.getExecutor().adapter;
  let compiled = compiledByAdapter.get(adapter);
  if (!compiled) {
    compiled = db.withoutPlugins().insertInto('audit_journal').values(auditRowSlots()).compile();
    compiledByAdapter.set(adapter, compiled);
  }
  return compiled;
}
