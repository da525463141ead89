// Migration 0054_matters_passed_on_to: a matter passed on before the link was recorded is linked to the
// receiving office's matter that passing on made (same county, "passed on by" this office, recorded no
// earlier, the same person; the latest when several: passed on again after being brought back), and to
// nothing otherwise. Down removes the column.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { down, up } from './0054_matters_passed_on_to.ts';
import { clientRow, insertOffices, matterRow } from './test-rows.ts';

const EARLY = '2026-12-03T18:00:00.000Z';
const LATER = '2026-12-04T18:00:00.000Z';
const LATEST = '2026-12-05T18:00:00.000Z';

/**
 * Our matter (passed on or not), and what the other office holds for the same person: each of its
 * matters' id, when recorded, and by whom passed on. `linked` is what the migration must link.
 */
const CASES = [
  { id: 'passed', passedOn: true, theirs: [['t-passed', LATER, 'Alameda Office']], linked: 't-passed' },
  {
    id: 'passed-twice',
    passedOn: true,
    theirs: [
      ['t-second', LATEST, 'Alameda Office'],
      ['t-first', LATER, 'Alameda Office'],
    ],
    // Passed on, brought back, passed on again: the last pass holds.
    linked: 't-second',
  },
  // Nothing there, or only what another office passed on, or what was there before ours was recorded.
  { id: 'nothing-there', passedOn: true, theirs: [], linked: null },
  { id: 'from-elsewhere', passedOn: true, theirs: [['t-elsewhere', LATER, 'Another Office']], linked: null },
  { id: 'before-ours', passedOn: true, theirs: [['t-before', EARLY, 'Alameda Office']], linked: null },
  // Not passed on: left alone, whatever the other office holds.
  { id: 'not-passed', passedOn: false, theirs: [['t-not-passed', LATER, 'Alameda Office']], linked: null },
] as const;

describe.each(testDialects())('migration 0054_matters_passed_on_to (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migration sees them.
  let db: Kysely<any>;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    await down(db);
    await insertOffices(db, ['Alameda Office', 'Bay Office'], EARLY);
    for (const [i, c] of CASES.entries()) {
      const person = { legal_name: `Ana Ruiz ${i}`, name_search: `ana ruiz ${i}` };
      const at = c.id === 'before-ours' ? LATER : EARLY;
      await db
        .insertInto('clients')
        .values(clientRow({ id: `c-${c.id}`, office_id: 'o1', ...person, at }))
        .execute();
      await db
        .insertInto('matters')
        .values({
          ...matterRow({
            id: c.id,
            office_id: 'o1',
            client_id: `c-${c.id}`,
            reference: c.id,
            stage: 'referred_out',
            at,
          }),
          county: 'San Francisco',
          referred_to_office_id: 'o2',
          passed_on_at: c.passedOn ? at : null,
        })
        .execute();
      for (const [theirId, recorded, by] of c.theirs) {
        await db
          .insertInto('clients')
          .values(clientRow({ id: `c-${theirId}`, office_id: 'o2', ...person, at: recorded }))
          .execute();
        await db
          .insertInto('matters')
          .values({
            ...matterRow({
              id: theirId,
              office_id: 'o2',
              client_id: `c-${theirId}`,
              reference: theirId,
              stage: 'referral_received',
              at: recorded,
            }),
            county: 'San Francisco',
            referral_source: 'partner',
            referral_source_detail: `passed on by ${by}`,
          })
          .execute();
      }
    }
  });
  afterAll(async () => database.destroy());

  it('links each matter passed on to the matter passing on made there, and down removes the link', async () => {
    await up(db);
    const rows = await db
      .selectFrom('matters')
      .select(['id', 'passed_on_to_matter_id'])
      .where('office_id', '=', 'o1')
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.passed_on_to_matter_id]))).toEqual(
      Object.fromEntries(CASES.map((c) => [c.id, c.linked])),
    );
    await down(db);
    const columns = await db.selectFrom('matters').selectAll().where('id', '=', 'passed').executeTakeFirst();
    expect(Object.keys(columns ?? {})).not.toContain('passed_on_to_matter_id');
  });
});
