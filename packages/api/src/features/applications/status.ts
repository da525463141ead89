// The applicant's status page (/status/<token>): for each county applied for, the stage, what the
// office asked the person for and what is still missing, and the latest status and next steps the
// office gave them. Never criminal history: no convictions, sections, case numbers or decisions.
// Every view, and every refused one, is on the office's audit log; an address that keeps opening
// links that are not links is stopped after a few an hour, and no longer fills the log.
//
// The latest status shown is the latest one that still holds: one whose delivery was given up on
// (held by the worker because it no longer held, failed for good, or taken out of the print queue)
// never reached the client and is not shown; and each one is checked by the rule that refuses staff
// composing it (unbackedStatusClaims on statusFacts, as requireBackedStatus does) against the matter's records as they are now,
// measured on the day it was given (the page itself says what of it lasts once a hearing has passed,
// status-now.ts in the server). A pause ("can't proceed") holds only until the matter moves on.

import { officeScoped } from '@relief-desk/db';
import {
  APPLICATION_LIMITS,
  type ApplicationLanguage,
  type CantProceedReasonId,
  californiaDate,
  courtStanding,
  type DocumentKind,
  type MessageStatusType,
  NEXT_STEP_IDS,
  type NextStepId,
  type Stage,
  type StatusFacts,
  unbackedStatusClaims,
} from '@relief-desk/domain';
import { writeAudit } from '../../audit.ts';
import type { Context } from '../../context.ts';
import { claimRequest } from '../../rate-limit.ts';
import { addressKey } from '../auth/throttle.ts';
import { statusFacts } from '../messages/statusFacts.ts';
import { countiesServedBy, otherOfficesServing } from '../offices/queries.ts';
import { findStatusLink, linkMatterIds } from './links.ts';

export const STATUS_VIEW_ACTION = 'applications.viewStatus';

export interface StatusOfMatter {
  county: string;
  stage: Stage;
  receivedOn: string;
  /** At "Referred out": the office it was passed on to, which holds it now; else null. */
  referredTo: string | null;
  /** At "Referred out" and not passed on: the office recorded as serving its county; else null. */
  servedBy: string | null;
  /**
   * At "Referred out" by hand in a county this office serves itself (a conflict, say), with no other
   * office of the desk serving it: the person is asked to call, not sent to the county's public
   * defender, which may be this office. Left out: false.
   */
  referredFromOwnCounty?: boolean;
  /**
   * At "Awaiting court decision" and "Outcome to send", what is before the court now: a petition
   * still to decide (`waiting`); nothing, the court having decided (`decided`); or nothing, every
   * petition withdrawn (`nothing`). Staff move the stage after; until they do, the page says what is
   * so, not "we are waiting for the court's decision" once it has decided, nor "the court has decided"
   * of a petition set back before it (a hearing continued, say). At any other stage null.
   */
  beforeCourt: 'waiting' | 'decided' | 'nothing' | null;
  /** While `waiting`: how many petitions are before the court, so the page says "petition" or "petitions". */
  petitionsBeforeCourt: number;
  /** What the office asked the person for; `missing` while it has not arrived. */
  asked: { kind: DocumentKind; missing: boolean; dueOn: string }[];
  /**
   * The latest status the office gave (sent or told some other way), as its templates say it, that
   * still holds: its delivery not given up on, and the matter's records still backing what it told.
   */
  latestStatus: {
    statusType: MessageStatusType;
    cantProceedReason: string | null;
    courtDate: string | null;
    nextSteps: NextStepId[];
  } | null;
}

export interface ApplicationStatusView {
  language: ApplicationLanguage;
  office: { name: string; phone: string; email: string; slug: string };
  matters: StatusOfMatter[];
}

export type StatusLookup =
  | { kind: 'shown'; view: ApplicationStatusView }
  | { kind: 'expired'; language: ApplicationLanguage; office: { name: string; phone: string; email: string } }
  | { kind: 'unknown' }
  | { kind: 'limited'; retryAfterSeconds: number };

/** Views of one applicant's page from one address within this long are put on record once. */
export const STATUS_VIEW_RECORDED_EVERY_SECONDS = 600;

export async function viewApplicationStatus(ctx: Context, token: string): Promise<StatusLookup> {
  const now = ctx.clock.now();
  const found = await findStatusLink(ctx.db, token, now);
  if (found.kind === 'unknown') {
    const claim = await claimRequest(
      ctx.db,
      { scope: 'unknown_status_link', limit: APPLICATION_LIMITS.unknownLinksPerHour, windowSeconds: 3600 },
      addressKey(ctx.ip),
      now,
    );
    if (!claim.allowed) return { kind: 'limited', retryAfterSeconds: claim.retryAfterSeconds };
    await writeAudit(ctx.db, ctx, {
      action: STATUS_VIEW_ACTION,
      entityType: 'status_link',
      entityId: null,
      outcome: 'denied',
      detail: { reason: 'unknown link' },
    });
    return { kind: 'unknown' };
  }
  const { holder } = found;
  const office = await ctx.db
    .selectFrom('offices')
    .select(['name', 'phone', 'email', 'slug'])
    .where('id', '=', holder.officeId)
    .executeTakeFirstOrThrow();
  const audit = { clock: ctx.clock, ip: ctx.ip, officeId: holder.officeId };
  // The page opened again and again from one address (a reload, or a program in a loop) is one read on
  // record per window, not a row on the audit chain each time; a view that shows other matters is
  // another read.
  const firstViewOf = async (shown: string) =>
    (
      await claimRequest(
        ctx.db,
        { scope: 'status_view_audit', limit: 1, windowSeconds: STATUS_VIEW_RECORDED_EVERY_SECONDS },
        `${holder.clientId} ${addressKey(ctx.ip)} ${shown}`,
        now,
      )
    ).allowed;
  if (found.kind === 'expired') {
    if (await firstViewOf('expired'))
      await writeAudit(ctx.db, audit, {
        action: STATUS_VIEW_ACTION,
        entityType: 'client',
        entityId: holder.clientId,
        outcome: 'denied',
        detail: { reason: 'link expired' },
      });
    return {
      kind: 'expired',
      language: holder.language,
      office: { name: office.name, phone: office.phone, email: office.email },
    };
  }

  // The link names the office: its records are read on that office's handle (office-scope.ts).
  const officeDb = officeScoped(ctx.db, ctx.dialect, holder.officeId);
  const matters = await officeDb
    .selectFrom('matters as m')
    .leftJoin('offices as o', 'o.id', 'm.referred_to_office_id')
    .selectAll('m')
    .select('o.name as referred_to')
    .where('m.id', 'in', [...(await linkMatterIds(officeDb, holder)), ''])
    .orderBy('m.received_on')
    .orderBy('m.id')
    .execute();
  const ids = matters.map((m) => m.id);
  const [requests, messages, moves] = ids.length
    ? await Promise.all([
        officeDb
          .selectFrom('document_requests')
          .select(['matter_id', 'kind', 'status', 'due_on'])
          .where('matter_id', 'in', ids)
          .where('requested_from', '=', 'client')
          .where('status', 'in', ['requested', 'received', 'reviewed'])
          .orderBy('requested_on')
          .orderBy('id')
          .execute(),
        officeDb
          .selectFrom('messages')
          .select(['matter_id', 'status_type', 'render_input', 'created_at'])
          .where('matter_id', 'in', ids)
          .where('status_type', 'is not', null)
          // Given up on: held as no longer right, failed for good, or taken out of the print queue.
          .where(({ exists, not, selectFrom }) =>
            not(
              exists(
                selectFrom('outbox')
                  .select('outbox.id')
                  .whereRef('outbox.message_id', '=', 'messages.id')
                  .where('outbox.state', 'in', GIVEN_UP),
              ),
            ),
          )
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .execute(),
        officeDb
          .selectFrom('matter_events')
          .select(['matter_id', (eb) => eb.fn.max('occurred_at').as('moved_at')])
          .where('matter_id', 'in', ids)
          .where('kind', '=', 'stage_changed')
          .groupBy('matter_id')
          .execute(),
      ])
    : [[], [], []];

  const latestStatuses = new Map<string, StatusOfMatter['latestStatus']>();
  const beforeCourt = new Map<string, StatusOfMatter['beforeCourt']>();
  const petitionsBeforeCourt = new Map<string, number>();
  for (const m of matters) {
    const movedAt = moves.find((x) => x.matter_id === m.id)?.moved_at ?? null;
    const given = messages
      .filter((x) => x.matter_id === m.id)
      .map((x) => ({ status: statusOf(x), givenAt: x.created_at }));
    const courtStage = COURT_STAGES.includes(m.stage);
    // The records are read once per matter, and only when it has an update to check or a court to speak of.
    const facts = given.length > 0 || courtStage ? await statusFacts(officeDb, m, californiaDate(now)) : null;
    const holding = given.find(
      ({ status, givenAt }) => status && facts && stillHolds(facts, status, givenAt, movedAt),
    );
    latestStatuses.set(
      m.id,
      holding?.status && facts ? withReasonThatHolds(facts, holding.status, holding.givenAt) : null,
    );
    if (courtStage && facts) {
      beforeCourt.set(m.id, courtStanding(facts));
      petitionsBeforeCourt.set(m.id, facts.pendingPetitions.length);
    }
  }
  // A county referred out but not passed on: the office of the desk that serves it, whether or not
  // one is recorded on the matter (one moved to Referred out by hand records none). Read only when
  // the page shows such a county.
  const notPassedOn = matters.filter((m) => m.stage === 'referred_out' && !m.passed_on_at);
  const [serving, ours] =
    notPassedOn.length === 0
      ? [new Map<string, { name: string }>(), new Set<string>()]
      : await Promise.all([
          otherOfficesServing(
            ctx.db,
            holder.officeId,
            notPassedOn.map((m) => m.county),
          ),
          countiesServedBy(ctx.db, holder.officeId),
        ]);
  /** Where a county referred out went, as the page words it; nothing for any other stage. */
  const sentOn = (m: (typeof matters)[number]) => {
    if (m.stage !== 'referred_out') return { referredTo: null, servedBy: null, referredFromOwnCounty: false };
    if (m.passed_on_at) return { referredTo: m.referred_to, servedBy: null, referredFromOwnCounty: false };
    const servedBy = m.referred_to ?? serving.get(m.county)?.name ?? null;
    return { referredTo: null, servedBy, referredFromOwnCounty: servedBy === null && ours.has(m.county) };
  };

  const view: ApplicationStatusView = {
    language: holder.language,
    office: { name: office.name, phone: office.phone, email: office.email, slug: office.slug ?? '' },
    matters: matters.map((m) => ({
      county: m.county,
      stage: m.stage,
      receivedOn: m.received_on,
      ...sentOn(m),
      beforeCourt: beforeCourt.get(m.id) ?? null,
      petitionsBeforeCourt: petitionsBeforeCourt.get(m.id) ?? 0,
      asked: requests
        .filter((r) => r.matter_id === m.id)
        .map((r) => ({ kind: r.kind, missing: r.status === 'requested', dueOn: r.due_on })),
      latestStatus: latestStatuses.get(m.id) ?? null,
    })),
  };
  if (await firstViewOf(ids.join(',')))
    await writeAudit(ctx.db, audit, {
      action: STATUS_VIEW_ACTION,
      entityType: 'client',
      entityId: holder.clientId,
      detail: { matterIds: ids, sameAddressWithinMinutes: STATUS_VIEW_RECORDED_EVERY_SECONDS / 60 },
    });
  return { kind: 'shown', view };
}

/** The stages whose words on the page speak of the court: "we are waiting for its decision", "it has decided". */
const COURT_STAGES: readonly Stage[] = ['awaiting_decision', 'outcome_to_send'];

/** Outbox states of a delivery given up on: the client did not get it (nor will, unless staff retry). */
const GIVEN_UP = ['failed', 'replaced', 'withdrawn'] as const;

/**
 * Whether a status given on `givenAt` still holds: staff composing it now would not be refused (the
 * same rule on the same facts, the court date measured on the day it was given), and a pause was
 * given after the matter's last stage move (once the matter moves on, work has resumed).
 */
function stillHolds(
  facts: StatusFacts,
  status: NonNullable<StatusOfMatter['latestStatus']>,
  givenAt: string,
  movedAt: string | null,
): boolean {
  if (status.statusType === 'cant_proceed' && movedAt !== null && movedAt > givenAt) return false;
  // The pause's reason is not asked of it here: a pause whose reason the records stopped backing is
  // still the latest thing said, not an older update (the page shows it without the reason, below).
  const choice = { statusType: status.statusType, courtDate: status.courtDate, nextSteps: status.nextSteps };
  return unbackedStatusClaims(choice, { ...facts, today: californiaDate(new Date(givenAt)) }).length === 0;
}

/**
 * The status as the page shows it: a pause's reason only while the records still back it ("You are
 * still on probation", and the person's facts now say they are not: the pause stands, the reason goes).
 */
function withReasonThatHolds(
  facts: StatusFacts,
  status: NonNullable<StatusOfMatter['latestStatus']>,
  givenAt: string,
): NonNullable<StatusOfMatter['latestStatus']> {
  if (status.statusType !== 'cant_proceed' || status.cantProceedReason === null) return status;
  const choice = {
    statusType: status.statusType,
    cantProceedReason: status.cantProceedReason as CantProceedReasonId,
    courtDate: status.courtDate,
    nextSteps: [],
  };
  const unbacked = unbackedStatusClaims(choice, { ...facts, today: californiaDate(new Date(givenAt)) });
  return unbacked.some((p) => p.path === 'cantProceedReason')
    ? { ...status, cantProceedReason: null }
    : status;
}

function statusOf(
  message: { status_type: MessageStatusType | null; render_input: string } | undefined,
): StatusOfMatter['latestStatus'] {
  const type = message?.status_type;
  if (!message || !type) return null;
  let choice: { cantProceedReason?: unknown; courtDate?: unknown; nextSteps?: unknown };
  try {
    const parsed = JSON.parse(message.render_input) as { kind?: unknown; choice?: typeof choice } | null;
    // What was told cannot be read, so whether it still holds cannot be checked: it is not shown.
    if (parsed?.kind !== 'status' || !parsed.choice) return null;
    choice = parsed.choice;
  } catch {
    return null;
  }
  const steps = Array.isArray(choice.nextSteps) ? choice.nextSteps : [];
  return {
    statusType: type,
    cantProceedReason: typeof choice.cantProceedReason === 'string' ? choice.cantProceedReason : null,
    courtDate: typeof choice.courtDate === 'string' ? choice.courtDate : null,
    nextSteps: steps.filter((s): s is NextStepId => (NEXT_STEP_IDS as readonly string[]).includes(String(s))),
  };
}
