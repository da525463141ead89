// The benchmark on PostgreSQL: a database of its own on the given server (created, and dropped at the
// end), migrated, then built from the generated caseload directly (COPY, see buildBenchPostgres), with
// indexes and triggers set aside while the rows go in and rebuilt after, as any bulk load does.
import { createRequire } from 'node:module';
import { migrateToLatest, openDatabase, POSTGRES_SESSION_OPTIONS } from '@relief-desk/db';
import type { CopyStreamQuery } from 'pg-copy-streams';

export interface PgClient {
  connect(): Promise<void>;
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  /** `COPY … FROM STDIN`: the stream takes the rows. */
  query<S extends CopyStreamQuery>(copy: S): S;
  end(): Promise<void>;
}
type PgClientClass = new (options: { connectionString: string; options?: string }) => PgClient;

export function pgClientClass(): PgClientClass {
  const require = createRequire(import.meta.resolve('@relief-desk/db'));
  return (require('pg') as { Client: PgClientClass }).Client;
}

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
