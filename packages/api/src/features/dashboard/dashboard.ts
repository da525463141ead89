// The supervisor dashboard's numbers: the open caseload by stage and county, the ageing of those still
// waiting for their eligibility answer against the 2-6 week promise, first-contact times, per-person workload, throughput in 12 spans of 7 days ending today and court
// outcomes. Every number counts matters, in fixed California days from today, as the view its link
// opens lists them (dashboardAddress in the domain's dashboard-links.ts: same filter, same span, same
// office). Most read counts kept with each change (0023, 0026, 0029, 0039, 0069); received and stage moves
// are kept per day and put into weeks here; the matters with a petition filed per week, or one
// pending, are counted from the petitions' own index (office, day filed, matter).
import {
  AWAITING_ANSWER_STAGES,
  addDays,
  type County,
  californiaDayStart,
  DASHBOARD_WEEKS,
  dashboardWindowStart,
  FIRST_CONTACT_BANDS,
  matterViewSchema,
  OPEN_STAGES,
  PENDING_PETITION_STATUSES,
  RECEIVED_SOURCE_GROUPS,
  rapSheetPermissionFrom,
  STAGE_MOVE_ACTIVITIES,
  type Stage,
  type StageMove,
} from '@relief-desk/domain';
import { type SqlBool, sql } from 'kysely';
import type { AuthedContext } from '../../context.ts';
import { viewScopeOf } from '../queues/list.ts';
import type { ViewScope } from '../queues/view.ts';
import { keptViewCountQuery } from '../queues/viewCount.ts';

const WEEKS = DASHBOARD_WEEKS;
export const FIRST_CONTACT_BUCKETS = FIRST_CONTACT_BANDS.map((band) => band.label);
type FirstContactBucket = (typeof FIRST_CONTACT_BANDS)[number]['label'];

const windowStart = dashboardWindowStart;

/** The matters relief was granted (or denied) for in the window: their drill-down's own count. */
function courtOutcomeMatters(scope: ViewScope, kind: 'court_granted' | 'court_denied') {
  const view = matterViewSchema.parse({
    activity: { kind, from: windowStart(scope.today), to: scope.today },
  });
  const query = keptViewCountQuery(scope, view);
  if (!query) throw new Error(`no kept count for ${kind}`);
  return query;
}

/** The week of the window (0 to 11) a day column falls in. */
function weekOfColumn(scope: ViewScope, column: string) {
  const start = windowStart(scope.today);
  return scope.dialect === 'sqlite'
    ? sql<number>`cast((julianday(${sql.ref(column)}) - julianday(${start})) / 7 as integer)`
    : sql<number>`((cast(${sql.ref(column)} as date) - cast(${start} as date)) / 7)`;
}

/** The source of each "referrals by source" column, as a list for SQL. */
const sourcesOf = (group: keyof typeof RECEIVED_SOURCE_GROUPS) =>
  sql.join(RECEIVED_SOURCE_GROUPS[group].map((source) => sql.lit(source)));

/**
 * Stage moves per California day of the window, from the counts kept with each new timeline event
 * (stage_move_days, migration 0023): put into weeks here.
 */
function stageMovesByDay(scope: ViewScope, start: string, { from, to }: StageMove) {
  return scope.db
    .selectFrom('stage_move_days')
    .select(['day', sql<number>`sum(count)`.as('count')])
    .where('office_id', '=', scope.officeId)
    .where('from_stage', '=', from)
    .where('to_stage', 'in', to)
    .where('day', '>=', start)
    .where('day', '<=', scope.today)
    .groupBy('day');
}

/**
 * The window's moves of matters that left the stage more than once (repeat_stage_moves): a matter
 * moved twice in one week (a decision corrected) counts once, as its drill-down lists it once, so a
 * week's count is its day counts less the repeats among these.
 */
function repeatedStageMoves(scope: ViewScope, start: string, { from, to }: StageMove) {
  return scope.db
    .selectFrom('repeat_stage_moves')
    .select(['occurred_at', 'matter_id'])
    .where('office_id', '=', scope.officeId)
    .where('from_stage', '=', from)
    .where('occurred_at', '>=', californiaDayStart(start))
    .where('occurred_at', '<', californiaDayStart(addDays(scope.today, 1)))
    .where('to_stage', 'in', to);
}

export function dashboardQueries(scope: ViewScope) {
  const { db, officeId, today } = scope;
  const start = windowStart(today);
  // "Touched in the last 7 days": today and the 6 California days before it.
  const last7DaysStart = addDays(today, -6);
  return {
    // The open caseload from the counts kept with every matter change (migration 0023).
    byStageCounty: db
      .selectFrom('matter_counts')
      .select(['stage', 'county', sql<number>`sum(count)`.as('count')])
      .where('office_id', '=', officeId)
      .where('open', '=', 1)
      .groupBy(['stage', 'county'])
      .having(sql<number>`sum(count)`, '>', 0),
    openByAssignee: db
      .selectFrom('matter_counts')
      .select(['assignee_id', sql<number>`sum(count)`.as('open')])
      .where('office_id', '=', officeId)
      .where('open', '=', 1)
      .groupBy('assignee_id')
      .having(sql<number>`sum(count)`, '>', 0),
    // The open matters still waiting for their answer, per person (the same counts, those stages).
    waitingByAssignee: db
      .selectFrom('matter_counts')
      .select(['assignee_id', sql<number>`sum(count)`.as('waiting')])
      .where('office_id', '=', officeId)
      .where('open', '=', 1)
      .where('stage', 'in', [...AWAITING_ANSWER_STAGES])
      .groupBy('assignee_id')
      .having(sql<number>`sum(count)`, '>', 0),
    // Only those received in the last 42 days, per person, from the counts kept per day received and
    // assignee (migration 0069; '' for none): the older ones are the waiting total less these.
    recentWaiting: db
      .selectFrom('waiting_received_days')
      .select([
        'assignee_id',
        sql<number>`sum(case when day >= ${addDays(today, -14)} then count else 0 end)`.as('within'),
        sql<number>`sum(count)`.as('recent'),
      ])
      .where('office_id', '=', officeId)
      .where('day', '>=', addDays(today, -42))
      .groupBy('assignee_id'),
    // Days to first contact per day received, from the counts kept per day and days (0029; a matter
    // not yet contacted counts as contacted 0): a few rows per day, put into bands here.
    firstContact: db
      .selectFrom('first_contact_days')
      .select([
        sql<number | null>`case when contacted = 1 then days end`.as('days'),
        sql<number>`sum(count)`.as('count'),
      ])
      .where('office_id', '=', officeId)
      .where('day', '>=', start)
      .where('day', '<=', today)
      .groupBy([sql`1`]),
    // Each matter a person worked on since midnight six days ago counts once, on the latest day they
    // did (kept with every timeline event, migration 0026): a few rows per person.
    touched: db
      .selectFrom('latest_touch_days')
      .select(['actor_id', sql<number>`sum(count)`.as('count')])
      .where('office_id', '=', officeId)
      .where('day', '>=', last7DaysStart)
      .groupBy('actor_id'),
    // Split by source: staff recorded it, a partner sent it, the person applied online, or another
    // office of the desk passed it on. From
    // the counts kept per day and source (migration 0029): at most 84 days of a few sources.
    received: db
      .selectFrom('received_days')
      .select([
        'day',
        sql<number>`sum(count)`.as('count'),
        sql<number>`sum(case when referral_source in (${sourcesOf('staff')}) then count else 0 end)`.as(
          'staff',
        ),
        sql<number>`sum(case when referral_source in (${sourcesOf('partner')}) then count else 0 end)`.as(
          'partner',
        ),
        sql<number>`sum(case when referral_source in (${sourcesOf('online')}) then count else 0 end)`.as(
          'online',
        ),
        sql<number>`sum(case when referral_source in (${sourcesOf('passedOn')}) then count else 0 end)`.as(
          'passedOn',
        ),
      ])
      .where('office_id', '=', officeId)
      .where('day', '>=', start)
      .groupBy('day'),
    decided: stageMovesByDay(scope, start, STAGE_MOVE_ACTIVITIES.eligibility_decided),
    decidedRepeats: repeatedStageMoves(scope, start, STAGE_MOVE_ACTIVITIES.eligibility_decided),
    // Matters with a petition filed, each once a week however many petitions (petitions_office_filed).
    filed: db
      .selectFrom('petitions')
      .select([
        weekOfColumn(scope, 'filed_on').as('week'),
        sql<number>`count(distinct matter_id)`.as('count'),
      ])
      .where('office_id', '=', officeId)
      .where('filed_on', '>=', start)
      .where('filed_on', '<=', today)
      .groupBy(sql`1`),
    outcomesSent: stageMovesByDay(scope, start, STAGE_MOVE_ACTIVITIES.outcome_sent),
    outcomesSentRepeats: repeatedStageMoves(scope, start, STAGE_MOVE_ACTIVITIES.outcome_sent),
    // Matters with a conviction (or an arrest) granted, or denied, relief in the window: each once,
    // from the matters kept per day decided (migration 0039), as their drill-down counts them.
    granted: courtOutcomeMatters(scope, 'court_granted'),
    denied: courtOutcomeMatters(scope, 'court_denied'),
    // Matters with a petition waiting for the court, each once: the statuses written as the partial
    // index petitions_pending_filed's (migration 0036) so both databases read that index alone.
    pending: db
      .selectFrom('petitions')
      .select(sql<number>`count(distinct matter_id)`.as('count'))
      .where('office_id', '=', officeId)
      .where(sql<SqlBool>`status in (${sql.join(PENDING_PETITION_STATUSES.map((s) => sql.lit(s)))})`),
  };
}

/**
 * One of the window's 12 spans of 7 days. The spans end today, so each starts on the weekday after
 * today's (not a calendar week, Sunday to Saturday, as the calendar's): `weekStart` is its first day.
 */
export interface WeekCounts {
  weekStart: string;
  received: number;
  /**
   * The 7 days' referrals by who sent them: a partner, the person online, another office passing it on,
   * and staff recorded every other one.
   */
  receivedBySource: { staff: number; partner: number; online: number; passedOn: number };
  decided: number;
  /** Matters with a petition filed in the 7 days (a matter with two counts once). */
  filed: number;
  outcomesSent: number;
}

export interface DashboardData {
  today: string;
  byStage: { stage: Stage; count: number }[];
  byCounty: { county: County; count: number }[];
  byStageCounty: { stage: Stage; county: County; count: number }[];
  /** The matters still waiting for their eligibility answer (AWAITING_ANSWER_STAGES), by days since received. */
  aging: { within14: number; days15to42: number; over42: number };
  firstContact: { bucket: FirstContactBucket; count: number }[];
  /**
   * Per person; `active` is false for a disabled account (who cannot sign in but may still hold open
   * matters), and for "Unassigned" and a former colleague it is null.
   */
  workload: {
    userId: string | null;
    name: string;
    active: boolean | null;
    open: number;
    overdue: number;
    /** Matters the person touched today or in the 6 days before (not since Sunday). */
    touchedLast7Days: number;
  }[];
  weeks: WeekCounts[];
  /**
   * Matters the court granted, or denied, relief on a conviction or arrest of in the window (a matter
   * with both counts in each), and matters with a petition waiting for the court. Null for a reader
   * without the RAP sheet permission (courtWithheld says why).
   */
  court: { granted: number; denied: number; pending: number } | null;
  /** Why the court outcomes are not shown, to a reader without the RAP sheet permission; else null. */
  courtWithheld: string | null;
}

/**
 * The court outcomes are criminal history: read the day before and the day after a hearing, granted
 * or denied going up by one tells what the court decided on that matter, and pending going down that
 * it decided. Without the RAP sheet permission they are neither counted nor shown.
 */
function courtOutcomesWithheld(role: AuthedContext['user']['role']): string {
  return `The court’s outcomes need the RAP sheet permission: how many matters were granted or denied relief, or wait for the court, changes when the court decides one, and so tells what it decided. ${rapSheetPermissionFrom(role)}`;
}

/** The band of a number of days; below 0 (see daysToFirstContact) is the first band. */
function bucketOf(raw: number | null): FirstContactBucket {
  const days = raw === null ? null : Math.max(raw, 0);
  const band = FIRST_CONTACT_BANDS.find((b) =>
    days === null ? b.min === null : b.min !== null && days >= b.min && (b.max === null || days <= b.max),
  );
  return band?.label ?? 'Not yet';
}

export async function dashboardData(ctx: AuthedContext): Promise<DashboardData> {
  const scope = viewScopeOf(ctx);
  const courtShown = ctx.user.canViewRapSheets;
  // One snapshot for every number, so they agree (aging's oldest band is the waiting total less the
  // recent ones): a read-only transaction, which takes no write lock on SQLite.
  const [
    stageCounty,
    openByAssignee,
    waitingByAssignee,
    recentWaiting,
    firstContact,
    touched,
    received,
    decided,
    decidedRepeats,
    filed,
    sent,
    sentRepeats,
    granted,
    denied,
    pending,
    users,
  ] = await ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((tx) => {
      const q = dashboardQueries({ ...scope, db: tx });
      return Promise.all([
        q.byStageCounty.execute(),
        q.openByAssignee.execute(),
        q.waitingByAssignee.execute(),
        q.recentWaiting.execute(),
        q.firstContact.execute(),
        q.touched.execute(),
        q.received.execute(),
        q.decided.execute(),
        q.decidedRepeats.execute(),
        q.filed.execute(),
        q.outcomesSent.execute(),
        q.outcomesSentRepeats.execute(),
        courtShown ? q.granted.executeTakeFirst() : undefined,
        courtShown ? q.denied.executeTakeFirst() : undefined,
        courtShown ? q.pending.executeTakeFirst() : undefined,
        tx
          .selectFrom('users')
          .select(['id', 'name', 'active'])
          .where('office_id', '=', scope.officeId)
          .execute(),
      ]);
    });

  const sum = <K extends string>(rows: { key: K; count: number }[]) => {
    const totals = new Map<K, number>();
    for (const { key, count } of rows) totals.set(key, (totals.get(key) ?? 0) + Number(count));
    return totals;
  };
  const byStage = sum(stageCounty.map((r) => ({ key: r.stage, count: r.count })));
  const byCounty = sum(stageCounty.map((r) => ({ key: r.county, count: r.count })));
  const contact = sum(
    firstContact.map((r) => ({ key: bucketOf(r.days === null ? null : Number(r.days)), count: r.count })),
  );

  const start = windowStart(scope.today);
  const weeks: WeekCounts[] = Array.from({ length: WEEKS }, (_, i) => ({
    weekStart: addDays(start, i * 7),
    received: 0,
    receivedBySource: { staff: 0, partner: 0, online: 0, passedOn: 0 },
    decided: 0,
    filed: 0,
    outcomesSent: 0,
  }));
  /** The week of a day of the window (undefined outside it). */
  const weekOfDay = (day: string) =>
    weeks[Math.floor((Date.parse(day.slice(0, 10)) - Date.parse(start)) / (7 * 86_400_000))];
  const addTo = (
    field: keyof Omit<WeekCounts, 'weekStart' | 'receivedBySource'>,
    rows: { day: string | null; count: number }[],
  ) => {
    for (const row of rows) {
      const week = row.day ? weekOfDay(row.day) : undefined;
      if (week) week[field] += Number(row.count);
    }
  };
  addTo('received', received);
  for (const row of received) {
    const week = weekOfDay(row.day);
    if (!week) continue;
    for (const group of ['staff', 'partner', 'online', 'passedOn'] as const)
      week.receivedBySource[group] += Number(row[group] ?? 0);
  }
  for (const row of filed) {
    const week = weeks[Number(row.week)];
    if (week) week.filed += Number(row.count);
  }
  addTo('decided', decided);
  addTo('outcomesSent', sent);
  // A matter moved n times in one week was counted n times by day: take off n - 1.
  const weekStartInstants = weeks.map((week) => californiaDayStart(week.weekStart));
  const weekOfInstant = (instant: string) => weekStartInstants.findLastIndex((from) => instant >= from);
  const takeRepeats = (
    field: 'decided' | 'outcomesSent',
    rows: { occurred_at: string; matter_id: string }[],
  ) => {
    const seen = new Set<string>();
    for (const row of rows) {
      const index = weekOfInstant(row.occurred_at);
      const week = weeks[index];
      const key = `${index} ${row.matter_id}`;
      if (week && seen.has(key)) week[field] -= 1;
      seen.add(key);
    }
  };
  takeRepeats('decided', decidedRepeats);
  takeRepeats('outcomesSent', sentRepeats);

  const names = new Map(users.map((u) => [u.id, u.name]));
  const activeById = new Map(users.map((u) => [u.id, Number(u.active) === 1]));
  const activeOf = (id: string | null) => (id ? (activeById.get(id) ?? null) : null);
  const touchedBy = new Map(touched.map((t) => [t.actor_id, Number(t.count)]));
  const people = new Map<string | null, DashboardData['workload'][number]>();
  // The kept counts write no assignee as ''.
  const personOf = (assignee: string) => (assignee === '' ? null : assignee);
  const recentBy = new Map<string | null, number>();
  for (const r of recentWaiting)
    recentBy.set(personOf(r.assignee_id), (recentBy.get(personOf(r.assignee_id)) ?? 0) + Number(r.recent));
  const waitingBy = new Map(waitingByAssignee.map((r) => [personOf(r.assignee_id), Number(r.waiting)]));
  for (const row of openByAssignee) {
    const id = personOf(row.assignee_id);
    const open = Number(row.open);
    people.set(id, {
      userId: id,
      name: id ? (names.get(id) ?? 'Former colleague') : 'Unassigned',
      active: activeOf(id),
      open,
      // Still waiting for their answer, received more than 42 days ago.
      overdue: (waitingBy.get(id) ?? 0) - (recentBy.get(id) ?? 0),
      touchedLast7Days: id ? (touchedBy.get(id) ?? 0) : 0,
    });
  }
  for (const [id, count] of touchedBy)
    if (id && !people.has(id))
      people.set(id, {
        userId: id,
        name: names.get(id) ?? 'Former colleague',
        active: activeOf(id),
        open: 0,
        overdue: 0,
        touchedLast7Days: count,
      });
  const waitingTotal = AWAITING_ANSWER_STAGES.reduce((total, stage) => total + (byStage.get(stage) ?? 0), 0);
  const recent = recentWaiting.reduce((total, r) => total + Number(r.recent), 0);
  const within14 = recentWaiting.reduce((total, r) => total + Number(r.within), 0);

  return {
    today: scope.today,
    byStage: OPEN_STAGES.map((stage) => ({ stage, count: byStage.get(stage) ?? 0 })),
    byCounty: [...byCounty].map(([county, count]) => ({ county, count })).sort((a, b) => b.count - a.count),
    byStageCounty: stageCounty.map((r) => ({
      stage: r.stage,
      county: r.county,
      count: Number(r.count),
    })),
    aging: {
      within14,
      days15to42: recent - within14,
      over42: waitingTotal - recent,
    },
    firstContact: FIRST_CONTACT_BUCKETS.map((bucket) => ({ bucket, count: contact.get(bucket) ?? 0 })),
    workload: [...people.values()].sort((a, b) => b.open - a.open),
    weeks,
    court: courtShown
      ? {
          granted: Number(granted?.count ?? 0),
          denied: Number(denied?.count ?? 0),
          pending: Number(pending?.count ?? 0),
        }
      : null,
    courtWithheld: courtShown ? null : courtOutcomesWithheld(ctx.user.role),
  };
}
