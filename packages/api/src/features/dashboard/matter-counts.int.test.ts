// The counts kept with every matter change and new stage move (matter_counts, stage_move_days and
// repeat_stage_moves, migration 0023) always equal a recount of the matters and their timelines: after random sequences of referrals, stage moves and assignments through the API, and
// of direct changes the API never makes (county, closing, copying, deleting), some rolled back, on both
// databases. The dashboard's open caseload and the queue counts read them.
import { testDialects } from '@relief-desk/db/testing';
import { STAGE_MOVES, type Stage } from '@relief-desk/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { openMatter } from '../lifecycle-fixtures.ts';
import { keptCountRecounts } from './keptCounts.ts';

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
    const db = api.database.db;
    const recounts = keptCountRecounts(db, dialect);
    const normal = (rows: Record<string, unknown>[]) =>
      rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v]),
        ),
      );
    const kept = {
      // A count taken back to zero may stay as a row.
      matter_counts: await db
        .selectFrom('matter_counts')
        .selectAll()
        .where('count', '<>', 0)
        .orderBy(sql`1, 2, 3, 4, 5`)
        .execute(),
      stage_move_days: await db
        .selectFrom('stage_move_days')
        .selectAll()
        .where('count', '<>', 0)
        .orderBy(sql`1, 2, 3, 4`)
        .execute(),
      repeat_stage_moves: await db.selectFrom('repeat_stage_moves').selectAll().orderBy('event_id').execute(),
    };
    for (const table of ['matter_counts', 'stage_move_days', 'repeat_stage_moves'] as const)
      expect(normal(kept[table]), table).toEqual(normal(await recounts[table].execute()));
  }

  it.each([1, 2, 3])('equal a recount after a random sequence of changes (seed %i)', async (seed) => {
    const random = randomOf(seed);
    const db = api.database.db;
    const people = [null, api.userIds['alameda.intake'], api.userIds['alameda.attorney']];
    const matters: string[] = [];
    for (let i = 0; i < 6; i++) matters.push(await openMatter(api));
    for (let step = 0; step < 40; step++) {
      // Moves fall on several California days, some either side of midnight.
      api.clock.advanceMinutes(Math.floor(random.next() * 600));
      const id = random.pick(matters);
      const matter = await db
        .selectFrom('matters')
        .select(['id', 'stage', 'version'])
        .where('id', '=', id)
        .executeTakeFirst();
      const choice = random.next();
      if (!matter || choice < 0.1) {
        matters.push(await openMatter(api));
      } else if (choice < 0.5) {
        const moves = STAGE_MOVES[matter.stage as Stage];
        if (moves.length === 0) continue;
        const supervisor = await api.signedIn('alameda.supervisor');
        await supervisor.queues.bulkMoveStage({
          matters: [{ id, version: matter.version }],
          to: random.pick(moves),
        });
      } else if (choice < 0.65) {
        const supervisor = await api.signedIn('alameda.supervisor');
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
