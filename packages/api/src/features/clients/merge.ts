// Merging two records of one person, and undoing it within 30 days. Everything that names the
// merged client moves to the survivor (matters, and with them their documents, timeline and
// convictions; messages; person facts; "not the same person" decisions), the merged client's names
// become the survivor's other names, its contact details never replace the survivor's (those that
// differ are a note for staff: docs/passing-on.md), and the merged record is kept, marked merged. The merge record
// lists every row it moved, so undoing it moves exactly those back.
import { acrossOffices, inTransaction, newId, type OfficeTx } from '@relief-desk/db';
import {
  canUndoMergeAt,
  isOpenStage,
  MERGE_UNDO_DAYS,
  type MergeClientsInput,
  nameSearchKey,
  nameSortKey,
  nameWithBirthDate,
  type ReferralSource,
  type UndoMergeInput,
  type WITHHELD,
  withOtherNames,
} from '@relief-desk/domain';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput, notFound } from '../../errors.ts';
import { type ClientView, clientView, otherNamesOf } from '../../matter-core/clientColumns.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { type ClientMatterSummary, type ClientSummary, decisionsAbout, requireClient } from './getClient.ts';

/**
 * Every column that names a client, and what a merge does with it. A test reads the schema and fails
 * when a column naming a client is missing here, so a new table cannot be forgotten.
 */
export const CLIENT_REFERENCES = {
  'matters.client_id': 'moves (and the matter’s documents, timeline, convictions and petitions with it)',
  'messages.client_id': 'moves',
  'arrests.client_id': 'moves (with the matters they were recorded on)',
  'client_person_facts.client_id': 'moves, unless the survivor has facts of their own (theirs are kept)',
  'client_distinctions.client_id':
    'moves, except a decision about the two merged clients themselves or one the survivor already has',
  'client_distinctions.other_client_id':
    'moves, except a decision about the two merged clients themselves or one the survivor already has',
  'clients.merged_into_client_id': 'stays: marks a merged-away record',
  'client_merges.surviving_client_id': 'stays: the merge record',
  'client_merges.merged_client_id': 'stays: the merge record',
  'application_status_links.client_id':
    'stays: an applicant’s status link keeps the record it was made for, and shows only the matters that record held when the link was made or was opened for since (links.ts), wherever the merge moves them',
  'application_submissions.client_id':
    'stays: the record an online application made, kept with the answer a repeated form gets',
} as const;
export type ClientReference = keyof typeof CLIENT_REFERENCES;

const MS_PER_DAY = 24 * 60 * 60 * 1000;

export interface MergeSide {
  client: ClientView;
  matters: ClientMatterSummary[];
  hasPersonFacts: boolean;
  /** Set when this record has already been merged into another. */
  mergedInto: ClientSummary | null;
  /** When the office first recorded this person (the record, or its oldest matter), and how their first referral came. */
  recordedAt: string;
  cameFrom: ReferralSource | null;
}

export interface MergePreview {
  surviving: MergeSide;
  merged: MergeSide;
  /** Things to know before confirming (open matters in the same county, facts that stay, decisions). */
  warnings: string[];
  /** Why the merge cannot be made, or null. */
  blocked: string | null;
}

/** Both clients side by side, with what the merge would mean. Reading their details is audited. */
export async function mergePreview(
  ctx: OfficeContext,
  input: { survivingClientId: string; mergedClientId: string },
): Promise<MergePreview> {
  const ids = [input.survivingClientId, input.mergedClientId];
  const survivor = await requireClient(ctx.db, input.survivingClientId, ids);
  const merged = await requireClient(ctx.db, input.mergedClientId, ids);
  const [surviving, mergedSide] = await Promise.all([sideOf(ctx, survivor), sideOf(ctx, merged)]);
  const decisions = (await decisionsAbout(ctx.db, merged.id)).filter((d) => d.other.id === survivor.id);
  const warnings: string[] = [];
  for (const d of decisions)
    warnings.push(
      `${d.decidedBy} recorded that these are not the same person: “${d.reason}”. Merge only if you are sure they are.`,
    );
  const openCounties = (side: MergeSide) =>
    new Map(side.matters.filter((m) => isOpenStage(m.stage)).map((m) => [m.county, m.reference]));
  const survivorOpen = openCounties(surviving);
  for (const [county, reference] of openCounties(mergedSide)) {
    const theirs = survivorOpen.get(county);
    if (theirs)
      warnings.push(
        `Both have an open matter in ${county} (${theirs} and ${reference}): after the merge, close or withdraw the one not needed.`,
      );
  }
  const contactWarning = await applicationContactWarning(ctx, survivor, merged);
  if (contactWarning) warnings.push(contactWarning);
  if (surviving.hasPersonFacts && mergedSide.hasPersonFacts)
    warnings.push(
      `Both have facts recorded for eligibility: ${survivor.legal_name}’s are kept; ${merged.legal_name}’s stay with the merged record (and come back if the merge is undone).`,
    );
  const blocked = surviving.mergedInto
    ? `${survivor.legal_name}’s record was merged into ${surviving.mergedInto.legalName}’s. Merge into that client instead.`
    : mergedSide.mergedInto
      ? `${merged.legal_name}’s record was already merged into ${mergedSide.mergedInto.legalName}’s.`
      : null;
  await putReadOnRecord(ctx.db, {
    entityType: 'client',
    entityId: survivor.id,
    detail: { mergedClientId: merged.id },
  });
  return { surviving, merged: mergedSide, warnings, blocked };
}

/**
 * Anyone can apply online in a client's name with their own e-mail address, phone and address.
 * Kept, such a record sends every update about the other record's matters to what the form gave:
 * said before the merge when the record kept came from an online application, the other did not,
 * and their contact details differ.
 */
async function applicationContactWarning(
  ctx: OfficeContext,
  survivor: Awaited<ReturnType<typeof requireClient>>,
  merged: Awaited<ReturnType<typeof requireClient>>,
): Promise<string | null> {
  const contact = (c: typeof survivor) =>
    [c.email.toLowerCase(), c.phone.replace(/\D/g, '').slice(-10), c.address_line1, c.address_line2]
      .join('\n')
      .trim();
  if (contact(survivor) === contact(merged)) return null;
  const applied = await ctx.db
    .selectFrom('application_status_links')
    .select('client_id')
    .where('client_id', 'in', [survivor.id, merged.id])
    .where('record_ids', 'is', null)
    .execute();
  const fromApplication = (id: string) => applied.some((link) => link.client_id === id);
  if (!fromApplication(survivor.id) || fromApplication(merged.id)) return null;
  return `The record kept came from an online application: its e-mail address, phone and address are the ones the form gave, which anyone could fill in. Every update about the other record’s matters would go to them. Keep the other record instead, unless the client has confirmed these details.`;
}

async function sideOf(
  ctx: OfficeContext,
  client: Awaited<ReturnType<typeof requireClient>>,
): Promise<MergeSide> {
  const [matters, facts, into] = await Promise.all([
    ctx.db
      .selectFrom('matters')
      .select(['id', 'reference', 'county', 'stage', 'received_on', 'created_at', 'referral_source'])
      .where('client_id', '=', client.id)
      .orderBy('received_on', 'desc')
      .execute(),
    ctx.db
      .selectFrom('client_person_facts')
      .select('client_id')
      .where('client_id', '=', client.id)
      .executeTakeFirst(),
    client.merged_into_client_id
      ? ctx.db
          .selectFrom('clients')
          .select(['id', 'legal_name', 'date_of_birth'])
          .where('id', '=', client.merged_into_client_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const first = matters.reduce<(typeof matters)[number] | null>(
    (earliest, m) => (earliest === null || m.created_at < earliest.created_at ? m : earliest),
    null,
  );
  return {
    client: clientView(client),
    matters: matters.map((m) => ({
      id: m.id,
      reference: m.reference,
      county: m.county,
      stage: m.stage,
      receivedOn: m.received_on,
    })),
    hasPersonFacts: facts !== undefined,
    mergedInto: into ? { id: into.id, legalName: into.legal_name, dateOfBirth: into.date_of_birth } : null,
    // The record is as old as its oldest matter (a record imported or made again later keeps them).
    recordedAt: first && first.created_at < client.created_at ? first.created_at : client.created_at,
    cameFrom: first?.referral_source ?? null,
  };
}

/**
 * How many rows moved, by table. A count of criminal-history records (arrests) reads WITHHELD for
 * staff without the RAP sheet permission: how many arrests a person has is criminal history
 * (CRIMINAL_HISTORY_COUNTS, withheld on the way out with the rest of the answer).
 */
export type MovedCounts = Record<string, number | typeof WITHHELD>;

export interface MergeResult {
  mergeId: string;
  survivingClientId: string;
  moved: MovedCounts;
}

type MovedRow = { table: string; column: string; rowId: string };

export async function mergeClients(ctx: OfficeContext, input: MergeClientsInput): Promise<MergeResult> {
  return inTransaction(ctx.db, async ({ tx }) => {
    const ids = [input.survivingClient.id, input.mergedClient.id];
    const survivor = await requireClient(tx, input.survivingClient.id, ids);
    const merged = await requireClient(tx, input.mergedClient.id, ids);
    if (survivor.merged_into_client_id)
      throw badInput(
        'survivingClient',
        `${survivor.legal_name}’s record was itself merged into another client. Open it again and merge into the client it leads to.`,
      );
    if (merged.merged_into_client_id)
      throw badInput('mergedClient', `${merged.legal_name}’s record was already merged into another client.`);

    const now = ctx.clock.now();
    const at = now.toISOString();
    // Both versions first: they lock both rows, so a concurrent merge or edit of either waits and is then refused.
    await claimVersion(tx, ctx, merged.id, input.mergedClient.version, {
      merged_into_client_id: survivor.id,
      merged_at: at,
    });
    await claimVersion(tx, ctx, survivor.id, input.survivingClient.version, {});

    const moved: MovedRow[] = [];
    const move = (table: string, column: string, rowIds: readonly string[]) => {
      for (const rowId of rowIds) moved.push({ table, column, rowId });
    };

    const matters = await tx
      .selectFrom('matters')
      .select(['id', 'office_id'])
      .where('client_id', '=', merged.id)
      .execute();
    const matterIds = matters.map((m) => m.id);
    if (matterIds.length > 0)
      await tx.updateTable('matters').set({ client_id: survivor.id }).where('id', 'in', matterIds).execute();
    move('matters', 'client_id', matterIds);

    const messageIds = (
      await tx.selectFrom('messages').select('id').where('client_id', '=', merged.id).execute()
    ).map((m) => m.id);
    if (messageIds.length > 0)
      await tx
        .updateTable('messages')
        .set({ client_id: survivor.id })
        .where('id', 'in', messageIds)
        .execute();
    move('messages', 'client_id', messageIds);

    const arrestIds = (
      await tx.selectFrom('arrests').select('id').where('client_id', '=', merged.id).execute()
    ).map((a) => a.id);
    if (arrestIds.length > 0)
      await tx.updateTable('arrests').set({ client_id: survivor.id }).where('id', 'in', arrestIds).execute();
    move('arrests', 'client_id', arrestIds);

    const facts = await tx
      .selectFrom('client_person_facts')
      .select('client_id')
      .where('client_id', 'in', ids)
      .execute();
    const survivorHasFacts = facts.some((f) => f.client_id === survivor.id);
    if (!survivorHasFacts && facts.some((f) => f.client_id === merged.id)) {
      await tx
        .updateTable('client_person_facts')
        .set({ client_id: survivor.id })
        .where('client_id', '=', merged.id)
        .execute();
      // Its key is the client: the row that moved is the one that was the merged client's.
      move('client_person_facts', 'client_id', [merged.id]);
    }

    for (const [column, otherColumn] of [
      ['client_id', 'other_client_id'],
      ['other_client_id', 'client_id'],
    ] as const) {
      const decisions = await tx
        .selectFrom('client_distinctions')
        .select(['id', otherColumn])
        .where(column, '=', merged.id)
        .execute();
      for (const decision of decisions) {
        const other = decision[otherColumn];
        if (other === survivor.id) continue; // about these two: kept as it was decided
        const survivorHasIt = await tx
          .selectFrom('client_distinctions')
          .select('id')
          .where((eb) =>
            eb.or([
              eb.and([eb('client_id', '=', survivor.id), eb('other_client_id', '=', other)]),
              eb.and([eb('client_id', '=', other), eb('other_client_id', '=', survivor.id)]),
            ]),
          )
          .executeTakeFirst();
        if (survivorHasIt) continue;
        await tx
          .updateTable('client_distinctions')
          .set({ [column]: survivor.id })
          .where('id', '=', decision.id)
          .execute();
        move('client_distinctions', column, [decision.id]);
      }
    }

    // The merged client's names become the survivor's other names, so searching either finds them.
    // Set after the matters moved: the search words of all the survivor's matters are rebuilt from it.
    const survivorOther = otherNamesOf(survivor);
    const otherNames = withOtherNames(survivor.legal_name, survivorOther, [
      merged.legal_name,
      ...otherNamesOf(merged),
    ]);
    // Kept with the merge, so undoing it takes off only the names it brought.
    const added = otherNames.slice(survivorOther.length);
    await tx
      .updateTable('clients')
      .set({
        other_names: JSON.stringify(otherNames),
        name_search: nameSearchKey(survivor.legal_name, otherNames),
      })
      .where('id', '=', survivor.id)
      .execute();
    if (matterIds.length > 0)
      await tx
        .updateTable('matters')
        .set({
          client_sort_name: nameSortKey(survivor.legal_name),
          client_language: survivor.preferred_language,
        })
        .where('id', 'in', matterIds)
        .execute();

    // The survivor's contact details stand, and the merged record's never replace them: those may have
    // come from an online application or another office's pass-on, which anyone can start in another
    // person's name, and kept they would receive the survivor's updates and status links. Those that
    // differ go on the survivor's matters for staff to check with the client.
    const mergeId = newId(now);
    const notKept = differingContact(survivor, merged);
    if (notKept) {
      const held = await tx.selectFrom('matters').select('id').where('client_id', '=', survivor.id).execute();
      for (const matter of held)
        await recordEvent(
          tx,
          ctx,
          { id: matter.id, officeId: ctx.user.officeId },
          'client_merged',
          `Merged with ${nameWithBirthDate(merged.legal_name, merged.date_of_birth)}’s record, whose contact details differ and were not kept: ${notKept}. This client’s own details stand: check those with the client before using them, and correct the client’s details if they are right.`,
          { contactNotKept: true, mergeId },
        );
    }

    await tx
      .insertInto('client_merges')
      .values({
        id: mergeId,
        office_id: ctx.user.officeId,
        surviving_client_id: survivor.id,
        merged_client_id: merged.id,
        added_other_names: JSON.stringify(added),
        merged_by: ctx.user.id,
        merged_at: at,
      })
      .execute();
    for (let i = 0; i < moved.length; i += 200) {
      await tx
        .insertInto('client_merge_rows')
        .values(
          moved
            .slice(i, i + 200)
            .map((r) => ({ merge_id: mergeId, table_name: r.table, column_name: r.column, row_id: r.rowId })),
        )
        .execute();
    }

    const from = nameWithBirthDate(merged.legal_name, merged.date_of_birth);
    const to = nameWithBirthDate(survivor.legal_name, survivor.date_of_birth);
    for (const matter of matters) {
      await recordEvent(
        tx,
        ctx,
        { id: matter.id, officeId: matter.office_id },
        'client_merged',
        `Client records merged: this matter moved from ${from} to ${to}, the same person. The merge can be undone for ${MERGE_UNDO_DAYS} days.`,
        { mergeId, from: merged.id, to: survivor.id },
      );
    }

    const counts = countByTable(moved);
    await putOnRecord(tx, {
      entityType: 'client',
      entityId: survivor.id,
      detail: { mergeId, mergedClientId: merged.id, moved: counts },
    });
    return { mergeId, survivingClientId: survivor.id, moved: counts };
  });
}

export interface UndoMergeResult {
  mergedClientId: string;
  survivingClientId: string;
  /** How many rows moved back, by table (messages written since the merge about returned matters too). */
  returned: MovedCounts;
}

export async function undoMerge(ctx: OfficeContext, input: UndoMergeInput): Promise<UndoMergeResult> {
  return inTransaction(ctx.db, async ({ tx }) => {
    const merge = await tx
      .selectFrom('client_merges')
      .selectAll()
      .where('id', '=', input.mergeId)
      .executeTakeFirst();
    if (!merge) {
      // Another office's merge is not shown, and that office hears of the attempt on its client.
      const elsewhere = await acrossOffices(tx)
        .selectFrom('client_merges')
        .select('surviving_client_id')
        .where('id', '=', input.mergeId)
        .executeTakeFirst();
      throw notFound('That merge', {
        entityType: 'client_merge',
        entityId: input.mergeId,
        ...(elsewhere ? { concerns: [{ entityType: 'client', ids: [elsewhere.surviving_client_id] }] } : {}),
      });
    }
    const ids = [merge.surviving_client_id, merge.merged_client_id];
    const survivor = await requireClient(tx, merge.surviving_client_id, ids);
    const merged = await requireClient(tx, merge.merged_client_id, ids);
    const now = ctx.clock.now();

    if (merge.undone_at) {
      const who = merge.undone_by
        ? await tx.selectFrom('users').select('name').where('id', '=', merge.undone_by).executeTakeFirst()
        : undefined;
      throw badInput(
        'mergeId',
        `This merge was already undone by ${who?.name ?? 'someone'} on ${formatWhen(merge.undone_at)}.`,
      );
    }
    if (!canUndoMergeAt(merge.merged_at, now)) {
      const days = Math.floor((now.getTime() - new Date(merge.merged_at).getTime()) / MS_PER_DAY);
      throw badInput(
        'mergeId',
        `This merge was made on ${formatWhen(merge.merged_at)}, ${days} days ago. A merge can be undone for ${MERGE_UNDO_DAYS} days only: after that, the work done on the merged record since is taken as this person’s own and is not pulled apart. If they are two people after all, record a referral for the other person as a new client.`,
      );
    }
    if (survivor.merged_into_client_id)
      throw badInput(
        'mergeId',
        `${survivor.legal_name}’s record has since been merged into another client. Undo that merge first.`,
      );

    await claimVersion(tx, ctx, merged.id, input.mergedClientVersion, {
      merged_into_client_id: null,
      merged_at: null,
    });
    await claimVersion(tx, ctx, survivor.id, input.survivingClientVersion, {});
    const claimed = await tx
      .updateTable('client_merges')
      .set({ undone_at: now.toISOString(), undone_by: ctx.user.id, version: merge.version + 1 })
      .where('id', '=', merge.id)
      .where('version', '=', merge.version)
      .where('undone_at', 'is', null)
      .executeTakeFirst();
    if (claimed.numUpdatedRows !== 1n)
      throw new AppError(
        'VERSION_CONFLICT',
        'Someone undid this merge at the same moment. Reload to see it.',
      );

    const rows = await tx
      .selectFrom('client_merge_rows')
      .selectAll()
      .where('merge_id', '=', merge.id)
      .execute();
    const idsOf = (table: string, column: string) =>
      rows.filter((r) => r.table_name === table && r.column_name === column).map((r) => r.row_id);
    const returned: MovedRow[] = [];

    const matterIds = idsOf('matters', 'client_id');
    if (matterIds.length > 0) {
      await tx
        .updateTable('matters')
        .set({
          client_id: merged.id,
          client_sort_name: nameSortKey(merged.legal_name),
          client_language: merged.preferred_language,
        })
        .where('id', 'in', matterIds)
        .where('client_id', '=', survivor.id)
        .execute();
      for (const rowId of matterIds) returned.push({ table: 'matters', column: 'client_id', rowId });
    }
    // The messages that moved, and any written since about the matters going back: a message names
    // the client of its matter.
    const messageIds = new Set(idsOf('messages', 'client_id'));
    if (matterIds.length > 0) {
      const since = await tx
        .selectFrom('messages')
        .select('id')
        .where('matter_id', 'in', matterIds)
        .where('client_id', '=', survivor.id)
        .execute();
      for (const m of since) messageIds.add(m.id);
    }
    if (messageIds.size > 0) {
      await tx
        .updateTable('messages')
        .set({ client_id: merged.id })
        .where('id', 'in', [...messageIds])
        .where('client_id', '=', survivor.id)
        .execute();
      for (const rowId of messageIds) returned.push({ table: 'messages', column: 'client_id', rowId });
    }
    // The arrests that moved, and any recorded since on the matters going back: an arrest names the
    // client of its matter.
    const arrestIds = new Set(idsOf('arrests', 'client_id'));
    if (matterIds.length > 0) {
      const since = await tx
        .selectFrom('arrests')
        .select('id')
        .where('matter_id', 'in', matterIds)
        .where('client_id', '=', survivor.id)
        .execute();
      for (const a of since) arrestIds.add(a.id);
    }
    if (arrestIds.size > 0) {
      await tx
        .updateTable('arrests')
        .set({ client_id: merged.id })
        .where('id', 'in', [...arrestIds])
        .where('client_id', '=', survivor.id)
        .execute();
      for (const rowId of arrestIds) returned.push({ table: 'arrests', column: 'client_id', rowId });
    }
    if (idsOf('client_person_facts', 'client_id').length > 0) {
      await tx
        .updateTable('client_person_facts')
        .set({ client_id: merged.id })
        .where('client_id', '=', survivor.id)
        .execute();
      returned.push({ table: 'client_person_facts', column: 'client_id', rowId: merged.id });
    }
    for (const column of ['client_id', 'other_client_id'] as const) {
      const decisionIds = idsOf('client_distinctions', column);
      if (decisionIds.length === 0) continue;
      await tx
        .updateTable('client_distinctions')
        .set({ [column]: merged.id })
        .where('id', 'in', decisionIds)
        .where(column, '=', survivor.id)
        .execute();
      for (const rowId of decisionIds) returned.push({ table: 'client_distinctions', column, rowId });
    }

    // The names the merge added leave the survivor (any added since stay); both records' matters get
    // their search words again from their own client.
    const added = new Set(parseNames(merge.added_other_names));
    const otherNames = otherNamesOf(survivor).filter((n) => !added.has(n));
    await tx
      .updateTable('clients')
      .set({
        other_names: JSON.stringify(otherNames),
        name_search: nameSearchKey(survivor.legal_name, otherNames),
      })
      .where('id', '=', survivor.id)
      .execute();
    await tx
      .updateTable('clients')
      .set({ name_search: merged.name_search })
      .where('id', '=', merged.id)
      .execute();

    const summary = `Merge undone: this matter is ${nameWithBirthDate(merged.legal_name, merged.date_of_birth)}’s again, not ${nameWithBirthDate(survivor.legal_name, survivor.date_of_birth)}’s.`;
    for (const matterId of matterIds) {
      await recordEvent(
        tx,
        ctx,
        { id: matterId, officeId: ctx.user.officeId },
        'client_merge_undone',
        summary,
        {
          mergeId: merge.id,
        },
      );
    }
    // The survivor's own matters were told the merged record's contact details differ: those go back
    // with that record, and the matters are told there is nothing left to check with this client.
    const noted = await tx
      .selectFrom('matter_events')
      .innerJoin('matters', 'matters.id', 'matter_events.matter_id')
      .select(['matter_events.matter_id', 'matter_events.data'])
      .where('matters.client_id', '=', survivor.id)
      .where('matter_events.kind', '=', 'client_merged')
      .where('matter_events.data', 'like', `%${merge.id}%`)
      .execute();
    const toldOfDetails = new Set(
      noted
        .filter((e) => {
          const data = JSON.parse(e.data) as { mergeId?: unknown; contactNotKept?: unknown };
          return data.mergeId === merge.id && data.contactNotKept === true;
        })
        .map((e) => e.matter_id),
    );
    for (const matterId of toldOfDetails)
      await recordEvent(
        tx,
        ctx,
        { id: matterId, officeId: ctx.user.officeId },
        'client_merge_undone',
        `Merge with ${nameWithBirthDate(merged.legal_name, merged.date_of_birth)}’s record undone: the contact details noted at the merge as not kept were that record’s and went back with it. There is nothing to check with this client about them.`,
        { mergeId: merge.id },
      );
    const counts = countByTable(returned);
    await putOnRecord(tx, {
      entityType: 'client',
      entityId: survivor.id,
      detail: { mergeId: merge.id, mergedClientId: merged.id, returned: counts },
    });
    return { mergedClientId: merged.id, survivingClientId: survivor.id, returned: counts };
  });
}

type ContactColumns = Pick<
  Awaited<ReturnType<typeof requireClient>>,
  'phone' | 'email' | 'address_line1' | 'address_line2' | 'city' | 'state' | 'postal_code'
>;

/** The merged record's phone, e-mail and address where they differ from the survivor's, or null. */
export function differingContact(survivor: ContactColumns, merged: ContactColumns): string | null {
  const digits = (phone: string) => phone.replace(/\D/g, '').slice(-10);
  const address = (c: ContactColumns) =>
    [c.address_line1, c.address_line2, [c.city, c.state, c.postal_code].filter(Boolean).join(' ')]
      .map((part) => part.trim())
      .filter(Boolean)
      .join(', ');
  const differ: string[] = [];
  if (merged.phone && digits(merged.phone) !== digits(survivor.phone)) differ.push(`phone ${merged.phone}`);
  if (merged.email && merged.email.trim().toLowerCase() !== survivor.email.trim().toLowerCase())
    differ.push(`e-mail ${merged.email}`);
  if (address(merged) && address(merged).toLowerCase() !== address(survivor).toLowerCase())
    differ.push(`address ${address(merged)}`);
  return differ.length > 0 ? differ.join('; ') : null;
}

/** Moves a client to its next version (with any other changes), or refuses a stale one naming who changed it. */
async function claimVersion(
  tx: OfficeTx,
  ctx: OfficeContext,
  clientId: string,
  version: number,
  changes: { merged_into_client_id?: string | null; merged_at?: string | null },
): Promise<void> {
  const result = await tx
    .updateTable('clients')
    .set({
      ...changes,
      updated_at: ctx.clock.now().toISOString(),
      updated_by: ctx.user.id,
      version: version + 1,
    })
    .where('id', '=', clientId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (result.numUpdatedRows === 1n) return;
  const current = await tx
    .selectFrom('clients')
    .select(['legal_name', 'updated_by', 'updated_at'])
    .where('id', '=', clientId)
    .executeTakeFirstOrThrow();
  throw await versionConflict(tx, `${current.legal_name}’s record`, current);
}

function countByTable(rows: readonly MovedRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.table] = (counts[r.table] ?? 0) + 1;
  return counts;
}

function parseNames(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
}

function formatWhen(instant: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'America/Los_Angeles' }).format(
    new Date(instant),
  );
}
