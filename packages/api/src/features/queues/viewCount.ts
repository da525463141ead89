// How many matters a view of the queue holds, and how many come before a page: "Matters 26-50 of
// 148". Asked for apart from the page's rows (queues.viewCount), so a page never waits for its count.
// A view the counts kept with every matter change can tell (every named queue; narrowed by stage,
// county, assignee or status where its queue is one of open or closed matters, a stage or the
// person's own) reads a few of those rows whatever the office holds; any other counts the index range
// its pages read.
import {
  type listMattersInputSchema,
  type MatterView,
  QUEUES,
  type QueueCondition,
} from '@relief-desk/domain';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { z } from 'zod';
import type { AuthedContext } from '../../context.ts';
import { checkViewAllowed, viewScopeOf } from '../matters/listMatters.ts';
import { decodeViewCursor } from './cursor.ts';
import { cutoffOf } from './membership.ts';
import { resolveSort, type ViewScope, viewCountQuery } from './view.ts';

type Term = RawBuilder<SqlBool>;

/** A table of counts kept with every matter change, and how a queue and a view's filters read it. */
interface KeptSource {
  table: 'matter_counts' | 'open_queue_flags' | 'open_contact_days' | 'open_earliest_due_days';
  /** What every matter counted there is: a queue it counts has each of these conditions. */
  holds: readonly QueueCondition[];
  /** A queue's other condition as a term on its rows; undefined when the table cannot tell. */
  term(condition: QueueCondition, scope: ViewScope): Term | undefined;
  /** The view's stage, county, assignee and status filters as terms; undefined when it cannot tell. */
  filters(view: MatterView): Term[] | undefined;
}

const open: QueueCondition = { kind: 'null', column: 'closed_at' };

/** A table of open matters alone tells a view no stage, county or assignee, and no closed matters. */
const openMattersFilters = (view: MatterView): Term[] | undefined =>
  view.stages.length + view.counties.length === 0 && view.assignee === null && view.status !== 'closed'
    ? []
    : undefined;

const KEPT_SOURCES: readonly KeptSource[] = [
  // Migration 0023: every matter by stage, county, assignee ('' for none) and open or closed.
  {
    table: 'matter_counts',
    holds: [],
    term: (condition, scope) => {
      if (condition.kind === 'null' && condition.column === 'closed_at') return sql`open = 1`;
      if (condition.kind === 'equals' && condition.column === 'stage')
        return sql`stage = ${String(condition.value)}`;
      if (condition.kind === 'assignedToMe') return sql`assignee_id = ${scope.userId}`;
      return undefined;
    },
    filters: (view) => {
      const terms: Term[] = [];
      if (view.stages.length > 0) terms.push(sql`stage in (${sql.join(view.stages)})`);
      if (view.counties.length > 0) terms.push(sql`county in (${sql.join(view.counties)})`);
      // The kept counts write no assignee as ''.
      if (view.assignee !== null)
        terms.push(sql`assignee_id = ${view.assignee === 'unassigned' ? '' : view.assignee}`);
      if (view.status !== 'any') terms.push(sql`open = ${view.status === 'open' ? 1 : 0}`);
      return terms;
    },
  },
  // Migration 0032: open matters by whether anyone has opened them and a RAP sheet is outstanding,
  // by day of the last contact, and by earliest day a requested document is due.
  {
    table: 'open_queue_flags',
    holds: [open],
    term: (condition) => {
      if (condition.kind === 'null' && condition.column === 'first_opened_at') return sql`opened = 0`;
      if (condition.kind === 'equals' && condition.column === 'rap_sheet_outstanding')
        return sql`rap_sheet_outstanding = ${condition.value}`;
      return undefined;
    },
    filters: openMattersFilters,
  },
  {
    table: 'open_contact_days',
    holds: [open],
    term: (condition, scope) =>
      condition.kind === 'before' && condition.key === 'lastContact'
        ? sql`day < ${cutoffOf(condition, scope)}`
        : undefined,
    filters: openMattersFilters,
  },
  {
    table: 'open_earliest_due_days',
    holds: [open, { kind: 'notNull', column: 'earliest_document_due_on' }],
    term: (condition, scope) =>
      condition.kind === 'before' && condition.key === 'documentDue'
        ? sql`day < ${cutoffOf(condition, scope)}`
        : undefined,
    filters: openMattersFilters,
  },
];

const sameCondition = (a: QueueCondition, b: QueueCondition) =>
  JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());

/** The first kept table whose rows tell the view's queue and filters, with its terms; or null. */
function keptSourceOf(
  view: MatterView,
  scope: ViewScope,
): { table: KeptSource['table']; terms: Term[] } | null {
  const conditions = QUEUES[view.queue].conditions;
  for (const source of KEPT_SOURCES) {
    if (!source.holds.every((held) => conditions.some((c) => sameCondition(c, held)))) continue;
    const terms = conditions
      .filter((condition) => !source.holds.some((held) => sameCondition(condition, held)))
      .map((condition) => source.term(condition, scope));
    const filters = source.filters(view);
    if (filters && terms.every((term): term is Term => term !== undefined))
      return { table: source.table, terms: [...terms, ...filters] };
  }
  return null;
}

/**
 * The view's count from the kept counts, or null when the view limits by something they do not keep
 * (language, source, days open, first contact, an activity, a search; or a stage, county, assignee or
 * closed matters in a queue whose kept table holds open matters alone).
 */
export function keptViewCountQuery(scope: ViewScope, view: MatterView) {
  const kept =
    view.languages.length + view.referralSources.length === 0 &&
    view.daysOpenMin === null &&
    view.daysOpenMax === null &&
    view.firstContact === null &&
    view.activity === null &&
    view.search === '';
  const found = kept ? keptSourceOf(view, scope) : null;
  if (!found) return null;
  let query = scope.db
    .selectFrom(found.table)
    .select(sql<number>`coalesce(sum(count), 0)`.as('count'))
    .where('office_id', '=', scope.officeId);
  for (const term of found.terms) query = query.where(term);
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
