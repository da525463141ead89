// Where each number on the dashboard leads: the queue limited to exactly the matters it counts
// (open or closed, days open, first-contact band, or what happened to them in which days). Where the
// number counts something other than matters (convictions), the note says so.
import {
  addDays,
  type County,
  daysBetween,
  FIRST_CONTACT_BANDS,
  type MatterActivity,
  matterViewHref,
  type Stage,
} from '@relief-desk/domain';

export interface NumberLink {
  count: number;
  /** Null where the reader may see the number but not the list behind it. */
  href: string | null;
  /** Set when the number counts something other than the matters the queue lists. */
  note: string | null;
}

/** The dashboard's window: the 12 weeks ending today (84 days, today included). */
const WINDOW_DAYS = 84;

export const stageLink = (stage: Stage, count: number): NumberLink => ({
  count,
  href: matterViewHref({ stages: [stage], status: 'open' }),
  note: null,
});

export const countyLink = (county: County, count: number): NumberLink => ({
  count,
  href: matterViewHref({ county, status: 'open' }),
  note: null,
});

export type AgingBand = 'within14' | 'days15to42' | 'over42';
const AGING_RANGES: Record<AgingBand, [number | undefined, number | undefined]> = {
  within14: [undefined, 14],
  days15to42: [15, 42],
  over42: [43, undefined],
};
export const agingLink = (band: AgingBand, count: number): NumberLink => {
  const [daysOpenMin, daysOpenMax] = AGING_RANGES[band];
  return { count, href: matterViewHref({ status: 'open', daysOpenMin, daysOpenMax }), note: null };
};

/** The first-contact chart counts the matters received in the window, by its bands' labels. */
export const firstContactLink = (bucket: string, count: number): NumberLink => {
  const band = FIRST_CONTACT_BANDS.find((b) => b.label === bucket);
  return {
    count,
    href: matterViewHref({ firstContact: band?.id, daysOpenMax: WINDOW_DAYS - 1 }),
    note: null,
  };
};

export type ThroughputKind = 'received' | 'decided' | 'filed' | 'outcomesSent';
const ACTIVITY_OF: Record<Exclude<ThroughputKind, 'received'>, MatterActivity> = {
  decided: 'eligibility_decided',
  filed: 'petition_filed',
  outcomesSent: 'outcome_sent',
};
export const throughputLink = (
  kind: ThroughputKind,
  weekStart: string,
  today: string,
  count: number,
): NumberLink => {
  const weekEnd = addDays(weekStart, 6);
  if (kind === 'received') {
    return {
      count,
      href: matterViewHref({
        daysOpenMin: Math.max(daysBetween(weekEnd, today), 0),
        daysOpenMax: daysBetween(weekStart, today),
      }),
      note: null,
    };
  }
  return {
    count,
    href: matterViewHref({ activity: { kind: ACTIVITY_OF[kind], from: weekStart, to: weekEnd } }),
    note:
      kind === 'filed'
        ? 'Counts petitions; a matter with two petitions filed that week is listed once.'
        : null,
  };
};

export type WorkloadKind = 'open' | 'overdue' | 'touchedThisWeek';
export const workloadLink = (
  userId: string | null,
  kind: WorkloadKind,
  today: string,
  count: number,
): NumberLink => {
  const assignee = userId ?? 'unassigned';
  if (kind === 'overdue')
    return { count, href: matterViewHref({ assignee, status: 'open', daysOpenMin: 43 }), note: null };
  if (kind === 'open') return { count, href: matterViewHref({ assignee, status: 'open' }), note: null };
  return {
    count,
    href: matterViewHref({
      activity: { kind: 'touched', by: userId, from: addDays(today, -6), to: today },
    }),
    note: null,
  };
};

export type CourtOutcome = 'granted' | 'denied' | 'pending';
/**
 * Granted and denied list matters by what the court decided on their convictions: criminal history,
 * so they lead somewhere only for readers with the RAP sheet permission (the server refuses the
 * others). The totals name nobody and stay for everyone who sees the dashboard.
 */
export const courtLink = (
  outcome: CourtOutcome,
  today: string,
  count: number,
  seesRapSheets: boolean,
): NumberLink =>
  outcome !== 'pending' && !seesRapSheets
    ? { count, href: null, note: 'Counts convictions; listing them needs the RAP sheet permission.' }
    : outcome === 'pending'
      ? {
          count,
          href: matterViewHref({ activity: { kind: 'court_pending' } }),
          note: 'Counts petitions; the queue lists their matters.',
        }
      : {
          count,
          href: matterViewHref({
            activity: {
              kind: outcome === 'granted' ? 'court_granted' : 'court_denied',
              from: addDays(today, -(WINDOW_DAYS - 1)),
              to: today,
            },
          }),
          note: 'Counts convictions; the queue lists the matters they belong to.',
        };
