// Recording a referral: creates or updates the client and opens one matter per county, all in one
// transaction. Counties this office serves start at "referral received"; others are referred out.
// Staff record referrals here, and so do partners (through the API), applicants (online) and other
// offices passing a matter on: those have no person acting and attach to no known client (but for a
// matter passed on again), and a likely match is flagged on the new matters' timelines for staff to
// merge or keep apart, never merged and never told to the sender.
// All of it runs on a transaction held to the receiving office (OfficeTx): a likely match, an
// attached client or a "not the same person" is looked for among that office's clients only.
import {
  insertOfficeRow,
  inTransaction,
  newId,
  type OfficeDb,
  type OfficeTx,
  takeTurns,
} from '@relief-desk/db';
import {
  birthDateProblem,
  type County,
  californiaDate,
  describeLikelyReasons,
  isOpenStage,
  nameSortKey,
  nameWithBirthDate,
  REFERRAL_SOURCE_LABELS,
  type RecordReferral,
  readableDate,
  type Stage,
} from '@relief-desk/domain';
import { writeAudit } from '../../audit.ts';
import type { AuthedContext, Context, OfficeContext } from '../../context.ts';
import { badInput, notFound } from '../../errors.ts';
import { clientColumns } from '../../matter-core/clientColumns.ts';
import { nextMatterReference, recordEvent } from '../../matter-core/events.ts';
import { matchingClients } from '../clients/matching.ts';
import { saveClientDetails } from '../clients/updateClient.ts';
import { countyPlacements } from '../offices/queries.ts';

export interface RecordedMatter {
  id: string;
  reference: string;
  county: string;
  stage: Stage;
  referredTo: string | null;
}

export interface RecordedReferral {
  clientId: string;
  matters: RecordedMatter[];
}

/** Who records the referral: a signed-in person, or nobody (a partner's key, an online application). */
type Recorder =
  | { staff: AuthedContext; officeId: string; userId: string }
  | { staff: null; officeId: string; userId: null };

/** A referral no person recorded: the handle is the receiving office's (its key's, its form's). */
export type IncomingContext = Omit<Context, 'db'> & { db: OfficeDb };

export interface IncomingReferralOptions {
  /** Put on the audit row (ids only): which partner key sent it, say. */
  auditDetail: Record<string, unknown>;
  /**
   * The client this office already holds for the person: a matter passed on to it again, after the
   * one passed before was closed here. The new matter is theirs; the caller sends their own details.
   */
  heldClient?: { id: string; version: number };
  /** A person of another office who passed the matter on: the row on this office's log names them. */
  passedOnBy?: { userId: string };
}

/** A referral a person recorded on the staff form: a likely match must be resolved first. */
export function recordReferral(ctx: OfficeContext, input: RecordReferral): Promise<RecordedReferral> {
  return inTransaction(ctx.db, ({ tx }) =>
    record(ctx, { staff: ctx, officeId: ctx.user.officeId, userId: ctx.user.id }, input, null, tx),
  );
}

/**
 * A referral from outside the office (partner API, online application, another office) for this
 * office: a new client, a likely match among the office's clients flagged for staff on each new
 * matter; only a matter passed on again comes to the client the office already holds (heldClient).
 */
export function recordIncomingReferral(
  ctx: IncomingContext,
  officeId: string,
  input: RecordReferral,
  options: IncomingReferralOptions,
): Promise<RecordedReferral> {
  return inTransaction(ctx.db, ({ tx }) => recordIncomingReferralIn(tx, ctx, officeId, input, options));
}

/** The same, inside a transaction the caller holds (and commits), held to the office. */
export function recordIncomingReferralIn(
  tx: OfficeTx,
  ctx: Context,
  officeId: string,
  input: RecordReferral,
  options: IncomingReferralOptions,
): Promise<RecordedReferral> {
  return record(
    ctx,
    { staff: null, officeId, userId: null },
    { ...input, existingClient: null, notSamePersonAs: [] },
    options,
    tx,
  );
}

async function record(
  ctx: Context,
  by: Recorder,
  input: RecordReferral,
  incoming: IncomingReferralOptions | null,
  tx: OfficeTx,
): Promise<RecordedReferral> {
  const now = ctx.clock.now();
  const today = californiaDate(now);
  if (input.receivedOn > today) throw badInput('receivedOn', 'The date received cannot be in the future.');
  const birthDate = birthDateProblem(input.client.dateOfBirth, today);
  if (birthDate) throw badInput('client.dateOfBirth', birthDate);
  // No one is referred before they are born: one of the two years is mistyped.
  if (input.receivedOn < input.client.dateOfBirth)
    throw badInput('receivedOn', 'The date received is before the date of birth: check both years.');

  // Referrals of one office take turns from the likely-match check to the new client's insert: two of
  // one person arriving at once (two tabs, a partner and the online form) must not both find no match.
  await takeTurns(tx, 'referral', by.officeId);
  let flagged: Awaited<ReturnType<typeof likelyMatches>> = [];
  const held = incoming?.heldClient ?? null;
  if (by.staff) await requireLikelyMatchesResolved(tx, by.staff, input);
  else flagged = await likelyMatches(tx, by.officeId, input, held ? [held.id] : []);
  const actor = { clock: ctx.clock, user: by.userId ? { id: by.userId } : null };
  let clientId: string;
  if (by.staff) clientId = await saveClient(tx, by.staff, input);
  else if (held) clientId = await saveHeldClient(tx, actor, held, input);
  else clientId = await insertClient(tx, ctx, by, input);
  // A client made just now has no matters yet.
  if (by.staff || held) await refuseDuplicateMatters(tx, clientId, input.counties, held !== null);
  if (by.staff) await recordNotSamePerson(tx, by.staff, clientId, input);

  const placements = await placementsIn(tx, by.officeId, input.counties);
  const source = REFERRAL_SOURCE_LABELS[input.source.kind].toLowerCase();
  const sourceText = input.source.detail ? `${source} (${input.source.detail})` : source;

  const matters: RecordedMatter[] = [];
  for (const { county, ours, referredTo } of placements) {
    const stage: Stage = ours ? 'referral_received' : 'referred_out';
    const id = newId(now);
    const reference = await nextMatterReference(tx, by.officeId, today.slice(0, 4));
    // Compiled once (partner referrals come many a second), as is the new client's row.
    await insertOfficeRow(tx, 'matters', {
      id,
      reference,
      office_id: by.officeId,
      client_id: clientId,
      county,
      stage,
      referred_to_office_id: referredTo?.id ?? null,
      assignee_id: null,
      referral_source: input.source.kind,
      referral_source_detail: input.source.detail,
      received_on: input.receivedOn,
      // Referred out is a closed stage: it leaves the open caseload, queues and aging at once.
      closed_at: isOpenStage(stage) ? null : now.toISOString(),
      referral_note: input.note,
      referral_note_about_record: input.noteAboutRecord && input.note !== '' ? 1 : 0,
      client_sort_name: nameSortKey(input.client.legalName),
      client_language: input.client.preferredLanguage,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      updated_by: by.userId,
      version: 1,
    });
    const matter = { id, officeId: by.officeId };
    await recordEvent(
      tx,
      actor,
      matter,
      'referral_received',
      `Referral received by ${sourceText} on ${readableDate(input.receivedOn)}.`,
      {
        source: input.source.kind,
      },
    );
    if (stage === 'referred_out') {
      const summary = referredTo
        ? `${county} County is served by ${referredTo.name}: referred out to them.`
        : `No office in Relief Desk serves ${county} County: marked referred out; find the local public defender.`;
      await recordEvent(tx, actor, matter, 'referred_out', summary, { toOfficeId: referredTo?.id ?? null });
    }
    if (flagged.length > 0)
      await recordEvent(
        tx,
        actor,
        matter,
        'possible_duplicate',
        `This may be a client you already have: ${describeMatches(flagged)}. If it is the same person, merge the two records; the sender was not told.`,
        { clientIds: flagged.map((m) => m.client.id) },
      );
    matters.push({ id, reference, county, stage, referredTo: referredTo?.name ?? null });
  }

  const sender = incoming?.passedOnBy ? { id: incoming.passedOnBy.userId, officeId: by.officeId } : null;
  await writeAudit(tx, by.staff ?? { ...ctx, user: sender, officeId: by.officeId }, {
    action: 'referrals.record',
    entityType: 'client',
    entityId: clientId,
    detail: {
      matterIds: matters.map((m) => m.id),
      attachedToExisting: input.existingClient !== null || held !== null,
      notSamePersonAs: input.notSamePersonAs.map((d) => d.clientId),
      ...(incoming ? { ...incoming.auditDetail, possibleDuplicateOf: flagged.map((m) => m.client.id) } : {}),
    },
  });
  return { clientId, matters };
}

/**
 * Where each county's matter goes (countyPlacements), once per transaction for the same office and
 * counties: referrals committed together (partners' group commit) share the answer, since no
 * referral changes which office serves a county.
 */
const placementsOf = new WeakMap<OfficeTx, Map<string, ReturnType<typeof countyPlacements>>>();
function placementsIn(tx: OfficeTx, officeId: string, counties: readonly County[]) {
  let known = placementsOf.get(tx);
  if (!known) {
    known = new Map();
    placementsOf.set(tx, known);
  }
  const key = `${officeId}\n${counties.join('\n')}`;
  let placements = known.get(key);
  if (!placements) {
    placements = countyPlacements(tx, officeId, counties);
    known.set(key, placements);
    // A failed look-up is not kept: the next referral asks again.
    placements.catch(() => known.delete(key));
  }
  return placements;
}

/** A new client for a referral no person recorded. */
async function insertClient(
  tx: OfficeTx,
  ctx: Context,
  by: Recorder,
  input: RecordReferral,
): Promise<string> {
  const now = ctx.clock.now();
  const id = newId(now);
  await insertOfficeRow(tx, 'clients', {
    id,
    office_id: by.officeId,
    ...clientColumns(input.client),
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    updated_by: by.userId,
    version: 1,
  });
  return id;
}

async function saveClient(tx: OfficeTx, ctx: AuthedContext, input: RecordReferral): Promise<string> {
  const now = ctx.clock.now().toISOString();
  const columns = clientColumns(input.client);
  if (!input.existingClient) {
    const id = newId(ctx.clock.now());
    await tx
      .insertInto('clients')
      .values({
        id,
        office_id: ctx.user.officeId,
        ...columns,
        created_at: now,
        updated_at: now,
        updated_by: ctx.user.id,
        version: 1,
      })
      .execute();
    return id;
  }

  await saveClientDetails(tx, ctx, input.existingClient, input.client);
  return input.existingClient.id;
}

/**
 * The client the office holds for a person whose matter is passed on again: the caller sends that
 * client's own details (passOn.ts), never another office's over them, so nothing changes but the
 * version, which refuses an edit of the client begun before.
 */
async function saveHeldClient(
  tx: OfficeTx,
  actor: { clock: Context['clock']; user: null | { id: string } },
  held: { id: string; version: number },
  input: RecordReferral,
): Promise<string> {
  await saveClientDetails(tx, actor, held, input.client);
  return held.id;
}

// A second open matter for the same person and county would split one case in two.
async function refuseDuplicateMatters(
  tx: OfficeTx,
  clientId: string,
  counties: readonly County[],
  passedOnAgain = false,
): Promise<void> {
  const existing = await tx
    .selectFrom('matters')
    .select(['reference', 'county', 'stage'])
    .where('client_id', '=', clientId)
    .where('county', 'in', counties)
    .execute();
  const open = existing.filter((m) => isOpenStage(m.stage));
  // Opened there as the matter was passed on: that office's references are not the sender's to read.
  if (open.length > 0 && passedOnAgain)
    throw badInput(
      'matterId',
      'That office opened a matter of this person for the county just now: pass the matter on again, and it goes to that matter.',
    );
  if (open.length > 0) {
    const list = open.map((m) => `${m.county} (matter ${m.reference})`).join(', ');
    throw badInput(
      'counties',
      `This person already has an open matter in ${list}. Untick that county, or add to the open matter instead.`,
    );
  }
}

/**
 * A new client may not be saved over a likely match (domain: likelyMatchReasons) that staff have
 * not resolved: attach the referral to it, or say why it is not the same person. The clients named
 * as "not the same person", and the one attached to, must be this office's and not merged away.
 */
async function requireLikelyMatchesResolved(
  tx: OfficeTx,
  ctx: AuthedContext,
  input: RecordReferral,
): Promise<void> {
  const named = input.notSamePersonAs.map((d) => d.clientId);
  const chosen = [...named, ...(input.existingClient ? [input.existingClient.id] : [])];
  if (input.existingClient && named.includes(input.existingClient.id))
    throw badInput(
      'notSamePersonAs',
      'You attached the referral to a client and also said they are not the same person. Choose one.',
    );
  if (chosen.length > 0) {
    const found = await tx
      .selectFrom('clients as c')
      .leftJoin('clients as survivor', 'survivor.id', 'c.merged_into_client_id')
      .select(['c.id', 'c.legal_name', 'c.merged_into_client_id', 'survivor.legal_name as survivor_name'])
      .where('c.id', 'in', chosen)
      .execute();
    const missing = chosen.find((id) => !found.some((c) => c.id === id));
    if (missing)
      throw notFound('The client you chose', {
        entityType: 'client',
        entityId: missing,
        concerns: [{ entityType: 'client', ids: chosen }],
      });
    const merged = found.find((c) => c.merged_into_client_id !== null);
    if (merged)
      throw badInput(
        merged.id === input.existingClient?.id ? 'existingClient' : 'notSamePersonAs',
        `${merged.legal_name}’s record was merged into ${merged.survivor_name ?? 'another client'}’s. Look the person up again and choose ${merged.survivor_name ?? 'that client'}.`,
      );
  }
  if (input.existingClient) return;

  const likely = await likelyMatches(tx, ctx.user.officeId, input, named);
  if (likely.length === 0) return;
  const list = describeMatches(likely);
  throw badInput(
    'notSamePersonAs',
    likely.length === 1
      ? `This may be a client you already have: ${list}. Attach the referral to them, or say why they are not the same person, then save again.`
      : `This may be a client you already have: ${list}. Attach the referral to one of them, or say why each is not the same person, then save again.`,
  );
}

/** The office's clients likely to be the person referred (see likelyMatchReasons). */
async function likelyMatches(tx: OfficeTx, officeId: string, input: RecordReferral, excludeIds: string[]) {
  return (
    await matchingClients(
      tx,
      officeId,
      {
        names: [input.client.legalName, ...input.client.otherNames.map((o) => o.name)],
        dateOfBirth: input.client.dateOfBirth,
        phone: input.client.phone,
        email: input.client.email,
      },
      { excludeIds, limit: Number.POSITIVE_INFINITY },
    )
  ).filter((m) => m.likely.length > 0);
}

function describeMatches(likely: Awaited<ReturnType<typeof likelyMatches>>): string {
  return likely
    .map(
      (m) =>
        `${nameWithBirthDate(m.client.legal_name, m.client.date_of_birth)}: ${describeLikelyReasons(m.likely)}`,
    )
    .join('; ');
}

/** "Not the same person" decisions, kept so staff see them later (a pair already decided is not repeated). */
async function recordNotSamePerson(
  tx: OfficeTx,
  ctx: AuthedContext,
  clientId: string,
  input: RecordReferral,
): Promise<void> {
  const now = ctx.clock.now();
  for (const decision of input.notSamePersonAs) {
    const already = await tx
      .selectFrom('client_distinctions')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('client_id', '=', clientId), eb('other_client_id', '=', decision.clientId)]),
          eb.and([eb('client_id', '=', decision.clientId), eb('other_client_id', '=', clientId)]),
        ]),
      )
      .executeTakeFirst();
    if (already) continue;
    await tx
      .insertInto('client_distinctions')
      .values({
        id: newId(now),
        office_id: ctx.user.officeId,
        client_id: clientId,
        other_client_id: decision.clientId,
        reason: decision.reason,
        decided_by: ctx.user.id,
        decided_at: now.toISOString(),
      })
      .execute();
  }
}
