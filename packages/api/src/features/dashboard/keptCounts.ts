// What the counts kept by migrations 0023's, 0026's, 0029's, 0032's (0038's), 0039's and 0069's triggers should hold, counted from the
// matters, their timelines and petitions: the recount a test compares them with, and what a bulk load (the benchmark, which sets
// the triggers aside while it loads) fills them from.
import type { Database, DialectName } from '@relief-desk/db';
import { AWAITING_ANSWER_STAGES } from '@relief-desk/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import { californiaDateOf } from '../../california-day-sql.ts';
import { contactedOrOurs, daysToFirstContact } from '../queues/drillDowns.ts';
import { lastContactInstant } from '../queues/membership.ts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The granted and denied outcomes of decided petitions, on their convictions and arrests, each with
 * its petition's office, matter and day decided: what the drill-downs by the court's decision list.
 */
function courtOutcomeMatters(db: Db) {
  const members = db
    .selectFrom('petition_convictions')
    .select(['petition_id', sql<string>`outcome`.as('outcome')])
    .unionAll(db.selectFrom('petition_arrests').select(['petition_id', sql<string>`outcome`.as('outcome')]));
  const decided = db
    .selectFrom('petitions')
    .innerJoin(members.as('member'), 'member.petition_id', 'petitions.id')
    .where('petitions.status', '=', 'decided')
    .where('petitions.decided_on', 'is not', null)
    .where('member.outcome', 'in', ['granted', 'denied'])
    .select([
      'petitions.office_id as office_id',
      'petitions.matter_id as matter_id',
      sql<'granted' | 'denied'>`member.outcome`.as('outcome'),
      sql<string>`petitions.decided_on`.as('day'),
    ]);
  return db.selectFrom(decided.as('decided'));
}

/** Each kept table with the query that counts its rows afresh, in its key's order. */
export function keptCountRecounts(db: Db, dialect: DialectName) {
  const moves = db
    .selectFrom('matter_events')
    .where('from_stage', 'is not', null)
    .where('to_stage', 'is not', null);
  return {
    matter_counts: db
      .selectFrom('matters')
      .select([
        'office_id',
        'stage',
        'county',
        sql<string>`coalesce(assignee_id, '')`.as('assignee_id'),
        sql<number>`case when closed_at is null then 1 else 0 end`.as('open'),
        sql<number>`count(*)`.as('count'),
      ])
      .groupBy([sql`1`, sql`2`, sql`3`, sql`4`, sql`5`])
      .orderBy(sql`1, 2, 3, 4, 5`),
    stage_move_days: moves
      .select([
        'office_id',
        sql<string>`from_stage`.as('from_stage'),
        sql<string>`to_stage`.as('to_stage'),
        sql<string>`cast(${californiaDateOf(dialect, sql.ref('occurred_at'))} as text)`.as('day'),
        sql<number>`count(*)`.as('count'),
      ])
      .groupBy([sql`1`, sql`2`, sql`3`, sql`4`])
      .orderBy(sql`1, 2, 3, 4`),
    repeat_stage_moves: moves
      .select([
        'id as event_id',
        'office_id',
        sql<string>`from_stage`.as('from_stage'),
        sql<string>`to_stage`.as('to_stage'),
        'occurred_at',
        'matter_id',
      ])
      .where(
        sql<boolean>`(select count(*) from matter_events f where f.matter_id = matter_events.matter_id
          and f.from_stage = matter_events.from_stage and f.to_stage is not null) > 1`,
      )
      .orderBy('id'),
    // Per matter and day decided, its petitions' granted and denied outcomes (0039).
    court_outcome_matters: courtOutcomeMatters(db)
      .select(['office_id', 'matter_id', 'outcome', 'day', sql<number>`count(*)`.as('count')])
      .groupBy([sql`1`, sql`2`, sql`3`, sql`4`])
      .orderBy(sql`1, 2, 3, 4`),
    // Matters per day decided with the outcome and their previous such day ('' for none).
    court_outcome_matter_days: db
      .selectFrom(
        db
          .selectFrom(
            courtOutcomeMatters(db)
              .select(['office_id', 'matter_id', 'outcome', 'day'])
              .groupBy(['office_id', 'matter_id', 'outcome', 'day'])
              .as('days'),
          )
          .select([
            'office_id',
            'outcome',
            'day',
            sql<string>`coalesce(lag(day) over (partition by office_id, matter_id, outcome order by day), '')`.as(
              'previous_day',
            ),
          ])
          .as('chained'),
      )
      .select(['office_id', 'outcome', 'day', 'previous_day', sql<number>`count(*)`.as('count')])
      .groupBy([sql`1`, sql`2`, sql`3`, sql`4`])
      .orderBy(sql`1, 2, 3, 4`),
    // Each person's latest day on each matter they worked on, counted per day.
    latest_touch_days: db
      .selectFrom(
        db
          .selectFrom('matter_events')
          .select(['office_id', 'actor_id', 'matter_id', sql<string>`max(occurred_at)`.as('at')])
          .where('actor_id', 'is not', null)
          .groupBy(['office_id', 'actor_id', 'matter_id'])
          .as('latest'),
      )
      .select([
        'office_id',
        sql<string>`actor_id`.as('actor_id'),
        sql<string>`cast(${californiaDateOf(dialect, sql.ref('at'))} as text)`.as('day'),
        sql<number>`count(*)`.as('count'),
      ])
      .groupBy([sql`1`, sql`2`, sql`3`])
      .orderBy(sql`1, 2, 3`),
    received_days: db
      .selectFrom('matters')
      .select([
        'office_id',
        sql<string>`received_on`.as('day'),
        sql<string>`referral_source`.as('referral_source'),
        sql<number>`count(*)`.as('count'),
      ])
      .groupBy([sql`1`, sql`2`, sql`3`])
      .orderBy(sql`1, 2, 3`),
    waiting_received_days: db
      .selectFrom('matters')
      .select([
        'office_id',
        sql<string>`received_on`.as('day'),
        sql<string>`coalesce(assignee_id, '')`.as('assignee_id'),
        sql<number>`count(*)`.as('count'),
      ])
      .where('closed_at', 'is', null)
      .where('stage', 'in', [...AWAITING_ANSWER_STAGES])
      .groupBy([sql`1`, sql`2`, sql`3`])
      .orderBy(sql`1, 2, 3`),
    first_contact_days: db
      .selectFrom('matters')
      .select([
        'office_id',
        sql<string>`received_on`.as('day'),
        sql<number>`case when first_client_contact_at is null then 0 else 1 end`.as('contacted'),
        sql<number>`coalesce(${daysToFirstContact(dialect)}, 0)`.as('days'),
        sql<number>`count(*)`.as('count'),
      ])
      .where(contactedOrOurs())
      .groupBy([sql`1`, sql`2`, sql`3`, sql`4`])
      .orderBy(sql`1, 2, 3, 4`),
    open_queue_flags: db
      .selectFrom('matters')
      .select([
        'office_id',
        sql<number>`case when first_opened_at is null then 0 else 1 end`.as('opened'),
        'rap_sheet_outstanding',
        sql<number>`count(*)`.as('count'),
      ])
      .where('closed_at', 'is', null)
      .groupBy([sql`1`, sql`2`, sql`3`])
      .orderBy(sql`1, 2, 3`),
    // By source, the California day of the last contact (the day received when there has been none).
    open_contact_days: db
      .selectFrom('matters')
      .select([
        'office_id',
        sql<string>`referral_source`.as('referral_source'),
        sql<string>`cast(${californiaDateOf(dialect, lastContactInstant())} as text)`.as('day'),
        sql<number>`count(*)`.as('count'),
      ])
      .where('closed_at', 'is', null)
      .groupBy([sql`1`, sql`2`, sql`3`])
      .orderBy(sql`1, 2, 3`),
    open_earliest_due_days: db
      .selectFrom('matters')
      .select([
        'office_id',
        sql<string>`earliest_document_due_on`.as('day'),
        sql<number>`count(*)`.as('count'),
      ])
      .where('closed_at', 'is', null)
      .where('earliest_document_due_on', 'is not', null)
      .groupBy([sql`1`, sql`2`])
      .orderBy(sql`1, 2`),
  };
}

/** The kept tables, in the order they are refilled and compared. */
export const KEPT_TABLES = [
  'matter_counts',
  'stage_move_days',
  'repeat_stage_moves',
  // The chains after the days they are kept from: refilling the days also links them, one by one.
  'court_outcome_matters',
  'court_outcome_matter_days',
  'latest_touch_days',
  'received_days',
  'waiting_received_days',
  'first_contact_days',
  'open_queue_flags',
  'open_contact_days',
  'open_earliest_due_days',
] as const;

/** Empties the kept counts and fills them from a recount, in one transaction (the one given, or its own). */
export async function refillKeptCounts(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((tx) => refillKeptCounts(tx, dialect));
  // The triggers of court_outcome_matters link each day into its matter's chain of days, on
  // PostgreSQL under an advisory lock per matter. The refill fills the chains from their own recount
  // after the days, so those triggers wait until it is done: fired row by row, an office with tens of
  // thousands of decided matters took a lock each in one transaction and ran out of lock memory
  // ("out of shared memory"). The change is undone with the transaction if the refill fails.
  const postgres = dialect === 'postgres';
  if (postgres) await sql`alter table court_outcome_matters disable trigger user`.execute(db);
  const recounts = keptCountRecounts(db, dialect);
  for (const table of KEPT_TABLES) {
    await db.deleteFrom(table).execute();
    await db.insertInto(table).expression(recounts[table]).execute();
  }
  if (postgres) await sql`alter table court_outcome_matters enable trigger user`.execute(db);
}
