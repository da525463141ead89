// The California date of a stored instant, as the databases compute it for the dashboard's first
// contact numbers, agrees with the time zone's own answer at every hour around midnight in January and
// July and across both changes of clock, on both databases.
import { createTestDatabase, type TestDatabase, testDialects } from '@relief-desk/db/testing';
import { californiaDate } from '@relief-desk/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { californiaDateOf } from '../../california-day-sql.ts';

/** Every 30 minutes of the UTC days around each date. */
function instantsAround(days: string[]): string[] {
  return days.flatMap((day) => {
    const start = Date.parse(`${day}T00:00:00.000Z`) - 86_400_000;
    return Array.from({ length: 3 * 48 }, (_, i) => new Date(start + i * 1_800_000).toISOString());
  });
}

const DAYS = [
  '2026-01-15', // winter, PST
  '2026-07-15', // summer, PDT
  '2026-03-08', // clocks spring forward at 2 am PST (10:00 UTC)
  '2026-11-01', // clocks fall back at 2 am PDT (09:00 UTC)
  '2025-03-09',
  '2025-11-02',
  '2024-12-31', // new year in UTC before California
];

describe.each(testDialects())('California dates in SQL (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => database.destroy());

  it('agrees with the time zone at every half hour around midnights and both clock changes', async () => {
    const instants = [
      ...instantsAround(DAYS),
      '2026-03-08T09:59:59.999Z',
      '2026-03-08T10:00:00.000Z',
      '2026-11-01T08:59:59.999Z',
      '2026-11-01T09:00:00.000Z',
    ];
    const wrong: string[] = [];
    for (const instant of instants) {
      const row = await sql<{
        day: string | Date;
      }>`select ${californiaDateOf(dialect, sql`${instant}`)} as day`.execute(database.db);
      const got = row.rows[0]?.day;
      const day = got instanceof Date ? got.toISOString().slice(0, 10) : String(got);
      const expected = californiaDate(new Date(instant));
      if (day !== expected) wrong.push(`${instant}: ${day}, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
    expect(instants.length).toBeGreaterThan(1000);
  });
});
