// One view of the queue (a named queue, filters, search and sort) as SQL. Every shape it builds is an
// index range over the matters of one office: the queue's own order reads its index; any other
// order reads that column's index and filters, so nothing is sorted in memory (see plans.int.test.ts).
import type { Database, Db, DialectName, Tx } from '@relief-desk/db';
import {
  addDays,
  californiaDayStart,
  FIRST_CONTACT_BANDS,
  type FirstContactBand,
  type MatterActivityFilter,
  type MatterSortKey,
  type MatterView,
  QUEUES,
  type QueueId,
  type Stage,
  sortKeysOf,
} from '@relief-desk/domain';
import { type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { badInput } from '../../errors.ts';
import { type QueueLimits, searchDriverOf } from './search.ts';

export interface ViewScope {
  db: Db | Tx;
  dialect: DialectName;
  officeId: string;
  userId: string;
  /** Today in California. */
  today: string;
  limits: QueueLimits;
}

type Value = string | number | null;
const ref = (column: string) => sql.ref(`matters.${column}`);

/** Sort keys as column lists, each ending in a unique column so keyset pages are stable. */
const SORT_COLUMNS: Record<MatterSortKey, RawBuilder<Value>[]> = {
  receivedOn: [sql`${ref('received_on')}`, sql`${ref('id')}`],
  clientName: [sql`${ref('client_sort_name')}`, sql`${ref('id')}`],
  county: [sql`${ref('county')}`, sql`${ref('id')}`],
  stage: [sql`${ref('stage')}`, sql`${ref('received_on')}`, sql`${ref('id')}`],
  reference: [sql`${ref('reference')}`],
  assignee: [sql`coalesce(${ref('assignee_id')}, '')`, sql`${ref('received_on')}`, sql`${ref('id')}`],
  lastContact: [sql`coalesce(${ref('last_client_contact_at')}, ${ref('received_on')})`, sql`${ref('id')}`],
  documentDue: [sql`${ref('earliest_document_due_on')}`, sql`${ref('id')}`],
  nextCourtDate: [sql`coalesce(${ref('next_court_date')}, '9999-12-31')`, sql`${ref('id')}`],
};

/** Sorts a queue's own index serves; any other sort reads that column's index instead. */
const NATURAL_SORTS: Record<QueueId, readonly MatterSortKey[]> = {
  new_referrals: ['receivedOn'],
  needs_client_update: ['lastContact'],
  awaiting_rap_sheet: ['receivedOn'],
  documents_outstanding: ['documentDue'],
  eligibility_review: ['receivedOn', 'stage'],
  ready_to_file: ['receivedOn', 'stage'],
  awaiting_decision: ['nextCourtDate', 'receivedOn', 'stage'],
  outcome_to_send: ['receivedOn', 'stage'],
  mine: ['receivedOn'],
  all: ['receivedOn', 'clientName', 'county', 'stage', 'reference', 'assignee'],
};

const STAGE_OF_QUEUE: Partial<Record<QueueId, string>> = {
  eligibility_review: 'eligibility_review',
  ready_to_file: 'petitions_to_file',
  awaiting_decision: 'awaiting_decision',
  outcome_to_send: 'outcome_to_send',
};

/** Terms that match the partial indexes of migration 0006 word for word (literals, not parameters). */
function queueTerms(queue: QueueId, scope: ViewScope): RawBuilder<SqlBool>[] {
  const open = sql<SqlBool>`${ref('closed_at')} is null`;
  const stage = STAGE_OF_QUEUE[queue];
  if (stage) return [sql<SqlBool>`${ref('stage')} = ${sql.lit(stage)}`];
  switch (queue) {
    case 'new_referrals':
      return [open, sql<SqlBool>`${ref('first_opened_at')} is null`];
    case 'needs_client_update': {
      const since = addDays(scope.today, 1 - scope.limits.clientUpdateDays);
      return [
        open,
        sql<SqlBool>`coalesce(${ref('last_client_contact_at')}, ${ref('received_on')}) < ${since}`,
      ];
    }
    case 'awaiting_rap_sheet':
      return [open, sql<SqlBool>`${ref('rap_sheet_outstanding')} = 1`];
    case 'documents_outstanding':
      return [
        open,
        sql<SqlBool>`${ref('earliest_document_due_on')} is not null`,
        sql<SqlBool>`${ref('earliest_document_due_on')} < ${scope.today}`,
      ];
    case 'mine':
      return [open, sql<SqlBool>`${ref('assignee_id')} = ${scope.userId}`];
    default:
      return [];
  }
}

/**
 * The user's filters: never offered to the planner as an index, so the sort's index stays in charge;
 * but days open bound that index's own range when the view is sorted by the day received.
 */
function filterTerms(view: MatterView, scope: ViewScope, sortedByReceived: boolean): RawBuilder<SqlBool>[] {
  const col = (column: string) =>
    column === 'received_on' && sortedByReceived ? sql`${ref(column)}` : hidden(scope, sql`${ref(column)}`);
  const terms: RawBuilder<SqlBool>[] = [];
  const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`));
  if (view.stages.length > 0) terms.push(sql<SqlBool>`${col('stage')} in (${list(view.stages)})`);
  if (view.counties.length > 0) terms.push(sql<SqlBool>`${col('county')} in (${list(view.counties)})`);
  if (view.referralSources.length > 0)
    terms.push(sql<SqlBool>`${col('referral_source')} in (${list(view.referralSources)})`);
  if (view.assignee === 'unassigned') terms.push(sql<SqlBool>`${col('assignee_id')} is null`);
  else if (view.assignee) terms.push(sql<SqlBool>`${col('assignee_id')} = ${view.assignee}`);
  if (view.daysOpenMin !== null)
    terms.push(sql<SqlBool>`${col('received_on')} <= ${addDays(scope.today, -view.daysOpenMin)}`);
  if (view.daysOpenMax !== null)
    terms.push(sql<SqlBool>`${col('received_on')} >= ${addDays(scope.today, -view.daysOpenMax)}`);
  if (view.languages.length > 0)
    terms.push(
      sql<SqlBool>`(select c.preferred_language from clients c where c.id = ${ref('client_id')}) in (${list(view.languages)})`,
    );
  if (view.status !== 'any')
    terms.push(
      sql<SqlBool>`${col('closed_at')} ${sql.raw(view.status === 'open' ? 'is null' : 'is not null')}`,
    );
  if (view.firstContact) terms.push(firstContactTerm(view.firstContact, scope));
  if (view.activity)
    terms.push(
      sql<SqlBool>`${hidden(scope, sql`${ref('id')}`)} in (${activityMatters(view.activity, scope)})`,
    );
  return terms;
}

/**
 * Whole days from referral (a California date) to the first message or call (a UTC instant), counted
 * in California days. PostgreSQL knows California's time zone; SQLite has none, so there the instant
 * is moved back eight hours (Pacific Standard Time): a contact between midnight and 1 am during
 * daylight time counts a day early, which can make a call on the day received day -1. The first band
 * has no lower bound for that reason (and for a contact recorded before the day entered as received).
 */
export function daysToFirstContact(dialect: DialectName): RawBuilder<number> {
  const contact = ref('first_client_contact_at');
  const received = ref('received_on');
  return dialect === 'sqlite'
    ? sql<number>`cast(julianday(date(${contact}, '-8 hours')) - julianday(${received}) as integer)`
    : sql<number>`((${contact}::timestamptz at time zone 'America/Los_Angeles')::date - ${received}::date)`;
}

/**
 * First contact leaves out matters referred out before anyone here contacted the person: they were
 * never this office's to contact. (Contacted, then referred out, they count.)
 */
export function contactedOrOurs(stage: RawBuilder<unknown> = sql`${ref('stage')}`): RawBuilder<SqlBool> {
  return sql<SqlBool>`not (${stage} = 'referred_out' and ${ref('first_client_contact_at')} is null)`;
}

function firstContactTerm(id: FirstContactBand, scope: ViewScope): RawBuilder<SqlBool> {
  const band = FIRST_CONTACT_BANDS.find((b) => b.id === id);
  const days = daysToFirstContact(scope.dialect);
  const inBand =
    !band || band.min === null
      ? sql<SqlBool>`${ref('first_client_contact_at')} is null`
      : band.max === null
        ? sql<SqlBool>`${days} >= ${band.min}`
        : band.min === 0
          ? sql<SqlBool>`${days} <= ${band.max}`
          : sql<SqlBool>`${days} between ${band.min} and ${band.max}`;
  return sql<SqlBool>`(${inBand} and ${contactedOrOurs(hidden(scope, sql`${ref('stage')}`))})`;
}

/**
 * The matters that saw an activity in a span of California days, as a subquery on that activity's
 * own index; the page's sort index stays in charge and checks each row against the list.
 */
function activityMatters(activity: MatterActivityFilter, scope: ViewScope) {
  const { db, officeId } = scope;
  const since = (column: string, instant: boolean) =>
    activity.from
      ? sql<SqlBool>`${sql.ref(column)} >= ${instant ? californiaDayStart(activity.from) : activity.from}`
      : sql<SqlBool>`1 = 1`;
  const until = (column: string, instant: boolean) =>
    activity.to
      ? instant
        ? sql<SqlBool>`${sql.ref(column)} < ${californiaDayStart(addDays(activity.to, 1))}`
        : sql<SqlBool>`${sql.ref(column)} <= ${activity.to}`
      : sql<SqlBool>`1 = 1`;
  const moves = (from: Stage, to: Stage[]) =>
    db
      .selectFrom('matter_events')
      .select('matter_events.matter_id')
      .where('matter_events.office_id', '=', officeId)
      .where('matter_events.from_stage', '=', from)
      .where('matter_events.to_stage', 'in', to)
      .where(since('matter_events.occurred_at', true))
      .where(until('matter_events.occurred_at', true));
  const courtOutcome = (outcome: 'granted' | 'denied') =>
    db
      .selectFrom('petitions')
      .innerJoin('petition_convictions', 'petition_convictions.petition_id', 'petitions.id')
      .select('petitions.matter_id')
      .where('petitions.office_id', '=', officeId)
      .where('petitions.status', '=', 'decided')
      .where('petition_convictions.outcome', '=', outcome)
      .where(since('petitions.decided_on', false))
      .where(until('petitions.decided_on', false));
  switch (activity.kind) {
    case 'eligibility_decided':
      return moves('eligibility_review', ['petitions_to_file', 'not_eligible']);
    case 'outcome_sent':
      return moves('outcome_to_send', ['closed']);
    case 'petition_filed':
      return db
        .selectFrom('petitions')
        .select('petitions.matter_id')
        .where('petitions.office_id', '=', officeId)
        .where('petitions.filed_on', 'is not', null)
        .where(since('petitions.filed_on', false))
        .where(until('petitions.filed_on', false));
    case 'touched': {
      let touched = db
        .selectFrom('matter_events')
        .select('matter_events.matter_id')
        .where('matter_events.office_id', '=', officeId)
        .where(since('matter_events.occurred_at', true))
        .where(until('matter_events.occurred_at', true));
      if (activity.by) touched = touched.where('matter_events.actor_id', '=', activity.by);
      return touched;
    }
    case 'court_granted':
      return courtOutcome('granted');
    case 'court_denied':
      return courtOutcome('denied');
    case 'court_pending':
      return db
        .selectFrom('petitions')
        .select('petitions.matter_id')
        .where('petitions.office_id', '=', officeId)
        .where('petitions.status', 'in', ['filed', 'hearing_set']);
  }
}

/** SQLite's unary plus keeps a term out of index selection; PostgreSQL's planner needs no hint. */
function hidden(scope: Pick<ViewScope, 'dialect'>, expression: RawBuilder<unknown>): RawBuilder<unknown> {
  return scope.dialect === 'sqlite' ? sql`+${expression}` : expression;
}

export interface ResolvedSort {
  key: MatterSortKey;
  direction: 'asc' | 'desc';
}

export function resolveSort(view: MatterView): ResolvedSort {
  const queue = QUEUES[view.queue];
  const key = view.sort ?? queue.sort;
  if (!sortKeysOf(view.queue).includes(key) || (view.queue === 'mine' && key === 'assignee'))
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
  county: string;
  stage: string;
  assignee_id: string | null;
  referral_source: string;
  received_on: string;
  closed_at: string | null;
  last_client_contact_at: string | null;
  earliest_document_due_on: string | null;
  next_court_date: string | null;
  rap_sheet_outstanding: number;
  s0: Value;
  s1: Value;
  s2: Value;
}

// biome-ignore lint/suspicious/noExplicitAny: the driving table differs by shape (matters, search words, convictions, clients); every column used is named in raw SQL.
export type AnyQuery = SelectQueryBuilder<any, any, ViewRow>;

function selectColumns<DB, TB extends keyof DB & string>(
  query: SelectQueryBuilder<DB, TB, object>,
  orderColumns: Expression<Value>[],
): AnyQuery {
  const sortValues = [0, 1, 2].map((i) => sql<Value>`${orderColumns[i] ?? sql`null`}`.as(`s${i}`));
  // The columns are named in raw SQL, so kysely cannot infer the row: ViewRow is its shape.
  return query.select([
    ...MATTER_COLUMNS.map((c) => sql`${ref(c)}`.as(c)),
    ...sortValues,
  ]) as unknown as AnyQuery;
}

/** The view's rows after the cursor, in order: what a page, the CSV export and the plan test run. */
export function viewQuery(scope: ViewScope, view: MatterView, after: Value[] | null, limit: number | null) {
  const driver = view.search ? searchDriverOf(scope, view.search) : null;
  const sort = resolveSort(view);
  const natural = NATURAL_SORTS[view.queue].includes(sort.key) && !driver;
  const queueWhere = queueTerms(view.queue, scope).map((term) => (natural ? term : hidden(scope, term)));
  const sortedByReceived = sort.key === 'receivedOn' && !driver;
  const where = [...queueWhere, ...filterTerms(view, scope, sortedByReceived)] as RawBuilder<SqlBool>[];

  const order = driver ? driver.order : SORT_COLUMNS[sort.key];
  const direction = driver ? 'asc' : sort.direction;
  let query = driver
    ? driver.query
    : (scope.db.selectFrom('matters').where('matters.office_id', '=', scope.officeId) as SelectQueryBuilder<
        Database,
        'matters',
        object
      >);
  for (const term of where) query = query.where(term);
  if (after) {
    if (after.length !== order.length)
      throw badInput('cursor', 'That page link is no longer valid. Go back to the first page.');
    const comparison = direction === 'asc' ? sql`>` : sql`<`;
    // The leading column alone, too: SQLite starts an expression index's range only from a plain term.
    const [leading] = order;
    if (leading)
      query = query.where(sql<SqlBool>`${leading} ${direction === 'asc' ? sql`>=` : sql`<=`} ${after[0]}`);
    query = query.where(
      sql<SqlBool>`(${sql.join(order)}) ${comparison} (${sql.join(after.map((v) => sql`${v}`))})`,
    );
  }
  for (const column of order) query = query.orderBy(column, direction);
  const selected = selectColumns(query, order);
  return { query: limit === null ? selected : selected.limit(limit), sortWidth: order.length, sort, driver };
}

/**
 * How many matters a named queue holds: the same index range its first page reads. Without an order,
 * SQLite (which keeps no statistics here) may count the broad "open matters" index instead of the
 * queue's own small one; counting the queue's rows in its own order makes it read the queue's index.
 * PostgreSQL's planner needs no such help. "All matters" counts the office's smallest index.
 */
export function countQuery(scope: ViewScope, queue: QueueId) {
  const terms = queueTerms(queue, scope);
  let rows = scope.db
    .selectFrom('matters')
    .select(sql<number>`1`.as('one'))
    .where('matters.office_id', '=', scope.officeId);
  for (const term of terms) rows = rows.where(term);
  if (scope.dialect === 'sqlite' && queue !== 'all') {
    const { sort, direction } = QUEUES[queue];
    for (const column of SORT_COLUMNS[sort]) rows = rows.orderBy(column, direction);
  }
  return scope.db.selectFrom(rows.as('queue')).select(sql<number>`count(*)`.as('count'));
}
