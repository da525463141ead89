// The disclosure report: who saw, printed or sent one client's criminal history, and when. Read from
// the office's audit rows of the actions declared in CRIMINAL_HISTORY_ACTIONS, each traced from the
// record it names (a matter, conviction, petition, decision, criminal-history file, or a message that tells
// criminal history — the court outcome, or a status update about the record or the court — or its
// delivery) back to the client. Itself audited: it tells that the client has a record.
import { chainAuditJournal, firstIdAt, type OfficeDb } from '@relief-desk/db';
import {
  CRIMINAL_HISTORY_ACTIONS,
  CRIMINAL_HISTORY_DOCUMENT_KINDS,
  CRIMINAL_HISTORY_STATUS_ACTIONS,
  CRIMINAL_HISTORY_STATUS_TYPES,
  type CriminalHistoryAction,
  type disclosuresInputSchema,
  isCriminalHistoryAction,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putReadOnRecord } from '../../audit.ts';
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
  /**
   * The delivery of a message that tells criminal history: the court outcome, or a status update
   * about the record or the court.
   */
  | 'criminalHistoryOutbox'
  /**
   * A matter's messages read: rows saying whether criminal history was shown count when it was;
   * rows written before they said so count from the moment the matter's first court outcome message
   * was written.
   */
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
  'convictions.remove': { entity: 'conviction' },
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
  'rapImports.discard': { entity: 'matter' },
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
  'documents.removeFile': { entity: 'criminalHistoryFile' },
  // A status update is criminal history only when it tells of the record or the court: its row says so.
  'messages.composeStatus': { entity: 'matter', shown: true },
  'messages.sendStatus': { entity: 'matter', shown: true },
  'messages.logStatus': { entity: 'matter', shown: true },
  'messages.composeOutcome': { entity: 'matter' },
  'messages.sendOutcome': { entity: 'matter' },
  'messages.signedOrderCopies': { entity: 'matter' },
  'messages.sendSignedOrderCopies': { entity: 'matter' },
  'messages.list': { entity: 'matterWithOutcome' },
  // Sending a failed delivery again sends what it told: the court outcome, or a status update about
  // the record or the court (whoever sends it again, the client is told it again).
  'messages.retry': { entity: 'criminalHistoryOutbox' },
  'messages.resendVia': { entity: 'criminalHistoryOutbox' },
  'letters.print': { detail: 'messageIds' },
  'letters.printMailingRun': { detail: 'messageIds' },
  'letters.confirmPrinted': { detail: 'messageIds' },
  // Its row names the delivery taken out of the print queue.
  'messages.withdrawLetter': { entity: 'criminalHistoryOutbox' },
  'messages.stopSending': { entity: 'criminalHistoryOutbox' },
  'messages.leaveUnsent': { entity: 'criminalHistoryOutbox' },
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
    // The messages that tell criminal history: the court outcome, and status updates about the record
    // or the court (whatever sent them: staff, or a resend of a failed one).
    db
      .selectFrom('messages')
      .select(['id', 'matter_id', 'created_at', 'kind'])
      .where('matter_id', 'in', inMatters)
      .where((eb) =>
        eb.or([eb('kind', '=', 'outcome'), eb('status_type', 'in', [...CRIMINAL_HISTORY_STATUS_TYPES])]),
      )
      .execute(),
  ]);
  const outbox =
    messages.length > 0
      ? await db
          .selectFrom('outbox')
          .select(['id', 'matter_id', 'message_id'])
          .where(
            'message_id',
            'in',
            messages.map((m) => m.id),
          )
          .$narrowType<{ matter_id: string; message_id: string }>()
          .execute()
      : [];
  const firstOutcome = new Map<string, string>();
  for (const m of messages) {
    if (m.kind !== 'outcome') continue;
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
    criminalHistoryOutbox: new Map(pairs(outbox)),
  };
  const criminalHistoryMessages = new Map(messages.map((m) => [m.id, m]));
  return {
    matters,
    byKind,
    /** Matters with a court outcome message, from when the first was written. */
    firstOutcome,
    criminalHistoryMessages,
    /** The message each delivery of criminalHistoryOutbox carries. */
    outboxMessages: new Map(
      outbox.flatMap((o) => {
        const message = criminalHistoryMessages.get(o.message_id);
        return message ? [[o.id, message] as const] : [];
      }),
    ),
  };
}

type Records = Awaited<ReturnType<typeof recordsOf>>;

const SHOWN = '%"criminalHistoryShown":true%';
const SAYS_WHETHER_SHOWN = '%"criminalHistoryShown"%';

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
      const matterIds = [...records.byKind.matter.keys()];
      if (matterIds.length > 0)
        queries.push(
          base()
            .where('action', 'in', actions)
            .where('entity_id', 'in', matterIds)
            .where('detail', 'like', SHOWN)
            .orderBy('id', 'desc')
            .limit(limit + 1)
            .execute(),
        );
      for (const [matterId, since] of records.firstOutcome)
        queries.push(
          base()
            .where('action', 'in', actions)
            .where('entity_id', '=', matterId)
            .where('id', '>=', firstIdAt(new Date(since)))
            .where('detail', 'not like', SAYS_WHETHER_SHOWN)
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
          : [...records.criminalHistoryMessages.values()].map((m) => ({ id: m.id, since: m.created_at }));
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

interface Traced {
  /** The client's matter the row was about, when it names one. */
  matterId: string | null;
  /** The row sent or printed a status update about the record or the court, not the court outcome. */
  statusUpdate: boolean;
}

/** What of the client's an audit row was about: its matter, and for a message, which kind it was. */
function tracedTo(
  records: Records,
  row: { action: CriminalHistoryAction; entity_id: string | null; detail: string },
): Traced {
  const none: Traced = { matterId: null, statusUpdate: false };
  const source = SOURCES[row.action];
  if ('entity' in source) {
    const kind = source.entity === 'matterWithOutcome' ? 'matter' : source.entity;
    if (!row.entity_id) return none;
    const message = kind === 'criminalHistoryOutbox' ? records.outboxMessages.get(row.entity_id) : undefined;
    return {
      matterId: records.byKind[kind].get(row.entity_id) ?? null,
      statusUpdate: message !== undefined && message.kind !== 'outcome',
    };
  }
  let detail: Record<string, unknown> = {};
  try {
    detail = JSON.parse(row.detail) as Record<string, unknown>;
  } catch {
    return none;
  }
  const listed = Array.isArray(detail[source.detail]) ? (detail[source.detail] as unknown[]) : [];
  // A mailing run of the client's letters reads as the court outcome's when one of them is.
  let statusLetter: Traced | null = null;
  for (const id of listed) {
    if (typeof id !== 'string') continue;
    if (source.detail === 'matterIds' && records.byKind.matter.has(id))
      return { matterId: id, statusUpdate: false };
    const petitionMatter = records.byKind.petition.get(id);
    if (source.detail === 'petitionIds' && petitionMatter)
      return { matterId: petitionMatter, statusUpdate: false };
    const message = records.criminalHistoryMessages.get(id);
    if (source.detail !== 'messageIds' || !message) continue;
    if (message.kind === 'outcome') return { matterId: message.matter_id, statusUpdate: false };
    statusLetter ??= { matterId: message.matter_id, statusUpdate: true };
  }
  return statusLetter ?? none;
}

/** The report's words for a row: what a status update's resend or letter did, where it was one. */
function descriptionOf(action: CriminalHistoryAction, traced: Traced): string {
  const asStatus: Partial<Record<CriminalHistoryAction, string>> = CRIMINAL_HISTORY_STATUS_ACTIONS;
  return (traced.statusUpdate ? asStatus[action] : undefined) ?? CRIMINAL_HISTORY_ACTIONS[action];
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
    const traced = tracedTo(records, row);
    const matterId = traced.matterId;
    return {
      id: row.id,
      occurredAt: row.occurred_at,
      actorId: row.actor_id,
      actorName: row.actor_id ? (actorName.get(row.actor_id) ?? null) : null,
      action,
      description: descriptionOf(action, traced),
      matterId,
      matterReference: matterId ? (reference.get(matterId) ?? null) : null,
      ip: row.ip,
    };
  });
  await putReadOnRecord(ctx.db, {
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
