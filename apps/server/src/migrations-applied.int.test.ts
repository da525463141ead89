// An upgrade is said where it runs: `relief-desk migrate` and the server's start each say which
// migrations they applied (how many, the first and the last), or that the database was already up to
// date, on SQLite and on PostgreSQL.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knownMigrations, migrateToLatest, openDatabase } from '@relief-desk/db';
import {
  createEmptyPostgresDatabase,
  migrateToAllButLast,
  migrateToBefore,
  seedTwoOffices,
} from '@relief-desk/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runCli, type ServerProcess, startServer } from './test-support/server-process.ts';

const names = knownMigrations();
const first = names[0];
const last = names.at(-1);
const root = mkdtempSync(join(tmpdir(), 'relief-desk-migrations-applied-'));
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.kill();
  rmSync(root, { recursive: true, force: true });
});

/** The start's log lines that match. */
const logLines = (server: ServerProcess, pattern: RegExp) =>
  server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { msg?: string }).msg ?? '')
    .filter((msg) => pattern.test(msg));
/** Those that speak of migrations. */
const migrationLines = (server: ServerProcess) =>
  logLines(server, /^(Applied \d+ migrations?,|The database is already up to date)/);

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
] as const)('%s', (_, postgres) => {
  it.skipIf(postgres && !process.env.TEST_DATABASE_URL)(
    'migrate says which migrations it applied, then that the database is already up to date',
    async () => {
      const dataDir = join(root, `cli-${postgres ? 'pg' : 'sqlite'}`);
      const target = postgres ? await createEmptyPostgresDatabase() : null;
      try {
        const env = { DATA_DIR: dataDir, ...(target ? { DATABASE_URL: target.url } : {}) };
        const where = target
          ? `PostgreSQL ${new URL(target.url).hostname}:${new URL(target.url).port || 5432}${new URL(target.url).pathname}`
          : `SQLite file ${join(dataDir, 'relief-desk.sqlite')}`;
        const upgraded = await runCli(['migrate'], env);
        expect(upgraded.stderr).toBe('');
        expect(upgraded.stdout.split('\n')[0]).toBe(
          `Applied ${names.length} migrations, ${first} to ${last}. Database is up to date (${where}).`,
        );
        const again = await runCli(['migrate'], env);
        expect(again.stdout.split('\n')[0]).toBe(
          `Database is already up to date (${where}): no migrations to apply.`,
        );
      } finally {
        await target?.drop();
      }
    },
    120_000,
  );

  it.skipIf(postgres && !process.env.TEST_DATABASE_URL)(
    'the server’s start log says which migrations an upgrade applied, and at the next start that there were none',
    async () => {
      const dataDir = join(root, `start-${postgres ? 'pg' : 'sqlite'}`);
      mkdirSync(dataDir, { recursive: true });
      const target = postgres ? await createEmptyPostgresDatabase() : null;
      try {
        const url = target?.url ?? join(dataDir, 'relief-desk.sqlite');
        // The version before this one: every migration but the last.
        const older = openDatabase(url);
        try {
          await migrateToAllButLast(older.db);
        } finally {
          await older.close();
        }
        const env = { LOG_LEVEL: 'info', ...(target ? { DATABASE_URL: target.url } : {}) };
        const upgrade = await startServer(dataDir, await freePort(), env);
        servers.push(upgrade);
        await upgrade.stop();
        expect(migrationLines(upgrade)).toEqual([`Applied 1 migration, ${last}.`]);

        const next = await startServer(dataDir, await freePort(), env);
        servers.push(next);
        await next.stop();
        const description = target
          ? `PostgreSQL ${new URL(target.url).hostname}:${new URL(target.url).port || 5432}${new URL(target.url).pathname}`
          : `SQLite file ${url}`;
        expect(migrationLines(next)).toEqual([
          `The database is already up to date: no migrations to apply (${description}).`,
        ]);
        // Everything applied, as migrate would have.
        const upgraded = openDatabase(url);
        try {
          expect((await migrateToLatest(upgraded.db)).results).toEqual([]);
        } finally {
          await upgraded.close();
        }
      } finally {
        await target?.drop();
      }
    },
    120_000,
  );
});

it('an upgrade from before 0073 rewrites a SQLite database holding data once, saying so, and the next start does not', async () => {
  const dataDir = join(root, 'rewrite-once');
  mkdirSync(dataDir, { recursive: true });
  const url = join(dataDir, 'relief-desk.sqlite');
  const older = openDatabase(url);
  try {
    await migrateToBefore(older.db, '0073_upkeep');
    await seedTwoOffices(older.db, new Date().toISOString());
  } finally {
    await older.close();
  }
  const rewrites = (server: ServerProcess) => logLines(server, /^Rewr(iting|ote) the database/);
  const upgrade = await startServer(dataDir, await freePort(), { LOG_LEVEL: 'info' });
  servers.push(upgrade);
  await upgrade.stop();
  const said = rewrites(upgrade);
  expect(said).toHaveLength(2);
  expect(said[0]).toMatch(/^Rewriting the database \(\d+\.\d MB\) once/);
  expect(said[1]).toMatch(/^Rewrote the database once .* \d+\.\d MB → \d+\.\d MB in \d+\.\d s\./);
  const next = await startServer(dataDir, await freePort(), { LOG_LEVEL: 'info' });
  servers.push(next);
  await next.stop();
  expect(rewrites(next)).toEqual([]);
}, 120_000);
