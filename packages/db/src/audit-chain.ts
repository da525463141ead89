// The audit log is tamper-evident: each office's rows form one hash chain. Every row carries its
// place in the office's chain (seq, from 1), the hash of the row before it (prev_hash; zeros for the
// first) and its own hash, SHA-256 over a canonical serialisation of its fields and prev_hash. Rows
// with no office (sign-in attempts naming no account) form a chain of their own, office key ''.
// The newest row of each chain is mirrored in audit_chain_heads, so a truncated tail shows too.
//
// The serialisation below is a stored format: changing it breaks every existing chain. Migration
// 0009_audit_chain keeps its own copy, used once to chain the rows written before it.
import { createHash } from 'node:crypto';
import { type CompiledQuery, type Kysely, PostgresAdapter, sql, type Transaction } from 'kysely';
import { chainAuditJournal } from './audit-journal.ts';
import { slot, typedSlot, withSlotValues } from './compiled-once.ts';
import type { AuditLogTable, Database } from './tables/index.ts';
import { transactionOf } from './transaction.ts';

export const AUDIT_CHAIN_GENESIS = '0'.repeat(64);

/** The chain a row belongs to: its office, or '' for rows with no office. */
export const auditOfficeKey = (officeId: string | null): string => officeId ?? '';

/** An audit row as stored, chain fields included. */
export interface ChainedAuditRow {
  id: string;
  occurred_at: string;
  actor_id: string | null;
  office_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  ip: string;
  outcome: AuditLogTable['outcome'];
  /** The JSON text exactly as stored. */
  detail: string;
  seq: number;
  prev_hash: string;
  hash?: string;
}

/** The audit row to append: everything but its place in the chain. */
export type NewChainedAuditRow = Omit<ChainedAuditRow, 'seq' | 'prev_hash' | 'hash'>;

export function auditRowHash(row: Omit<ChainedAuditRow, 'hash'>): string {
  const canonical = JSON.stringify([
    'relief-desk-audit-v1',
    Number(row.seq),
    row.prev_hash,
    row.id,
    row.occurred_at,
    row.office_id,
    row.actor_id,
    row.action,
    row.entity_type,
    row.entity_id,
    row.ip,
    row.outcome,
    row.detail,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

const MAX_ATTEMPTS = 50;

/**
 * Appends a row to its office's chain: inside the caller's transaction when given one (the row
 * commits or rolls back with the change it describes), otherwise in a short transaction of its own,
 * so the row and the chain head always move together.
 *
 * Two writers never fork a chain: the head is read with a row lock on PostgreSQL (a second writer
 * waits until the first commits, then reads the new head), and SQLite's write transactions already
 * take turns (BEGIN IMMEDIATE). The head's update is also guarded by the sequence and hash it read,
 * and a unique index on (office, seq) backs both up.
 *
 * A transaction that appends several rows to one chain (a group of partner referrals commits dozens)
 * reads the head once: the head it wrote last is the next row's. The guarded update is what makes
 * that safe: if the head is no longer the one remembered (a savepoint rolled back, a statement of
 * the same transaction outside this function moved it), it matches nothing, and the head is read
 * again. What is remembered is the transaction's, whichever of its handles appended (transactionOf).
 */
const auditRowsIn = new WeakMap<Transaction<Database>, number>();
const headsWrittenIn = new WeakMap<Transaction<Database>, Map<string, { seq: number; hash: string }>>();

/**
 * Forgets the heads this transaction wrote (after rolling back to a savepoint, say): its next
 * append reads the head again. Never needed for correctness (see appendAuditRow), only to skip a
 * failed update.
 */
export function forgetAuditChainHeads(tx: Transaction<Database>): void {
  headsWrittenIn.delete(transactionOf(tx));
}

/** How many audit rows this transaction has appended so far (a change must append at least one). */
export function auditRowsAppendedIn(tx: Transaction<Database>): number {
  return auditRowsIn.get(transactionOf(tx)) ?? 0;
}

export async function appendAuditRow(
  db: Kysely<Database>,
  row: NewChainedAuditRow,
): Promise<ChainedAuditRow & { hash: string }> {
  const append = async (tx: Transaction<Database>) => {
    const [appended] = await appendToChain(tx, auditOfficeKey(row.office_id), [row]);
    if (!appended) throw new Error('The audit row was not appended.');
    return appended;
  };
  if (db.isTransaction) return append(db as Transaction<Database>);
  return db.transaction().execute(append);
}

/** Counts audit rows this transaction appended to a chain. */
function countAuditRowsIn(tx: Transaction<Database>, rows = 1): void {
  const transaction = transactionOf(tx);
  auditRowsIn.set(transaction, auditRowsAppendedIn(transaction) + rows);
}

/**
 * Appends rows, in the order given, to the chain of office key `key` (every row's office): the head
 * is read and moved once, however many rows there are (the audit journal appends its batches so).
 */
export async function appendToChain(
  tx: Transaction<Database>,
  key: string,
  rows: readonly NewChainedAuditRow[],
): Promise<(ChainedAuditRow & { hash: string })[]> {
  if (rows.length === 0) return [];
  // Counted for the transaction itself, whichever of its handles (office scope, plugins) appended.
  const transaction = transactionOf(tx);
  countAuditRowsIn(transaction, rows.length);
  const postgres = tx.getExecutor().adapter instanceof PostgresAdapter;
  let written = headsWrittenIn.get(transaction);
  if (!written) {
    written = new Map();
    headsWrittenIn.set(transaction, written);
  }
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const remembered = attempt === 1 ? written.get(key) : undefined;
    const head =
      remembered ??
      (await tx
        .selectFrom('audit_chain_heads')
        .select(['seq', 'hash'])
        .where('office_key', '=', key)
        .$if(postgres, (q) => q.forUpdate())
        .executeTakeFirst());
    if (!head) {
      // The office's first row: start its chain (a writer racing to do the same is let through).
      await tx
        .insertInto('audit_chain_heads')
        .values({ office_key: key, seq: 0, hash: AUDIT_CHAIN_GENESIS })
        .onConflict((oc) => oc.column('office_key').doNothing())
        .execute();
      continue;
    }
    const chained: (ChainedAuditRow & { hash: string })[] = [];
    let previous = { seq: Number(head.seq), hash: head.hash };
    for (const row of rows) {
      const link = { ...row, seq: previous.seq + 1, prev_hash: previous.hash };
      const hash = auditRowHash(link);
      chained.push({ ...link, hash });
      previous = { seq: link.seq, hash };
    }
    const { move, insert } = compiledStatements(tx);
    const moved = await tx.executeQuery(
      withSlotValues(move, {
        seq: previous.seq,
        hash: previous.hash,
        office_key: key,
        head_seq: Number(head.seq),
        head_hash: head.hash,
      }),
    );
    if (Number(moved.numAffectedRows ?? 0n) !== 1) {
      written.delete(key);
      continue;
    }
    const [only] = chained;
    if (chained.length === 1 && only) await tx.executeQuery(withSlotValues(insert, { ...only }));
    else
      for (let at = 0; at < chained.length; at += INSERT_CHUNK)
        await tx
          .withoutPlugins()
          .insertInto('audit_log')
          .values(chained.slice(at, at + INSERT_CHUNK))
          .execute();
    written.set(key, previous);
    return chained;
  }
  throw new Error(`Could not append to the audit chain of office "${key}" after ${MAX_ATTEMPTS} attempts.`);
}

/** Rows per statement when a batch is appended: 13 values each, far below either database's limit. */
const INSERT_CHUNK = 500;

/** A slot for each field of an audit row before its place in the chain (the journal's row too). */
export function auditRowSlots() {
  return {
    id: slot('id'),
    occurred_at: slot('occurred_at'),
    actor_id: slot('actor_id'),
    office_id: slot('office_id'),
    action: slot('action'),
    entity_type: slot('entity_type'),
    entity_id: slot('entity_id'),
    ip: slot('ip'),
    outcome: typedSlot<ChainedAuditRow['outcome']>('outcome'),
    detail: slot('detail'),
  };
}

interface ChainStatements {
  /** Moves the head from the one read (head_seq, head_hash) to the new row (seq, hash). */
  move: CompiledQuery;
  /** Inserts the row. */
  insert: CompiledQuery;
}
const compiledByAdapter = new WeakMap<object, ChainStatements>();

/**
 * The head's move and the row's insert, built and compiled once per database (every audited request
 * runs them; building and compiling them took longer than running them) and run with the values in
 * their slots. Compiled without plugins: neither table belongs to an office, and the handle's own
 * plugins still see each result (the audit-by-structure count, say).
 */
function compiledStatements(tx: Transaction<Database>): ChainStatements {
  const adapter = tx.getExecutor().adapter;
  let compiled = compiledByAdapter.get(adapter);
  if (!compiled) {
    const plain = tx.withoutPlugins();
    compiled = {
      move: plain
        .updateTable('audit_chain_heads')
        .set({ seq: typedSlot<number>('seq'), hash: slot('hash') })
        .where('office_key', '=', slot('office_key'))
        .where('seq', '=', typedSlot<number>('head_seq'))
        .where('hash', '=', slot('head_hash'))
        .compile(),
      insert: plain
        .insertInto('audit_log')
        .values({
          ...auditRowSlots(),
          seq: typedSlot<number>('seq'),
          prev_hash: slot('prev_hash'),
          hash: slot('hash'),
        })
        .compile(),
    };
    compiledByAdapter.set(adapter, compiled);
  }
  return compiled;
}

export type AuditChainProblemKind = 'content_changed' | 'row_missing' | 'row_inserted' | 'link_broken';

export interface AuditChainProblem {
  kind: AuditChainProblemKind;
  /** The row found broken; for a missing row, the row found where it should have been (if any). */
  rowId: string | null;
  /** The sequence number where the chain breaks. */
  seq: number | null;
  /** What differs, in words. */
  message: string;
}

export interface AuditChainReport {
  officeKey: string;
  officeId: string | null;
  rowsChecked: number;
  /** The chain's newest sequence number and hash: worth writing down elsewhere, to compare later. */
  head: { seq: number; hash: string } | null;
  problem: AuditChainProblem | null;
}

const PAGE = 1000;

/**
 * Walks every office's chain from its first row, and reports each, with the first break if any. The
 * walk reads one moment of the log (a repeatable-read transaction; on SQLite a read transaction sees
 * one snapshot): a server appending rows meanwhile, as it does all day, must not read as rows put past
 * the chain's end.
 */
export async function verifyAuditChains(db: Kysely<Database>): Promise<AuditChainReport[]> {
  // Reads still in the audit journal join their chains first, so the walk checks them too.
  await chainAuditJournal(db);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((snapshot) => verifyChainsAsOf(snapshot));
}

async function verifyChainsAsOf(db: Kysely<Database>): Promise<AuditChainReport[]> {
  const heads = await db.selectFrom('audit_chain_heads').selectAll().execute();
  const keyed = await db
    .selectFrom('audit_log')
    .select(sql<string>`coalesce(office_id, '')`.as('office_key'))
    .distinct()
    .execute();
  const keys = [...new Set([...heads.map((h) => h.office_key), ...keyed.map((k) => k.office_key)])].sort();
  const reports: AuditChainReport[] = [];
  for (const key of keys) {
    const head = heads.find((h) => h.office_key === key) ?? null;
    reports.push(await verifyChain(db, key, head ? { seq: Number(head.seq), hash: head.hash } : null));
  }
  return reports;
}

type StoredRow = Omit<ChainedAuditRow, 'seq' | 'prev_hash' | 'hash'> & {
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
};

async function verifyChain(
  db: Kysely<Database>,
  key: string,
  head: { seq: number; hash: string } | null,
): Promise<AuditChainReport> {
  const report: AuditChainReport = {
    officeKey: key,
    officeId: key || null,
    rowsChecked: 0,
    head,
    problem: null,
  };
  const officeKey = sql<string>`coalesce(office_id, '')`;
  const broken = (problem: AuditChainProblem) => ({ ...report, problem });
  let expected = 1;
  let previous: { id: string; hash: string } | null = null;
  for (;;) {
    const rows = (await db
      .selectFrom('audit_log')
      .selectAll()
      .where(officeKey, '=', key)
      .where('seq', '>=', expected)
      .orderBy('seq')
      .orderBy('id')
      .limit(PAGE)
      .execute()) as StoredRow[];
    // Rows numbered below where the walk has reached: a second row claiming a place already taken.
    if (expected > 1) {
      const duplicate = await db
        .selectFrom('audit_log')
        .select(['id', 'seq'])
        .where(officeKey, '=', key)
        .where('seq', '=', expected - 1)
        .where('id', '!=', previous?.id ?? '')
        .executeTakeFirst();
      if (duplicate)
        return broken({
          kind: 'row_inserted',
          rowId: duplicate.id,
          seq: Number(duplicate.seq),
          message: `a second row claims sequence ${duplicate.seq}`,
        });
    }
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq < expected)
        return broken({
          kind: 'row_inserted',
          rowId: row.id,
          seq,
          message: `a second row claims sequence ${seq}`,
        });
      // Past the chain's recorded end: a row put here (moved from another chain, say), not rows lost.
      if (head && seq > head.seq)
        return broken({
          kind: 'row_inserted',
          rowId: row.id,
          seq,
          message: `the row comes after the chain's recorded end (sequence ${head.seq})`,
        });
      // The place is the missing row's; no row of it is left to name.
      if (seq > expected)
        return broken({
          kind: 'row_missing',
          rowId: null,
          seq: expected,
          message:
            seq - expected === 1
              ? `row ${expected} is missing (the next row present is ${row.id}, sequence ${seq})`
              : `rows ${expected} to ${seq - 1} are missing (the next row present is ${row.id}, sequence ${seq})`,
        });
      if (
        row.prev_hash === null ||
        row.hash === null ||
        auditRowHash({ ...row, seq, prev_hash: row.prev_hash }) !== row.hash
      )
        return broken({
          kind: 'content_changed',
          rowId: row.id,
          seq,
          message: "the row's fields no longer match its hash",
        });
      const expectedPrevious = previous?.hash ?? AUDIT_CHAIN_GENESIS;
      if (row.prev_hash !== expectedPrevious)
        return broken({
          kind: 'link_broken',
          rowId: row.id,
          seq,
          message: previous
            ? `the row does not link to row ${previous.id} (sequence ${seq - 1}): one of the two was replaced`
            : 'the first row of the chain does not start it',
        });
      report.rowsChecked++;
      previous = { id: row.id, hash: row.hash };
      expected = seq + 1;
    }
    if (rows.length < PAGE) break;
  }
  const lastSeq = expected - 1;
  if (!head) {
    if (lastSeq > 0)
      return broken({
        kind: 'row_inserted',
        rowId: previous?.id ?? null,
        seq: lastSeq,
        message: "the chain's recorded end is missing: rows were written outside the chain",
      });
  } else if (head.seq > lastSeq) {
    return broken({
      kind: 'row_missing',
      rowId: null,
      seq: lastSeq + 1,
      message:
        head.seq - lastSeq === 1
          ? `row ${head.seq}, the newest, is missing`
          : `rows ${lastSeq + 1} to ${head.seq}, the newest, are missing`,
    });
  } else if (head.seq > 0 && previous && head.hash !== previous.hash) {
    return broken({
      kind: 'content_changed',
      rowId: previous.id,
      seq: lastSeq,
      message: "the newest row does not match the chain's recorded end",
    });
  }
  // Rows with no place in the chain at all were put there some other way.
  const unchained = await db
    .selectFrom('audit_log')
    .select('id')
    .where(officeKey, '=', key)
    .where('seq', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  if (unchained)
    return broken({
      kind: 'row_inserted',
      rowId: unchained.id,
      seq: null,
      message: 'the row has no place in the chain',
    });
  return report;
}
