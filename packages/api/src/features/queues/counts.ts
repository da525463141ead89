// The count beside each named queue. A queue whose membership is only open or closed, a stage and
// the person reads the counts kept with every matter change (matter_counts, migration 0023): a few
// rows however many matters the office holds. The others depend on the day (or on facts those
// counts do not keep), so they count their own index range.
import { QUEUE_IDS, QUEUES, type QueueCondition, type QueueId } from '@relief-desk/domain';
import { sql } from 'kysely';
import type { ViewScope } from './view.ts';
import { countQuery } from './view.ts';

/** The kept counts of one office, by stage, open or closed, and whether the matter is the person's. */
export interface KeptCount {
  stage: string;
  open: boolean;
  mine: boolean;
  count: number;
}

export function keptCountsQuery(scope: ViewScope) {
  return scope.db
    .selectFrom('matter_counts')
    .select([
      'stage',
      'open',
      sql<number>`case when assignee_id = ${scope.userId} then 1 else 0 end`.as('mine'),
      sql<number>`sum(count)`.as('count'),
    ])
    .where('office_id', '=', scope.officeId)
    .groupBy(['stage', 'open', sql`3`]);
}

/** A condition as a test on a kept count; undefined when the kept counts cannot tell. */
function keptTest(condition: QueueCondition): ((row: KeptCount) => boolean) | undefined {
  if (condition.kind === 'null' && condition.column === 'closed_at') return (row) => row.open;
  if (condition.kind === 'equals' && condition.column === 'stage')
    return (row) => row.stage === condition.value;
  if (condition.kind === 'assignedToMe') return (row) => row.mine;
  return undefined;
}

/** The queue's count from the kept counts, or null when its membership needs the matters' index. */
export function countFromKept(queue: QueueId, rows: KeptCount[]): number | null {
  const tests = QUEUES[queue].conditions.map(keptTest);
  if (tests.some((test) => test === undefined)) return null;
  return rows
    .filter((row) => tests.every((test) => test?.(row)))
    .reduce((total, row) => total + row.count, 0);
}

export async function keptCountsOf(scope: ViewScope): Promise<KeptCount[]> {
  return (await keptCountsQuery(scope).execute()).map((row) => ({
    stage: row.stage,
    open: Number(row.open) === 1,
    mine: Number(row.mine) === 1,
    count: Number(row.count),
  }));
}

export async function queueCounts(scope: ViewScope): Promise<Record<QueueId, number>> {
  const kept = await keptCountsOf(scope);
  const counts = await Promise.all(
    QUEUE_IDS.map(async (queue) => {
      const fromKept = countFromKept(queue, kept);
      if (fromKept !== null) return [queue, fromKept] as const;
      const row = await countQuery(scope, queue).executeTakeFirst();
      return [queue, Number(row?.count ?? 0)] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<QueueId, number>;
}
