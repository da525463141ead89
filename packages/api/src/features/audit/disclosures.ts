// The disclosure report: who saw, printed or sent one client's criminal history, and when. Read from
// the office's audit rows of the actions declared in CRIMINAL_HISTORY_ACTIONS, each traced from the
// record it names (a matter, conviction, petition, decision, criminal-history file, outcome message or its
// delivery) back to the client. Itself audited: it tells that the client has a record.
import { chainAuditJournal, firstIdAt, type OfficeDb } from '@relief-desk/db';
import {
  CRIMINAL_HISTORY_ACTIONS,
  CRIMINAL_HISTORY_DOCUMENT_KINDS,
  type CriminalHistoryAction,
  type disclosuresInputSchema,
  isCriminalHistoryAction,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { decodeViewCursor, encodeViewCursor } from '../queues/cursor.ts';

/** The client's records an audit row can name, by kind. */
type RecordKind =
  | 'client'
  | 'matter'
  | 'conviction'
  | 'decision'
  | 'petition'
  | 'criminalHistoryFile'
  | 'outcomeOutbox'
  /** A matter, from the moment its first court outcome message was written. */
  | 'matterWithOutcome';

/**
 * How each action's rows name the client's records: the record the row is about (entity), or a list
 * in its details. `shown`: only rows whose details say criminal history was in what the caller saw
 * (the caller may have lacked the permission, and then it was withheld).
 */
type Source = ({ entity: RecordKind } | { detail: 'matterIds' | 'messageIds' | 'petitionIds' }) & {
  shown?: true;
};

const SOURCES: Record<CriminalHistoryAction, Source> = {
  'matters.get': { entity: 'matter', shown: true },
  'matters.calendar': { detail: 'matterIds', shown: true },
  'matters.listCourtOutcomes': { detail: 'matterIds' },
  'queues.exportCourtOutcomes': { detail: 'matterIds' },
  'convictions.add': { entity: 'conviction' },
  'convictions.edit': { entity: 'conviction' },
  'convictions.history': { entity: 'conviction' },
  'arrests.list': { entity: 'matter' },
  'arrests.add': { detail: 'matterIds' },
  'arrests.edit': { detail: 'matterIds' },
  'arrests.remove': { detail: 'matterIds' },
  'arrests.recordDecision': { detail: 'matterIds' },
  'arrests.decisionHistory': { detail: 'matterIds' },
  // A RAP sheet import's rows are about its matter.
  'rapImports.start': { entity: 'matter' },
  'rapImports.list': { entity: 'matter' },
  'rapImports.review': { entity: 'matter' },
  'rapImports.cancel': { entity: 'matter' },
  'rapImports.accept': { entity: 'matter' },
  'decisions.record': { entity: 'decision' },
  'decisions.history': { entity: 'conviction' },
  'eligibility.suggestions': { entity: 'matter' },
  'eligibility.savePersonFacts': { entity: 'client' },
  'eligibility.reviewList': { detail: 'matterIds' },
  'petitions.create': { entity: 'petition' },
  'petitions.update': { entity: 'petition' },
  'petitions.setCourthouse': { entity: 'petition' },
  'petitions.setProsecutor': { entity: 'petition' },
  'packets.check': { entity: 'petition' },
  'packets.prepare': { entity: 'petition' },
  'packets.saveDeclaration': { entity: 'petition' },
  'packets.saveArrestingAgency': { entity: 'petition' },
  'packets.download': { entity: 'criminalHistoryFile' },
  'filings.overview': { detail: 'petitionIds' },
  'filings.createRun': { detail: 'petitionIds' },
  'filings.run': { detail: 'petitionIds' },
  'filings.printRun': { detail: 'petitionIds' },
  'filings.exportCsv': { detail: 'petitionIds' },
  'filings.recordFiled': { detail: 'petitionIds' },
  'documents.upload': { entity: 'criminalHistoryFile' },
  'documents.download': { entity: 'criminalHistoryFile' },
  // A status update is criminal history only when it tells of the record or the court: its row says so.
  'messages.composeStatus': { entity: 'matter', shown: true },
  'messages.sendStatus': { entity: 'matter', shown: true },
  'messages.logStatus': { entity: 'matter', shown: true },
  'messages.composeOutcome': { entity: 'matter' },
  'messages.sendOutcome': { entity: 'matter' },
  'messages.list': { entity: 'matterWithOutcome' },
  'messages.retry': { entity: 'outcomeOutbox' },
  'messages.resendVia': { entity: 'outcomeOutbox' },
  'letters.print': { detail: 'messageIds' },
  'letters.printMailingRun': { detail: 'messageIds' },
  'letters.confirmPrinted': { detail: 'messageIds' },
};

export interface Disclosure {
  /** The audit row's id. */
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorName: string | null;
  action: CriminalHistoryAction;
  description: string;
  matterId: string | null;
  matterReference: string | null;
  ip: string;
}

export interface DisclosureReport {
  client: { id: string; name: string };
  items: Disclosure[];
  nextCursor: string | null;
}

/** The client's records each kind of audit row may name, with the matter each belongs to. */
async function recordsOf(db: OfficeDb, clientId: string) {
  const matters = await db
    .selectFrom('matters')
    .select(['id', 'reference', 'created_at'])
    .where('client_id', '=', clientId)
    .execute();
  const matterIds = matters.map((m) => m.id);
  const none = [''];
  const inMatters = matterIds.length > 0 ? matterIds : none;
  const [convictions, decisions, petitions, files, messages] = await Promise.all([
    db.selectFrom('convictions').select(['id', 'matter_id']).where('matter_id', 'in', inMatters).execute(),
    db
      .selectFrom('eligibility_decisions')
      .select(['id', 'matter_id'])
      .where('matter_id', 'in', inMatters)
      .execute(),
    db.selectFrom('petitions').select(['id', 'matter_id']).where('matter_id', 'in', inMatters).execute(),
    db
      .selectFrom('document_files')
      .innerJoin('document_requests', 'document_requests.id', 'document_files.request_id')
      .select(['document_files.id', 'document_files.matter_id'])
      .where('document_files.matter_id', 'in', inMatters)
      .where((eb) =>
        eb.or([
          eb('document_requests.kind', 'in', [...CRIMINAL_HISTORY_DOCUMENT_KINDS]),
          eb('document_requests.packet_petition_id', 'is not', null),
        ]),
      )
      .execute(),
    db
      .selectFrom('messages')
      .select(['id', 'matter_id', 'created_at'])
      .where('matter_id', 'in', inMatters)
      .where('kind', '=', 'outcome')
      .execute(),
  ]);
  const outbox =
    messages.length > 0
      ? await db
          .selectFrom('outbox')
          .select(['id', 'matter_id'])
          .where(
            'message_id',
            'in',
            messages.map((m) => m.id),
          )
          .$narrowType<{ matter_id: string }>()
          .execute()
      : [];
  const firstOutcome = new Map<string, string>();
  for (const m of messages) {
    const seen = firstOutcome.get(m.matter_id);
    if (!seen || m.created_at < seen) firstOutcome.set(m.matter_id, m.created_at);
  }
  const pairs = (rows: { id: string; matter_id: string }[]) =>
    rows.map((r): [string, string] => [r.id, r.matter_id]);
  const byKind: Record<Exclude<RecordKind, 'matterWithOutcome'>, Map<string, string | null>> = {
    client: new Map([[clientId, null]]),
    matter: new Map(matterIds.map((id) => [id, id])),
    conviction: new Map(pairs(convictions)),
    decision: new Map(pairs(decisions)),
    petition: new Map(pairs(petitions)),
    criminalHistoryFile: new Map(pairs(files)),
    outcomeOutbox: new Map(pairs(outbox)),
  };
  return {
    matters,
    byKind,
    /** Matters with a court outcome message, from when the first was written. */
    firstOutcome,
    outcomeMessages: new Map(messages.map((m) => [m.id, m])),
  };
}

type Records = Awaited<ReturnType<typeof recordsOf>>;

const SHOWN = '%"criminalHistoryShown":true%';

/** The audit rows of the office that disclose the client's records: one query per way of naming them. */
async function disclosingRows(ctx: OfficeContext, records: Records, before: string | null, limit: number) {
  const db = ctx.db;
  const base = () => {
    let query = db
      .selectFrom('audit_log')
      .select(['id', 'occurred_at', 'actor_id', 'action', 'entity_id', 'ip', 'detail'])
      .where('office_id', '=', ctx.user.officeId)
      .where('outcome', '=', 'ok');
    if (before) query = query.where('id', '<', before);
    return query;
  };
  const queries = [];
  // Rows about one of the client's records, grouped by the kind of record and whether they must say
  // criminal history was shown.
  const groups = new Map<string, { kind: RecordKind; shown: boolean; actions: CriminalHistoryAction[] }>();
  for (const [action, source] of Object.entries(SOURCES) as [CriminalHistoryAction, Source][]) {
    if (!('entity' in source)) continue;
    const key = `${source.entity}|${source.shown ?? false}`;
    const group = groups.get(key) ?? { kind: source.entity, shown: source.shown ?? false, actions: [] };
    group.actions.push(action);
    groups.set(key, group);
  }
  for (const { kind, shown, actions } of groups.values()) {
    if (kind === 'matterWithOutcome') {
      for (const [matterId, since] of records.firstOutcome)
        queries.push(
          base()
            .where('action', 'in', actions)
            .where('entity_id', '=', matterId)
            .where('id', '>=', firstIdAt(new Date(since)))
            .orderBy('id', 'desc')
            .limit(limit + 1)
            .execute(),
        );
      continue;
    }
    const ids = [...records.byKind[kind].keys()];
    if (ids.length === 0) continue;
    queries.push(
      base()
        .where('action', 'in', actions)
        .where('entity_id', 'in', ids)
        .$if(shown, (q) => q.where('detail', 'like', SHOWN))
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute(),
    );
  }
  // Rows that list the client's matters or letters in their details (a calendar, a mailing run):
  // read by action, from the day the first of those records existed.
  for (const [action, source] of Object.entries(SOURCES) as [CriminalHistoryAction, Source][]) {
    if (!('detail' in source)) continue;
    const firstMatter = records.matters.map((m) => m.created_at).sort()[0] ?? '';
    const named =
      source.detail === 'matterIds'
        ? records.matters.map((m) => ({ id: m.id, since: m.created_at }))
        : source.detail === 'petitionIds'
          ? [...records.byKind.petition.keys()].map((id) => ({ id, since: firstMatter }))
          : [...records.outcomeMessages.values()].map((m) => ({ id: m.id, since: m.created_at }));
    if (named.length === 0) continue;
    const since = named.map((n) => n.since).sort()[0] ?? '';
    queries.push(
      base()
        .where('action', '=', action)
        .where('id', '>=', firstIdAt(new Date(since)))
        .where((eb) => eb.or(named.map((n) => eb('detail', 'like', `%"${n.id}"%`))))
        .$if(source.shown === true, (q) => q.where('detail', 'like', SHOWN))
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute(),
    );
  }
  // Each query asked for one of SOURCES' actions: the check drops nothing, it types the action.
  const rows = new Map(
    (await Promise.all(queries))
      .flat()
      .flatMap((r) => (isCriminalHistoryAction(r.action) ? [{ ...r, action: r.action }] : []))
      .map((r) => [r.id, r]),
  );
  return [...rows.values()].sort((a, b) => (a.id < b.id ? 1 : -1)).slice(0, limit + 1);
}

/** The client's matter an audit row was about, when it names one. */
function matterOf(
  records: Records,
  row: { action: CriminalHistoryAction; entity_id: string | null; detail: string },
) {
  const source = SOURCES[row.action];
  if ('entity' in source) {
    const kind = source.entity === 'matterWithOutcome' ? 'matter' : source.entity;
    return row.entity_id ? (records.byKind[kind].get(row.entity_id) ?? null) : null;
  }
  let detail: Record<string, unknown> = {};
  try {
    detail = JSON.parse(row.detail) as Record<string, unknown>;
  } catch {
    return null;
  }
  const listed = Array.isArray(detail[source.detail]) ? (detail[source.detail] as unknown[]) : [];
  for (const id of listed) {
    if (typeof id !== 'string') continue;
    if (source.detail === 'matterIds' && records.byKind.matter.has(id)) return id;
    const petitionMatter = records.byKind.petition.get(id);
    if (source.detail === 'petitionIds' && petitionMatter) return petitionMatter;
    const message = records.outcomeMessages.get(id);
    if (source.detail === 'messageIds' && message) return message.matter_id;
  }
  return null;
}

export async function disclosureReport(
  ctx: OfficeContext,
  input: z.output<typeof disclosuresInputSchema>,
): Promise<DisclosureReport> {
  await requireRapSheetAccess(ctx, 'audit.disclosures', input.clientId);
  const client = await ctx.db
    .selectFrom('clients')
    .select(['id', 'legal_name'])
    .where('id', '=', input.clientId)
    .executeTakeFirst();
  if (!client)
    throw notFound('That client', {
      entityType: 'client',
      entityId: input.clientId,
    });
  const before = input.cursor ? String(decodeViewCursor(input.cursor)[0]) : null;
  // Reads still in the audit journal join the log first, so the report misses none.
  await chainAuditJournal(ctx.db);
  const records = await recordsOf(ctx.db, client.id);
  const rows = await disclosingRows(ctx, records, before, input.limit);
  const page = rows.slice(0, input.limit);
  const actorIds = [...new Set(page.flatMap((r) => (r.actor_id ? [r.actor_id] : [])))];
  const actors =
    actorIds.length > 0
      ? await ctx.db.selectFrom('users').select(['id', 'name']).where('id', 'in', actorIds).execute()
      : [];
  const actorName = new Map(actors.map((a) => [a.id, a.name]));
  const reference = new Map(records.matters.map((m) => [m.id, m.reference]));
  const items = page.map((row): Disclosure => {
    const action = row.action;
    const matterId = matterOf(records, row);
    return {
      id: row.id,
      occurredAt: row.occurred_at,
      actorId: row.actor_id,
      actorName: row.actor_id ? (actorName.get(row.actor_id) ?? null) : null,
      action,
      description: CRIMINAL_HISTORY_ACTIONS[action],
      matterId,
      matterReference: matterId ? (reference.get(matterId) ?? null) : null,
      ip: row.ip,
    };
  });
  await putOnRecord(ctx.db, {
    entityType: 'client',
    entityId: client.id,
    detail: { rows: items.length, page: before !== null },
  });
  const last = page.at(-1);
  return {
    client: { id: client.id, name: client.legal_name },
    items,
    nextCursor: rows.length > input.limit && last ? encodeViewCursor([last.id]) : null,
  };
}
