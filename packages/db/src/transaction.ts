// One place to open a write transaction, with hooks that run only after it commits
// (for work that must not happen if the change rolls back, such as waking the outbox worker).
import { type Kysely, type KyselyPlugin, PostgresAdapter, sql, type Transaction } from 'kysely';
import type { Database } from './tables/index.ts';

export type Tx = Transaction<Database>;
export type Db = Kysely<Database>;

export interface TxContext {
  tx: Tx;
  onCommit(hook: () => void): void;
}

declare const officeScope: unique symbol;
/**
 * A handle held to one office's rows (office-scope.ts). Only officeScoped makes one, and a
 * transaction opened on it through inTransaction keeps the mark, so a function that leaves the office
 * out of its queries says so by taking this type, and the compiler refuses it an unscoped handle.
 * The mark is a type only; it can be passed wherever a plain handle is taken.
 */
export type OfficeDb = Db & { readonly [officeScope]: 'one office' };
/** A transaction opened on an OfficeDb: held to the same office. */
export type OfficeTx = Tx & { readonly [officeScope]: 'one office' };

export interface OfficeTxContext extends TxContext {
  tx: OfficeTx;
}

declare const onRecord: unique symbol;
/**
 * An office's handle that also carries the signed-in request it works for (bindRequest), so an audit
 * row can be written from it alone (putOnRecord). Only bindRequest marks one; a transaction opened on
 * it through inTransaction keeps the mark, so the compiler refuses putOnRecord a handle of nobody's.
 */
export type RequestDb = OfficeDb & { readonly [onRecord]: 'a request' };
/** A transaction opened on a RequestDb: the same office, the same request. */
export type RequestTx = OfficeTx & { readonly [onRecord]: 'a request' };

export interface RequestTxContext extends OfficeTxContext {
  tx: RequestTx;
}

/**
 * Work that belongs in every transaction opened through inTransaction on one database handle, such
 * as writing a request's key with the change it makes (packages/api/src/idempotency.ts).
 */
export interface TransactionHooks {
  /** First thing inside the transaction, before the work; throwing rolls it back. */
  begin?(tx: Tx): Promise<void>;
  /** Last thing inside the transaction, with the work's result; throwing rolls it all back. */
  beforeCommit?(tx: Tx, result: unknown): Promise<void>;
  /** Once the transaction has committed, before the work's own onCommit hooks. */
  afterCommit?(): void;
}

const hooksOf = new WeakMap<Db, TransactionHooks>();

/**
 * Whose request a handle's work is done for (a signed-in person's, in packages/api/src/audit.ts),
 * kept by every handle made from it here or by the office scope, and by each transaction opened on
 * it through inTransaction: so the audit row of a change can be written from the handle alone.
 */
const requestOf = new WeakMap<object, unknown>();

export function bindRequest(handle: OfficeDb, request: unknown): RequestDb {
  requestOf.set(handle, request);
  return handle as RequestDb;
}

/** The request bound to the handle, if any (handles made here, by the office scope or inTransaction keep it). */
export function requestOfHandle(handle: Db | Tx): unknown {
  return requestOf.get(handle);
}

/**
 * A transaction handle made from another (a plugin added or taken away: the office scope, acrossOffices)
 * is the same transaction: what it appends to the audit chain counts for the transaction itself.
 */
const sameTransactionAs = new WeakMap<object, Tx>();

export function derivedTransaction<T extends Tx>(from: Tx, derived: T): T {
  sameTransactionAs.set(derived, transactionOf(from));
  return keepRequest(from, derived);
}

/** The transaction a handle belongs to: itself, or the one it was made from. */
export function transactionOf(tx: Tx): Tx {
  return sameTransactionAs.get(tx) ?? tx;
}

/** The derived handle does its work for the same request as the one it was made from. */
function keepRequest<H extends Db | Tx>(from: Db | Tx, derived: H): H {
  const request = requestOf.get(from);
  if (request !== undefined) requestOf.set(derived, request);
  return derived;
}

const sameQueries: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => args.result,
};

/**
 * A handle on the same database (same connections) whose transactions opened through inTransaction
 * run the hooks. The handle is for one piece of work, such as one request: hand it to the code that
 * does the work in place of the database.
 */
export function withTransactionHooks<H extends Db>(db: H, hooks: TransactionHooks): H {
  // The same plugins (an office's scope among them) and the same request: the same kind of handle.
  const scoped = keepRequest(db, db.withPlugin(sameQueries)) as H;
  const outer = hooksOf.get(db);
  hooksOf.set(scoped, outer ? chained(outer, hooks) : hooks);
  return scoped;
}

/** A handle made from one with hooks runs both: the outer's begin first, the inner's checks first. */
function chained(outer: TransactionHooks, inner: TransactionHooks): TransactionHooks {
  return {
    begin: async (tx) => {
      await outer.begin?.(tx);
      await inner.begin?.(tx);
    },
    beforeCommit: async (tx, result) => {
      await inner.beforeCommit?.(tx, result);
      await outer.beforeCommit?.(tx, result);
    },
    afterCommit: () => {
      outer.afterCommit?.();
      inner.afterCommit?.();
    },
  };
}

/** A handle made from db (with a plugin of its own) that runs db's transaction hooks too. */
export function keepTransactionHooks(db: Db, derived: Db): Db {
  const hooks = hooksOf.get(db);
  if (hooks) hooksOf.set(derived, hooks);
  return keepRequest(db, derived);
}

/** On a request's handle the transaction works for the request too (RequestTx). */
export function inTransaction<T>(db: RequestDb, work: (ctx: RequestTxContext) => Promise<T>): Promise<T>;
/** On an office's handle the transaction is held to the office too (OfficeTx). */
export function inTransaction<T>(db: OfficeDb, work: (ctx: OfficeTxContext) => Promise<T>): Promise<T>;
export function inTransaction<T>(db: Db, work: (ctx: TxContext) => Promise<T>): Promise<T>;
export async function inTransaction<T>(db: Db, work: (ctx: RequestTxContext) => Promise<T>): Promise<T> {
  const hooks: (() => void)[] = [];
  const scoped = hooksOf.get(db);
  const result = await db.transaction().execute(async (tx) => {
    keepRequest(db, tx);
    await scoped?.begin?.(tx);
    // A transaction opened on an office's handle carries its plugins, the office scope among them.
    const value = await work({ tx: tx as RequestTx, onCommit: (hook) => hooks.push(hook) });
    await scoped?.beforeCommit?.(tx, value);
    return value;
  });
  scoped?.afterCommit?.();
  for (const hook of hooks) hook();
  return result;
}

/**
 * Makes transactions that check for a row and then write one take turns on `key` (within `topic`):
 * on PostgreSQL, a transaction-level advisory lock held until commit, so a second transaction's check
 * waits for the first's write and then sees it (READ COMMITTED: each statement reads what is committed
 * when it starts). SQLite's write transactions already take turns: nothing to do.
 */
export async function takeTurns(tx: Tx, topic: string, key: string): Promise<void> {
  if (!(tx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(hashtext(${topic}), hashtext(${key}))`.execute(tx);
}

/**
 * takeTurns on several keys of one topic, in the one order every transaction takes them (sorted): work
 * that needs two offices' turns at once (an online application or a matter passed on from one to the
 * other) takes both before writing anything, so two such pieces of work going opposite ways wait for
 * each other instead of each holding what the other needs (a deadlock, which PostgreSQL breaks by
 * ending one). A key already held by the transaction is taken again at no cost.
 */
export async function takeTurnsInOrder(tx: Tx, topic: string, keys: readonly string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) await takeTurns(tx, topic, key);
}
