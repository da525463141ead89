// Opening a database as configured: SQLite's synchronous and temporary storage settings, and what
// start-up sees when a database cannot be reached (the driver's own error, with its code, not a wrapped
// "migration failed").
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './connect.ts';
import { migrateToLatest, migrationState } from './migrate.ts';
import { createTestDatabase, testDialects } from './testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'relief-desk-connect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('SQLite synchronous', () => {
  it.each([
    [undefined, 1],
    ['NORMAL', 1],
    ['FULL', 2],
  ] as const)('%s opens with synchronous = %i', async (mode, expected) => {
    const database = openDatabase(join(dir, `${mode ?? 'default'}.sqlite`), { sqliteSynchronous: mode });
    try {
      const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(database.db);
      expect(rows[0]?.synchronous).toBe(expected);
    } finally {
      await database.close();
    }
  });
});

describe('SQLite page cache', () => {
  it('holds 32 MB of pages, not the 2 MB SQLite starts with', async () => {
    const database = openDatabase(join(dir, 'cache.sqlite'));
    try {
      const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(database.db);
      // Negative: a size in KiB rather than a number of pages.
      expect(rows[0]?.cache_size).toBe(-32 * 1024);
    } finally {
      await database.close();
    }
  });
});

describe('SQLite temporary storage', () => {
  it('keeps statement journals and temporary tables in memory', async () => {
    const database = openDatabase(join(dir, 'temp-store.sqlite'));
    try {
      const { rows } = await sql<{ temp_store: number }>`pragma temp_store`.execute(database.db);
      // 2: MEMORY.
      expect(rows[0]?.temp_store).toBe(2);
    } finally {
      await database.close();
    }
  });
});

describe('a PostgreSQL server that cannot be reached', () => {
  it('fails migrating with the connection error itself', async () => {
    const database = openDatabase(`postgres://relief:secret@127.0.0.1:${await closedPort()}/relief`);
    try {
      await expect(migrateToLatest(database.db)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await database.close();
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'a PostgreSQL connection ended while it rests in the pool',
  () => {
    it('is dropped and replaced: the process goes on and the next query is answered', async () => {
      const test = await createTestDatabase('postgres');
      const dropped: Error[] = [];
      const database = openDatabase(test.url ?? '', {
        onIdleConnectionError: (error) => dropped.push(error),
      });
      try {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
        const pid = rows[0]?.pid;
        // An administrator ends it from another connection (as a server restart would).
        await sql`select pg_terminate_backend(${pid})`.execute(test.db);
        for (let tries = 0; tries < 100 && dropped.length === 0; tries++)
          await new Promise((done) => setTimeout(done, 20));
        expect(dropped.map((error) => error.message)).toEqual([
          'terminating connection due to administrator command',
        ]);
        const again = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db);
        expect(again.rows[0]?.pid).not.toBe(pid);
      } finally {
        await database.close();
        await test.destroy();
      }
    });
  },
);

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL statements on the desk’s connections', () => {
  it('are neither compiled nor handed to parallel workers, unless the address or PGOPTIONS sets its own options', async () => {
    const test = await createTestDatabase('postgres');
    const settingsOf = async (url: string) => {
      const database = openDatabase(url);
      try {
        const jit = await sql<{ jit: string }>`show jit`.execute(database.db);
        const workers = await sql<{
          max_parallel_workers_per_gather: string;
        }>`show max_parallel_workers_per_gather`.execute(database.db);
        return [jit.rows[0]?.jit, workers.rows[0]?.max_parallel_workers_per_gather];
      } finally {
        await database.close();
      }
    };
    try {
      const url = new URL(test.url ?? '');
      expect(await settingsOf(url.toString())).toEqual(['off', '0']);
      const bare = url.toString();
      url.searchParams.set('options', '-c jit=on -c max_parallel_workers_per_gather=3');
      expect(await settingsOf(url.toString())).toEqual(['on', '3']);
      // The same from the environment, as libpq and node-postgres read it.
      process.env.PGOPTIONS = '-c jit=on -c max_parallel_workers_per_gather=4';
      try {
        expect(await settingsOf(bare)).toEqual(['on', '4']);
      } finally {
        delete process.env.PGOPTIONS;
      }
    } finally {
      await test.destroy();
    }
  });
});

describe.each(testDialects())('migrationState (%s)', (dialect) => {
  it('is current on a migrated database, and names what has not run on an empty one', async () => {
    const migrated = await createTestDatabase(dialect);
    try {
      expect(await migrationState(migrated.db)).toEqual({ pending: [], unknown: [] });
    } finally {
      await migrated.destroy();
    }
    const empty = openDatabase(join(dir, 'empty.sqlite'));
    try {
      const state = await migrationState(empty.db);
      expect(state.pending[0]).toBe('0001_initial');
      expect(state.unknown).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});

describe('SQLite with no room left', () => {
  // max_page_count gives the condition a full disk gives (SQLITE_FULL), and SQLite rolls the
  // transaction back by itself as it does then.
  it('fails a write with the full disk, naming the folder, not with a failed rollback', async () => {
    const path = join(dir, 'full.sqlite');
    const database = openDatabase(path);
    try {
      await sql`create table filler (x blob)`.execute(database.db);
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(database.db);
      await sql.raw(`pragma max_page_count = ${(rows[0]?.page_count ?? 0) + 1}`).execute(database.db);
      const failure = await database.db
        .transaction()
        .execute(async (trx) => {
          await sql`insert into filler (x) values (zeroblob(10000))`.execute(trx);
          await sql`insert into filler (x) values (zeroblob(1000000))`.execute(trx);
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error & { code?: string }).code).toBe('SQLITE_FULL');
      expect((failure as Error).message).toBe(
        `the database's disk is full: free space on ${dir} (SQLite: database or disk is full)`,
      );
      // Nothing of the transaction was kept, and the connection goes on.
      const kept = await sql<{ n: number }>`select count(*) as n from filler`.execute(database.db);
      expect(kept.rows[0]?.n).toBe(0);
    } finally {
      await database.close();
    }
  });
});
