// How many matters a view of the queue holds, and how many come before a page: "Matters 26-50 of
// 148". Asked for apart from the page's rows (queues.viewCount), so a page never waits for its count.
// A view the counts kept with every change can tell reads a few of those rows whatever the office
// holds: every named queue, narrowed by stage, county, assignee or status where its queue is one of
// open or closed matters, a stage or the person's own, and needs client update by referral source
// (its days are kept per source); the drill-downs whose dashboard number
// counts matters (eligibility decided, outcomes sent, a person's work up to today), so the count
// beside the list is the dashboard's number; and relief granted or denied, from matters kept per day
// decided (the dashboard's number counts convictions). Any other view counts the index range its pages read up
// to COUNT_BOUND matters and says "more than" past it: a count that grew with the office would keep
// a person waiting on an office ten times the size, for a number nobody reads to the last digit.
import {
  addDays,
  californiaDayStart,
  type listMattersInputSchema,
  type MatterView,
  QUEUES,
  type QueueCondition,
  STAGE_MOVE_ACTIVITIES,
  type StageMove,
} from '@relief-desk/domain';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { z } from 'zod';
import type { AuthedContext } from '../../context.ts';
import { decodeViewCursor } from './cursor.ts';
import { checkViewAllowed, viewScopeOf } from './list.ts';
import { cutoffOf } from './membership.ts';
import { type ViewScope, viewCountQuery } from './view.ts';

type Term = RawBuilder<SqlBool>;

/** A table of counts kept with every matter change, and how a queue and a view's filters read it. */
interface KeptSource {
  table: 'matter_counts' | 'open_queue_flags' | 'open_contact_days' | 'open_earliest_due_days';
  /** What every matter counted there is: a queue it counts has each of these conditions. */
  holds: readonly QueueCondition[];
  /** A queue's other condition as a term on its rows; undefined when the table cannot tell. */
  term(condition: QueueCondition, scope: ViewScope): Term | undefined;
  /** The view's stage, county, assignee, status and source filters as terms; undefined when it cannot tell. */
  filters(view: MatterView): Term[] | undefined;
}

const open: QueueCondition = { kind: 'null', column: 'closed_at' };

/** A table of open matters alone tells a view no stage, county or assignee, and no closed matters. */
const openMattersFilters = (view: MatterView): Term[] | undefined =>
  view.stages.length + view.counties.length + view.referralSources.length === 0 &&
  view.assignee === null &&
  view.status !== 'closed'
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
      return view.referralSources.length === 0 ? terms : undefined;
    },
  },
  // Migration 0032: open matters by whether anyone has opened them and a RAP sheet is outstanding,
  // by day of the last contact (and referral source, 0038), and by earliest day a requested document
  // is due.
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
    filters: (view) => {
      const sources = view.referralSources;
      const others = openMattersFilters({ ...view, referralSources: [] });
      if (!others || sources.length === 0) return others;
      return [...others, sql`referral_source in (${sql.join(sources)})`];
    },
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
 * A queue view's count from the kept counts, or null when the view limits by something they do not
 * keep (language, days open, first contact, an activity, a search; a source but in needs client
 * update, whose days are kept per source; or a stage, county, assignee or closed matters in a queue
 * whose kept table holds open matters alone).
 */
export function keptQueueCountQuery(scope: ViewScope, view: MatterView) {
  const kept =
    view.languages.length === 0 &&
    view.daysOpenMin === null &&
    view.daysOpenMax === null &&
    view.receivedFrom === null &&
    view.receivedTo === null &&
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

/** Whether the view is a drill-down and nothing else: All matters, no filter, no search. */
function onlyActivity(view: MatterView): boolean {
  return (
    QUEUES[view.queue].conditions.length === 0 &&
    view.stages.length + view.counties.length + view.languages.length + view.referralSources.length === 0 &&
    view.assignee === null &&
    view.daysOpenMin === null &&
    view.daysOpenMax === null &&
    view.receivedFrom === null &&
    view.receivedTo === null &&
    view.status === 'any' &&
    view.firstContact === null &&
    view.search === ''
  );
}

/**
 * A drill-down's count from the counts the dashboard reads, where its number counts matters: the
 * moves of a stage per day (stage_move_days) less the repeats of matters moved more than once in the
 * span (repeat_stage_moves), as the dashboard's week does; the matters a person last worked on
 * per day (latest_touch_days), for a span that runs to today; or the matters granted or denied relief
 * per day with their previous such day (court_outcome_matter_days, 0039, as the dashboard counts
 * them), each matter on its first day in the span. Null for any other view (petitions filed count petitions).
 */
function keptActivityCountQuery(scope: ViewScope, view: MatterView) {
  const { activity } = view;
  if (!activity || !onlyActivity(view)) return null;
  const { db, officeId } = scope;
  const moves = ({ from, to }: StageMove) => {
    let days = db
      .selectFrom('stage_move_days')
      .where('office_id', '=', officeId)
      .where('from_stage', '=', from)
      .where('to_stage', 'in', to);
    let repeats = db
      .selectFrom('repeat_stage_moves')
      .select(sql<number>`count(*) - count(distinct matter_id)`.as('count'))
      .where('office_id', '=', officeId)
      .where('from_stage', '=', from)
      .where('to_stage', 'in', to);
    if (activity.from) {
      days = days.where('day', '>=', activity.from);
      repeats = repeats.where('occurred_at', '>=', californiaDayStart(activity.from));
    }
    if (activity.to) {
      days = days.where('day', '<=', activity.to);
      repeats = repeats.where('occurred_at', '<', californiaDayStart(addDays(activity.to, 1)));
    }
    return days.select(sql<number>`coalesce(sum(count), 0) - (${repeats})`.as('count'));
  };
  switch (activity.kind) {
    case 'eligibility_decided':
      return moves(STAGE_MOVE_ACTIVITIES.eligibility_decided);
    case 'outcome_sent':
      return moves(STAGE_MOVE_ACTIVITIES.outcome_sent);
    case 'touched': {
      // Each matter counts on the day the person last worked on it, which may be after the span's end.
      if (!activity.by || (activity.to !== null && activity.to < scope.today)) return null;
      let touched = db
        .selectFrom('latest_touch_days')
        .select(sql<number>`coalesce(sum(count), 0)`.as('count'))
        .where('office_id', '=', officeId)
        .where('actor_id', '=', activity.by);
      if (activity.from) touched = touched.where('day', '>=', activity.from);
      return touched;
    }
    case 'court_granted':
    case 'court_denied': {
      // A matter counts once, on its first day with the outcome in the span: the day whose previous
      // such day is before the span ('' for none, the first of all without a start).
      let days = db
        .selectFrom('court_outcome_matter_days')
        .select(sql<number>`coalesce(sum(count), 0)`.as('count'))
        .where('office_id', '=', officeId)
        .where('outcome', '=', activity.kind === 'court_granted' ? 'granted' : 'denied')
        .where('previous_day', activity.from ? '<' : '=', activity.from ?? '');
      if (activity.from) days = days.where('day', '>=', activity.from);
      if (activity.to) days = days.where('day', '<=', activity.to);
      return days;
    }
    default:
      return null;
  }
}

/** The view's count from the kept counts (a queue view's, or a drill-down's), or null when they cannot tell it. */
export function keptViewCountQuery(scope: ViewScope, view: MatterView) {
  return view.activity ? keptActivityCountQuery(scope, view) : keptQueueCountQuery(scope, view);
}

/** How far a view's count reads when no kept count tells it; past it, the count says "more than". */
export const COUNT_BOUND = 1000;

export interface ViewCount {
  /** How many matters the view holds; when not `exact`, the view holds more than this (the bound). */
  total: number;
  exact: boolean;
  /** How many come before the page; null when more than the bound do. */
  before: number | null;
  /** Where counting stops. */
  bound: number;
}

/**
 * How many matters the view holds, and how many come before the cursor's page. The matters before
 * the page are counted backwards from the cursor, so a page near the start of a large queue counts a
 * few rows, not the rest of the queue; and no further back than the bound.
 */
export async function countView(
  scope: ViewScope,
  view: MatterView,
  cursor: string | null,
  bound = COUNT_BOUND,
): Promise<ViewCount> {
  const after = cursor ? decodeViewCursor(cursor) : null;
  const bounded = async (reverse: boolean, from: typeof after) => {
    const row = await viewCountQuery(scope, view, from, { reverse, bound }).executeTakeFirst();
    const count = Number(row?.count ?? 0);
    // Stopped at the bound: more than that many.
    return count > bound ? { count: bound, exact: false } : { count, exact: true };
  };
  const counted = async () => {
    const kept = keptViewCountQuery(scope, view);
    if (kept) return { count: Number((await kept.executeTakeFirst())?.count ?? 0), exact: true };
    return bounded(false, null);
  };
  const countBefore = async (): Promise<number | null> => {
    if (!after) return 0;
    // The cursor is the previous page's last row: the rows before it, and itself.
    const back = await bounded(true, after);
    return back.exact ? back.count + 1 : null;
  };
  const [total, preceding] = await Promise.all([counted(), countBefore()]);
  return {
    total: total.count,
    exact: total.exact,
    before:
      preceding === null ? null : total.exact ? Math.max(0, Math.min(total.count, preceding)) : preceding,
    bound,
  };
}

/** queues.viewCount: the count a page of matters.list shows, with the same checks as the page. */
export async function viewCount(
  ctx: AuthedContext,
  input: Omit<z.output<typeof listMattersInputSchema>, 'limit'>,
): Promise<ViewCount> {
  checkViewAllowed(ctx, input);
  return countView(viewScopeOf(ctx), input, input.cursor);
}
