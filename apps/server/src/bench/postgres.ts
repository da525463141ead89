// The benchmark on PostgreSQL: a database of its own on the given server (created, and dropped at the
// end), migrated, then filled with the rows the SQLite build made (the same caseload), triggers and
// indexes set aside while it loads and rebuilt after, as any bulk load does.
import { createRequire } from 'node:module';
import { refillKeptCounts } from '@relief-desk/api';
import { migrateToLatest, openDatabase, POSTGRES_SESSION_OPTIONS } from '@relief-desk/db';
import type { SqliteDatabase } from './sqlite.ts';

interface PgClient {
  connect(): Promise<void>;
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
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

/** Copies the built SQLite database's rows into PostgreSQL, then rebuilds indexes and kept counts. */
export async function copyIntoPostgres(
  sqlite: SqliteDatabase,
  { client, url }: BenchPostgres,
): Promise<void> {
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `select indexname as name, indexdef as definition from pg_indexes
     where tablename = any($1) and indexname not in (select conname from pg_constraint)`,
    [TABLES],
  );
  for (const { name } of indexes) await client.query(`drop index ${name}`);
  // Triggers and reference checks wait: the counts are filled in one statement each below.
  await client.query('set session_replication_role = replica');
  for (const table of TABLES) {
    const statement = sqlite.prepare(`select * from ${table}`) as unknown as {
      iterate(): IterableIterator<Record<string, unknown>>;
    };
    let batch: Record<string, unknown>[] = [];
    const flush = async () => {
      const first = batch[0];
      if (!first) return;
      const columns = Object.keys(first);
      const values = batch.flatMap((row) => columns.map((c) => row[c]));
      const tuples = batch.map(
        (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(',')})`,
      );
      await client.query(`insert into ${table} (${columns.join(',')}) values ${tuples.join(',')}`, values);
      batch = [];
    };
    for (const row of statement.iterate()) {
      batch.push(row);
      if (batch.length >= 2000) await flush();
    }
    await flush();
  }
  await client.query('set session_replication_role = origin');
  for (const { definition } of indexes) await client.query(definition);
  const app = openDatabase(url);
  await refillKeptCounts(app.db, 'postgres');
  await app.close();
  await client.query('vacuum analyze');
}
