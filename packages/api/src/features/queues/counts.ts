// The count beside each named queue, from the counts kept in the same transaction as every matter
// change (matter_counts, migration 0023, for open or closed, a stage and the person; 0032's for new
// referrals, RAP sheets, the days of last contact and the days documents are due): a few rows per
// queue however many matters the office holds, all ten read in one statement.
import { matterViewSchema, QUEUE_IDS, type QueueId } from '@relief-desk/domain';
import { sql } from 'kysely';
import type { ViewScope } from './view.ts';
import { keptQueueCountQuery } from './viewCount.ts';

/** Each queue unfiltered, as its count reads it (parsed once, not on every request). */
const QUEUE_VIEWS = QUEUE_IDS.map((queue) => [queue, matterViewSchema.parse({ queue })] as const);

/** Each queue's count as a row (queue, count). */
export function keptCountsQuery(scope: ViewScope) {
  const [first, ...rest] = QUEUE_VIEWS.map(([queue, view]) => {
    const count = keptQueueCountQuery(scope, view);
    if (!count) throw new Error(`No kept counts tell the queue ${queue}.`);
    return count.select(sql<QueueId>`${sql.lit(queue)}`.as('queue'));
  });
  if (!first) throw new Error('There are no queues.');
  return rest.reduce((all, count) => all.unionAll(count), first);
}

export async function queueCounts(scope: ViewScope): Promise<Record<QueueId, number>> {
  const rows = await keptCountsQuery(scope).execute();
  // One row per queue (the union reads each of QUEUE_IDS); Object.fromEntries types keys as string.
  return Object.fromEntries(rows.map((row) => [row.queue, Number(row.count)])) as Record<QueueId, number>;
}
