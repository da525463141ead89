// Opens the database a deployment is configured for: an embedded SQLite file by default, or
// PostgreSQL when the URL says postgres://. Both run the same migrations and queries.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { Database } from './tables/index.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface AppDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, without credentials: safe to log. */
  description: string;
  /**
   * SQLite only: the database files (the file, its -wal and -shm) that others could read and that
   * opening made owner-only (0600); empty when they already were, or on PostgreSQL. Said once in the
   * server's log.
   */
  tightened?: string[];
  /**
   * SQLite only: null while the file at the database's path is the file opened; once it is not (moved
   * aside or removed, or another put in its place, as a restore does), says so in a sentence. SQLite
   * would go on reading and writing the file it opened, which nobody will read again: writes are
   * refused from then on (DatabaseFileReplaced).
   */
  fileReplaced?: () => string | null;
  close(): Promise<void>;
}

/** A write refused because the database file is no longer at its path (AppDatabase.fileReplaced). */
export class DatabaseFileReplaced extends Error {
  override readonly name = 'DatabaseFileReplaced';
  readonly code = 'DATABASE_FILE_REPLACED';
}

// Writers take the write lock when the transaction starts, so two writers never deadlock on upgrade
// and SQLite's busy timeout applies instead of an immediate SQLITE_BUSY mid-transaction. A read-only
// transaction (several reads that must agree, such as the dashboard's) takes no lock: in WAL mode it
// reads one snapshot.
class ImmediateSqliteDriver extends SqliteDriver {
  #explained: DatabaseConnection | null = null;

  constructor(
    private readonly sqlite: SQLite.Database,
    /** The folder the database file is in, named when its disk is full. */
    private readonly folder: string,
    /** Why the file at the database's path is no longer the one opened, or null (see fileReplaced). */
    private readonly fileReplaced: () => string | null,
  ) {
    super({ database: sqlite });
  }

  // Each statement's SQLITE_FULL says where space is lacking, not SQLite's "database or disk is full".
  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.#explained ??= {
      executeQuery: async (query) => {
        try {
          // A write transaction, or a write outside one, checks first that the file is still the one
          // at the database's path: a stat per transaction (statements are prepared once and kept).
          if (
            query.sql === 'begin immediate' ||
            (!this.sqlite.inTransaction && !this.sqlite.prepare(query.sql).readonly)
          ) {
            const replaced = this.fileReplaced();
            if (replaced)
              throw new DatabaseFileReplaced(
                `Nothing was written: ${replaced} What is written now would go to a file no longer there. Restart the server.`,
              );
          }
          return await connection.executeQuery(query);
        } catch (error) {
          throw explainFull(error, this.folder);
        }
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
    return this.#explained;
  }

  // SQLite rolls a transaction back by itself on some errors (a full disk, an I/O error, running out
  // of memory): a ROLLBACK then fails with "cannot rollback - no transaction is active", and that
  // error, thrown in its place, would hide the one that ended the transaction.
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.sqlite.inTransaction) return;
    await super.rollbackTransaction(connection);
  }

  override async beginTransaction(
    connection: DatabaseConnection,
    settings?: TransactionSettings,
  ): Promise<void> {
    await connection.executeQuery(
      CompiledQuery.raw(settings?.accessMode === 'read only' ? 'begin deferred' : 'begin immediate'),
    );
  }
}

// SQLite can roll back schema changes, but kysely's adapter says it cannot, so migrations would run
// step by step: one that failed halfway (or a process killed mid-migration) would leave its first
// steps applied but not recorded, and every later start would fail on them. Saying so puts the whole
// migration run in one transaction.
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * SQLite's SQLITE_FULL (its message only "database or disk is full") worded to say whose disk, and
 * what to do; its code is kept. Other errors are returned as they are.
 */
export function explainFull(error: unknown, folder: string): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_FULL')) return error;
  if (error.message.startsWith("the database's disk is full")) return error;
  const said = error.message;
  error.message = `the database's disk is full: free space on ${folder} (SQLite: ${said})`;
  if (error.stack) error.stack = error.stack.replace(said, error.message);
  return error;
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly database: SQLite.Database,
    private readonly folder: string,
    private readonly fileReplaced: () => string | null,
  ) {
    super({ database });
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.database, this.folder, this.fileReplaced);
  }
  override createAdapter() {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * kysely prepares every query it runs afresh; compiling the SQL cost more than running a page's
 * queries. The statements of the last 500 texts run are kept and run again. One connection runs one
 * query at a time (kysely's lock), so a kept statement is never in use twice at once.
 */
function keepPreparedStatements(sqlite: SQLite.Database, keep = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const kept = new Map<string, SQLite.Statement>();
  sqlite.prepare = ((source: string) => {
    const statement = kept.get(source);
    if (statement) {
      // Most recently used last, so the first is the one to let go.
      kept.delete(source);
      kept.set(source, statement);
      return statement;
    }
    const prepared = prepare(source);
    kept.set(source, prepared);
    if (kept.size > keep) kept.delete(kept.keys().next().value as string);
    return prepared;
  }) as SQLite.Database['prepare'];
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * SQLite's `synchronous` setting in WAL mode. NORMAL (the default): a commit is durable once the
 * write-ahead log is synced at a checkpoint; a power cut or OS crash may lose the last commits, but
 * never corrupts the file, and an application crash loses nothing. FULL: every commit waits for the
 * disk, so a commit that was answered survives a power cut too, at some cost per write.
 */
export const SQLITE_SYNCHRONOUS_MODES = ['NORMAL', 'FULL'] as const;
export type SqliteSynchronous = (typeof SQLITE_SYNCHRONOUS_MODES)[number];

export interface OpenOptions {
  /** SQLite only; default NORMAL. */
  sqliteSynchronous?: SqliteSynchronous;
  /**
   * SQLite only: how long a write waits for another process's write lock (a second server, the CLI)
   * before it fails with SQLITE_BUSY; default 5 s.
   */
  sqliteBusyTimeoutMs?: number;
  /** PostgreSQL only: how long to wait for a connection before giving up; default 10 s. */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL only: told when a connection resting in the pool fails (the server restarted, an
   * administrator ended it); default a warning line on standard error. The pool drops it and opens
   * another when next asked.
   */
  onIdleConnectionError?: (error: Error) => void;
}

export function openDatabase(url: string, options: OpenOptions = {}): AppDatabase {
  if (url.trim() === '')
    throw new Error('No database given: set DATABASE_URL, or DATA_DIR for the SQLite file.');
  if (isPostgresUrl(url)) return openPostgres(url, options);
  return openSqlite(url.replace(/^(sqlite|file):/, ''), options);
}

/** The SQLite page cache of each connection, in KiB. */
export const SQLITE_CACHE_KIB = 32 * 1024;

/** Folders that hold client data: their owner's alone, whatever the process's umask. */
export const PRIVATE_FOLDER_MODE = 0o700;
/** Files that hold client data (the database, uploads): their owner's alone. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Makes a folder (and any missing parent) readable by its owner alone, as backups are: the database
 * and uploads in it hold every client's criminal history. A folder made here is set 0700 whatever the
 * umask; one already there is left as it is (DATA_DIR may be a folder the administrator chose to share).
 */
export function makePrivateFolder(path: string): void {
  let missing = path;
  const made: string[] = [];
  while (!existsSync(missing)) {
    made.push(missing);
    const parent = dirname(missing);
    if (parent === missing) break;
    missing = parent;
  }
  // One level at a time, not mkdir's recursive option: under a file system that holds no folders
  // (/proc) each mkdir fails with ENOENT, and Node's recursive mkdir retries that for ever.
  for (const folder of made.reverse()) {
    try {
      mkdirSync(folder, { mode: PRIVATE_FOLDER_MODE });
    } catch (error) {
      // Made by another process in between: a folder is what was wanted.
      if ((error as { code?: unknown }).code === 'EEXIST' && statSync(folder).isDirectory()) continue;
      throw error;
    }
    chmodSync(folder, PRIVATE_FOLDER_MODE);
  }
  if (!statSync(path).isDirectory())
    throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${path}'`), {
      code: 'EEXIST',
      syscall: 'mkdir',
      path,
    });
}

/**
 * The SQLite file and the -wal and -shm files beside it made owner-only (0600), the file made so
 * before SQLite opens it: SQLite gives its -wal and -shm files the database file's own mode, so under
 * umask 022 all three would otherwise be 0644, readable by every account on the machine. Returns the
 * files that were readable by others and are no longer.
 */
export function tightenSqliteFiles(path: string): string[] {
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  const tightened: string[] = [];
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (!existsSync(file)) continue;
    if ((statSync(file).mode & 0o777) === PRIVATE_FILE_MODE) continue;
    chmodSync(file, PRIVATE_FILE_MODE);
    tightened.push(file);
  }
  return tightened;
}

function openSqlite(path: string, options: OpenOptions): AppDatabase {
  let tightened: string[] = [];
  if (path !== ':memory:') {
    makePrivateFolder(dirname(path));
    const existed = existsSync(path);
    const changed = tightenSqliteFiles(path);
    // A file made just now is not news; one that was there and readable by others is.
    if (existed) tightened = changed;
  }
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous === 'FULL' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  // What is deleted or overwritten is overwritten with zeros in the file, not left in the page's free
  // space or on the free list: a discarded RAP sheet (another person's record) must not stay readable
  // in the file, nor travel in every backup copied from it page by page. The -wal file's older copies
  // of those pages go at the checkpoint after an erasure (forgetErasedPages).
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.sqliteBusyTimeoutMs ?? 5000))}`);
  // Inside a transaction, every insert or update of a table with triggers (the allowed-values checks,
  // the kept counts) first copies each page it changes into a statement journal, and every savepoint
  // (partner referrals' group commit) does the same; past 64 KiB that journal spilled into a temporary
  // file, a write call per page. In memory it costs a copy (partner referrals: 0.5 ms less kernel
  // time each). Temporary tables and indexes are kept in memory too.
  sqlite.pragma('temp_store = MEMORY');
  // A page cache of 32 MB, where SQLite's default is 2 MB: the pages the queues' first pages read
  // (the indexes' upper levels, the newest matters and their clients) do not fit 2 MB, and each page
  // read again from the file is a system call and a copy. The ten first pages and their clients, in
  // turn, straight on the database: with 2 MB, 72 reads and 690 µs of CPU a page at 100,000 matters,
  // 101 reads and 782-805 µs at 1,000,000; with 32 MB, no reads and 352 µs, then 358-400 µs.
  sqlite.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  keepPreparedStatements(sqlite);
  const fileReplaced = path === ':memory:' ? () => null : replacedFileCheck(path);
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect(
      sqlite,
      path === ':memory:' ? 'memory' : dirname(resolve(path)),
      fileReplaced,
    ),
  });
  return {
    db,
    dialect: 'sqlite',
    description: `SQLite file ${path}`,
    tightened,
    fileReplaced,
    close: () => db.destroy(),
  };
}

/**
 * Whether the file at path is still the one open now, by its device and inode: a file moved aside
 * keeps both (and SQLite keeps writing to it), and one put in its place has others.
 */
function replacedFileCheck(path: string): () => string | null {
  const opened = statSync(path);
  return () => {
    const now = statSync(path, { throwIfNoEntry: false });
    if (!now) return `The database file ${path} was moved or removed while the server had it open.`;
    if (now.ino !== opened.ino || now.dev !== opened.dev)
      return `The database file ${path} was replaced by another file while the server had it open.`;
    return null;
  };
}

/**
 * The settings each PostgreSQL connection of the server starts with (see openPostgres); the benchmark
 * sets its own connection so too. A random page read is priced at 1.1 sequential ones, not 4: the
 * default prices a disk that seeks, and with it the planner chose to read every matter of an office
 * (a sequential scan, hashed) over a few hundred lookups by primary key, for a search's count and a
 * drill-down's count: 25-34 ms against 6-19 ms under EXPLAIN ANALYZE at 20,000 matters. The indexes
 * live in memory or on solid-state storage, where a random read costs about what a sequential one does.
 */
export const POSTGRES_SESSION_OPTIONS =
  '-c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1';

/** Connections each server keeps to PostgreSQL at most; a request waits for a free one. */
export const POSTGRES_POOL_SIZE = 10;

function openPostgres(url: string, options: OpenOptions): AppDatabase {
  // Without a connection timeout, a server that drops packets would hold start-up (and every
  // request) for ever instead of failing with a reason.
  const pool = new pg.Pool({
    connectionString: url,
    // Each statement on one process, compiled as it is planned: PostgreSQL compiles (JIT) any
    // statement it estimates above a cost of 100,000, at 100-200 ms each time, and hands one it
    // expects to read many rows to parallel workers, which take tens of milliseconds to start. Both
    // pay back only on scans of millions of rows; this desk's statements read index ranges in a
    // millisecond or two. Measured: a view's count (all matters in Spanish, to its bound of 1,000)
    // spent 197 ms compiling at 100,000 matters, and at 1,000,000 took 67 ms on two workers against
    // 7 ms on one process. An address that sets its own `options`, or PGOPTIONS, keeps them.
    ...(new URL(url).searchParams.has('options') || process.env.PGOPTIONS
      ? {}
      : { options: POSTGRES_SESSION_OPTIONS }),
    max: POSTGRES_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
  });
  // Unheard, such an 'error' event on the pool ends the Node process: one ended connection would stop
  // the server (and every request in flight) instead of costing a reconnect.
  pool.on('error', options.onIdleConnectionError ?? warnIdleConnectionError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const { hostname, port, pathname } = new URL(url);
  return {
    db,
    dialect: 'postgres',
    description: `PostgreSQL ${hostname}:${port || 5432}${pathname}`,
    close: () => db.destroy(),
  };
}

function warnIdleConnectionError(error: Error): void {
  process.stderr.write(
    `${JSON.stringify({ level: 40, time: Date.now(), msg: `A PostgreSQL connection resting in the pool failed and was dropped: ${error.message}` })}\n`,
  );
}
