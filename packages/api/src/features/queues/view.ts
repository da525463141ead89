// One view of the queue (a named queue, filters, search and sort) as SQL. Every shape it builds is an
// index range over the matters of one office: the queue's own order reads its index; any other
// order reads that column's index and filters; a search reads its own index in best-match order and a
// dashboard drill-down its activity's, most recent first; so nothing is sorted in memory (see
// plans.int.test.ts).
import type { Db, DialectName, Tx } from '@relief-desk/db';
import {
  addDays,
  type ClientUpdateLimits,
  type County,
  type LanguageCode,
  type MatterSortKey,
  type MatterView,
  naturalSortsOf,
  QUEUES,
  type ReferralSource,
  type Stage,
  sortKeysOf,
} from '@relief-desk/domain';
import { type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { badInput } from '../../errors.ts';
import { activityDriverOf, activityMatters, firstContactTerm } from './drillDowns.ts';
import { queueTerms, SORT_COLUMNS } from './membership.ts';
import { searchDriverOf } from './search.ts';
import { hidden, ref } from './sqlTerms.ts';

export interface ViewScope {
  db: Db | Tx;
  dialect: DialectName;
  officeId: string;
  userId: string;
  /** Today in California. */
  today: string;
  limits: ClientUpdateLimits;
}

type Value = string | number | null;

/**
 * The user's filters: never offered to the planner as an index, so the sort's index stays in charge;
 * but days open bound that index's own range when the view is sorted by the day received.
 */
function filterTerms(
  view: MatterView,
  scope: ViewScope,
  sortedByReceived: boolean,
  activityDrives: boolean,
  stagesMerged: boolean,
): RawBuilder<SqlBool>[] {
  const col = (column: string) =>
    column === 'received_on' && sortedByReceived ? sql`${ref(column)}` : hidden(scope, sql`${ref(column)}`);
  const terms: RawBuilder<SqlBool>[] = [];
  const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`));
  if (view.stages.length > 0 && !stagesMerged)
    terms.push(sql<SqlBool>`${col('stage')} in (${list(view.stages)})`);
  if (view.counties.length > 0) terms.push(sql<SqlBool>`${col('county')} in (${list(view.counties)})`);
  if (view.referralSources.length > 0)
    terms.push(sql<SqlBool>`${col('referral_source')} in (${list(view.referralSources)})`);
  if (view.assignee === 'unassigned') terms.push(sql<SqlBool>`${col('assignee_id')} is null`);
  else if (view.assignee) terms.push(sql<SqlBool>`${col('assignee_id')} = ${view.assignee}`);
  if (view.daysOpenMin !== null)
    terms.push(sql<SqlBool>`${col('received_on')} <= ${addDays(scope.today, -view.daysOpenMin)}`);
  if (view.daysOpenMax !== null)
    terms.push(sql<SqlBool>`${col('received_on')} >= ${addDays(scope.today, -view.daysOpenMax)}`);
  // A dashboard number's fixed span of California days received (received_on is a California date).
  if (view.receivedFrom !== null) terms.push(sql<SqlBool>`${col('received_on')} >= ${view.receivedFrom}`);
  if (view.receivedTo !== null) terms.push(sql<SqlBool>`${col('received_on')} <= ${view.receivedTo}`);
  // The client's language as copied onto the matter (migration 0055): no client is looked up, and
  // "all matters in Spanish" newest first is one range of its own index.
  if (view.languages.length > 0)
    terms.push(sql<SqlBool>`${col('client_language')} in (${list(view.languages)})`);
  if (view.status !== 'any')
    terms.push(
      sql<SqlBool>`${col('closed_at')} ${sql.raw(view.status === 'open' ? 'is null' : 'is not null')}`,
    );
  if (view.firstContact) terms.push(firstContactTerm(view.firstContact, scope));
  if (view.activity && !activityDrives)
    terms.push(
      sql<SqlBool>`${hidden(scope, sql`${ref('id')}`)} in (${activityMatters(view.activity, scope)})`,
    );
  return terms;
}

export interface ResolvedSort {
  key: MatterSortKey;
  direction: 'asc' | 'desc';
}

/** The order a drill-down lists in, whatever sort was asked for: its activity's date, most recent first. */
export const ACTIVITY_ORDER = { key: 'activityOn', direction: 'desc' } as const;

export function resolveSort(view: MatterView): ResolvedSort {
  const queue = QUEUES[view.queue];
  const key = view.sort ?? queue.sort;
  if (!sortKeysOf(view.queue).includes(key))
    throw badInput('sort', 'That column cannot be sorted in this queue.');
  return { key, direction: view.direction ?? (view.sort ? 'asc' : queue.direction) };
}

/** The selected columns every shape returns, plus the sort values as s0…s2 for the next cursor. */
const MATTER_COLUMNS = [
  'id',
  'reference',
  'version',
  'client_id',
  'county',
  'stage',
  'assignee_id',
  'referral_source',
  'received_on',
  'closed_at',
  'last_client_contact_at',
  'earliest_document_due_on',
  'next_court_date',
  'rap_sheet_outstanding',
] as const;

export interface ViewRow {
  id: string;
  reference: string;
  version: number;
  client_id: string;
  county: County;
  stage: Stage;
  assignee_id: string | null;
  referral_source: ReferralSource;
  received_on: string;
  closed_at: string | null;
  last_client_contact_at: string | null;
  earliest_document_due_on: string | null;
  next_court_date: string | null;
  rap_sheet_outstanding: number;
  /** A drill-down's row: when the activity happened (a day, or an instant); null in any other view. */
  activity_at: string | null;
  /** The client's name and the assignee's name (null when none is found), and the client's language. */
  client_name: string | null;
  preferred_language: LanguageCode;
  assignee_name: string | null;
  s0: Value;
  s1: Value;
  s2: Value;
}

// biome-ignore lint/suspicious/noExplicitAny: the driving table differs by shape (matters, search words, convictions, clients); every column used is named in raw SQL.
export type AnyQuery = SelectQueryBuilder<any, any, ViewRow>;

/** A view's rows before their columns are chosen (the driving table differs by shape, as above). */
// biome-ignore lint/suspicious/noExplicitAny: as AnyQuery.
type AnyRange = SelectQueryBuilder<any, any, object>;

function selectColumns<DB, TB extends keyof DB & string>(
  query: SelectQueryBuilder<DB, TB, object>,
  orderColumns: Expression<Value>[],
  activityAt: Expression<Value> | null,
): AnyQuery {
  const sortValues = [0, 1, 2].map((i) => sql<Value>`${orderColumns[i] ?? sql`null`}`.as(`s${i}`));
  // The columns are named in raw SQL, so kysely cannot infer the row: ViewRow is its shape.
  return query.select([
    ...MATTER_COLUMNS.map((c) => sql`${ref(c)}`.as(c)),
    sql<Value>`${activityAt ?? sql`null`}`.as('activity_at'),
    // Looked up by primary key for the page's rows only (both databases work out a select list's
    // subqueries after the limit): one statement a page, where separate lookups of the page's clients
    // and assignees were three, each a round trip to PostgreSQL. The ids come from the office's own
    // matters; the lookups still hold to the matter's office, as the office scope would, in case a
    // row ever names another office's client or person (the schema does not forbid it). The
    // client's language is the matter's own copy (migration 0055), kept with the client's record:
    // a second lookup of the client read as many pages again.
    sql<string>`(select c.legal_name from clients c where c.id = ${ref('client_id')} and c.office_id = ${ref('office_id')})`.as(
      'client_name',
    ),
    sql<string>`${ref('client_language')}`.as('preferred_language'),
    sql<string>`(select u.name from users u where u.id = ${ref('assignee_id')} and u.office_id = ${ref('office_id')})`.as(
      'assignee_name',
    ),
    ...sortValues,
  ]) as unknown as AnyQuery;
}

/**
 * The view's range: its driving index, its terms and the cursor's bound, not yet ordered or selected;
 * `reverse` reads it the other way from the cursor (to count the rows before a page).
 */
function viewRange(
  scope: ViewScope,
  view: MatterView,
  after: Value[] | null,
  reverse: boolean,
  limit: number | null,
) {
  const driver = view.search ? searchDriverOf(scope, view.search) : null;
  // A search keeps its best-match order, the activity checked on each row; otherwise it drives.
  const activity = view.activity && !driver ? activityDriverOf(scope, view.activity) : null;
  const sort = resolveSort(view);
  const driven = driver !== null || activity !== null;
  const natural = naturalSortsOf(view.queue).includes(sort.key) && !driven;
  const queueWhere = queueTerms(view.queue, scope).map((term) => (natural ? term : hidden(scope, term)));
  const sortedByReceived = sort.key === 'receivedOn' && !driven;
  // On PostgreSQL, several stages sorted by the day received read each stage's own range of
  // matters_office_stage (office, stage, day received, id), merged in order: the sort's index
  // filtered row by row visits the table for every row of another stage it passes over (a page of
  // two stages took 1.8 ms of SQL at 1,000,000 matters). SQLite checks the stage on the index's row.
  // Each stage once: a stage named twice must not list its matters twice.
  const stages = [...new Set(view.stages)];
  const stagesMerged = scope.dialect === 'postgres' && sortedByReceived && stages.length > 1;
  const where = [
    ...queueWhere,
    ...filterTerms(view, scope, sortedByReceived, activity !== null, stagesMerged),
  ];

  const order: RawBuilder<Value>[] = driver
    ? driver.order
    : activity
      ? activity.order
      : SORT_COLUMNS[sort.key];
  const forward = driver ? 'asc' : activity ? ACTIVITY_ORDER.direction : sort.direction;
  const direction = reverse ? (forward === 'asc' ? 'desc' : 'asc') : forward;
  if (after && after.length !== order.length)
    throw badInput('cursor', 'That page link is no longer valid. Go back to the first page.');
  const bounded = <Q extends AnyRange>(range: Q): Q => {
    let query = range;
    for (const term of where) query = query.where(term) as Q;
    if (!after) return query;
    const comparison = direction === 'asc' ? sql`>` : sql`<`;
    // The leading column alone, too: SQLite starts an expression index's range only from a plain term.
    const [leading] = order;
    if (leading)
      query = query.where(
        sql<SqlBool>`${leading} ${direction === 'asc' ? sql`>=` : sql`<=`} ${after[0]}`,
      ) as Q;
    return query.where(
      sql<SqlBool>`(${sql.join(order)}) ${comparison} (${sql.join(after.map((v) => sql`${v}`))})`,
    ) as Q;
  };
  const officeMatters = () => scope.db.selectFrom('matters').where('matters.office_id', '=', scope.officeId);
  let query: AnyRange;
  if (stagesMerged) {
    // One range a stage, in order, the same terms and cursor in each, each to the limit: PostgreSQL
    // merges them in order. Without each its own order and limit it estimates a stage's open matters
    // as if stage and status were unrelated, and sorted every open matter of both (58 ms).
    const [first, ...rest] = stages.map((stage) => {
      let arm = bounded(
        officeMatters()
          .selectAll('matters')
          .where(sql<SqlBool>`${ref('stage')} = ${stage}`),
      );
      for (const column of order) arm = arm.orderBy(column, direction);
      if (limit !== null) arm = arm.limit(limit);
      // As a table of its own: an order and limit belong to one side of a union only in brackets.
      return scope.db.selectFrom(arm.as('stage_range')).selectAll();
    });
    const merged = rest.reduce((union, arm) => union.unionAll(arm), first as AnyRange);
    query = scope.db.selectFrom(merged.as('matters'));
  } else query = bounded(driver ? driver.query : activity ? activity.query : officeMatters());
  for (const column of order) query = query.orderBy(column, direction);
  return {
    query,
    order,
    sort: activity ? ACTIVITY_ORDER : sort,
    driver,
    activityAt: activity?.order[0] ?? null,
  };
}

/** The view's rows after the cursor, in order: what a page, the CSV export and the plan test run. */
export function viewQuery(scope: ViewScope, view: MatterView, after: Value[] | null, limit: number | null) {
  const { query, order, sort, driver, activityAt } = viewRange(scope, view, after, false, limit);
  const selected = selectColumns(query, order, activityAt);
  return { query: limit === null ? selected : selected.limit(limit), sortWidth: order.length, sort, driver };
}

/**
 * How many matters a view holds after the cursor (all of them without one), or before it with
 * `reverse`: the same index range its pages read, in the same order, selecting nothing but the
 * matter's id, so counting reads no more than paging through it would; with `bound`, no further than
 * one row past it. Each matter is one row, searches included (search.ts).
 */
export function viewCountQuery(
  scope: ViewScope,
  view: MatterView,
  after: Value[] | null,
  options: { reverse?: boolean; bound?: number } = {},
) {
  const limit = options.bound === undefined ? null : options.bound + 1;
  const { query } = viewRange(scope, view, after, options.reverse ?? false, limit);
  const ids = query.select(sql`${ref('id')}`.as('id'));
  const rows = limit === null ? ids : ids.limit(limit);
  return scope.db.selectFrom(rows.as('view_rows')).select(sql<number>`count(*)`.as('count'));
}
