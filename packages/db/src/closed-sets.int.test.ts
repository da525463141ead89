// Every closed-set column (CLOSED_SET_COLUMNS) takes each value of its set and refuses any other,
// written new or changed, with an error that names the table and column; generated from the lists,
// on each database. And migration 0027 will not add its checks over rows that already break them.
import { type ColumnMetadata, type Kysely, PostgresAdapter, sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClosedSetChecks, CLOSED_SETS, dropClosedSetChecks } from './migrations/0027_closed_set_checks.ts';
import { DROPPED_TABLES } from './migrations/0065_drop_unread_counts.ts';
import { CLOSED_SET_COLUMNS, closedSetColumns } from './tables/closed-sets.ts';
import { createTestDatabase, type TestDatabase, testDialects } from './testing.ts';

// biome-ignore lint/suspicious/noExplicitAny: rows are built from the schema as the database reports it.
type AnyDb = Kysely<any>;

// Migration 0027's down and up on today's schema: its checks less those of the tables 0065 dropped.
const CHECKED_BY_0027 = Object.fromEntries(
  Object.entries(CLOSED_SETS).filter(([table]) => !DROPPED_TABLES.includes(table)),
);
const down = (db: AnyDb) => dropClosedSetChecks(db, CHECKED_BY_0027);
const up = (db: AnyDb) => addClosedSetChecks(db, CHECKED_BY_0027);
type Row = Record<string, unknown>;

const INSTANT = '2026-11-30T18:00:00.000Z';

/** A value the column takes that says nothing about the test: a time, a day, a number or some text. */
function placeholder(column: ColumnMetadata): unknown {
  const type = column.dataType.toLowerCase();
  if (/int|real|double|numeric/.test(type)) return 1;
  if (type.startsWith('bool')) return false;
  if (column.name.endsWith('_at')) return INSTANT;
  if (column.name.endsWith('_on') || column.name.endsWith('_date') || column.name === 'day')
    return INSTANT.slice(0, 10);
  return `${column.name}-1`;
}

/**
 * Rows are written one table at a time, without the rows they refer to: each attempt runs in a
 * transaction that is always rolled back, with foreign keys left unchecked until a commit that never
 * comes (SQLite) or not checked (PostgreSQL's replica role; CHECK constraints still apply).
 */
async function attempt(db: AnyDb, postgres: boolean, work: (tx: Transaction<Row>) => Promise<void>) {
  const rolledBack = new Error('rolled back');
  try {
    await db.transaction().execute(async (tx) => {
      if (postgres) await sql`set local session_replication_role = replica`.execute(tx);
      else await sql`pragma defer_foreign_keys = on`.execute(tx);
      await work(tx);
      throw rolledBack;
    });
  } catch (error) {
    if (error !== rolledBack) throw error;
  }
}

/** Values no set holds: empty, a value of the set in capitals, and one with a space after it. */
const outsideValues = (values: readonly string[]) =>
  ['', (values[0] ?? '').toUpperCase(), `${values[0]} `].filter((v) => !values.includes(v));

describe.each(testDialects())('closed-set columns (%s)', (dialect) => {
  let database: TestDatabase;
  let db: AnyDb;
  let postgres: boolean;
  const shapes = new Map<string, ColumnMetadata[]>();
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    for (const table of await db.introspection.getTables()) shapes.set(table.name, table.columns);
  });
  afterAll(async () => database.destroy());

  /** A row of the table with the column set to `value`, every other closed-set column to its set's first. */
  function rowOf(table: string, column: string, value: string): Row {
    const closed: Record<string, readonly string[]> =
      CLOSED_SET_COLUMNS[table as keyof typeof CLOSED_SET_COLUMNS];
    const row: Row = {};
    for (const c of shapes.get(table) ?? []) {
      if (c.name === column) row[c.name] = value;
      else if (closed[c.name]) row[c.name] = closed[c.name]?.[0];
      else if (!c.isNullable && !c.hasDefaultValue) row[c.name] = placeholder(c);
    }
    // An outbox row carries a client message or a staff notice (0019's check): here a message.
    if (table === 'outbox') Object.assign(row, { message_id: 'message-1', matter_id: 'matter-1' });
    return row;
  }

  it.each(closedSetColumns().map((c) => [`${c.table}.${c.column}`, c] as const))(
    '%s takes every value of its set and refuses others',
    async (_, { table, column, values }) => {
      expect(
        shapes.get(table)?.some((c) => c.name === column),
        `${table}.${column} exists`,
      ).toBe(true);
      const named = new RegExp(`${table}.*${column}`);
      for (const value of values) {
        await attempt(db, postgres, async (tx) => {
          await tx
            .insertInto(table)
            .values(rowOf(table, column, value))
            .execute();
        });
        await attempt(db, postgres, async (tx) => {
          await tx
            .insertInto(table)
            .values(rowOf(table, column, values[0] ?? ''))
            .execute();
          await tx
            .updateTable(table)
            .set({ [column]: value })
            .execute();
        });
      }
      const outside = outsideValues(values);
      expect(outside.length).toBeGreaterThan(0);
      for (const value of outside) {
        await expect(
          attempt(db, postgres, async (tx) => {
            await tx
              .insertInto(table)
              .values(rowOf(table, column, value))
              .execute();
          }),
          `${table}.${column} = ${JSON.stringify(value)} written new`,
        ).rejects.toThrow(named);
        await expect(
          attempt(db, postgres, async (tx) => {
            await tx
              .insertInto(table)
              .values(rowOf(table, column, values[0] ?? ''))
              .execute();
            await tx
              .updateTable(table)
              .set({ [column]: value })
              .execute();
          }),
          `${table}.${column} changed to ${JSON.stringify(value)}`,
        ).rejects.toThrow(named);
      }
    },
  );
});

describe.each(testDialects())('migration 0027_closed_set_checks over existing rows (%s)', (dialect) => {
  let database: TestDatabase;
  let db: AnyDb;
  const now = '2026-11-30T18:00:00.000Z';
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
  });
  afterAll(async () => database.destroy());

  it('names every table, column and value outside its set, and adds no check until they are corrected', async () => {
    await down(db);
    await db
      .insertInto('offices')
      .values({ id: 'o1', name: 'Office', created_at: now, updated_at: now })
      .execute();
    await db
      .insertInto('office_counties')
      .values([
        { office_id: 'o1', county: 'Alamdea' },
        { office_id: 'o1', county: 'alameda' },
        { office_id: 'o1', county: 'Marin' },
      ])
      .execute();
    await db
      .insertInto('users')
      .values(
        ['u1', 'u2'].map((id) => ({
          id,
          office_id: 'o1',
          email: `${id}@example.org`,
          name: id,
          role: 'paralegal',
          password_hash: 'x',
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();

    await expect(up(db)).rejects.toThrow(
      'Some rows hold values their column does not allow, so its check cannot be added: ' +
        'users.role holds "paralegal" (2 rows); ' +
        'office_counties.county holds "Alamdea" (1 row), "alameda" (1 row). ' +
        'Correct or remove those rows, then start again; nothing was changed.',
    );
    // Nothing was added: a value outside the set is still taken.
    await db.insertInto('office_counties').values({ office_id: 'o1', county: 'Nowhere' }).execute();

    await db.updateTable('users').set({ role: 'attorney' }).execute();
    await db.deleteFrom('office_counties').where('county', '!=', 'Marin').execute();
    await up(db);
    await expect(
      db.insertInto('office_counties').values({ office_id: 'o1', county: 'Alamdea' }).execute(),
    ).rejects.toThrow(/office_counties.*county/);
    await expect(db.updateTable('users').set({ role: 'paralegal' }).execute()).rejects.toThrow(/users.*role/);
  });
});
