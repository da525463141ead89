// Request keys: every mutation the web app sends carries a key made once per action (the
// Idempotency-Key header), and a retry of that action (the network dropped the answer, the person
// pressed again) sends the same key. The first request with a key runs; the key, the request's
// fingerprint and the answer are written in the same transaction as the change, so they commit
// together or not at all. Later requests with the key answer what the first answered without
// running again; the same key with a different request is refused (422), and one that arrives
// while the first is still running on this server is told so (409). A first request running on
// another server holds the key's row until it commits: the second waits, then answers its result.
//
// Keys belong to one person (a key is looked up with the user's id) and are kept for at least
// REQUEST_KEY_HOURS; older ones are pruned as requests come in.
//
// An answer given again passes the same checks as a first call: the access checks the first run's
// work passed (a role's permission, the RAP sheet permission; access.ts) are kept with its answer
// and made again before it is given, refused and put on record as they would be now. tRPC's
// middleware answers a replay only after the procedure's own role check (trpc.ts).
import { createHash } from 'node:crypto';
import {
  type Db,
  isDatabaseUnavailable,
  requestOfHandle,
  type TransactionHooks,
  type Tx,
  withTransactionHooks,
} from '@relief-desk/db';
import { SqliteAdapter } from 'kysely';
import { checkAgain, type PassedCheck } from './access.ts';
import type { AuthedContext, Context, OfficeContext } from './context.ts';
import { AppError } from './errors.ts';
import { signedInScope } from './signed-in.ts';

export const REQUEST_KEY_HEADER = 'idempotency-key';
/** How long a key is honoured: at least this, until the next prune after it. */
export const REQUEST_KEY_HOURS = 24;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/** A key as sent in a header: the first value, trimmed, or null when none was sent. */
export function requestKeyFrom(header: string | string[] | undefined): string | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  return value ? value : null;
}

/** What the middleware does with a keyed mutation: answer from the first run, or run it. */
export type KeyedRequest =
  | { kind: 'replay'; data: unknown; checks: PassedCheck[] }
  | {
      kind: 'run';
      /** The access checks the run passes (the context's passedChecks), kept with its answer. */
      checks: PassedCheck[];
      /** The database handle to run the mutation with: its transactions write the key. */
      db: Db;
      /** The same work, for a transaction the caller opens itself (and commits, then calls afterCommit). */
      hooks: Required<TransactionHooks>;
      /**
       * After the mutation: keep its answer, or answer the first run's (or a refusal) instead; a
       * failure after its transaction committed is refused as saved (savedButUnanswered).
       */
      settle(outcome: { ok: true; data: unknown } | { ok: false; error: unknown }): Promise<Settled>;
      /** Always, once the request is over. */
      release(): void;
    };

export type Settled =
  | { kind: 'keep' }
  | { kind: 'replay'; data: unknown; checks: PassedCheck[] }
  | { kind: 'refuse'; error: AppError };

/**
 * For a request whose change was saved before it failed (the database went busy reading back its
 * answer, say): said plainly, so nobody sends it again, and not a 503, which the web app would send
 * again with a key no longer kept.
 */
export function savedButUnanswered(cause: unknown): AppError {
  return new AppError(
    'INTERNAL',
    'Your change was saved, but its answer could not be sent back. Reload the page to see it before doing anything again.',
    { cause },
  );
}

/** Keys whose first request is running in this process, per database; the value is its fingerprint. */
interface Registry {
  running: Map<string, string>;
  lastPrune: number;
}
const registries = new WeakMap<object, Registry>();
/**
 * Per database, not per handle: a signed-in request's handle is its own (office scope, audit hooks),
 * and the HTTP routes key their requests on it, so the handle would give each request a registry of
 * its own. Every handle made from one database shares its adapter.
 */
function registryFor(db: Db): Registry {
  const database = db.getExecutor().adapter;
  let registry = registries.get(database);
  if (!registry) {
    registry = { running: new Map(), lastPrune: Number.NEGATIVE_INFINITY };
    registries.set(database, registry);
  }
  return registry;
}

class KeyTaken extends Error {
  constructor() {
    super('The request key was written by another request first.');
  }
}

const reused = () =>
  new AppError(
    'REQUEST_KEY_REUSED',
    'This request was already sent once with different details, so it was not saved again. Reload the page and make the change afresh.',
  );
const inProgress = () =>
  new AppError(
    'REQUEST_IN_PROGRESS',
    'This change is still being saved. Wait a moment and try again: it will not be saved twice.',
  );

export function fingerprint(procedure: string, input: unknown): string {
  return createHash('sha256')
    .update(`${procedure}\n${canonicalJson(input)}`, 'utf8')
    .digest('hex');
}

/** JSON with object keys in order, so the same input always gives the same text. */
function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)));
    }) ?? 'null'
  );
}

/** An answer as kept with its key: the answer, and the access checks given it (none on keys kept before). */
const stored = (data: unknown, checks: readonly PassedCheck[]): string =>
  JSON.stringify(checks.length > 0 ? { data, checks } : { data });
function unstored(response: string): { data: unknown; checks: PassedCheck[] } {
  const kept = JSON.parse(response) as { data?: unknown; checks?: PassedCheck[] };
  return { data: kept.data, checks: kept.checks ?? [] };
}

/** What looking a key up needs: the database, the clock, the log, and whose keys (a person's). */
type KeyContext = Pick<Context, 'db' | 'clock' | 'log'> & { user?: { id: string } };

/**
 * Whose keys these are, when no person is signed in: the partner API keeps a partner's keys under the
 * person who made its API key, in a scope of their own (the scope is part of the stored key).
 */
export interface KeyOwner {
  userId: string;
  scope: string;
}

/**
 * Looks the key up before a mutation runs. Throws the refusals (a malformed key, a key used for
 * another request, a key whose first request is still running here).
 */
export async function openKeyedRequest(
  ctx: KeyContext,
  request: {
    key: string;
    procedure: string;
    input: unknown;
    owner?: KeyOwner;
    /**
     * More writes in the transaction that writes the key, before it commits (so a caller needs no
     * transaction of its own), and what of the mutation's result is the answer kept with the key.
     */
    inKeyTransaction?: Pick<TransactionHooks, 'beforeCommit'> & { answer?(result: unknown): unknown };
  },
): Promise<KeyedRequest> {
  const { procedure } = request;
  if (!KEY_PATTERN.test(request.key))
    throw new AppError(
      'BAD_INPUT',
      'The request key (Idempotency-Key header) must be 8 to 128 letters, digits, dots, colons, dashes or underscores.',
    );
  const owner = request.owner ?? (ctx.user ? { userId: ctx.user.id, scope: '' } : null);
  if (!owner) throw new Error('A request key needs an owner.');
  const userId = owner.userId;
  const key = owner.scope ? `${owner.scope}:${request.key}` : request.key;
  const hash = fingerprint(procedure, request.input);
  const registry = registryFor(ctx.db);
  await pruneNowAndThen(ctx, registry);

  const now = ctx.clock.now();
  const first = await ctx.db
    .selectFrom('idempotency_keys')
    .select(['procedure', 'request_hash', 'response', 'expires_at'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (first && first.expires_at <= now.toISOString()) {
    await ctx.db
      .deleteFrom('idempotency_keys')
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .where('expires_at', '<=', now.toISOString())
      .execute();
  } else if (first) {
    if (first.procedure !== procedure || first.request_hash !== hash) throw reused();
    if (first.response === null) throw inProgress();
    return { kind: 'replay', ...unstored(first.response) };
  }

  const runningKey = `${userId}\n${key}`;
  const running = registry.running.get(runningKey);
  if (running !== undefined) throw running === hash ? inProgress() : reused();
  registry.running.set(runningKey, hash);

  const row = () => ({
    user_id: userId,
    key,
    procedure,
    request_hash: hash,
    created_at: ctx.clock.now().toISOString(),
    expires_at: new Date(ctx.clock.now().getTime() + REQUEST_KEY_HOURS * 3_600_000).toISOString(),
  });
  const checks: PassedCheck[] = [];
  // Whether this run's key row has committed (with which answer), or is written in an open transaction.
  let committed: string | null = null;
  let pending: string | null = null;
  let inOpenTransaction = false;

  const updateResponse = (db: Db | Tx, response: string) =>
    db
      .updateTable('idempotency_keys')
      .set({ response })
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .execute();

  // Writes the key's row, or throws KeyTaken when another request's is there.
  const insertKey = async (tx: Tx, response: string | null) => {
    const inserted = await tx
      .insertInto('idempotency_keys')
      .values({ ...row(), response })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new KeyTaken();
  };
  // Whether the open transaction wrote the key's row when it began.
  let keyWritten = false;

  const hooks: Required<TransactionHooks> = {
    // The key's row is the first write of the transaction: on PostgreSQL a second server running the
    // same key waits here until the first commits (then stops) or rolls back (then goes on). SQLite
    // runs one write transaction at a time, so none can write the key while this one is open: there
    // the row is written once, with its answer, as the transaction ends.
    begin: async (tx) => {
      pending = null;
      inOpenTransaction = false;
      keyWritten = false;
      if (committed !== null) return;
      if (!(tx.getExecutor().adapter instanceof SqliteAdapter)) {
        await insertKey(tx, null);
        keyWritten = true;
      }
      inOpenTransaction = true;
    },
    beforeCommit: async (tx, result) => {
      if (!inOpenTransaction) return;
      const also = request.inKeyTransaction;
      await also?.beforeCommit?.(tx, result);
      pending = stored(also?.answer ? also.answer(result) : result, checks);
      if (keyWritten) await updateResponse(tx, pending);
      else await insertKey(tx, pending);
    },
    afterCommit: () => {
      if (inOpenTransaction && pending !== null) committed = pending;
      inOpenTransaction = false;
      pending = null;
    },
  };

  let db: Db | null = null;
  return {
    kind: 'run',
    checks,
    get db() {
      db ??= withTransactionHooks(ctx.db, hooks);
      return db;
    },
    hooks,
    release: () => {
      registry.running.delete(runningKey);
    },
    settle: async (outcome) => {
      if (outcome.ok) {
        const response = stored(outcome.data, checks);
        if (committed !== null) {
          // The procedure answered more than its transaction returned: keep what it answered.
          if (response !== committed) await updateResponse(ctx.db, response);
          return { kind: 'keep' };
        }
        // A mutation that wrote nothing through a transaction: its key is kept on its own.
        await ctx.db
          .insertInto('idempotency_keys')
          .values({ ...row(), response })
          .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
          .execute();
        return { kind: 'keep' };
      }
      if (committed !== null) {
        // A transaction committed, then the procedure failed: the key is not kept, so a later request
        // with it runs again rather than answering a success the person never saw; unless the failure
        // was a refusal of its own, the person is told the change was saved.
        await ctx.db
          .deleteFrom('idempotency_keys')
          .where('user_id', '=', userId)
          .where('key', '=', key)
          .execute();
        if (outcome.error instanceof AppError) return { kind: 'keep' };
        ctx.log.error('A saved change failed before its answer was sent', outcome.error);
        return { kind: 'refuse', error: savedButUnanswered(outcome.error) };
      }
      // A database that could not take the request would not answer the lookup below either (with
      // every pooled connection busy, the person would wait out the pool's wait a second time): the
      // refusal stands, and the same key sent again finds any first run's answer then.
      if (isDatabaseUnavailable(outcome.error)) return { kind: 'keep' };
      // A refusal of who is asking (a role or RAP sheet permission they lack) stands, and is on record
      // already: it is not answered with the first run's answer.
      if (outcome.error instanceof AppError && outcome.error.appCode === 'FORBIDDEN') return { kind: 'keep' };
      // The first request with this key may have committed meanwhile (on another server, or just
      // before this one's transaction began): then its answer is this one's, not this failure.
      const firstRun = await ctx.db
        .selectFrom('idempotency_keys')
        .select(['procedure', 'request_hash', 'response'])
        .where('user_id', '=', userId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!firstRun?.response) return { kind: 'keep' };
      if (firstRun.procedure !== procedure || firstRun.request_hash !== hash)
        return { kind: 'refuse', error: reused() };
      return { kind: 'replay', ...unstored(firstRun.response) };
    },
  };
}

/** Forgets expired keys, at most every ten minutes per server. */
async function pruneNowAndThen(ctx: KeyContext, registry: Registry): Promise<void> {
  const now = ctx.clock.now();
  if (Date.now() - registry.lastPrune < PRUNE_EVERY_MS) return;
  registry.lastPrune = Date.now();
  try {
    await pruneRequestKeys(ctx.db, now);
  } catch (error) {
    ctx.log.error('Could not prune expired request keys', error);
  }
}

/** Deletes request keys past their time; returns how many. */
export async function pruneRequestKeys(db: Db, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * The same for work outside tRPC (an upload): with ctx.requestKey set, `run` runs once per key and
 * a repeat answers the first result, once it has passed the access checks the first run's did;
 * `input` is what makes two requests the same request.
 */
export async function withRequestKey<C extends AuthedContext, T>(
  ctx: C,
  request: { procedure: string; input: unknown },
  run: (ctx: C) => Promise<T>,
): Promise<T> {
  if (!ctx.requestKey) return run(ctx);
  const keyed = await openKeyedRequest(ctx, { key: ctx.requestKey, ...request });
  // A replay is the stored answer of the first run with this key and input: run's, as JSON.
  const answerAgain = async (replay: { data: unknown; checks: readonly PassedCheck[] }) => {
    // On the request's own office handle (a route's), or one made for the checks' refusals.
    const office = requestOfHandle(ctx.db)
      ? (ctx as AuthedContext as OfficeContext)
      : signedInScope(ctx, request.procedure);
    await checkAgain(office, replay.checks);
    return replay.data as T;
  };
  if (keyed.kind === 'replay') return answerAgain(keyed);
  try {
    let value: T;
    try {
      // The keyed handle is ctx.db with the key's hooks (withTransactionHooks): the same office scope
      // and request, so the same kind of handle as the caller's.
      value = await run({ ...ctx, db: keyed.db as C['db'], passedChecks: keyed.checks });
    } catch (error) {
      const settled = await keyed.settle({ ok: false, error });
      if (settled.kind === 'replay') return answerAgain(settled);
      if (settled.kind === 'refuse') throw settled.error;
      throw error;
    }
    await keyed.settle({ ok: true, data: value });
    return value;
  } finally {
    keyed.release();
  }
}
