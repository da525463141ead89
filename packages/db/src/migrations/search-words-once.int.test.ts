// Migration 0077_search_words_once: the triggers tell a client's repeated words apart within each
// matter instead of over every row written, and write the same words as before it: for a new matter,
// for a client renamed with several matters, and going back.
import { type Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { migrations } from './index.ts';
import { clientRow, insertOffices, matterRow } from './test-rows.ts';

const THIS = '0077_search_words_once';
const BEFORE = '0076_conviction_removal';
const now = '2026-12-07T18:00:00.000Z';

// Each name repeats a word (in its legal name, or between it and another name), beside one word of
// one letter (never a search word).
const NAMES = [
  'maria maria lopez',
  'jose luis garcia | jose garcia',
  'li li li',
  'ana b de la cruz | ana cruz | cruz ana',
];
const RENAMED = 'maria lopez lopez | lopez maria';

describe.each(testDialects())('migration 0077_search_words_once (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migrations see them.
  let db: Kysely<any>;
  let migrator: Migrator;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
    await insertOffices(db, ['Before', 'After', 'Back'], now);
  });
  afterAll(async () => database.destroy());

  /**
   * In office `office`: a client of each name with two matters, the first client renamed; each
   * matter's words and names, by matter and word (matters known by their place, so offices compare).
   */
  async function wordsWritten(office: string): Promise<string[][]> {
    for (const [i, name] of NAMES.entries()) {
      const client = `${office}-c${i}`;
      await db
        .insertInto('clients')
        .values(clientRow({ id: client, office_id: office, legal_name: name, name_search: name, at: now }))
        .execute();
      for (const m of [1, 2])
        await db
          .insertInto('matters')
          .values(
            matterRow({
              id: `${office}-m${i}-${m}`,
              office_id: office,
              client_id: client,
              reference: `${office}-${i}-${m}`,
              stage: 'gathering_records',
              at: now,
            }),
          )
          .execute();
    }
    await db.updateTable('clients').set({ name_search: RENAMED }).where('id', '=', `${office}-c0`).execute();
    const rows = await db
      .selectFrom('matter_search')
      .select(['matter_id', 'token', 'names'])
      .where('office_id', '=', office)
      .orderBy('matter_id')
      .orderBy('token')
      .execute();
    return rows.map((r) => [String(r.matter_id).slice(office.length), r.token, r.names]);
  }

  it('writes each word of a matter once, the same words as before it, and the same after going back', async () => {
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const before = await wordsWritten('o1');
    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
    const after = await wordsWritten('o2');
    expect(after).toEqual(before);
    // Each word once a matter, words of one letter left out.
    expect(after.filter(([matter]) => matter === '-m0-1').map(([, token, names]) => [token, names])).toEqual([
      ['lopez', ` ${RENAMED}`],
      ['maria', ` ${RENAMED}`],
    ]);
    expect(after.filter(([matter]) => matter === '-m3-2').map(([, token]) => token)).toEqual([
      'ana',
      'cruz',
      'de',
      'la',
    ]);
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect(await wordsWritten('o3')).toEqual(before);
    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
  });
});
