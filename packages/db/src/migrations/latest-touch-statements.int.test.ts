// Migration 0048_latest_touch_statements: on PostgreSQL, the counts the row trigger got wrong (events
// of one person on one matter written by one statement) are counted again from the events, and the
// statement triggers keep them from then on; going back and up again leaves them right. SQLite's
// triggers were right and are left as they are.
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { migrations } from './index.ts';
import { clientRow, matterRow } from './test-rows.ts';

const BEFORE = '0047_password_resets';

describe.each(testDialects())('migration 0048_latest_touch_statements (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migrations see them.
  let db: Kysely<any>;
  let migrator: Migrator;
  const at = '2026-11-28T18:00:00.000Z';
  let serial = 0;
  const event = (day: string, actor = 'u1') => ({
    id: `e${String(++serial).padStart(25, '0')}`,
    matter_id: 'm1',
    office_id: 'o1',
    kind: 'note',
    summary: 'Called the client.',
    data: '{}',
    actor_id: actor,
    occurred_at: `${day}T20:00:00.000Z`,
  });
  /** latest_touch_days as kept (counts at zero left out), and as counted from the events. */
  const keptAndCounted = async () => {
    const kept = await db
      .selectFrom('latest_touch_days')
      .select(['actor_id', 'day', sql<number>`cast(count as integer)`.as('count')])
      .where('count', '<>', 0)
      .orderBy('actor_id')
      .orderBy('day')
      .execute();
    const latest = await db
      .selectFrom('matter_events')
      .select(['actor_id', 'matter_id', sql<string>`max(occurred_at)`.as('at')])
      .where('actor_id', 'is not', null)
      .groupBy(['actor_id', 'matter_id'])
      .execute();
    const counted = new Map<string, number>();
    for (const l of latest) {
      const key = `${l.actor_id} ${l.at.slice(0, 10)}`;
      counted.set(key, (counted.get(key) ?? 0) + 1);
    }
    return {
      kept: kept.map((k) => `${k.actor_id} ${k.day} ${k.count}`),
      counted: [...counted].sort().map(([key, n]) => `${key} ${n}`),
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    await db
      .insertInto('offices')
      .values({ id: 'o1', name: 'Office', created_at: at, updated_at: at })
      .execute();
    for (const id of ['u1', 'u2'])
      await db
        .insertInto('users')
        .values({
          id,
          office_id: 'o1',
          email: `${id}@example.org`,
          name: id,
          role: 'attorney',
          password_hash: 'x',
          created_at: at,
          updated_at: at,
        })
        .execute();
    await db
      .insertInto('clients')
      .values(clientRow({ id: 'c1', office_id: 'o1', legal_name: 'Ana Ruiz', name_search: 'ana ruiz', at }))
      .execute();
    await db
      .insertInto('matters')
      .values(
        matterRow({
          id: 'm1',
          office_id: 'o1',
          client_id: 'c1',
          reference: '2026-00001',
          stage: 'referral_received',
          at,
        }),
      )
      .execute();
    // Written by one statement, as the demo seed writes a timeline (20:00 UTC is the same day in California).
    await db
      .insertInto('matter_events')
      .values([event('2026-11-20'), event('2026-11-22'), event('2026-11-25'), event('2026-11-21', 'u2')])
      .execute();
  });
  afterAll(async () => database.destroy());

  it('counts the days again from the events, and keeps them right after', async () => {
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const after = await keptAndCounted();
    expect(after.counted).toEqual(['u1 2026-11-25 1', 'u2 2026-11-21 1']);
    expect(after.kept).toEqual(after.counted);
    await db
      .insertInto('matter_events')
      .values([event('2026-11-26'), event('2026-11-27'), event('2026-11-23', 'u2')])
      .execute();
    await db.deleteFrom('matter_events').where('occurred_at', '>', '2026-11-26T00:00:00.000Z').execute();
    const changed = await keptAndCounted();
    expect(changed.counted).toEqual(['u1 2026-11-25 1', 'u2 2026-11-23 1']);
    expect(changed.kept).toEqual(changed.counted);
  });

  it('goes back and up again, the counts right', async () => {
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const down = await keptAndCounted();
    expect(down.kept).toEqual(down.counted);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const up = await keptAndCounted();
    expect(up.kept).toEqual(up.counted);
  });
});
