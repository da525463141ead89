// Every index of the migrated schema earns its writes: none is a plain leading part of another index
// on the same table with the same predicate (the longer one serves each query the shorter one
// could, and every insert and update pays for both). Read from the schema itself, so an index a
// later migration adds is checked too. SQLite: both databases get the same indexes from the same
// migrations, apart from a few expression indexes SQLite alone needs.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('sqlite');
});
afterAll(async () => database.destroy());

interface Index {
  name: string;
  table: string;
  unique: boolean;
  predicate: string;
  /** Key columns in order; null for an expression. */
  columns: (string | null)[];
}

async function indexes(): Promise<Index[]> {
  const rows = await sql<{ name: string; tbl_name: string; sql: string }>`
    select name, tbl_name, sql from sqlite_master where type = 'index' and sql is not null`.execute(
    database.db,
  );
  return Promise.all(
    rows.rows.map(async (row) => {
      const keys = await sql<{ name: string | null }>`
        select name from pragma_index_xinfo(${row.name}) where key = 1 order by seqno`.execute(database.db);
      const where = /\swhere\s/i.exec(row.sql);
      return {
        name: row.name,
        table: row.tbl_name,
        unique: /^create unique/i.test(row.sql),
        predicate: where ? row.sql.slice(where.index).trim().toLowerCase() : '',
        columns: keys.rows.map((k) => k.name),
      };
    }),
  );
}

it('has no index whose columns lead another index of the same rows', async () => {
  const all = await indexes();
  expect(all.length).toBeGreaterThan(50);
  const redundant = all.flatMap((short) =>
    all
      .filter(
        (long) =>
          long !== short &&
          !short.unique &&
          long.table === short.table &&
          long.predicate === short.predicate &&
          short.columns.length <= long.columns.length &&
          short.columns.every((column, i) => column !== null && column === long.columns[i]),
      )
      .map(
        (long) =>
          `${short.name} (${short.columns.join(', ')}) leads ${long.name} (${long.columns.join(', ')})`,
      ),
  );
  expect(redundant).toEqual([]);
});
