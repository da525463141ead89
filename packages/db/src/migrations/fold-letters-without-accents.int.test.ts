// Migration 0045_fold_letters_without_accents: clients recorded before it, whose names hold a letter
// with no accent to strip (Đ, Ł, Ø...), get the keys today's folding gives them, and their matters
// the search words and sort name; other clients are left as they were.
import { type Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { migrations } from './index.ts';
import { insertNamedClients } from './test-rows.ts';

// Up to this migration only: a later one may rebuild the same keys (0063 glues surname particles).
const THIS = '0045_fold_letters_without_accents';
const BEFORE = '0044_audit_journal';

describe.each(testDialects())('migration 0045_fold_letters_without_accents (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migrations see them, before and after 0045.
  let db: Kysely<any>;
  let migrator: Migrator;
  const now = '2026-12-01T18:00:00.000Z';

  // Each stored as the folding before 0045 made it (the letters kept, lower-cased).
  const clients = [
    { id: 'c1', legal_name: 'Đặng Văn Minh', other: [], old: 'đang van minh' },
    { id: 'c2', legal_name: 'Łukasz Ørsted', other: ['Ǿrsted Łukasz'], old: 'łukasz ørsted | ørsted łukasz' },
    { id: 'c3', legal_name: 'Ana Weiß', other: [], old: 'ana weiß' },
    { id: 'c4', legal_name: 'María Núñez', other: ['Þóra Ðís'], old: 'maria nunez | þora ðis' },
    { id: 'c5', legal_name: 'Zúñiga Pérez', other: [], old: 'zuniga perez' },
  ];
  const sortNames = () => db.selectFrom('matters').select(['id', 'client_sort_name']).orderBy('id').execute();
  const searchKeys = () => db.selectFrom('clients').select(['id', 'name_search']).orderBy('id').execute();
  const words = async (matterId: string) =>
    (
      await db
        .selectFrom('matter_search')
        .select(['token', 'names'])
        .where('matter_id', '=', matterId)
        .orderBy('token')
        .execute()
    ).map((w) => `${w.token}:${w.names}`);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    await insertNamedClients(db, clients, now);
  });
  afterAll(async () => database.destroy());

  it('rebuilds the search keys, search words and sort names of clients whose names hold such a letter', async () => {
    expect(await words('m1')).toEqual(['minh: đang van minh', 'van: đang van minh', 'đang: đang van minh']);
    const up = await migrator.migrateTo(THIS);
    expect(up.error).toBeUndefined();
    expect(up.results?.map((r) => r.migrationName)).toContain('0045_fold_letters_without_accents');

    expect(await searchKeys()).toEqual([
      { id: 'c1', name_search: 'dang van minh' },
      { id: 'c2', name_search: 'lukasz orsted | orsted lukasz' },
      { id: 'c3', name_search: 'ana weiss' },
      { id: 'c4', name_search: 'maria nunez | thora dis' },
      { id: 'c5', name_search: 'zuniga perez' },
    ]);
    expect(await sortNames()).toEqual([
      { id: 'm1', client_sort_name: 'dang van minh' },
      { id: 'm2', client_sort_name: 'lukasz orsted' },
      { id: 'm3', client_sort_name: 'ana weiss' },
      { id: 'm4', client_sort_name: 'maria nunez' },
      { id: 'm5', client_sort_name: 'zuniga perez' },
    ]);
    expect(await words('m1')).toEqual(['dang: dang van minh', 'minh: dang van minh', 'van: dang van minh']);
    expect(await words('m2')).toEqual([
      'lukasz: lukasz orsted | orsted lukasz',
      'orsted: lukasz orsted | orsted lukasz',
    ]);
    expect(await words('m4')).toEqual([
      'dis: maria nunez | thora dis',
      'maria: maria nunez | thora dis',
      'nunez: maria nunez | thora dis',
      'thora: maria nunez | thora dis',
    ]);
    // Untouched: no such letter in its names.
    expect(await words('m5')).toEqual(['perez: zuniga perez', 'zuniga: zuniga perez']);
  });

  it('finds the rebuilt words by the name typed without the letters', async () => {
    const found = (prefix: string) =>
      db
        .selectFrom('matter_search')
        .select('matter_id')
        .distinct()
        .where('office_id', '=', 'o1')
        .where('token', 'like', `${prefix}%`)
        .orderBy('matter_id')
        .execute();
    expect(await found('dang')).toEqual([{ matter_id: 'm1' }]);
    expect(await found('orsted')).toEqual([{ matter_id: 'm2' }]);
    expect(await found('weiss')).toEqual([{ matter_id: 'm3' }]);
    expect(await found('thora')).toEqual([{ matter_id: 'm4' }]);
  });

  it('runs again with nothing left to change', async () => {
    const before = [await searchKeys(), await sortNames()];
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
    expect([await searchKeys(), await sortNames()]).toEqual(before);
  });
});
