// The counts kept with every matter change (matter_counts, migration 0023) always equal a recount of
// the matters: after random sequences of referrals, stage moves and assignments through the API, and
// of direct changes the API never makes (county, closing, copying, deleting), some rolled back, on both
// databases. The dashboard's open caseload and the queue counts read them.
import { testDialects } from '@relief-desk/db/testing';
import { STAGE_MOVES, type Stage } from '@relief-desk/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { openMatter } from '../lifecycle-fixtures.ts';

/** A small seeded generator, so a failing sequence can be run again. */
function randomOf(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T };
}

describe.each(testDialects())('kept matter counts (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  async function expectKeptEqualsRecount() {
    const kept = await api.database.db
      .selectFrom('matter_counts')
      .select(['office_id', 'stage', 'county', 'assignee_id', 'open', sql<number>`sum(count)`.as('count')])
      .groupBy(['office_id', 'stage', 'county', 'assignee_id', 'open'])
      .having(sql<number>`sum(count)`, '<>', 0)
      .orderBy('office_id')
      .orderBy('stage')
      .orderBy('county')
      .orderBy('assignee_id')
      .orderBy('open')
      .execute();
    const recount = await api.database.db
      .selectFrom('matters')
      .select([
        'office_id',
        'stage',
        'county',
        sql<string>`coalesce(assignee_id, '')`.as('assignee_id'),
        sql<number>`case when closed_at is null then 1 else 0 end`.as('open'),
        sql<number>`count(*)`.as('count'),
      ])
      .groupBy(['office_id', 'stage', 'county', sql`4`, sql`5`])
      .orderBy('office_id')
      .orderBy('stage')
      .orderBy('county')
      .orderBy(sql`4`)
      .orderBy(sql`5`)
      .execute();
    const normal = (rows: typeof kept) =>
      rows.map((r) => ({ ...r, open: Number(r.open), count: Number(r.count) }));
    expect(normal(kept)).toEqual(normal(recount));
  }

  it.each([1, 2, 3])('equal a recount after a random sequence of changes (seed %i)', async (seed) => {
    const random = randomOf(seed);
    const db = api.database.db;
    const supervisor = await api.signedIn('alameda.supervisor');
    const people = [null, api.userIds['alameda.intake'], api.userIds['alameda.attorney']];
    const matters: string[] = [];
    for (let i = 0; i < 6; i++) matters.push(await openMatter(api));
    for (let step = 0; step < 40; step++) {
      const id = random.pick(matters);
      const matter = await db
        .selectFrom('matters')
        .select(['id', 'stage', 'version'])
        .where('id', '=', id)
        .executeTakeFirst();
      const choice = random.next();
      if (!matter || choice < 0.1) {
        matters.push(await openMatter(api));
      } else if (choice < 0.45) {
        const moves = STAGE_MOVES[matter.stage as Stage];
        if (moves.length === 0) continue;
        await supervisor.queues.bulkMoveStage({
          matters: [{ id, version: matter.version }],
          to: random.pick(moves),
        });
      } else if (choice < 0.65) {
        await supervisor.queues.bulkAssign({
          matters: [{ id, version: matter.version }],
          assigneeId: random.pick(people),
        });
      } else if (choice < 0.75) {
        await db
          .updateTable('matters')
          .set({ county: random.pick(['Alameda', 'Contra Costa', 'San Francisco']) })
          .where('id', '=', id)
          .execute();
      } else if (choice < 0.85) {
        await db
          .updateTable('matters')
          .set({ closed_at: random.next() < 0.5 ? null : '2026-11-28T18:00:00.000Z' })
          .where('id', '=', id)
          .execute();
      } else if (choice < 0.92) {
        // A change rolled back leaves the counts as they were.
        await db
          .transaction()
          .execute(async (tx) => {
            await tx
              .updateTable('matters')
              .set({ stage: 'closed', assignee_id: null })
              .where('id', '=', id)
              .execute();
            throw new Error('rolled back');
          })
          .catch(() => undefined);
      } else {
        const clientId = await db
          .selectFrom('matters')
          .select('client_id')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        const fresh = await db
          .insertInto('matters')
          .columns([
            'id',
            'reference',
            'office_id',
            'client_id',
            'county',
            'stage',
            'assignee_id',
            'referral_source',
            'referral_source_detail',
            'received_on',
            'referral_note',
            'client_sort_name',
            'created_at',
            'updated_at',
          ])
          .expression(
            db
              .selectFrom('matters')
              .select([
                sql<string>`${`${id}-copy${step}`}`.as('id'),
                sql<string>`${`COPY-${seed}-${step}`}`.as('reference'),
                'office_id',
                sql<string>`${clientId.client_id}`.as('client_id'),
                'county',
                'stage',
                'assignee_id',
                'referral_source',
                'referral_source_detail',
                'received_on',
                'referral_note',
                'client_sort_name',
                'created_at',
                'updated_at',
              ])
              .where('id', '=', id),
          )
          .returning('id')
          .executeTakeFirst();
        // And deleting one takes it off the counts.
        if (fresh) {
          await db.deleteFrom('matter_search').where('matter_id', '=', fresh.id).execute();
          if (random.next() < 0.7) await db.deleteFrom('matters').where('id', '=', fresh.id).execute();
        }
      }
      if (step % 10 === 9) await expectKeptEqualsRecount();
    }
    await expectKeptEqualsRecount();
  });
});
