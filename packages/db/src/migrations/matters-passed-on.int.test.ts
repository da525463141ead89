// Migration 0053_matters_passed_on: a matter an online application passed on to the office serving
// its county (recorded by nobody, from the application) is marked as passed on when it was recorded;
// a referral staff recorded or a partner sent, only recorded as referred out, is not; nor is a matter
// at any other stage. Down removes the column.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { down, up } from './0053_matters_passed_on.ts';
import { clientRow, matterRow } from './test-rows.ts';

/** [matter, stage, referral source, receiving office, who recorded its referral, passed on] */
const MATTERS = [
  ['applied', 'referred_out', 'online_application', 'o2', null, true],
  ['by-staff', 'referred_out', 'phone', 'o2', 'u1', false],
  ['by-partner', 'referred_out', 'partner', 'o2', null, false],
  // An application's county no office serves: referred out to nobody.
  ['applied-nowhere', 'referred_out', 'online_application', null, null, false],
  // Brought back since: the receiving office was forgotten, and it is ours.
  ['applied-back', 'gathering_records', 'online_application', null, null, false],
] as const;

describe.each(testDialects())('migration 0053_matters_passed_on (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migration sees them.
  let db: Kysely<any>;
  const at = '2026-10-01T18:00:00.000Z';
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    await down(db);
    await db
      .insertInto('offices')
      .values([
        { id: 'o1', name: 'Office', created_at: at, updated_at: at },
        { id: 'o2', name: 'Other office', created_at: at, updated_at: at },
      ])
      .execute();
    await db
      .insertInto('users')
      .values({
        id: 'u1',
        office_id: 'o1',
        email: 'intake@example.org',
        name: 'Intake',
        role: 'intake',
        password_hash: 'x',
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('clients')
      .values(clientRow({ id: 'c1', office_id: 'o1', legal_name: 'Ana Ruiz', name_search: 'ana ruiz', at }))
      .execute();
    for (const [id, stage, source, to, by] of MATTERS) {
      await db
        .insertInto('matters')
        .values({
          ...matterRow({ id, office_id: 'o1', client_id: 'c1', reference: id, stage, at }),
          referral_source: source,
          referred_to_office_id: to,
        })
        .execute();
      await db
        .insertInto('matter_events')
        .values({
          id: `e-${id}`,
          matter_id: id,
          office_id: 'o1',
          kind: stage === 'referred_out' ? 'referred_out' : 'referral_received',
          summary: 'Referral received.',
          actor_id: by,
          occurred_at: at,
        })
        .execute();
    }
  });
  afterAll(async () => database.destroy());

  it('marks only the matters an application passed on, and down removes the mark', async () => {
    await up(db);
    const rows = await db.selectFrom('matters').select(['id', 'passed_on_at']).orderBy('id').execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.passed_on_at]))).toEqual(
      Object.fromEntries(MATTERS.map(([id, , , , , passed]) => [id, passed ? at : null])),
    );
    await down(db);
    const columns = await db.selectFrom('matters').selectAll().where('id', '=', 'applied').executeTakeFirst();
    expect(Object.keys(columns ?? {})).not.toContain('passed_on_at');
  });
});
