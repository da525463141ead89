// The limits a dashboard number opens a queue view with: a first-contact band and an activity in a
// span of California days. Each is a term the view adds to its own; the activity is a subquery on
// that activity's own index.
import type { DialectName } from '@relief-desk/db';
import {
  addDays,
  californiaDayStart,
  FIRST_CONTACT_BANDS,
  type FirstContactBand,
  type MatterActivityFilter,
  type Stage,
} from '@relief-desk/domain';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { californiaDateOf, hidden, ref } from './sqlTerms.ts';
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

/**
 * The matters that saw an activity in a span of California days, as a subquery on that activity's
 * own index; the page's sort index stays in charge and checks each row against the list.
 */
export function activityMatters(activity: MatterActivityFilter, scope: ViewScope) {
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
  // The court's outcome on a conviction of a petition, or on the arrest of a PC 851.91 petition.
  const courtOutcome = (outcome: 'granted' | 'denied') =>
    db
      .selectFrom('petitions')
      .innerJoin('petition_convictions', 'petition_convictions.petition_id', 'petitions.id')
      .select('petitions.matter_id')
      .where('petitions.office_id', '=', officeId)
      .where('petitions.status', '=', 'decided')
      .where('petition_convictions.outcome', '=', outcome)
      .where(since('petitions.decided_on', false))
      .where(until('petitions.decided_on', false))
      // UNION ALL: the list is asked for with IN, so a matter named twice costs nothing, while UNION
      // would sort both halves to drop repeats.
      .unionAll(
        db
          .selectFrom('petitions')
          .innerJoin('petition_arrests', 'petition_arrests.petition_id', 'petitions.id')
          .select('petitions.matter_id')
          .where('petitions.office_id', '=', officeId)
          .where('petitions.status', '=', 'decided')
          .where('petition_arrests.outcome', '=', outcome)
          .where(since('petitions.decided_on', false))
          .where(until('petitions.decided_on', false)),
      );
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
