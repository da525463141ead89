// Real, migrated, throw-away databases for integration tests: a SQLite file in a temp folder always,
// and a fresh PostgreSQL database too when TEST_DATABASE_URL names a server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, Migrator, sql } from 'kysely';
import pg from 'pg';
import { type AppDatabase, type DialectName, openDatabase } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './tables/index.ts';

export interface TestDatabase extends AppDatabase {
  /** The URL to open it by, as DATABASE_URL (for a child process such as the CLI). */
  url: string;
  /** Removes the database and everything in it. */
  destroy(): Promise<void>;
}

/** The dialects this run proves: SQLite always, PostgreSQL when a server is given. */
export function testDialects(): DialectName[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const database = dialect === 'sqlite' ? createSqlite() : await createPostgres();
  await migrateToLatest(database.db);
  return database;
}

function createSqlite(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'relief-desk-test-'));
  const path = join(dir, 'test.sqlite');
  const database = openDatabase(path);
  return {
    ...database,
    url: `file:${path}`,
    destroy: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createPostgres(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `relief_desk_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString());
  return {
    ...database,
    url: url.toString(),
    destroy: async () => {
      await database.close();
      // The pool's promise settles once each client is asked to end, not when its connection has
      // closed: dropping the database (with force) before then sends those connections a fatal
      // "terminating connection" that nothing is left to catch. Wait for them to go first.
      for (let tries = 0; tries < 100; tries++) {
        const rows = await adminQuery(
          serverUrl,
          `select count(*)::int as open from pg_stat_activity where datname = '${name}'`,
        );
        if (rows[0]?.open === 0) break;
        await new Promise((done) => setTimeout(done, 20));
      }
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * An empty PostgreSQL database on the TEST_DATABASE_URL server (not migrated: what a new deployment
 * starts on), and the way to drop it.
 */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `relief_desk_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** Migrates to all but this version's last migration, as the version before it did. */
export async function migrateToAllButLast(db: Kysely<Database>): Promise<void> {
  const names = Object.keys(migrations);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateTo(names[names.length - 2] ?? '');
  if (result.error) throw result.error;
}

/** The names of the migrations the database has run, in order. */
export async function migrationsRun(db: Kysely<Database>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function adminQuery(url: string, statement: string): Promise<{ open?: number }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(statement)).rows;
  } finally {
    await client.end();
  }
}

/** Two offices for the office-scope tests, each with two intake people (office-a-user-1, -2, ...). */
export const TWO_OFFICES = ['office-a', 'office-b'] as const;

export async function seedTwoOffices(db: Kysely<Database>, at: string): Promise<void> {
  for (const office of TWO_OFFICES) {
    await db
      .insertInto('offices')
      .values({ id: office, name: office, created_at: at, updated_at: at })
      .execute();
    for (const n of [1, 2])
      await db
        .insertInto('users')
        .values({
          id: `${office}-user-${n}`,
          office_id: office,
          email: `${n}@${office}.example`,
          name: `Person ${n} of ${office}`,
          role: 'intake',
          password_hash: 'not-a-hash',
          created_at: at,
          updated_at: at,
        })
        .execute();
  }
}
