// The benchmark on PostgreSQL: a database of its own on the given server (created, and dropped at the
// end), migrated, then filled with the rows the SQLite build made (the same caseload), triggers and
// indexes set aside while it loads and rebuilt after, as any bulk load does.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { KEPT_TABLES } from '@relief-desk/api';
import { migrateToLatest, openDatabase, POSTGRES_SESSION_OPTIONS } from '@relief-desk/db';
import { type CopyStreamQuery, from as copyFrom } from 'pg-copy-streams';
import type { SqliteDatabase } from './sqlite.ts';

interface PgClient {
  connect(): Promise<void>;
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  /** `COPY … FROM STDIN`: the stream takes the rows. */
  query<S extends CopyStreamQuery>(copy: S): S;
  end(): Promise<void>;
}
type PgClientClass = new (options: { connectionString: string; options?: string }) => PgClient;

function pgClientClass(): PgClientClass {
  const require = createRequire(import.meta.resolve('@relief-desk/db'));
  return (require('pg') as { Client: PgClientClass }).Client;
}

// In the order their references need.
const TABLES = [
  'offices',
  'office_counties',
  'office_message_settings',
  'users',
  'clients',
  'matters',
  // A matter's search words as its trigger wrote them in the SQLite build: one author for them here too.
  'matter_search',
  'document_requests',
  'convictions',
  'petitions',
  'petition_convictions',
  'eligibility_decisions',
  'matter_events',
  // The dashboard's kept counts as SQLite's build refilled them, from the one recount both databases
  // run (keptCountRecounts): copied, not counted again (postgres.int.test.ts compares them with
  // PostgreSQL's own recount).
  ...KEPT_TABLES,
];

/**
 * The PostgreSQL server to measure on, if any: `--database URL` (or its older spelling
 * `--database-url URL`), or `--postgres` for TEST_DATABASE_URL.
 */
export function parsePostgres(argv: string[], env: NodeJS.ProcessEnv = process.env): string | null {
  const i = argv.findIndex((arg) => arg === '--database' || arg === '--database-url');
  const url = i === -1 ? (argv.includes('--postgres') ? env.TEST_DATABASE_URL : null) : argv[i + 1];
  if (url === null) return null;
  if (!url?.startsWith('postgres://') && !url?.startsWith('postgresql://'))
    throw new Error(
      '--database takes a PostgreSQL address, postgres://user@host:port/database (--postgres reads TEST_DATABASE_URL).',
    );
  return url;
}

export interface BenchPostgres {
  url: string;
  client: PgClient;
  drop(): Promise<void>;
  /** Lets go of both connections and keeps the database (`--keep`), so the process can end. */
  close(): Promise<void>;
}

/** A new, empty database on the server `serverUrl` names, migrated to the latest version. */
export async function createBenchPostgres(serverUrl: string): Promise<BenchPostgres> {
  const Client = pgClientClass();
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `relief_desk_bench_${process.pid}_${Date.now()}`;
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const app = openDatabase(url.toString());
  await migrateToLatest(app.db);
  await app.close();
  // Set as the server's own connections are (packages/db connect.ts), so the raw SQL measured beside
  // each request, and each plan checked, is the statement the server runs, run as the server runs it.
  const client = new Client({ connectionString: url.toString(), options: POSTGRES_SESSION_OPTIONS });
  await client.connect();
  return {
    url: url.toString(),
    client,
    async drop() {
      await client.end();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
    async close() {
      await client.end();
      await admin.end();
    },
  };
}

/** A value in COPY's text format: \N for null, a backslash before the characters that end a field or a row. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return value.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c] ?? c);
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  return String(value);
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The rows as COPY text, a few thousand rows a chunk. */
function* copyText(rows: IterableIterator<unknown[]>): Generator<string> {
  let chunk = '';
  let count = 0;
  for (const row of rows) {
    chunk += `${row.map(copyField).join('\t')}\n`;
    if (++count === 2000) {
      yield chunk;
      chunk = '';
      count = 0;
    }
  }
  if (chunk) yield chunk;
}

/**
 * Copies the built SQLite database's rows, its kept counts included, into PostgreSQL (COPY), then
 * rebuilds the indexes and takes the statistics; returns each phase's time.
 */
export async function copyIntoPostgres(
  sqlite: SqliteDatabase,
  { client, url }: BenchPostgres,
): Promise<string[]> {
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `select indexname as name, indexdef as definition from pg_indexes
     where tablename = any($1) and indexname not in (select conname from pg_constraint)`,
    [TABLES],
  );
  for (const { name } of indexes) await client.query(`drop index ${name}`);
  const phases: string[] = [];
  let phaseStarted = performance.now();
  const phase = (name: string) => {
    phases.push(`${name} ${Math.round((performance.now() - phaseStarted) / 100) / 10} s`);
    phaseStarted = performance.now();
  };
  // Triggers and reference checks are off: the kept counts come with the rows, as SQLite's build
  // counted them. The tables are emptied in the copy's own transaction so that COPY may write its rows frozen (seen by
  // every later transaction, pages marked all-visible), so the vacuum at the end passes over them.
  await client.query('set session_replication_role = replica');
  await client.query('begin');
  await client.query(`truncate ${TABLES.join(',')} cascade`);
  for (const table of TABLES) {
    const statement = sqlite.prepare(`select * from ${table}`) as unknown as {
      columns(): { name: string }[];
      raw(): { iterate(): IterableIterator<unknown[]> };
    };
    const columns = statement.columns().map((c) => c.name);
    await pipeline(
      Readable.from(copyText(statement.raw().iterate())),
      client.query(copyFrom(`copy ${table} (${columns.join(',')}) from stdin freeze`)),
    );
  }
  await client.query('commit');
  phase('rows');
  await client.query('set session_replication_role = origin');
  // Two connections build the indexes, one a core: the copy's side of the work is done.
  const second = new (pgClientClass())({ connectionString: url, options: POSTGRES_SESSION_OPTIONS });
  await second.connect();
  const queue = [...indexes];
  const build = async (c: PgClient) => {
    await c.query("set maintenance_work_mem = '256MB'");
    for (let next = queue.shift(); next; next = queue.shift()) await c.query(next.definition);
  };
  await Promise.all([build(client), build(second)]);
  await second.end();
  phase('indexes');
  // The rows were written frozen and their pages marked all-visible, so the vacuum passes over them
  // (index-only scans skip the table); the statistics are taken.
  await client.query('vacuum analyze');
  phase('vacuum and statistics');
  return phases;
}
