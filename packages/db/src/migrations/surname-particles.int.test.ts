// Migration 0063_surname_particles: clients recorded before it whose names hold a surname particle (de
// la Cruz, Dela Cruz, van der Berg) also get each such name with its particles glued to the surname,
// so "delacruz" or "maria de la cruz" finds them; their matters get the search words. Others are left.
import { type Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { migrations } from './index.ts';
import { insertNamedClients } from './test-rows.ts';

const BEFORE = '0062_application_submissions_content';

describe.each(testDialects())('migration 0063_surname_particles (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migrations see them, before and after 0063.
  let db: Kysely<any>;
  let migrator: Migrator;
  const now = '2026-12-05T18:00:00.000Z';

  // Each stored as the keys before 0063 made them.
  const clients = [
    { id: 'c1', legal_name: 'María White Dela Cruz', other: [], old: 'maria white dela cruz' },
    {
      id: 'c2',
      legal_name: 'Pieter van der Berg',
      other: ['Piet Berg'],
      old: 'pieter van der berg | piet berg',
    },
    { id: 'c3', legal_name: 'Zúñiga Pérez', other: [], old: 'zuniga perez' },
  ];
  const searchKeys = () => db.selectFrom('clients').select(['id', 'name_search']).orderBy('id').execute();
  const found = async (prefix: string) =>
    (
      await db
        .selectFrom('matter_search')
        .select('matter_id')
        .distinct()
        .where('office_id', '=', 'o1')
        .where('token', 'like', `${prefix}%`)
        .orderBy('matter_id')
        .execute()
    ).map((row) => row.matter_id);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    await insertNamedClients(db, clients, now);
  });
  afterAll(async () => database.destroy());

  it('finds nobody by the surname typed with its particles glued before it runs', async () => {
    expect(await found('delacruz')).toEqual([]);
    expect(await found('vanderberg')).toEqual([]);
  });

  it('adds each name with its particles glued to the keys and search words of the clients that hold one', async () => {
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    expect(up.results?.map((r) => r.migrationName)).toContain('0063_surname_particles');
    expect(await searchKeys()).toEqual([
      { id: 'c1', name_search: 'maria white dela cruz | maria white delacruz' },
      { id: 'c2', name_search: 'pieter van der berg | piet berg | pieter vanderberg' },
      { id: 'c3', name_search: 'zuniga perez' },
    ]);
    expect(await found('delacruz')).toEqual(['m1']);
    expect(await found('vanderberg')).toEqual(['m2']);
    // The words as written still find them.
    expect(await found('dela')).toEqual(['m1']);
    expect(await found('berg')).toEqual(['m2']);
    expect(await found('zuniga')).toEqual(['m3']);
  });

  it('runs again with nothing left to change', async () => {
    const before = await searchKeys();
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await searchKeys()).toEqual(before);
  });
});
