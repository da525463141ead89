// A client's record: their details, matters, possible duplicates, "not the same person" decisions
// and merges. The id of a merged-away record opens the client it was merged into, saying so.
import type { Client, OfficeDb, OfficeTx } from '@relief-desk/db';
import { canUndoMergeAt, type LikelyReason, mergeUndoDeadline, type Stage } from '@relief-desk/domain';
import { putReadOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { type ClientView, clientView } from '../../matter-core/clientColumns.ts';
import { matchableClient, matchingClients } from './matching.ts';

export interface ClientSummary {
  id: string;
  legalName: string;
  dateOfBirth: string;
}

export interface ClientMatterSummary {
  id: string;
  reference: string;
  county: string;
  stage: Stage;
  receivedOn: string;
}

export interface LikelyDuplicate extends ClientSummary {
  reasons: LikelyReason[];
}

export interface NotSamePersonDecision {
  id: string;
  other: ClientSummary;
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

export interface MergeSummary {
  id: string;
  /** The record merged into this client (its version, to undo the merge). */
  mergedClient: ClientSummary & { version: number };
  mergedBy: string;
  mergedAt: string;
  /** The last moment it can be undone. */
  undoUntil: string;
  undone: { by: string; at: string } | null;
  canUndo: boolean;
}

export interface ClientDuplicates {
  likely: LikelyDuplicate[];
  notSamePerson: NotSamePersonDecision[];
}

export interface ClientRecord extends ClientDuplicates {
  client: ClientView;
  /** Set when the id opened was a record since merged into this client. */
  openedMerged: (ClientSummary & { mergedAt: string }) | null;
  matters: ClientMatterSummary[];
  /** Records merged into this client, newest first, undone ones too. */
  merges: MergeSummary[];
}

const summaryOf = (c: Pick<Client, 'id' | 'legal_name' | 'date_of_birth'>): ClientSummary => ({
  id: c.id,
  legalName: c.legal_name,
  dateOfBirth: c.date_of_birth,
});

/** The office's client by id, or refused: the refusal is put on record (after any rollback) by the procedure. */
export async function requireClient(
  db: OfficeDb | OfficeTx,
  clientId: string,
  concerns: readonly string[] = [],
): Promise<Client> {
  const client = await db.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirst();
  if (!client)
    throw notFound('That client', {
      entityType: 'client',
      entityId: clientId,
      ...(concerns.length > 0 ? { concerns: [{ entityType: 'client', ids: concerns }] } : {}),
    });
  return client;
}

/** The client a record now stands for: itself, or the client it was merged into (followed to the end). */
export async function currentClient(db: OfficeDb | OfficeTx, client: Client): Promise<Client> {
  let current = client;
  for (let hop = 0; hop < 20 && current.merged_into_client_id; hop++) {
    const next = await db
      .selectFrom('clients')
      .selectAll()
      .where('id', '=', current.merged_into_client_id)
      .executeTakeFirst();
    if (!next) break;
    current = next;
  }
  return current;
}

export async function getClient(ctx: OfficeContext, clientId: string): Promise<ClientRecord> {
  const opened = await requireClient(ctx.db, clientId);
  const client = await currentClient(ctx.db, opened);
  const [matters, merges, duplicates] = await Promise.all([
    ctx.db
      .selectFrom('matters')
      .select(['id', 'reference', 'county', 'stage', 'received_on'])
      .where('client_id', '=', client.id)
      .orderBy('received_on', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    mergesInto(ctx, client.id),
    duplicatesOf(ctx, client),
  ]);
  await putReadOnRecord(ctx.db, {
    entityType: 'client',
    entityId: client.id,
    detail: {
      ...(opened.id !== client.id ? { opened: opened.id } : {}),
      shownDuplicates: duplicates.likely.map((d) => d.id),
    },
  });
  return {
    client: clientView(client),
    openedMerged:
      opened.id === client.id
        ? null
        : { ...summaryOf(opened), mergedAt: opened.merged_at ?? opened.updated_at },
    matters: matters.map((m) => ({
      id: m.id,
      reference: m.reference,
      county: m.county,
      stage: m.stage,
      receivedOn: m.received_on,
    })),
    merges,
    ...duplicates,
  };
}

/** For the matter page's client details: likely duplicates, and decisions that someone is not this person. */
export async function getClientDuplicates(ctx: OfficeContext, clientId: string): Promise<ClientDuplicates> {
  const client = await requireClient(ctx.db, clientId);
  const duplicates = await duplicatesOf(ctx, await currentClient(ctx.db, client));
  await putReadOnRecord(ctx.db, {
    entityType: 'client',
    entityId: client.id,
    detail: { shown: duplicates.likely.map((d) => d.id) },
  });
  return duplicates;
}

async function duplicatesOf(ctx: OfficeContext, client: Client): Promise<ClientDuplicates> {
  const notSamePerson = await decisionsAbout(ctx.db, client.id);
  const decided = new Set(notSamePerson.map((d) => d.other.id));
  const matches = await matchingClients(ctx.db, ctx.user.officeId, matchableClient(client), {
    excludeIds: [client.id, ...decided],
    limit: 20,
  });
  return {
    likely: matches
      .filter((m) => m.likely.length > 0)
      .map((m) => ({ ...summaryOf(m.client), reasons: m.likely })),
    notSamePerson,
  };
}

/** "Not the same person" decisions naming this client, whichever side it was on. */
export async function decisionsAbout(
  db: OfficeDb | OfficeTx,
  clientId: string,
): Promise<NotSamePersonDecision[]> {
  const rows = await db
    .selectFrom('client_distinctions as d')
    .innerJoin('clients as a', 'a.id', 'd.client_id')
    .innerJoin('clients as b', 'b.id', 'd.other_client_id')
    .innerJoin('users as u', 'u.id', 'd.decided_by')
    .select([
      'd.id',
      'd.client_id',
      'd.reason',
      'd.decided_at',
      'u.name as decided_by',
      'a.legal_name as a_name',
      'a.date_of_birth as a_dob',
      'b.id as b_id',
      'b.legal_name as b_name',
      'b.date_of_birth as b_dob',
    ])
    .where((eb) => eb.or([eb('d.client_id', '=', clientId), eb('d.other_client_id', '=', clientId)]))
    .orderBy('d.decided_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    other:
      r.client_id === clientId
        ? { id: r.b_id, legalName: r.b_name, dateOfBirth: r.b_dob }
        : { id: r.client_id, legalName: r.a_name, dateOfBirth: r.a_dob },
    reason: r.reason,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  }));
}

async function mergesInto(ctx: OfficeContext, clientId: string): Promise<MergeSummary[]> {
  const rows = await ctx.db
    .selectFrom('client_merges as m')
    .innerJoin('clients as c', 'c.id', 'm.merged_client_id')
    .innerJoin('users as by', 'by.id', 'm.merged_by')
    .leftJoin('users as undoer', 'undoer.id', 'm.undone_by')
    .select([
      'm.id',
      'm.merged_at',
      'm.undone_at',
      'c.id as client_id',
      'c.legal_name',
      'c.date_of_birth',
      'c.version',
      'by.name as merged_by',
      'undoer.name as undone_by',
    ])
    .where('m.surviving_client_id', '=', clientId)
    .orderBy('m.merged_at', 'desc')
    .execute();
  const now = ctx.clock.now();
  return rows.map((r) => ({
    id: r.id,
    mergedClient: {
      id: r.client_id,
      legalName: r.legal_name,
      dateOfBirth: r.date_of_birth,
      version: r.version,
    },
    mergedBy: r.merged_by,
    mergedAt: r.merged_at,
    undoUntil: mergeUndoDeadline(r.merged_at).toISOString(),
    undone: r.undone_at ? { by: r.undone_by ?? 'Someone', at: r.undone_at } : null,
    canUndo: !r.undone_at && canUndoMergeAt(r.merged_at, now),
  }));
}
