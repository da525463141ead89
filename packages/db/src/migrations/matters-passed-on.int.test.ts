// Migration 0053_matters_passed_on: a matter an online application passed on to the office serving
// its county is marked as passed on when it was recorded, only where that office holds the referral
// passing on made (same county and day received, "passed on by" this office, the same person); an
// application recorded before applications were passed on (only marked referred out), a referral staff
// recorded or a partner sent, and a matter at any other stage are not. Down removes the column.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { down, up } from './0053_matters_passed_on.ts';
import { clientRow, insertOffices, matterRow } from './test-rows.ts';

/** [matter, stage, referral source, receiving office, whether o2 holds the referral passed on, marked] */
const MATTERS = [
  ['applied', 'referred_out', 'online_application', 'o2', true, true],
  // Before applications were passed on: referred out, and nothing in the other office.
  ['applied-before', 'referred_out', 'online_application', 'o2', false, false],
  ['by-staff', 'referred_out', 'phone', 'o2', false, false],
  ['by-partner', 'referred_out', 'partner', 'o2', false, false],
  // An application's county no office serves: referred out to nobody.
  ['applied-nowhere', 'referred_out', 'online_application', null, false, false],
  // Brought back since: the receiving office was forgotten, and it is ours.
  ['applied-back', 'gathering_records', 'online_application', null, false, false],
] as const;

describe.each(testDialects())('migration 0053_matters_passed_on (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migration sees them.
  let db: Kysely<any>;
  const at = '2026-12-03T18:00:00.000Z';
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    await down(db);
    await insertOffices(db, ['Alameda County Public Defender', 'Bay Area Legal Aid'], at);
    for (const [i, [id, stage, source, to, held]] of MATTERS.entries()) {
      // Each its own person, so one matter's evidence is never another's.
      const person = { legal_name: `Ana Ruiz ${i}`, name_search: `ana ruiz ${i}`, at };
      await db
        .insertInto('clients')
        .values(clientRow({ id: `c-${id}`, office_id: 'o1', ...person }))
        .execute();
      await db
        .insertInto('matters')
        .values({
          ...matterRow({ id, office_id: 'o1', client_id: `c-${id}`, reference: id, stage, at }),
          county: 'San Francisco',
          referral_source: source,
          referred_to_office_id: to,
        })
        .execute();
      if (!held) continue;
      await db
        .insertInto('clients')
        .values(clientRow({ id: `theirs-${id}`, office_id: 'o2', ...person }))
        .execute();
      await db
        .insertInto('matters')
        .values({
          ...matterRow({
            id: `theirs-${id}`,
            office_id: 'o2',
            client_id: `theirs-${id}`,
            reference: `theirs-${id}`,
            stage: 'referral_received',
            at,
          }),
          county: 'San Francisco',
          referral_source: 'online_application',
          referral_source_detail: 'passed on by Alameda County Public Defender',
        })
        .execute();
    }
  });
  afterAll(async () => database.destroy());

  it('marks only the matters whose application the other office holds, and down removes the mark', async () => {
    await up(db);
    const rows = await db
      .selectFrom('matters')
      .select(['id', 'passed_on_at'])
      .where('office_id', '=', 'o1')
      .orderBy('id')
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.passed_on_at]))).toEqual(
      Object.fromEntries(MATTERS.map(([id, , , , , marked]) => [id, marked ? at : null])),
    );
    await down(db);
    const columns = await db.selectFrom('matters').selectAll().where('id', '=', 'applied').executeTakeFirst();
    expect(Object.keys(columns ?? {})).not.toContain('passed_on_at');
  });
});
