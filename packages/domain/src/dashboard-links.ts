// Each supervisor dashboard number and the queue view it opens: one definition for both, so the list
// holds exactly the matters the number counts. The server counts with the same spans and source groups
// (packages/api dashboard.ts); the web links with these addresses; an integration test follows every
// number's address through matters.list and compares. Every span is fixed California days taken from
// the dashboard's own `today`, never "days ago", so a link opened tomorrow or shared lists the same
// matters as the number it came from.
import type { County } from './counties.ts';
import { addDays } from './dates.ts';
import type { MatterAddress } from './matter-url.ts';
import { FIRST_CONTACT_BANDS, type FirstContactBand, type MatterActivity } from './matters.ts';
import { REFERRAL_SOURCES, type ReferralSource } from './referrals.ts';
import { AWAITING_ANSWER_STAGES, type Stage } from './stages.ts';

/** The dashboard's window: the 12 weeks ending today (84 California days, today included). */
export const DASHBOARD_WEEKS = 12;

/** The first California day of the window ending `today`. */
export function dashboardWindowStart(today: string): string {
  return addDays(today, -(DASHBOARD_WEEKS * 7 - 1));
}

/**
 * The referral sources each "referrals by source" column counts: partners, online applications,
 * matters passed on by another office, and staff recorded every other one (phone, walk-in, …).
 */
export const RECEIVED_SOURCE_GROUPS = {
  staff: REFERRAL_SOURCES.filter((s) => !['partner', 'online_application', 'another_office'].includes(s)),
  partner: ['partner'],
  online: ['online_application'],
  passedOn: ['another_office'],
} as const satisfies Record<string, readonly ReferralSource[]>;
export type ReceivedSourceGroup = keyof typeof RECEIVED_SOURCE_GROUPS;

/** Open matters by days since received: 0-14, 15-42 and 43 or more, as days received, fixed. */
export type AgingBand = 'within14' | 'days15to42' | 'over42';
const AGING_DAYS: Record<AgingBand, [number | null, number | null]> = {
  within14: [null, 14],
  days15to42: [15, 42],
  over42: [43, null],
};

/** The days received of an aging band on `today` (both included; null leaves that end open). */
export function agingSpan(band: AgingBand, today: string): { from: string | null; to: string | null } {
  const [fewest, most] = AGING_DAYS[band];
  return {
    from: most === null ? null : addDays(today, -most),
    to: fewest === null ? null : addDays(today, -fewest),
  };
}

export type ThroughputKind = 'received' | 'decided' | 'filed' | 'outcomesSent';
const ACTIVITY_OF: Record<Exclude<ThroughputKind, 'received'>, MatterActivity> = {
  decided: 'eligibility_decided',
  filed: 'petition_filed',
  outcomesSent: 'outcome_sent',
};
export type WorkloadKind = 'open' | 'overdue' | 'touchedLast7Days';
export type CourtOutcome = 'granted' | 'denied' | 'pending';

/** The queue view each kind of dashboard number opens. */
export const dashboardAddress = {
  stage: (stage: Stage): MatterAddress => ({ stages: [stage], status: 'open' }),
  county: (county: County): MatterAddress => ({ county, status: 'open' }),
  stageCounty: (stage: Stage, county: County): MatterAddress => ({ stages: [stage], county, status: 'open' }),
  /** Matters still waiting for their eligibility answer, by days since received. */
  aging: (band: AgingBand, today: string): MatterAddress => {
    const { from, to } = agingSpan(band, today);
    return {
      stages: [...AWAITING_ANSWER_STAGES],
      status: 'open',
      receivedFrom: from ?? undefined,
      receivedTo: to ?? undefined,
    };
  },
  /** Matters received in the window, by the band of their days to first contact (or not yet). */
  firstContact: (band: FirstContactBand, today: string): MatterAddress => ({
    firstContact: band,
    receivedFrom: dashboardWindowStart(today),
    receivedTo: today,
  }),
  throughput: (kind: ThroughputKind, weekStart: string): MatterAddress => {
    const weekEnd = addDays(weekStart, 6);
    return kind === 'received'
      ? { receivedFrom: weekStart, receivedTo: weekEnd }
      : { activity: { kind: ACTIVITY_OF[kind], from: weekStart, to: weekEnd } };
  },
  receivedBySource: (group: ReceivedSourceGroup, weekStart: string): MatterAddress => ({
    source: RECEIVED_SOURCE_GROUPS[group],
    receivedFrom: weekStart,
    receivedTo: addDays(weekStart, 6),
  }),
  /** Null where there is nothing to list: nobody works as "Unassigned". */
  workload: (userId: string | null, kind: WorkloadKind, today: string): MatterAddress | null => {
    const assignee = userId ?? 'unassigned';
    if (kind === 'open') return { assignee, status: 'open' };
    if (kind === 'overdue')
      return {
        assignee,
        stages: [...AWAITING_ANSWER_STAGES],
        status: 'open',
        receivedTo: agingSpan('over42', today).to ?? today,
      };
    return userId ? { activity: { kind: 'touched', by: userId, from: addDays(today, -6), to: today } } : null;
  },
  court: (outcome: CourtOutcome, today: string): MatterAddress =>
    outcome === 'pending'
      ? { activity: { kind: 'court_pending' } }
      : {
          activity: {
            kind: outcome === 'granted' ? 'court_granted' : 'court_denied',
            from: dashboardWindowStart(today),
            to: today,
          },
        },
};

/** The dashboard's numbers as the server returns them (the fields the links need). */
export interface DashboardNumbers {
  today: string;
  byStage: readonly { stage: Stage; count: number }[];
  byCounty: readonly { county: County; count: number }[];
  byStageCounty: readonly { stage: Stage; county: County; count: number }[];
  aging: Record<AgingBand, number>;
  firstContact: readonly { bucket: string; count: number }[];
  workload: readonly ({ userId: string | null } & Record<WorkloadKind, number>)[];
  weeks: readonly ({ weekStart: string; receivedBySource: Record<ReceivedSourceGroup, number> } & Record<
    ThroughputKind,
    number
  >)[];
  /** Null for a reader without the RAP sheet permission: the court's outcomes are not counted for them. */
  court: Record<CourtOutcome, number> | null;
}

export interface DashboardNumber {
  /** Where the number sits in the dashboard's data, as its keys joined by dots (`weeks.3.filed`). */
  path: string;
  count: number;
  /** The view listing the matters counted; null where nothing can be (always 0). */
  address: MatterAddress | null;
}

/** Every number of the dashboard with the view it opens. */
export function dashboardNumbers(data: DashboardNumbers): DashboardNumber[] {
  const { today } = data;
  const numbers: DashboardNumber[] = [];
  const add = (path: string, count: number, address: MatterAddress | null) => {
    numbers.push({ path, count, address });
  };
  for (const [i, s] of data.byStage.entries())
    add(`byStage.${i}.count`, s.count, dashboardAddress.stage(s.stage));
  for (const [i, c] of data.byCounty.entries())
    add(`byCounty.${i}.count`, c.count, dashboardAddress.county(c.county));
  for (const [i, r] of data.byStageCounty.entries())
    add(`byStageCounty.${i}.count`, r.count, dashboardAddress.stageCounty(r.stage, r.county));
  for (const band of ['within14', 'days15to42', 'over42'] as const)
    add(`aging.${band}`, data.aging[band], dashboardAddress.aging(band, today));
  for (const [i, b] of data.firstContact.entries()) {
    const band = FIRST_CONTACT_BANDS.find((f) => f.label === b.bucket);
    add(`firstContact.${i}.count`, b.count, band ? dashboardAddress.firstContact(band.id, today) : null);
  }
  for (const [i, w] of data.workload.entries())
    for (const kind of ['open', 'overdue', 'touchedLast7Days'] as const)
      add(`workload.${i}.${kind}`, w[kind], dashboardAddress.workload(w.userId, kind, today));
  for (const [i, w] of data.weeks.entries()) {
    for (const kind of ['received', 'decided', 'filed', 'outcomesSent'] as const)
      add(`weeks.${i}.${kind}`, w[kind], dashboardAddress.throughput(kind, w.weekStart));
    for (const group of Object.keys(RECEIVED_SOURCE_GROUPS) as ReceivedSourceGroup[])
      add(
        `weeks.${i}.receivedBySource.${group}`,
        w.receivedBySource[group],
        dashboardAddress.receivedBySource(group, w.weekStart),
      );
  }
  const court = data.court;
  if (court)
    for (const outcome of ['granted', 'denied', 'pending'] as const)
      add(`court.${outcome}`, court[outcome], dashboardAddress.court(outcome, today));
  return numbers;
}
