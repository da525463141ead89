// Where each number on the dashboard leads: the queue limited to exactly the matters it counts, by the
// domain's one definition of each (dashboardAddress: the same filter and the same fixed California days
// the server counts with). Spans are absolute days from the dashboard's own "today", so a link opened
// later, or shared, lists the matters the number counted then.
import {
  type AgingBand,
  type County,
  type CourtOutcome,
  dashboardAddress,
  FIRST_CONTACT_BANDS,
  type MatterAddress,
  matterViewHref,
  type ReceivedSourceGroup,
  type Stage,
  type ThroughputKind,
  type WorkloadKind,
} from '@relief-desk/domain';

export type { AgingBand, CourtOutcome, ThroughputKind, WorkloadKind };

export interface NumberLink {
  count: number;
  /** Null where the reader may see the number but not the list behind it. */
  href: string | null;
  /** Set when the reader should know something about the list the number opens. */
  note: string | null;
}

const linkTo = (address: MatterAddress, count: number): NumberLink => ({
  count,
  href: matterViewHref(address),
  note: null,
});

export const stageLink = (stage: Stage, count: number): NumberLink =>
  linkTo(dashboardAddress.stage(stage), count);

export const countyLink = (county: County, count: number): NumberLink =>
  linkTo(dashboardAddress.county(county), count);

export const agingLink = (band: AgingBand, today: string, count: number): NumberLink =>
  linkTo(dashboardAddress.aging(band, today), count);

/** The first-contact chart counts the matters received in the window, by its bands' labels. */
export const firstContactLink = (bucket: string, today: string, count: number): NumberLink => {
  const band = FIRST_CONTACT_BANDS.find((b) => b.label === bucket);
  return band
    ? linkTo(dashboardAddress.firstContact(band.id, today), count)
    : { count, href: null, note: null };
};

export const throughputLink = (kind: ThroughputKind, weekStart: string, count: number): NumberLink =>
  linkTo(dashboardAddress.throughput(kind, weekStart), count);

/** A week's referrals from one group of sources: the queue lists that week's from those sources only. */
export const receivedBySourceLink = (
  group: ReceivedSourceGroup,
  weekStart: string,
  count: number,
): NumberLink => linkTo(dashboardAddress.receivedBySource(group, weekStart), count);

/** Undefined where there is nothing to list: "Unassigned" touches no matters. */
export const workloadLink = (
  userId: string | null,
  kind: WorkloadKind,
  today: string,
  count: number,
): NumberLink | undefined => {
  const address = dashboardAddress.workload(userId, kind, today);
  return address ? linkTo(address, count) : undefined;
};

/**
 * Granted and denied list matters by what the court decided on their convictions: criminal history,
 * so they lead somewhere only for readers with the RAP sheet permission (the server refuses the
 * others, and does not give them the totals either: the dashboard says why in their place).
 */
export const courtLink = (
  outcome: CourtOutcome,
  today: string,
  count: number,
  seesRapSheets: boolean,
): NumberLink =>
  outcome !== 'pending' && !seesRapSheets
    ? { count, href: null, note: 'Listing these matters needs the RAP sheet permission.' }
    : linkTo(dashboardAddress.court(outcome, today), count);
