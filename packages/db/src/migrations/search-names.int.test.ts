// Migration 0041_search_names: the words of matters recorded before it get their client's names, the
// triggers write them from then on, and going back leaves the words as they were.
import { type Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { migrations } from './index.ts';
import { clientRow, matterRow } from './test-rows.ts';

// Up to this migration only: a later one may rebuild the same keys (0063 glues surname particles).
const THIS = '0041_search_names';
const BEFORE = '0040_search_word_statistics';

describe.each(testDialects())('migration 0041_search_names (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migrations see them, before and after 0041.
  let db: Kysely<any>;
  let migrator: Migrator;
  const now = '2026-11-28T18:00:00.000Z';

  const client = (id: string, legal_name: string, name_search: string) =>
    clientRow({ id, office_id: 'o1', legal_name, name_search, at: now });
  const matter = (id: string, client_id: string, reference: string) =>
    matterRow({ id, office_id: 'o1', client_id, reference, stage: 'gathering_records', at: now });
  const words = () =>
    db.selectFrom('matter_search').selectAll().orderBy('matter_id').orderBy('token').execute() as Promise<
      Record<string, string>[]
    >;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    // Back to just before it (through any migration that came after it).
    const back = await migrator.migrateTo(BEFORE);
    expect(back.results?.at(-1)).toMatchObject({ migrationName: '0041_search_names', status: 'Success' });
    await db
      .insertInto('offices')
      .values({ id: 'o1', name: 'Office', created_at: now, updated_at: now })
      .execute();
    await db
      .insertInto('clients')
      .values([
        client('c1', 'María José Núñez', 'maria jose nunez | majo ruiz'),
        client('c2', 'Li Wei', 'li wei'),
      ])
      .execute();
    await db
      .insertInto('matters')
      .values([matter('m1', 'c1', '2026-00001'), matter('m2', 'c2', '2026-00002')])
      .execute();
  });
  afterAll(async () => database.destroy());

  it('gives the words already there their client’s names, each word after a space', async () => {
    const before = await words();
    expect(before.map((w) => w.token)).toEqual(['jose', 'majo', 'maria', 'nunez', 'ruiz', 'li', 'wei']);
    const up = await migrator.migrateTo(THIS);
    expect(up.error).toBeUndefined();
    const after = await words();
    expect(after.map(({ names, ...word }) => word)).toEqual(before);
    expect(after.map((w) => [w.matter_id, w.names])).toEqual([
      ...Array(5).fill(['m1', ' maria jose nunez | majo ruiz']),
      ['m2', ' li wei'],
      ['m2', ' li wei'],
    ]);
  });

  it('writes the names with the words of a new matter and of a renamed client', async () => {
    await db
      .insertInto('matters')
      .values(matter('m3', 'c2', '2026-00003'))
      .execute();
    await db.updateTable('clients').set({ name_search: 'li wei chen' }).where('id', '=', 'c2').execute();
    const words2 = (await words()).filter((w) => w.matter_id !== 'm1');
    expect(words2.map((w) => [w.matter_id, w.token, w.names])).toEqual([
      ['m2', 'chen', ' li wei chen'],
      ['m2', 'li', ' li wei chen'],
      ['m2', 'wei', ' li wei chen'],
      ['m3', 'chen', ' li wei chen'],
      ['m3', 'li', ' li wei chen'],
      ['m3', 'wei', ' li wei chen'],
    ]);
  });

  it('goes back to the words alone, and forward again', async () => {
    const before = await words();
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect(await words()).toEqual(before.map(({ names, ...word }) => word));
    await db
      .insertInto('matters')
      .values(matter('m4', 'c1', '2026-00004'))
      .execute();
    expect((await words()).filter((w) => w.matter_id === 'm4').map((w) => w.token)).toEqual([
      'jose',
      'majo',
      'maria',
      'nunez',
      'ruiz',
    ]);
    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
    expect((await words()).filter((w) => w.matter_id === 'm4').map((w) => w.names)).toEqual(
      Array(5).fill(' maria jose nunez | majo ruiz'),
    );
  });
});
