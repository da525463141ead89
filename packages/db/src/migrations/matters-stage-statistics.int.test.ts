// Migration 0060_matters_stage_statistics: PostgreSQL counts the open matters of a stage as they are,
// not as if stage and closing were unrelated. A table where a tenth of the matters are open, all of
// them in gathering records: before, "gathering records and open" is estimated at a tenth of the
// stage's matters; after, at all of them. SQLite keeps no such statistics, so this runs on PostgreSQL
// only (when TEST_DATABASE_URL names one, as CI's does).
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { down, up } from './0060_matters_stage_statistics.ts';
import { clientRow, insertOffices, matterRow } from './test-rows.ts';

const AT = '2026-12-05T18:00:00.000Z';
const MATTERS = 4000;
const OPEN = 400;

describe.skipIf(!testDialects().includes('postgres'))(
  'migration 0060_matters_stage_statistics (postgres)',
  () => {
    let database: TestDatabase;
    // biome-ignore lint/suspicious/noExplicitAny: rows as the migration sees them.
    let db: Kysely<any>;
    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      db = database.db;
      await down(db);
      await insertOffices(db, ['Office'], AT);
      await db
        .insertInto('clients')
        .values(
          clientRow({ id: 'c1', office_id: 'o1', legal_name: 'Ana Ruiz', name_search: 'ana ruiz', at: AT }),
        )
        .execute();
      const rows = Array.from({ length: MATTERS }, (_, i) => {
        const open = i < OPEN;
        return {
          ...matterRow({
            id: `m${String(i).padStart(5, '0')}`,
            office_id: 'o1',
            client_id: 'c1',
            reference: `2026-${String(i).padStart(5, '0')}`,
            stage: open ? 'gathering_records' : i % 2 ? 'closed' : 'not_eligible',
            at: AT,
          }),
          // Closed at many different times, as matters are.
          closed_at: open ? null : new Date(Date.parse(AT) - i * 60_000).toISOString(),
        };
      });
      for (let i = 0; i < rows.length; i += 500)
        await db
          .insertInto('matters')
          .values(rows.slice(i, i + 500))
          .execute();
      await sql`analyze matters`.execute(db);
    });
    afterAll(async () => database.destroy());

    /** The planner's estimate of the open matters in gathering records. */
    const estimate = async () => {
      const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>`explain (format json)
      select * from matters where stage = 'gathering_records' and closed_at is null`.execute(db);
      return rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? Number.NaN;
    };

    it('estimates the open matters of a stage at their real number, and as before going down', async () => {
      // Independent: a tenth of the stage's 400.
      expect(await estimate()).toBeLessThan(OPEN / 4);
      await up(db);
      expect(await estimate()).toBeGreaterThan(OPEN * 0.8);
      await down(db);
      await sql`analyze matters`.execute(db);
      expect(await estimate()).toBeLessThan(OPEN / 4);
      await up(db);
      // Run again (a restore of an older backup): nothing changes.
      await up(db);
      expect(await estimate()).toBeGreaterThan(OPEN * 0.8);
    });
  },
);
