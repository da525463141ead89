// Migration 0046_names_with_apostrophes: clients recorded before it, whose names hold an apostrophe
// (O'Brien, D’Souza, Kaʻahumanu), get the keys today's folding gives them: searched split and closed
// up, sorted closed up; their matters get the search words and sort name. Other clients are left.
import { type Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { migrations } from './index.ts';
import { insertNamedClients } from './test-rows.ts';

// Up to this migration only: a later one may rebuild the same keys (0063 glues surname particles).
const THIS = '0046_names_with_apostrophes';
const BEFORE = '0045_fold_letters_without_accents';

describe.each(testDialects())('migration 0046_names_with_apostrophes (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migrations see them, before and after 0046.
  let db: Kysely<any>;
  let migrator: Migrator;
  const now = '2026-12-03T18:00:00.000Z';

  // Each stored as the folding before 0046 made it.
  const clients = [
    { id: 'c1', legal_name: "Patrick O'Brien", other: [], old: 'patrick o brien' },
    {
      id: 'c2',
      legal_name: 'Leilani Kaʻahumanu',
      other: ['Kaʻahumanu Leilani'],
      old: 'leilani kaʻahumanu | kaʻahumanu leilani',
    },
    { id: 'c3', legal_name: 'Ana Núñez', other: ['Ana D’Souza'], old: 'ana nunez | ana d souza' },
    { id: 'c4', legal_name: 'Zúñiga Pérez', other: [], old: 'zuniga perez' },
  ];
  const sortNames = () => db.selectFrom('matters').select(['id', 'client_sort_name']).orderBy('id').execute();
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

  it('finds nobody by the name typed closed up before it runs', async () => {
    expect(await found('obrien')).toEqual([]);
    expect(await found('dsouza')).toEqual([]);
    expect(await found('ahumanu')).toEqual([]);
  });

  it('rebuilds the keys, search words and sort names of clients whose names hold an apostrophe', async () => {
    const up = await migrator.migrateTo(THIS);
    expect(up.error).toBeUndefined();
    expect(up.results?.map((r) => r.migrationName)).toContain('0046_names_with_apostrophes');

    expect(await searchKeys()).toEqual([
      { id: 'c1', name_search: 'patrick o brien | patrick obrien' },
      {
        id: 'c2',
        name_search: 'leilani ka ahumanu | ka ahumanu leilani | leilani kaahumanu | kaahumanu leilani',
      },
      { id: 'c3', name_search: 'ana nunez | ana d souza | ana dsouza' },
      { id: 'c4', name_search: 'zuniga perez' },
    ]);
    expect(await sortNames()).toEqual([
      { id: 'm1', client_sort_name: 'patrick obrien' },
      { id: 'm2', client_sort_name: 'leilani kaahumanu' },
      { id: 'm3', client_sort_name: 'ana nunez' },
      { id: 'm4', client_sort_name: 'zuniga perez' },
    ]);
  });

  it('finds them by the name typed split or closed up', async () => {
    expect(await found('obrien')).toEqual(['m1']);
    expect(await found('brien')).toEqual(['m1']);
    expect(await found('kaahumanu')).toEqual(['m2']);
    expect(await found('ahumanu')).toEqual(['m2']);
    expect(await found('dsouza')).toEqual(['m3']);
    expect(await found('souza')).toEqual(['m3']);
    // Untouched: no apostrophe in its names.
    expect(await found('zuniga')).toEqual(['m4']);
  });

  it('runs again with nothing left to change', async () => {
    const before = [await searchKeys(), await sortNames()];
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
    expect([await searchKeys(), await sortNames()]).toEqual(before);
  });
});
