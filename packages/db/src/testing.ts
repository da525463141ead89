// Real, migrated, throw-away databases for integration tests: a SQLite file in a temp folder always,
// and a fresh PostgreSQL database too when TEST_DATABASE_URL names a server.
//
// Running every migration for each of the suite's several hundred databases took most of its time
// (1.6-4 s each on 2 cores). Each is now a copy of one migrated template, made once for this set of
// migrations (the key is a hash of their names and code, so a changed or added migration makes a new
// one): a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL. What a test gets is the same
// as before: a database that has run every migration and holds nothing else.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
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
  return dialect === 'sqlite' ? await createSqlite() : await createPostgres();
}

/** Names the migrations and their code: templates made for other migrations are never used. */
function migrationsKey(): string {
  const hash = createHash('sha256');
  for (const [name, migration] of Object.entries(migrations))
    hash.update(`${name}\0${migration.up.toString()}\0${migration.down?.toString() ?? ''}\0`);
  return hash.digest('hex').slice(0, 16);
}

let key: string | undefined;
const templateKey = () => {
  key ??= migrationsKey();
  return key;
};

/**
 * The migrated SQLite template's path, made on first use. Workers that race each make one and rename
 * it into place: a rename is atomic, and each is complete when renamed.
 */
async function sqliteTemplate(): Promise<string> {
  const path = join(tmpdir(), `relief-desk-test-template-${templateKey()}.sqlite`);
  if (existsSync(path)) return path;
  const dir = mkdtempSync(join(tmpdir(), 'relief-desk-template-'));
  const building = join(dir, 'template.sqlite');
  const database = openDatabase(building);
  await migrateToLatest(database.db);
  // Closing the last connection checkpoints the -wal into the file and removes it: one file to copy.
  await database.close();
  renameSync(building, path);
  rmSync(dir, { recursive: true, force: true });
  return path;
}

async function createSqlite(): Promise<TestDatabase> {
  const template = await sqliteTemplate();
  const dir = mkdtempSync(join(tmpdir(), 'relief-desk-test-'));
  const path = join(dir, 'test.sqlite');
  copyFileSync(template, path);
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
  const name = newDatabaseName();
  const template = await postgresTemplate(serverUrl);
  await createFromTemplate(serverUrl, name, template);
  const database = openDatabase(databaseUrl(serverUrl, name));
  return {
    ...database,
    url: databaseUrl(serverUrl, name),
    destroy: async () => {
      await database.close();
      await dropWhenClosed(serverUrl, name);
    },
  };
}

const newDatabaseName = () => `relief_desk_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The pool's promise settles once each client is asked to end, not when its connection has closed:
 * dropping the database (with force) before then sends those connections a fatal "terminating
 * connection" that nothing is left to catch. Waits for them to go first.
 */
async function dropWhenClosed(serverUrl: string, name: string): Promise<void> {
  await untilClosed(serverUrl, name);
  await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
}

/** Waits (up to two seconds) until no connection to the database is open. */
async function untilClosed(serverUrl: string, name: string): Promise<void> {
  for (let tries = 0; tries < 100; tries++) {
    const rows = await adminQuery(
      serverUrl,
      `select count(*)::int as open from pg_stat_activity where datname = '${name}'`,
    );
    if (rows[0]?.open === 0) return;
    await new Promise((done) => setTimeout(done, 20));
  }
}

/**
 * The migrated PostgreSQL template's name, made on first use on this server: built under a name of
 * its own, then renamed; a worker that lost the race drops its own and uses the winner's.
 */
async function postgresTemplate(serverUrl: string): Promise<string> {
  const template = `relief_desk_template_${templateKey()}`;
  const exists = await adminQuery(serverUrl, `select 1 from pg_database where datname = '${template}'`);
  if (exists.length > 0) return template;
  const building = newDatabaseName();
  await adminQuery(serverUrl, `create database ${building}`);
  const database = openDatabase(databaseUrl(serverUrl, building));
  await migrateToLatest(database.db);
  await database.close();
  await untilClosed(serverUrl, building);
  try {
    await adminQuery(serverUrl, `alter database ${building} rename to ${template}`);
  } catch (error) {
    await adminQuery(serverUrl, `drop database if exists ${building} with (force)`);
    // Another worker's template took the name first (42P04: duplicate database): use it.
    if ((error as { code?: string }).code !== '42P04') throw error;
  }
  return template;
}

/** A copy of the template. Copying waits while another session is still leaving the template. */
async function createFromTemplate(serverUrl: string, name: string, template: string): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      await adminQuery(serverUrl, `create database ${name} template ${template}`);
      return;
    } catch (error) {
      // 55006: "source database is being accessed by other users" (a worker just renamed it).
      if ((error as { code?: string }).code !== '55006' || tries >= 50) throw error;
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

/**
 * An empty PostgreSQL database on the TEST_DATABASE_URL server (not migrated: what a new deployment
 * starts on), and the way to drop it.
 */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = newDatabaseName();
  await adminQuery(serverUrl, `create database ${name}`);
  return {
    url: databaseUrl(serverUrl, name),
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

/** Migrates to the migration just before `name`, as the versions before it left a database. */
export async function migrateToBefore(db: Kysely<Database>, name: string): Promise<void> {
  const names = Object.keys(migrations);
  const at = names.indexOf(name);
  if (at < 1) throw new Error(`${name} is not a migration with one before it`);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateTo(names[at - 1] ?? '');
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
