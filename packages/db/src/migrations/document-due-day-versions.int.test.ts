// Migration 0043_document_due_day_versions: an office's days already set keep their days, at version
// 1 with no one on record; new rows start at 1; the closed set of kinds still holds; and going back
// leaves the days as they were.
import { type Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { migrations } from './index.ts';

const BEFORE = '0042_matter_event_kinds';

describe.each(testDialects())('migration 0043_document_due_day_versions (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migrations see them, before and after 0043.
  let db: Kysely<any>;
  let migrator: Migrator;
  const now = '2026-11-28T18:00:00.000Z';
  const rows = () =>
    db.selectFrom('office_document_due_days').selectAll().orderBy('office_id').orderBy('kind').execute();

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    // Back to just before it (through any migration that came after it).
    const back = await migrator.migrateTo(BEFORE);
    expect(back.error).toBeUndefined();
    expect(back.results?.map((r) => r.migrationName)).toContain('0043_document_due_day_versions');
    await db
      .insertInto('offices')
      .values({ id: 'o1', name: 'Office', created_at: now, updated_at: now })
      .execute();
    await db
      .insertInto('office_document_due_days')
      .values([
        { office_id: 'o1', kind: 'rap_sheet', days: 45 },
        { office_id: 'o1', kind: 'photo_id', days: 7 },
      ])
      .execute();
  });
  afterAll(async () => database.destroy());

  it('keeps the days set before it at version 1, with no one on record; new rows start at 1', async () => {
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    const unrecorded = { version: 1, updated_at: null, updated_by: null };
    expect(await rows()).toEqual([
      { office_id: 'o1', kind: 'photo_id', days: 7, ...unrecorded },
      { office_id: 'o1', kind: 'rap_sheet', days: 45, ...unrecorded },
    ]);
    await db
      .insertInto('office_document_due_days')
      .values({ office_id: 'o1', kind: 'fee_waiver', days: 20, updated_at: now, updated_by: 'u1' })
      .execute();
    expect((await rows()).find((r) => r.kind === 'fee_waiver')).toMatchObject({
      version: 1,
      updated_by: 'u1',
    });
    // The kinds are still a closed set.
    await expect(
      db
        .insertInto('office_document_due_days')
        .values({ office_id: 'o1', kind: 'tax_return', days: 3 })
        .execute(),
    ).rejects.toThrow(/office_document_due_days/);
  });

  it('going back drops the version and who changed it, and keeps the days', async () => {
    const down = await migrator.migrateTo(BEFORE);
    expect(down.error).toBeUndefined();
    expect(await rows()).toEqual([
      { office_id: 'o1', kind: 'fee_waiver', days: 20 },
      { office_id: 'o1', kind: 'photo_id', days: 7 },
      { office_id: 'o1', kind: 'rap_sheet', days: 45 },
    ]);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  });
});
