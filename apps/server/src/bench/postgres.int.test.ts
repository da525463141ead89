// The benchmark measures PostgreSQL on a copy of the SQLite build: the copy must hold every row as
// SQLite has it, text that COPY's format escapes (tabs, line ends, backslashes, "\N") included.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEPT_TABLES, keptCountRecounts } from '@relief-desk/api';
import { openDatabase } from '@relief-desk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBenchDatabase } from './build.ts';
import { type BenchPostgres, copyIntoPostgres, createBenchPostgres } from './postgres.ts';
import { openSqlite, type SqliteDatabase } from './sqlite.ts';

const MATTERS = 400;
const AWKWARD_NOTES = [
  'tab\there',
  'two\nlines\r\nand a carriage return',
  'a backslash \\ and \\N and \\t written out',
  '\\N',
  'María Núñez, “quoted”, 日本',
  '',
];

describe.skipIf(!process.env.TEST_DATABASE_URL)('the benchmark’s copy into PostgreSQL', () => {
  let dir: string;
  let sqlite: SqliteDatabase;
  let postgres: BenchPostgres;
  let phases: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relief-desk-bench-copy-'));
    const path = join(dir, 'bench.sqlite');
    await buildBenchDatabase(path, MATTERS, '2026-11-28', { inThread: false });
    const writable = openSqlite(path);
    const ids = writable.prepare('select id from matters order by id limit ?').all(AWKWARD_NOTES.length) as {
      id: string;
    }[];
    const update = writable.prepare('update matters set referral_note = ? where id = ?');
    for (const [i, note] of AWKWARD_NOTES.entries()) update.run(note, ids[i]?.id);
    writable.close();
    sqlite = openSqlite(path, { readonly: true });
    postgres = await createBenchPostgres(process.env.TEST_DATABASE_URL ?? '');
    phases = await copyIntoPostgres(sqlite, postgres);
  }, 120_000);
  afterAll(async () => {
    sqlite?.close();
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds as many rows of every table as SQLite, and says how long each phase took', async () => {
    for (const table of [
      'clients',
      'matters',
      'matter_search',
      'convictions',
      'petitions',
      'matter_events',
    ]) {
      const inSqlite = (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
      const { rows } = await postgres.client.query<{ n: string }>(`select count(*) as n from ${table}`);
      expect({ table, rows: Number(rows[0]?.n) }).toEqual({ table, rows: inSqlite });
      expect(inSqlite).toBeGreaterThan(0);
    }
    expect(phases.map((p) => p.replace(/ [\d.]+ s$/, ''))).toEqual([
      'rows',
      'indexes',
      'vacuum and statistics',
    ]);
  });

  it('holds the dashboard’s kept counts SQLite counted, equal to PostgreSQL’s own recount of the rows', async () => {
    const app = openDatabase(postgres.url);
    try {
      const recounts = keptCountRecounts(app.db, 'postgres');
      // Numbers as numbers (PostgreSQL's bigint arrives as text), each row as sorted JSON.
      const normal = (rows: Record<string, unknown>[]) =>
        rows
          .map((row) =>
            JSON.stringify(
              Object.entries(row)
                .map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v])
                .sort(([a], [b]) => String(a).localeCompare(String(b))),
            ),
          )
          .sort();
      let rows = 0;
      for (const table of KEPT_TABLES) {
        const kept = (await app.db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
        // A count taken back to zero may stay as a row; a recount has none.
        const nonZero = kept.filter((row) => !('count' in row) || Number(row.count) !== 0);
        const recount = (await recounts[table].execute()) as Record<string, unknown>[];
        expect(normal(nonZero), table).toEqual(normal(recount));
        rows += recount.length;
      }
      expect(rows).toBeGreaterThan(MATTERS);
    } finally {
      await app.close();
    }
  });

  it('holds each matter’s text, dates and numbers as SQLite has them, awkward characters included', async () => {
    const columns = 'id, reference, stage, referral_note, client_id, office_id, assignee_id, version';
    const inSqlite = sqlite.prepare(`select ${columns}, received_on from matters order by id`).all();
    const { rows } = await postgres.client.query(
      `select ${columns}, received_on::text as received_on from matters order by id collate "C"`,
    );
    expect(rows).toEqual(inSqlite);
    const { rows: notes } = await postgres.client.query<{ note: string }>(
      `select referral_note as note from matters order by id collate "C" limit $1`,
      [AWKWARD_NOTES.length],
    );
    expect(notes.map((n) => n.note)).toEqual(AWKWARD_NOTES);
  });

  it('leaves the indexes and triggers of a migrated database in place', async () => {
    const { rows } = await postgres.client.query<{ n: string }>(
      `select count(*) as n from pg_indexes where tablename = 'matters'`,
    );
    expect(Number(rows[0]?.n)).toBeGreaterThan(5);
    const { rows: role } = await postgres.client.query<{ session_replication_role: string }>(
      'show session_replication_role',
    );
    expect(role[0]?.session_replication_role).toBe('origin');
  });
});
