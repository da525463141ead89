// Migration 0058_referral_source_another_office: matters another office passed on arrive from "another
// office". Those passed on before, linked from the sending matter (0054) and recorded as from a partner
// "passed on by …", are moved to it, and the counts kept per day and source follow; a partner's own
// referral, an online application passed on, and a matter nothing links to stay as they were. The
// check then allows the new source and still refuses others. Down moves them back.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { down, up } from './0058_referral_source_another_office.ts';
import { clientRow, insertOffices, matterRow } from './test-rows.ts';

const AT = '2026-12-01T18:00:00.000Z';

/** The receiving office's matters: how each arrived, and whether a sending matter links to it. */
const THEIRS = [
  {
    id: 'passed',
    source: 'partner',
    detail: 'passed on by Alameda Office',
    linked: true,
    after: 'another_office',
  },
  { id: 'partner', source: 'partner', detail: 'Centro Legal', linked: false, after: 'partner' },
  // Says so, but nothing links to it: a partner's referral staff described that way.
  {
    id: 'unlinked',
    source: 'partner',
    detail: 'passed on by Alameda Office',
    linked: false,
    after: 'partner',
  },
  { id: 'online', source: 'online_application', detail: '', linked: true, after: 'online_application' },
] as const;

describe.each(testDialects())('migration 0058_referral_source_another_office (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migration sees them.
  let db: Kysely<any>;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    await down(db);
    await insertOffices(db, ['Alameda Office', 'Bay Office'], AT);
    for (const [i, m] of THEIRS.entries()) {
      const person = { legal_name: `Inés Ruiz ${i}`, name_search: `ines ruiz ${i}` };
      await db
        .insertInto('clients')
        .values(clientRow({ id: `c-${m.id}`, office_id: 'o2', ...person, at: AT }))
        .execute();
      await db
        .insertInto('matters')
        .values({
          ...matterRow({
            id: m.id,
            office_id: 'o2',
            client_id: `c-${m.id}`,
            reference: m.id,
            stage: 'referral_received',
            at: AT,
          }),
          referral_source: m.source,
          referral_source_detail: m.detail,
        })
        .execute();
      if (!m.linked) continue;
      await db
        .insertInto('clients')
        .values(clientRow({ id: `c-s-${m.id}`, office_id: 'o1', ...person, at: AT }))
        .execute();
      await db
        .insertInto('matters')
        .values({
          ...matterRow({
            id: `s-${m.id}`,
            office_id: 'o1',
            client_id: `c-s-${m.id}`,
            reference: `s-${m.id}`,
            stage: 'referred_out',
            at: AT,
          }),
          referred_to_office_id: 'o2',
          passed_on_at: AT,
          passed_on_to_matter_id: m.id,
        })
        .execute();
    }
  });
  afterAll(async () => database.destroy());

  const sources = async () =>
    Object.fromEntries(
      (
        await db
          .selectFrom('matters')
          .select(['id', 'referral_source'])
          .where('office_id', '=', 'o2')
          .execute()
      ).map((r) => [r.id, r.referral_source]),
    );
  /** The counts kept per source of the receiving office's referrals (migrations 0029 and 0038). */
  const kept = async (table: 'received_days' | 'open_contact_days' = 'received_days') =>
    Object.fromEntries(
      (
        await db
          .selectFrom(table)
          .select(['referral_source', 'count'])
          .where('office_id', '=', 'o2')
          .where('count', '!=', 0)
          .execute()
      ).map((r) => [r.referral_source, Number(r.count)]),
    );

  it('moves matters passed on to "another office", with their counts, and down moves them back', async () => {
    expect(await kept()).toEqual({ partner: 3, online_application: 1 });
    await up(db);
    expect(await sources()).toEqual(Object.fromEntries(THEIRS.map((m) => [m.id, m.after])));
    expect(await kept()).toEqual({ partner: 2, online_application: 1, another_office: 1 });
    expect(await kept('open_contact_days')).toEqual({ partner: 2, online_application: 1, another_office: 1 });
    // The check allows the new source and still refuses one outside the set.
    await expect(
      db.updateTable('matters').set({ referral_source: 'fax' }).where('id', '=', 'partner').execute(),
    ).rejects.toThrow();
    await db
      .updateTable('matters')
      .set({ referral_source: 'another_office' })
      .where('id', '=', 'unlinked')
      .execute();
    await db
      .updateTable('matters')
      .set({ referral_source: 'partner' })
      .where('id', '=', 'unlinked')
      .execute();

    await down(db);
    expect((await sources()).passed).toBe('partner');
    expect(await kept()).toEqual({ partner: 3, online_application: 1 });
    await up(db);
  });
});
