// Migration 0055_matters_client_language: every matter carries its client's language as the client's
// record has it (not the column's default), and down removes the column.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { down, up } from './0055_matters_client_language.ts';
import { clientRow, matterRow } from './test-rows.ts';

const LANGUAGES = ['es', 'en', 'vi', 'zh', 'tl'] as const;

describe.each(testDialects())('migration 0055_matters_client_language (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migration sees them.
  let db: Kysely<any>;
  const at = '2026-12-05T18:00:00.000Z';
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    await down(db);
    await db
      .insertInto('offices')
      .values({ id: 'o1', name: 'Office', created_at: at, updated_at: at })
      .execute();
    for (const [i, language] of LANGUAGES.entries()) {
      const person = { legal_name: `Ana Ruiz ${i}`, name_search: `ana ruiz ${i}`, at };
      await db
        .insertInto('clients')
        .values({ ...clientRow({ id: `c${i}`, office_id: 'o1', ...person }), preferred_language: language })
        .execute();
      // Two matters for each person, so each is copied, not only the first.
      for (const k of [1, 2])
        await db
          .insertInto('matters')
          .values(
            matterRow({
              id: `m${i}-${k}`,
              office_id: 'o1',
              client_id: `c${i}`,
              reference: `r${i}-${k}`,
              stage: 'gathering_records',
              at,
            }),
          )
          .execute();
    }
  });
  afterAll(async () => database.destroy());

  it('copies each client’s language onto their matters, and down removes it', async () => {
    await up(db);
    const rows = await db.selectFrom('matters').select(['id', 'client_language']).orderBy('id').execute();
    expect(rows).toEqual(
      LANGUAGES.flatMap((language, i) =>
        [1, 2].map((k) => ({ id: `m${i}-${k}`, client_language: language })),
      ),
    );
    await down(db);
    const columns = await db.selectFrom('matters').selectAll().where('id', '=', 'm0-1').executeTakeFirst();
    expect(Object.keys(columns ?? {})).not.toContain('client_language');
  });
});
