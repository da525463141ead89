// Where each number on the dashboard leads: the queue filtered to those matters. Where the queue has
// no filter that matches exactly, the link goes to the closest view and its note says what differs.
import { addDays, daysBetween, type Stage } from '@relief-desk/domain';

export interface NumberLink {
  count: number;
  href: string;
  /** Set when the queue view is only the closest match for the number. */
  note: string | null;
}

const OPEN_ONLY_NOTE = 'The chart counts open matters; the queue also lists closed ones.';

function matters(params: Record<string, string | number | null>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null) query.set(key, String(value));
  return `/matters?${query}`;
}

export const stageLink = (stage: Stage, count: number): NumberLink => ({
  count,
  href: matters({ stage }),
  note: null,
});

export const countyLink = (county: string, count: number): NumberLink => ({
  count,
  href: matters({ county }),
  note: OPEN_ONLY_NOTE,
});

export type AgingBand = 'within14' | 'days15to42' | 'over42';
const AGING_RANGES: Record<AgingBand, [number | null, number | null]> = {
  within14: [null, 14],
  days15to42: [15, 42],
  over42: [43, null],
};
export const agingLink = (band: AgingBand, count: number): NumberLink => {
  const [daysMin, daysMax] = AGING_RANGES[band];
  return { count, href: matters({ daysMin, daysMax }), note: OPEN_ONLY_NOTE };
};

export const firstContactLink = (count: number): NumberLink => ({
  count,
  href: matters({ queue: 'needs_client_update' }),
  note: 'The queue has no filter by first-contact time; this opens “Needs client update”.',
});

export type ThroughputKind = 'received' | 'decided' | 'filed' | 'outcomesSent';
export const throughputLink = (
  kind: ThroughputKind,
  weekStart: string,
  today: string,
  count: number,
): NumberLink => {
  if (kind === 'received') {
    const weekEnd = addDays(weekStart, 6);
    return {
      count,
      href: matters({
        daysMin: Math.max(daysBetween(weekEnd, today), 0),
        daysMax: daysBetween(weekStart, today),
      }),
      note: null,
    };
  }
  const closest: Record<Exclude<ThroughputKind, 'received'>, [Record<string, string>, string]> = {
    decided: [
      { queue: 'ready_to_file' },
      'The queue cannot filter by decision date; this opens “Ready to file”.',
    ],
    filed: [
      { queue: 'awaiting_decision' },
      'The queue cannot filter by filing date; this opens “Awaiting court decision”.',
    ],
    outcomesSent: [
      { stage: 'closed' },
      'The queue cannot filter by the day an outcome was sent; this opens closed matters.',
    ],
  };
  const [params, note] = closest[kind];
  return { count, href: matters(params), note };
};

export type WorkloadKind = 'open' | 'overdue' | 'touchedThisWeek';
export const workloadLink = (userId: string | null, kind: WorkloadKind, count: number): NumberLink => {
  const assignee = userId ?? 'unassigned';
  if (kind === 'overdue') return { count, href: matters({ assignee, daysMin: 43 }), note: OPEN_ONLY_NOTE };
  if (kind === 'open') return { count, href: matters({ assignee }), note: OPEN_ONLY_NOTE };
  return {
    count,
    href: matters({ assignee }),
    note: 'The queue cannot filter by who touched a matter this week; this opens the person’s matters.',
  };
};

export type CourtOutcome = 'granted' | 'denied' | 'pending';
export const courtLink = (outcome: CourtOutcome, count: number): NumberLink =>
  outcome === 'pending'
    ? { count, href: matters({ queue: 'awaiting_decision' }), note: null }
    : {
        count,
        href: matters({ queue: 'outcome_to_send' }),
        note: 'The queue cannot filter by court outcome; this opens “Outcome to send”.',
      };
