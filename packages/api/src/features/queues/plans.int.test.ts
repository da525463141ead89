// Every query the queues run, with its SQLite plan: none may scan a table (matters or any other) or
// sort in a temporary B-tree, so each stays an index range however many matters an office holds.
import { officeScoped } from '@relief-desk/db';
import { createTestDatabase, type TestDatabase } from '@relief-desk/db/testing';
import {
  MATTER_ACTIVITIES,
  type MatterSortKey,
  type MatterView,
  matterViewSchema,
  QUEUE_IDS,
  type QueueId,
  sortKeysOf,
} from '@relief-desk/domain';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardQueries } from '../dashboard/dashboard.ts';
import { keptCountsQuery } from './counts.ts';
import { badPlanLines } from './plans.ts';
import { type ViewScope, viewCountQuery, viewQuery } from './view.ts';
import { keptViewCountQuery } from './viewCount.ts';

let database: TestDatabase;
let scope: ViewScope;
beforeAll(async () => {
  database = await createTestDatabase('sqlite');
  // Compiled through the office scope, as the server compiles them: the plans are the ones it runs.
  scope = {
    db: officeScoped(database.db, 'sqlite', 'office'),
    dialect: 'sqlite',
    officeId: 'office',
    userId: 'user',
    today: '2026-11-28',
    limits: { clientUpdateDays: 14, clientUpdateOverdueDays: 42 },
  };
});
afterAll(async () => database.destroy());

async function planOf(query: { compile(): CompiledQuery }): Promise<string[]> {
  const compiled = query.compile();
  const result = await database.db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
  );
  return result.rows.map((r) => r.detail);
}

function expectIndexRangesOnly(plan: string[]) {
  expect(badPlanLines(plan), plan.join('\n')).toEqual([]);
}

const view = (input: Partial<MatterView>) => matterViewSchema.parse(input);
const FILTERS: [string, Partial<MatterView>][] = [
  ['no filter', {}],
  [
    'every filter',
    {
      stages: ['gathering_records', 'eligibility_review'],
      counties: ['Alameda'],
      assignee: 'unassigned',
      languages: ['es'],
      referralSources: ['phone'],
      daysOpenMin: 14,
      daysOpenMax: 90,
      status: 'open',
      firstContact: 'days_4_7',
    },
  ],
  [
    'a dashboard drill-down',
    {
      status: 'closed',
      activity: { kind: 'eligibility_decided', from: '2026-11-02', to: '2026-11-08', by: null },
    },
  ],
];

const cases: [QueueId, MatterSortKey, 'asc' | 'desc', string, Partial<MatterView>][] = QUEUE_IDS.flatMap(
  (queue) =>
    sortKeysOf(queue).flatMap((key) =>
      (['asc', 'desc'] as const).flatMap((direction) =>
        FILTERS.map(
          ([name, filters]) =>
            [queue, key, direction, name, filters] as [
              QueueId,
              MatterSortKey,
              'asc' | 'desc',
              string,
              Partial<MatterView>,
            ],
        ),
      ),
    ),
);

describe('query plans of the queues (SQLite)', () => {
  it.each(cases)(
    '%s sorted by %s %s, %s: first page and a later page',
    async (queue, sort, direction, _name, filters) => {
      const v = view({ queue, sort, direction, ...filters });
      const first = viewQuery(scope, v, null, 51);
      expectIndexRangesOnly(await planOf(first.query));
      const after = ['2026-01-01', 'X', 'Y'].slice(0, first.sortWidth);
      expectIndexRangesOnly(await planOf(viewQuery(scope, v, after, 51).query));
    },
  );

  it.each(cases)(
    'the count of %s sorted by %s %s, %s, and of what follows a page: index ranges only',
    async (queue, sort, direction, _name, filters) => {
      const v = view({ queue, sort, direction, ...filters });
      expectIndexRangesOnly(await planOf(viewCountQuery(scope, v, null)));
      const after = ['2026-01-01', 'X', 'Y'].slice(0, viewQuery(scope, v, null, 51).sortWidth);
      expectIndexRangesOnly(await planOf(viewCountQuery(scope, v, after)));
    },
  );

  /** The index each drill-down reads, in its order (migration 0036). */
  const ACTIVITY_INDEXES: Record<(typeof MATTER_ACTIVITIES)[number], string> = {
    eligibility_decided: 'matter_events_stage_moves_time',
    petition_filed: 'petitions_office_filed',
    outcome_sent: 'matter_events_stage_moves_time',
    touched: 'matter_events_actor_time',
    court_granted: 'petitions_office_status_decided',
    court_denied: 'petitions_office_status_decided',
    court_pending: 'petitions_pending_filed',
  };
  it.each(MATTER_ACTIVITIES)(
    'a drill-down on %s reads its activity’s index in order, whatever sort or filter is asked for',
    async (kind) => {
      for (const by of kind === 'touched' ? ['user', null] : [null])
        for (const sort of sortKeysOf('all'))
          for (const filters of [
            {},
            { counties: ['Alameda'], languages: ['es'], status: 'open' },
          ] as Partial<MatterView>[]) {
            const activity =
              kind === 'court_pending'
                ? { kind, from: null, to: null, by: null }
                : { kind, from: '2026-09-07', to: '2026-11-28', by };
            const v = view({ queue: 'all', sort, activity, ...filters });
            const first = await planOf(viewQuery(scope, v, null, 51).query);
            expectIndexRangesOnly(first);
            expect(first[0], first.join('\n')).toMatch(
              new RegExp(
                `^SEARCH activity_row USING (COVERING )?INDEX ${by === null && kind === 'touched' ? 'matter_events_office_time' : ACTIVITY_INDEXES[kind]} `,
              ),
            );
            // A listed matter's later rows of the activity are read by the matter, not the span.
            expect(first.join('\n')).toMatch(
              /SEARCH later_row USING (COVERING )?INDEX (matter_events_matter|petitions_matter) \(matter_id=/,
            );
            expectIndexRangesOnly(await planOf(viewQuery(scope, v, ['2026-10-01', 'X'], 51).query));
            for (const reverse of [false, true])
              expectIndexRangesOnly(
                await planOf(viewCountQuery(scope, v, ['2026-10-01', 'X'], { reverse, bound: 1000 })),
              );
            const kept = keptViewCountQuery(scope, v);
            // The kept count reads a span's days, and counts its few repeated moves once per matter.
            if (kept) {
              const plan = await planOf(kept);
              expect(badPlanLines(plan, { allowTempSort: true }), plan.join('\n')).toEqual([]);
            }
          }
    },
  );

  it.each(QUEUE_IDS)(
    'the count of %s narrowed by what the kept counts keep reads their key',
    async (queue) => {
      for (const filters of [
        {},
        { stages: ['eligibility_review', 'petitions_to_file'], counties: ['Alameda'], status: 'open' },
        { assignee: 'user' },
        { assignee: 'unassigned', status: 'closed' },
      ] as Partial<MatterView>[]) {
        const kept = keptViewCountQuery(scope, view({ queue, ...filters }));
        // A filter the queue's kept table does not keep counts the queue's index (above).
        if (!kept) continue;
        const plan = await planOf(kept);
        expectIndexRangesOnly(plan);
        expect(plan.join('\n')).toMatch(/SEARCH (matter_counts|open_\w+) USING (COVERING )?INDEX/);
      }
    },
  );

  it('the ten queue counts read the kept counts by their keys, nothing else', async () => {
    const plan = await planOf(keptCountsQuery(scope));
    expectIndexRangesOnly(plan);
    const searched = plan.filter((line) => /^SEARCH /.test(line));
    expect(searched, plan.join('\n')).toHaveLength(QUEUE_IDS.length);
    for (const line of searched)
      expect(line).toMatch(/^SEARCH (matter_counts|open_\w+) USING (COVERING )?INDEX/);
  });

  it.each(QUEUE_IDS)('the count of %s, unfiltered, reads the index its first page reads', async (queue) => {
    const plan = await planOf(viewCountQuery(scope, view({ queue }), null));
    expectIndexRangesOnly(plan);
    const indexOf = (lines: string[]) => lines.map((l) => / INDEX (\w+)/.exec(l)?.[1]).find(Boolean);
    const page = await planOf(viewQuery(scope, view({ queue }), null, 51).query);
    expect(indexOf(plan), plan.join('\n')).toBe(indexOf(page));
  });

  it.each([
    ['a name', 'nunez maria'],
    ['a date of birth', '1984-03-07'],
    ['a US date of birth', '3/7/1984'],
    ['a matter reference', '2026-00042'],
    ['a matter id', '01JABCDEFGHJKMNPQRSTVWXYZ0'],
    ['a court case number', '21-CR-0045'],
  ])('search by %s, inside a queue and with filters', async (_kind, search) => {
    for (const queue of ['all', 'ready_to_file', 'needs_client_update'] as const) {
      const v = view({ queue, search, counties: ['Alameda'], languages: ['es'] });
      const first = viewQuery(scope, v, null, 51);
      const plan = await planOf(first.query);
      expectIndexRangesOnly(plan);
      // A listed row's earlier match of the same matter (a matter is listed once) is read by the matter.
      // SQLite's planner chose so even when the office scope added its term there; PostgreSQL's did
      // not, which the benchmark's plan check (CI, 20,000 matters) is there to catch.
      if (first.driver?.kind === 'name' || first.driver?.kind === 'caseNumber')
        expect(plan.join('\n')).toMatch(
          /SEARCH earlier USING (COVERING )?INDEX (matter_search_matter|convictions_matter) \(matter_id=/,
        );
      if (first.sortWidth > 0)
        expectIndexRangesOnly(
          await planOf(viewQuery(scope, v, ['a', 'b'].slice(0, first.sortWidth), 51).query),
        );
      // Its count reads the same range, and nothing else.
      expectIndexRangesOnly(await planOf(viewCountQuery(scope, v, null)));
    }
  });

  it('every query of the supervisor dashboard', async () => {
    for (const [name, query] of Object.entries(dashboardQueries(scope))) {
      const plan = await planOf(query);
      // Grouping a window's few rows may sort; reading them may not scan.
      expect(badPlanLines(plan, { allowTempSort: true }), `${name}:\n${plan.join('\n')}`).toEqual([]);
    }
  });
});
