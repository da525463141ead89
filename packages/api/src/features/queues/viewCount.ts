// How many matters a view of the queue holds, and how many come before a page: "Matters 26-50 of
// 148". Asked for apart from the page's rows (queues.viewCount), so a page never waits for its count.
// A view the counts kept with every matter change can tell (a named queue of open or closed matters,
// a stage or the person's own, narrowed by stage, county, assignee or status) reads a few of those
// rows whatever the office holds; any other counts the index range its pages read.
import {
  type listMattersInputSchema,
  type MatterView,
  QUEUES,
  type QueueCondition,
} from '@relief-desk/domain';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AuthedContext } from '../../context.ts';
import { checkViewAllowed, viewScopeOf } from '../matters/listMatters.ts';
import { decodeViewCursor } from './cursor.ts';
import { resolveSort, type ViewScope, viewCountQuery } from './view.ts';

/** A queue's condition as a column of the kept counts and its value; undefined when they cannot tell. */
function keptTerm(
  condition: QueueCondition,
  scope: ViewScope,
): ['open' | 'stage' | 'assignee_id', string | number] | undefined {
  if (condition.kind === 'null' && condition.column === 'closed_at') return ['open', 1];
  if (condition.kind === 'equals' && condition.column === 'stage') return ['stage', String(condition.value)];
  if (condition.kind === 'assignedToMe') return ['assignee_id', scope.userId];
  return undefined;
}

/**
 * The view's count from the kept counts (matter_counts, migration 0023), or null when the view
 * limits by something they do not keep (language, source, days open, first contact, an activity,
 * a search) or its queue's membership needs the matters themselves.
 */
export function keptViewCountQuery(scope: ViewScope, view: MatterView) {
  const kept =
    view.languages.length + view.referralSources.length === 0 &&
    view.daysOpenMin === null &&
    view.daysOpenMax === null &&
    view.firstContact === null &&
    view.activity === null &&
    view.search === '';
  const queueTerms = QUEUES[view.queue].conditions.map((condition) => keptTerm(condition, scope));
  if (!kept || queueTerms.some((term) => term === undefined)) return null;
  let query = scope.db
    .selectFrom('matter_counts')
    .select(sql<number>`coalesce(sum(count), 0)`.as('count'))
    .where('office_id', '=', scope.officeId);
  for (const term of queueTerms) if (term) query = query.where(term[0], '=', term[1]);
  if (view.stages.length > 0) query = query.where('stage', 'in', view.stages);
  if (view.counties.length > 0) query = query.where('county', 'in', view.counties);
  // The kept counts write no assignee as ''.
  if (view.assignee !== null)
    query = query.where('assignee_id', '=', view.assignee === 'unassigned' ? '' : view.assignee);
  if (view.status !== 'any') query = query.where('open', '=', view.status === 'open' ? 1 : 0);
  return query;
}

/**
 * How many matters the view holds, and how many come before the cursor's page. The matters before
 * the page are counted backwards from the cursor, so a page near the start of a large queue counts a
 * few rows, not the rest of the queue.
 */
export async function countView(
  scope: ViewScope,
  view: MatterView,
  cursor: string | null,
): Promise<{ total: number; before: number }> {
  const after = cursor ? decodeViewCursor(cursor) : null;
  const counted = async () =>
    Number(
      (await (keptViewCountQuery(scope, view) ?? viewCountQuery(scope, view, null)).executeTakeFirst())
        ?.count ?? 0,
    );
  const countBefore = async () => {
    if (!after) return 0;
    if (view.search) {
      // A search's order is its best match, which has no way back: what follows, taken off the total.
      const rest = Number((await viewCountQuery(scope, view, after).executeTakeFirst())?.count ?? 0);
      return { rest };
    }
    const { key, direction } = resolveSort(view);
    const backwards = { ...view, sort: key, direction: direction === 'asc' ? 'desc' : 'asc' } as const;
    // The cursor is the previous page's last row: the rows before it, and itself.
    return Number((await viewCountQuery(scope, backwards, after).executeTakeFirst())?.count ?? 0) + 1;
  };
  const [total, before] = await Promise.all([counted(), countBefore()]);
  const preceding = typeof before === 'number' ? before : total - before.rest;
  return { total, before: Math.max(0, Math.min(total, preceding)) };
}

/** queues.viewCount: the count a page of matters.list shows, with the same checks as the page. */
export async function viewCount(
  ctx: AuthedContext,
  input: Omit<z.output<typeof listMattersInputSchema>, 'limit'>,
): Promise<{ total: number; before: number }> {
  checkViewAllowed(ctx, input);
  return countView(await viewScopeOf(ctx), input, input.cursor);
}
