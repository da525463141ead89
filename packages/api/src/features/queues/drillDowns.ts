// The limits a dashboard number opens a queue view with: a first-contact band, a term the view adds
// to its own, and an activity in a span of California days, which drives the view from that
// activity's own index, most recent first.
import type { DialectName } from '@relief-desk/db';
import {
  addDays,
  californiaDayStart,
  FIRST_CONTACT_BANDS,
  type FirstContactBand,
  type MatterActivityFilter,
  PENDING_PETITION_STATUSES,
  STAGE_MOVE_ACTIVITIES,
  type StageMove,
} from '@relief-desk/domain';
import { type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { californiaDateOf } from '../../california-day-sql.ts';
import { withMatters } from './search.ts';
import { hidden, ref } from './sqlTerms.ts';
import type { ViewScope } from './view.ts';

/**
 * Whole days from referral (a California date) to the first message or call (a UTC instant), counted
 * in California days on both databases (daylight saving included). The first band has no lower bound,
 * for a contact recorded before the day entered as received.
 */
export function daysToFirstContact(dialect: DialectName): RawBuilder<number> {
  const contactDay = californiaDateOf(dialect, ref('first_client_contact_at'));
  const received = ref('received_on');
  return dialect === 'sqlite'
    ? sql<number>`cast(julianday(${contactDay}) - julianday(${received}) as integer)`
    : sql<number>`(${contactDay} - ${received}::date)`;
}

/**
 * First contact leaves out matters referred out before anyone here contacted the person: they were
 * never this office's to contact. (Contacted, then referred out, they count.)
 */
export function contactedOrOurs(stage: RawBuilder<unknown> = sql`${ref('stage')}`): RawBuilder<SqlBool> {
  return sql<SqlBool>`not (${stage} = 'referred_out' and ${ref('first_client_contact_at')} is null)`;
}

export function firstContactTerm(id: FirstContactBand, scope: ViewScope): RawBuilder<SqlBool> {
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
 * Drill-downs whose list states criminal history: that the court granted or denied relief on a named
 * person's conviction or arrest. Listing them needs the RAP sheet permission, as the outcome itself
 * does; the dashboard's office-wide totals name nobody and stay with the dashboard's own permission. (A
 * petition pending names no outcome: the "awaiting court decision" queue shows the same to everyone.)
 */
export const CRIMINAL_HISTORY_ACTIVITIES: ReadonlySet<MatterActivityFilter['kind']> = new Set([
  'court_granted',
  'court_denied',
]);

/** The activity's first and last California day as terms on a date column or an instant column. */
function spanTerms(activity: MatterActivityFilter, column: RawBuilder<unknown>, instant: boolean) {
  const terms: RawBuilder<SqlBool>[] = [];
  if (activity.from)
    terms.push(sql<SqlBool>`${column} >= ${instant ? californiaDayStart(activity.from) : activity.from}`);
  if (activity.to)
    terms.push(
      instant
        ? sql<SqlBool>`${column} < ${californiaDayStart(addDays(activity.to, 1))}`
        : sql<SqlBool>`${column} <= ${activity.to}`,
    );
  return terms;
}

/**
 * Where an activity's rows live: their table, the date each happened on (a day, or an instant) and
 * what makes a row of that table the activity in the span, as terms on a given alias of the table.
 */
interface ActivityRows {
  table: 'matter_events' | 'petitions';
  at: (alias: string) => RawBuilder<string>;
  terms: (alias: string) => RawBuilder<SqlBool>[];
}

/** The alias whose terms check a matter's other rows: they are read by the matter, not by the span. */
const LATER = 'later_row';

function activityRowsOf(activity: MatterActivityFilter, scope: ViewScope): ActivityRows {
  const { officeId } = scope;
  // A matter's other rows are found by its id; on SQLite the span's terms would otherwise lead it to
  // read the whole span's index for each row listed.
  const column = (alias: string, name: string) =>
    alias === LATER ? hidden(scope, sql`${sql.ref(`${alias}.${name}`)}`) : sql.ref(`${alias}.${name}`);
  const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));
  const moves = ({ from, to }: StageMove): ActivityRows => ({
    table: 'matter_events',
    at: (a) => sql<string>`${column(a, 'occurred_at')}`,
    terms: (a) => [
      sql<SqlBool>`${column(a, 'office_id')} = ${officeId}`,
      sql<SqlBool>`${column(a, 'from_stage')} = ${sql.lit(from)}`,
      sql<SqlBool>`${column(a, 'to_stage')} in (${list(to)})`,
      ...spanTerms(activity, column(a, 'occurred_at'), true),
    ],
  });
  // The court's outcome on a conviction of a petition, or on the arrest of a PC 851.91 petition.
  const courtOutcome = (outcome: 'granted' | 'denied'): ActivityRows => ({
    table: 'petitions',
    at: (a) => sql<string>`${column(a, 'decided_on')}`,
    terms: (a) => [
      sql<SqlBool>`${column(a, 'office_id')} = ${officeId}`,
      sql<SqlBool>`${column(a, 'status')} = 'decided'`,
      // A decision counts on its day (the kept counts', 0039): none without one.
      sql<SqlBool>`${column(a, 'decided_on')} is not null`,
      ...spanTerms(activity, column(a, 'decided_on'), false),
      // One exists over both tables, not two joined by "or": PostgreSQL answered an "or" of the two by
      // hashing every petition conviction of the outcome first (at 100,000 matters, 22,431 of them:
      // 11.4 ms for a page of 51, against 0.65 ms looking up each petition's).
      sql<SqlBool>`exists (select 1 from petition_convictions pc where pc.petition_id = ${column(a, 'id')} and pc.outcome = ${outcome}
        union all select 1 from petition_arrests pa where pa.petition_id = ${column(a, 'id')} and pa.outcome = ${outcome})`,
    ],
  });
  switch (activity.kind) {
    case 'eligibility_decided':
      return moves(STAGE_MOVE_ACTIVITIES.eligibility_decided);
    case 'outcome_sent':
      return moves(STAGE_MOVE_ACTIVITIES.outcome_sent);
    case 'petition_filed':
      return {
        table: 'petitions',
        at: (a) => sql<string>`${column(a, 'filed_on')}`,
        terms: (a) => [
          sql<SqlBool>`${column(a, 'office_id')} = ${officeId}`,
          sql<SqlBool>`${column(a, 'filed_on')} is not null`,
          ...spanTerms(activity, column(a, 'filed_on'), false),
        ],
      };
    case 'touched':
      return {
        table: 'matter_events',
        at: (a) => sql<string>`${column(a, 'occurred_at')}`,
        terms: (a) => [
          sql<SqlBool>`${column(a, 'office_id')} = ${officeId}`,
          ...(activity.by ? [sql<SqlBool>`${column(a, 'actor_id')} = ${activity.by}`] : []),
          ...spanTerms(activity, column(a, 'occurred_at'), true),
        ],
      };
    case 'court_granted':
      return courtOutcome('granted');
    case 'court_denied':
      return courtOutcome('denied');
    case 'court_pending':
      // Written as the partial index petitions_pending_filed is (migration 0036), so both use it.
      return {
        table: 'petitions',
        at: (a) => sql<string>`coalesce(${column(a, 'filed_on')}, '')`,
        terms: (a) => [
          sql<SqlBool>`${column(a, 'office_id')} = ${officeId}`,
          sql<SqlBool>`${column(a, 'status')} in (${list(PENDING_PETITION_STATUSES)})`,
        ],
      };
  }
}

export interface ActivityDriver {
  // biome-ignore lint/suspicious/noExplicitAny: the driving table differs by activity; view.ts names every column in raw SQL.
  query: SelectQueryBuilder<any, any, object>;
  /** The activity's date and the matter: a drill-down lists the most recent first. */
  order: RawBuilder<string>[];
}

/**
 * A drill-down's matters, read from the activity's own index most recent first (withMatters keeps
 * SQLite's planner from starting anywhere else), each matter once: on its latest row of the activity in the
 * span (latest by date, then by the row's id), so a matter decided twice in a week is listed on
 * the later decision. A first page reads about a page of the activity's rows however many matters
 * the office holds, and the cursor (date, matter) pages to the end.
 */
export function activityDriverOf(scope: ViewScope, activity: MatterActivityFilter): ActivityDriver {
  const rows = activityRowsOf(activity, scope);
  const row = sql.ref('activity_row.id');
  const laterRow = sql.ref(`${LATER}.id`);
  let query = withMatters(
    scope,
    scope.db.selectFrom(sql.table(rows.table).as('activity_row')),
    'activity_row',
  );
  for (const term of rows.terms('activity_row')) query = query.where(term);
  const later = sql<SqlBool>`not exists (select 1 from ${sql.table(rows.table)} ${sql.ref(LATER)}
    where ${sql.ref(`${LATER}.matter_id`)} = activity_row.matter_id and ${sql.join(rows.terms(LATER), sql` and `)}
    and (${rows.at(LATER)}, ${laterRow}) > (${rows.at('activity_row')}, ${row}))`;
  return {
    query: query.where(later),
    order: [rows.at('activity_row'), sql<string>`${sql.ref('activity_row.matter_id')}`],
  };
}

/**
 * The matters that saw an activity in a span of California days, as a list to check a search's
 * matters against (a search keeps its best-match order; the activity drives every other drill-down).
 */
export function activityMatters(activity: MatterActivityFilter, scope: ViewScope) {
  const rows = activityRowsOf(activity, scope);
  let query = scope.db
    .selectFrom(sql.table(rows.table).as('activity_row'))
    .select(sql.ref('activity_row.matter_id').as('matter_id'));
  for (const term of rows.terms('activity_row')) query = query.where(term);
  return query;
}
