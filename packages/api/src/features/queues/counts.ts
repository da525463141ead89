// The count beside each named queue.
import { QUEUE_IDS, type QueueId } from '@relief-desk/domain';
import type { ViewScope } from './view.ts';
import { countQuery } from './view.ts';

export async function queueCounts(scope: ViewScope): Promise<Record<QueueId, number>> {
  const counts = await Promise.all(
    QUEUE_IDS.map(async (queue) => {
      const row = await countQuery(scope, queue).executeTakeFirst();
      return [queue, Number(row?.count ?? 0)] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<QueueId, number>;
}
