// The demo seed writes its source rows and leaves every derived column to the API's own rules: for
// every seeded matter, what is stored equals what the API's functions derive from those rows.
import { fixedClock } from '@relief-desk/api';
import { createTestDatabase, type TestDatabase, testDialects } from '@relief-desk/db/testing';
import { isOpenStage } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDataIfEmpty } from './demo.ts';
import { countersAndReferences, storedAndRederived } from './rederive.ts';

describe.each(testDialects())('the demo seed’s derived columns (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await seedDemoDataIfEmpty(database.db, fixedClock('2026-11-28T18:00:00Z'));
  });
  afterAll(async () => database.destroy());

  it('equal what the API derives from each matter’s calls, requests, petitions and client', async () => {
    const { stored, rederived } = await storedAndRederived(database.db);
    expect(stored.length).toBeGreaterThan(250);
    // Every kind of fact is there to compare, not only its empty value.
    expect(stored.some((m) => m.rap_sheet_outstanding === 1)).toBe(true);
    expect(stored.some((m) => m.earliest_document_due_on !== null)).toBe(true);
    expect(stored.some((m) => m.next_court_date !== null)).toBe(true);
    expect(stored.some((m) => m.first_client_contact_at !== m.last_client_contact_at)).toBe(true);
    expect(stored).toEqual(rederived);
  });

  it('leaves each year’s reference counter at the highest reference given, as nextMatterReference does', async () => {
    const { counters, highest } = await countersAndReferences(database.db);
    expect(counters).toEqual(highest);
  });

  it('regression: names each conviction under the code book that defines its section', async () => {
    // VC 23152 (driving under the influence) and HS 11350 (possession) were seeded as PC sections.
    const rows = await database.db
      .selectFrom('convictions')
      .select(['code', 'section'])
      .distinct()
      .orderBy('code')
      .orderBy('section')
      .execute();
    expect(rows.map((r) => `${r.code} ${r.section}`)).toEqual([
      'HS 11350',
      'PC 288(a)',
      'PC 459',
      'PC 484',
      'VC 23152',
    ]);
  });

  it('closes a matter when it made its move into a closed stage, as a stage move does', async () => {
    const db = database.db;
    const matters = await db.selectFrom('matters').select(['id', 'stage', 'closed_at']).execute();
    const moves = await db
      .selectFrom('matter_events')
      .select(['matter_id', 'occurred_at'])
      .where('kind', '=', 'stage_changed')
      .orderBy('occurred_at')
      .execute();
    const lastMove = new Map(moves.map((m) => [m.matter_id, m.occurred_at]));
    for (const matter of matters)
      expect(matter.closed_at, matter.id).toBe(isOpenStage(matter.stage) ? null : lastMove.get(matter.id));
  });
});
