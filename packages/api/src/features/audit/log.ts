// The audit log page: the office's rows, filtered (person, client, matter, action or group of
// actions, California days, outcome), newest first, in keyset pages; each row told as a sentence
// with its records linked, and a person's reads of one matter a few minutes apart shown as one visit.
//
// Every page is read from index ranges in id order (an id begins with its instant, so a span of days
// is a range of ids): the office's rows by person, by outcome, by action (a group of actions is one
// range per action, merged), or by record (a client's or a matter's records, a short list sorted in
// memory). Rows naming no office (sign-ins naming no account) are a range of their own, merged in for
// administrators. Records are resolved in the reader's office only: another office's record is never
// named, only said to be another office's.
import { acrossOffices, chainAuditJournal, type Db, firstIdAt } from '@relief-desk/db';
import {
  AUDIT_ENTITY_NOUNS,
  AUDIT_VISIT_GAP_MINUTES,
  type AuditEntityType,
  type AuditFilters,
  type AuditOutcome,
  type AuditRefusal,
  type AuditRowFacts,
  type AuditSentencePart,
  addDays,
  auditActionsLike,
  auditActionsOf,
  auditActorName,
  auditLinkOf,
  auditSentence,
  auditVisitSentence,
  auditWordingOf,
  californiaDayStart,
  can,
  DOCUMENT_KINDS,
  type DocumentKind,
  isApplicationRefusal,
  isAuditEntityType,
  isAuditLinkRefusal,
  NO_OFFICE_ENTITY_TYPES,
  UNBACKED_STATUS,
} from '@relief-desk/domain';
import { type CompiledQuery, type SqlBool, sql } from 'kysely';
import { RECORD_TABLES } from '../../audit.ts';
import type { AuthedContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { decodeViewCursor, encodeViewCursor } from '../queues/cursor.ts';
import { byName } from '../users/byName.ts';

/** One row of the log, as the page and the export show it. */
export interface AuditEntry {
  id: string;
  occurredAt: string;
  action: string;
  actionLabel: string;
  outcome: AuditOutcome;
  ip: string;
  /** Who acted, as the log names them ("Unknown account" for a sign-in naming none). */
  actorName: string;
  /** Their sign-in e-mail, which tells apart two people of one name (the CSV export's column). */
  actorEmail: string | null;
  /** The person, when they are of the reader's office. */
  actorId: string | null;
  unknownAccount: boolean;
  sentence: AuditSentencePart[];
  matterId: string | null;
  matterReference: string | null;
  /**
   * The matter's reference, or those of the matters the row's detail names (a referral's, a page of
   * a search), of this office, in the detail's order: the export's Matter column.
   */
  matterReferences: string[];
  clientId: string | null;
  clientName: string | null;
}

/** A line of the page: one row, or a visit (a person's reads of one matter a few minutes apart). */
export interface AuditLine {
  id: string;
  visit: boolean;
  newest: string;
  oldest: string;
  sentence: AuditSentencePart[];
  entries: AuditEntry[];
}

export interface AuditPage {
  lines: AuditLine[];
  nextCursor: string | null;
  /** What the chosen filters name, for the form to show. */
  chosen: {
    person: { id: string; name: string } | null;
    client: { id: string; name: string } | null;
    matter: { id: string; reference: string; clientName: string } | null;
  };
}

/** Where a page reads: the office, and whether rows naming no office are shown (administrators). */
export interface AuditScope {
  db: Db;
  officeId: string;
  seesNoOffice: boolean;
}

/** The records a client or matter filter stands for, resolved once per page. */
export interface RecordFilter {
  /** Ids of the client's or matter's records (the client, its matters, their convictions, …). */
  entityIds: string[];
}

const COLUMNS = [
  'id',
  'occurred_at',
  'actor_id',
  'office_id',
  'action',
  'entity_type',
  'entity_id',
  'ip',
  'outcome',
  'detail',
] as const;

export interface AuditRow {
  id: string;
  occurred_at: string;
  actor_id: string | null;
  office_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  ip: string;
  outcome: AuditOutcome;
  detail: string;
}

/** The first id of a California day, and the first id after the last day: the span's id range. */
function idRange(filters: AuditFilters): { from: string | null; until: string | null } {
  return {
    from: filters.from ? firstIdAt(new Date(californiaDayStart(filters.from))) : null,
    until: filters.to ? firstIdAt(new Date(californiaDayStart(addDays(filters.to, 1)))) : null,
  };
}

/**
 * The queries one page reads, each an index range newest first with its own limit: merged and cut
 * to the limit, they give the page. `before`: the cursor's id (rows older than it).
 */
export function auditPageQueries(
  scope: AuditScope,
  filters: AuditFilters,
  records: RecordFilter | null,
  before: string | null,
  limit: number,
) {
  const { from, until } = idRange(filters);
  const actions = filters.action
    ? auditActionsLike(filters.action)
    : filters.actionGroup
      ? auditActionsOf(filters.actionGroup)
      : null;
  const unknownOnly = filters.person === 'unknown';
  const person = unknownOnly ? null : filters.person;
  // A column compared on each row rather than read as a range of an index that starts with it: beside
  // another index (a list of records, a person), reading that one keeps the ranges short, or in id order.
  const checked = (column: 'action' | 'office_id', values: readonly string[]) =>
    sql<SqlBool>`(${sql.ref(column)} || '') in (${sql.join(values)})`;
  const base = (office: 'own' | 'ownChecked' | 'none') => {
    let query = scope.db.selectFrom('audit_log').select(COLUMNS);
    if (office === 'own') query = query.where('office_id', '=', scope.officeId);
    else if (office === 'ownChecked') query = query.where(checked('office_id', [scope.officeId]));
    else query = query.where('office_id', 'is', null).where('entity_type', 'in', [...NO_OFFICE_ENTITY_TYPES]);
    if (before) query = query.where('id', '<', before);
    if (from) query = query.where('id', '>=', from);
    if (until) query = query.where('id', '<', until);
    if (filters.outcome) query = query.where('outcome', '=', filters.outcome);
    return query;
  };
  const actionChecked = (values: readonly string[]) => checked('action', values);
  const queries = [];

  if (!unknownOnly) {
    const own = base('own');
    if (records) {
      // A client's or matter's records: a short list of ids, each a range of the record index, the
      // rows sorted in memory (a client's rows are few beside the office's).
      let query = base('ownChecked').where(
        'entity_id',
        'in',
        records.entityIds.length > 0 ? records.entityIds : [''],
      );
      if (person) query = query.where(sql<SqlBool>`(${sql.ref('actor_id')} || '') = ${person}`);
      if (actions) query = query.where(actionChecked(actions));
      queries.push(query);
    } else if (person) {
      // A list of actions beside the person index: checked on each row, since ranges of the action
      // index would lose the id order.
      let query = own.where('actor_id', '=', person);
      if (actions) query = query.where(actionChecked(actions));
      queries.push(query);
    } else if (actions) {
      for (const action of actions) queries.push(own.where('action', '=', action));
    } else {
      queries.push(own);
    }
  }
  // Rows naming no office: sign-ins naming no account, refused requests with no session. Never
  // about a record, so not under a client or matter filter.
  if (scope.seesNoOffice && person === null && !records) {
    let query = base('none');
    if (actions) query = query.where(actionChecked(actions));
    queries.push(query);
  }
  return queries.map((query) => query.orderBy('id', 'desc').limit(limit));
}

/** Up to `limit` rows of the filtered log older than `before`, newest first. */
export async function readAuditRows(
  scope: AuditScope,
  filters: AuditFilters,
  records: RecordFilter | null,
  before: string | null,
  limit: number,
): Promise<AuditRow[]> {
  const queries = auditPageQueries(scope, filters, records, before, limit);
  const rows: AuditRow[] = [];
  // One after another: SQLite has one connection, and most pages read one range.
  for (const query of queries) rows.push(...(await query.execute()));
  const unique = new Map(rows.map((r) => [r.id, r]));
  return [...unique.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, limit);
}

export function auditScopeOf(ctx: AuthedContext): AuditScope {
  return { db: ctx.db, officeId: ctx.user.officeId, seesNoOffice: can(ctx.user.role, 'administer') };
}

/**
 * What the filters name, checked against the office: a person, client or matter of another office
 * (or none) is refused as not found, and the refusal is put on record under the request's name.
 */
export async function resolveAuditFilters(
  ctx: AuthedContext,
  filters: AuditFilters,
): Promise<{ records: RecordFilter | null; chosen: AuditPage['chosen'] }> {
  const db = ctx.db;
  const officeId = ctx.user.officeId;
  const chosen: AuditPage['chosen'] = { person: null, client: null, matter: null };
  if (filters.person && filters.person !== 'unknown') {
    const person = await db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', '=', filters.person)
      .where('office_id', '=', officeId)
      .executeTakeFirst();
    if (!person) throw notFound('That person', { entityType: 'user', entityId: filters.person });
    chosen.person = person;
  }
  let matterIds: string[] = [];
  const clientIds: string[] = [];
  if (filters.client) {
    const client = await db
      .selectFrom('clients')
      .select(['id', 'legal_name'])
      .where('id', '=', filters.client)
      .where('office_id', '=', officeId)
      .executeTakeFirst();
    if (!client) throw notFound('That client', { entityType: 'client', entityId: filters.client });
    chosen.client = { id: client.id, name: client.legal_name };
    // Records merged into this one were the same person's: their rows are the client's too.
    const merged = await db
      .selectFrom('client_merges')
      .select('merged_client_id')
      .where('surviving_client_id', '=', client.id)
      .where('office_id', '=', officeId)
      .where('undone_at', 'is', null)
      .execute();
    clientIds.push(client.id, ...merged.map((m) => m.merged_client_id));
    const matters = await db
      .selectFrom('matters')
      .select('id')
      .where('client_id', '=', client.id)
      .where('office_id', '=', officeId)
      .execute();
    matterIds = matters.map((m) => m.id);
  }
  if (filters.matter) {
    const matter = await db
      .selectFrom('matters')
      .innerJoin('clients', 'clients.id', 'matters.client_id')
      .select(['matters.id', 'matters.reference', 'matters.client_id', 'clients.legal_name'])
      .where('matters.id', '=', filters.matter)
      .where('matters.office_id', '=', officeId)
      .executeTakeFirst();
    if (!matter) throw notFound('That matter', { entityType: 'matter', entityId: filters.matter });
    chosen.matter = { id: matter.id, reference: matter.reference, clientName: matter.legal_name };
    // Both: the matter's rows, if it is the client's (else none); the client's own rows are not the matter's.
    matterIds = !filters.client || matterIds.includes(matter.id) ? [matter.id] : [];
    clientIds.length = 0;
  }
  if (!filters.client && !filters.matter) return { records: null, chosen };
  return { records: { entityIds: [...clientIds, ...(await recordsOfMatters(db, matterIds))] }, chosen };
}

/** The ids of the matters' records of one kind, read from an index by the matters' ids. */
type RecordsOfMatters = (
  db: Db,
  matterIds: readonly string[],
) => { execute(): Promise<{ id: string }[]>; compile(): CompiledQuery };

/**
 * How a client's or matter's filter finds the rows about its records, by the entity type a row names
 * its record with. Every type the log knows is listed, so a kind of record added later must say how
 * its matter's filter finds it, or why it is no matter's (null). A filing run holds several matters'
 * petitions: its rows are under each of those matters (its petitions never change).
 */
export const RECORDS_OF_MATTERS: Readonly<Record<AuditEntityType, RecordsOfMatters | 'matter' | null>> = {
  // The matters themselves.
  matter: 'matter',
  conviction: (db, ids) => db.selectFrom('convictions').select('id').where('matter_id', 'in', ids),
  // An arrest's decisions are on record against the arrest.
  arrest: (db, ids) => db.selectFrom('arrests').select('id').where('matter_id', 'in', ids),
  petition: (db, ids) => db.selectFrom('petitions').select('id').where('matter_id', 'in', ids),
  // Through the convictions, as its index is.
  eligibility_decision: (db, ids) =>
    db
      .selectFrom('eligibility_decisions')
      .select('id')
      .where('conviction_id', 'in', db.selectFrom('convictions').select('id').where('matter_id', 'in', ids)),
  document_request: (db, ids) =>
    db.selectFrom('document_requests').select('id').where('matter_id', 'in', ids),
  document_file: (db, ids) =>
    db
      .selectFrom('document_files')
      .select('id')
      .where(
        'request_id',
        'in',
        db.selectFrom('document_requests').select('id').where('matter_id', 'in', ids),
      ),
  filing_run: (db, ids) =>
    db
      .selectFrom('filing_run_petitions')
      .select('run_id as id')
      .where('petition_id', 'in', db.selectFrom('petitions').select('id').where('matter_id', 'in', ids)),
  rap_import: (db, ids) => db.selectFrom('rap_imports').select('id').where('matter_id', 'in', ids),
  message: (db, ids) => db.selectFrom('messages').select('id').where('matter_id', 'in', ids),
  outbox: (db, ids) =>
    db
      .selectFrom('outbox')
      .select('id')
      .where('message_id', 'in', db.selectFrom('messages').select('id').where('matter_id', 'in', ids)),
  // Rows about RAP sheet data name the matter, conviction, petition, document or filing run read by
  // its own id: found as that record.
  rap_sheet_data: null,
  // A client's filter adds the client, and those merged into it, itself.
  client: null,
  // Records of the office, its staff or their sign-ins, no matter's.
  address: null,
  client_merge: null,
  counter: null,
  invitation: null,
  message_template: null,
  office: null,
  partner_api_key: null,
  passkey: null,
  procedure: null,
  queue: null,
  request: null,
  session: null,
  sign_in: null,
  sign_in_account: null,
  status_link: null,
  user: null,
};

/** The queries that find the matters' records, one per kind (plan-tested). */
export function recordsOfMattersQueries(db: Db, matterIds: readonly string[]) {
  return Object.values(RECORDS_OF_MATTERS).flatMap((find) =>
    typeof find === 'function' ? [find(db, matterIds)] : [],
  );
}

/** The matters' ids and their records' of every kind (RECORDS_OF_MATTERS). */
async function recordsOfMatters(db: Db, matterIds: string[]): Promise<string[]> {
  if (matterIds.length === 0) return [];
  const found = new Set(matterIds);
  // One after another: SQLite has one connection. A run holding two of the matters' petitions comes twice.
  for (const query of recordsOfMattersQueries(db, matterIds))
    for (const row of await query.execute()) found.add(row.id);
  return [...found];
}

// ---- Telling rows ----

/** The tables a record of each type may be in (none for a type that names no record). */
const recordTablesOf = (type: string): readonly string[] | undefined =>
  isAuditEntityType(type) ? RECORD_TABLES[type] : undefined;

/** Records that belong to a matter, by the entity type a row names them with. */
const MATTER_RECORD_TABLES = {
  conviction: 'convictions',
  arrest: 'arrests',
  petition: 'petitions',
  eligibility_decision: 'eligibility_decisions',
  message: 'messages',
  outbox: 'outbox',
  rap_import: 'rap_imports',
} as const;

type Detail = Record<string, unknown>;
function detailOf(row: AuditRow): Detail {
  try {
    const parsed: unknown = JSON.parse(row.detail);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Detail) : {};
  } catch {
    return {};
  }
}

/** The matters a row's detail names by id (detail.matterIds), as written. */
function detailMatterIds(detail: Detail): string[] {
  const ids = detail.matterIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** Ids per lookup of the matters rows' details name: a page of searches can name thousands. */
const DETAIL_MATTERS_PER_LOOKUP = 500;

const uniq = (values: (string | null | undefined)[]) => [
  ...new Set(values.filter((v): v is string => typeof v === 'string' && v !== '')),
];

/** A row with its sentence, and what grouping needs to know of it. */
export interface DescribedRow {
  entry: AuditEntry;
  facts: AuditRowFacts;
  /** A look at a matter by a person of the office: it may join a visit. */
  visitKey: string | null;
}

/** Tells rows: the records they name are looked up in the reader's office, a few queries per batch. */
export async function describeAuditRows(ctx: AuthedContext, rows: AuditRow[]): Promise<DescribedRow[]> {
  const db = ctx.db;
  const officeId = ctx.user.officeId;
  const byType = (type: string) => uniq(rows.filter((r) => r.entity_type === type).map((r) => r.entity_id));
  const rapData = byType('rap_sheet_data');

  // The records that belong to a matter: each to its matter.
  const matterOf = new Map<string, string>();
  const kindOf = new Map<string, DocumentKind>();
  const lookups: Promise<void>[] = [];
  for (const [type, table] of Object.entries(MATTER_RECORD_TABLES)) {
    const ids = uniq([...byType(type), ...(type === 'conviction' || type === 'petition' ? rapData : [])]);
    if (ids.length === 0) continue;
    lookups.push(
      db
        .selectFrom(table as 'convictions')
        .select(['id', 'matter_id'])
        .where('id', 'in', ids)
        .where('office_id', '=', officeId)
        .execute()
        .then((found) => {
          for (const r of found) matterOf.set(r.id, r.matter_id);
        }),
    );
  }
  const requestIds = uniq([...byType('document_request'), ...rapData]);
  if (requestIds.length > 0)
    lookups.push(
      db
        .selectFrom('document_requests')
        .select(['id', 'matter_id', 'kind'])
        .where('id', 'in', requestIds)
        .where('office_id', '=', officeId)
        .execute()
        .then((found) => {
          for (const r of found) {
            matterOf.set(r.id, r.matter_id);
            if ((DOCUMENT_KINDS as readonly string[]).includes(r.kind)) kindOf.set(r.id, r.kind);
          }
        }),
    );
  const fileIds = uniq([...byType('document_file'), ...rapData]);
  if (fileIds.length > 0)
    lookups.push(
      db
        .selectFrom('document_files')
        .innerJoin('document_requests', 'document_requests.id', 'document_files.request_id')
        .select(['document_files.id', 'document_files.matter_id', 'document_requests.kind'])
        .where('document_files.id', 'in', fileIds)
        .where('document_files.office_id', '=', officeId)
        .execute()
        .then((found) => {
          for (const r of found) {
            matterOf.set(r.id, r.matter_id);
            if ((DOCUMENT_KINDS as readonly string[]).includes(r.kind)) kindOf.set(r.id, r.kind);
          }
        }),
    );
  const actorIds = uniq(rows.map((r) => r.actor_id));
  const actors = new Map<string, { name: string; email: string; officeId: string }>();
  if (actorIds.length > 0)
    lookups.push(
      // Across offices on purpose: a refusal on record here names who tried, from which office.
      acrossOffices(db)
        .selectFrom('users')
        .select(['id', 'name', 'email', 'office_id'])
        .where('id', 'in', actorIds)
        .execute()
        .then((found) => {
          for (const u of found) actors.set(u.id, { name: u.name, email: u.email, officeId: u.office_id });
        }),
    );
  // People a row names: the account it is about, or whom its detail says work was given to.
  const assigneeOf = (row: AuditRow): string | null => {
    if (row.action !== 'queues.bulkAssign') return null;
    const id = detailOf(row).assigneeId;
    return typeof id === 'string' ? id : null;
  };
  const userIds = uniq([...byType('user'), ...rows.map(assigneeOf)]);
  const users = new Map<string, { id: string; name: string }>();
  if (userIds.length > 0)
    lookups.push(
      db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('id', 'in', userIds)
        .where('office_id', '=', officeId)
        .execute()
        .then((found) => {
          for (const u of found) users.set(u.id, u);
        }),
    );
  // The address an invitation of this office was sent to: the invitation rows name whom.
  const invitationIds = byType('invitation');
  const invitees = new Map<string, string>();
  if (invitationIds.length > 0)
    lookups.push(
      db
        .selectFrom('invitations')
        .select(['id', 'email'])
        .where('id', 'in', invitationIds)
        .where('office_id', '=', officeId)
        .execute()
        .then((found) => {
          for (const i of found) invitees.set(i.id, i.email);
        }),
    );
  // The partner API keys of this office the rows name (a call sent with one, a key made or revoked):
  // the log says which, by name and the first characters the keys page shows.
  const keyIds = byType('partner_api_key');
  const partnerKeys = new Map<string, { name: string; prefix: string }>();
  if (keyIds.length > 0)
    lookups.push(
      db
        .selectFrom('partner_api_keys')
        .select(['id', 'name', 'key_prefix'])
        .where('id', 'in', keyIds)
        .where('office_id', '=', officeId)
        .execute()
        .then((found) => {
          for (const k of found) partnerKeys.set(k.id, { name: k.name, prefix: k.key_prefix });
        }),
    );
  await Promise.all(lookups);

  // A partner's referral names the matters it opened in its detail: the first is linked in its sentence.
  const partnerMatterOf = (row: AuditRow): string | null =>
    row.action === 'partnerApi.referrals.create' ? (detailMatterIds(detailOf(row))[0] ?? null) : null;

  // Matters named directly or through a record, and the clients named directly or through a matter.
  const matterIds = uniq([
    ...byType('matter'),
    ...rapData,
    ...matterOf.values(),
    ...rows.map(partnerMatterOf),
  ]);
  const matters = new Map<string, { id: string; reference: string; clientId: string }>();
  if (matterIds.length > 0)
    for (const m of await db
      .selectFrom('matters')
      .select(['id', 'reference', 'client_id'])
      .where('id', 'in', matterIds)
      .where('office_id', '=', officeId)
      .execute())
      matters.set(m.id, { id: m.id, reference: m.reference, clientId: m.client_id });
  // Matters named only in rows' details: their references, read in slices of the office's matters.
  const namedInDetail = new Map(rows.map((row) => [row.id, detailMatterIds(detailOf(row))]));
  const referenceOf = new Map([...matters.values()].map((m) => [m.id, m.reference]));
  const detailOnly = uniq([...namedInDetail.values()].flat()).filter((id) => !referenceOf.has(id));
  for (let i = 0; i < detailOnly.length; i += DETAIL_MATTERS_PER_LOOKUP)
    for (const m of await db
      .selectFrom('matters')
      .select(['id', 'reference'])
      .where('id', 'in', detailOnly.slice(i, i + DETAIL_MATTERS_PER_LOOKUP))
      .where('office_id', '=', officeId)
      .execute())
      referenceOf.set(m.id, m.reference);
  const clientIds = uniq([...byType('client'), ...[...matters.values()].map((m) => m.clientId)]);
  const clients = new Map<string, { id: string; name: string }>();
  if (clientIds.length > 0)
    for (const c of await db
      .selectFrom('clients')
      .select(['id', 'legal_name'])
      .where('id', 'in', clientIds)
      .where('office_id', '=', officeId)
      .execute())
      clients.set(c.id, { id: c.id, name: c.legal_name });
  const otherNames = new Map<string, string>();
  const otherOffices = uniq([...actors.values()].map((a) => (a.officeId === officeId ? null : a.officeId)));
  if (otherOffices.length > 0)
    for (const o of await db
      .selectFrom('offices')
      .select(['id', 'name'])
      .where('id', 'in', otherOffices)
      .execute())
      otherNames.set(o.id, o.name);

  const matterFacts = (id: string | null | undefined): AuditRowFacts['matter'] => {
    const matter = id ? matters.get(id) : undefined;
    const client = matter ? clients.get(matter.clientId) : undefined;
    return matter && client
      ? { id: matter.id, reference: matter.reference, clientId: client.id, clientName: client.name }
      : null;
  };
  const resolved = (row: AuditRow): { matter: AuditRowFacts['matter']; client: AuditRowFacts['client'] } => {
    const id = row.entity_id;
    if (!id) return { matter: null, client: null };
    switch (row.entity_type) {
      case 'matter':
        return { matter: matterFacts(id), client: null };
      case 'client':
        return { matter: null, client: clients.get(id) ?? null };
      case 'rap_sheet_data':
        return { matter: matterFacts(matters.has(id) ? id : matterOf.get(id)), client: null };
      case 'partner_api_key':
        return { matter: matterFacts(partnerMatterOf(row)), client: null };
      default:
        return { matter: matterFacts(matterOf.get(id)), client: null };
    }
  };

  // A refusal about a record the lookups above do not name: a record of this office they do not
  // cover (an invitation, a filing run) is this office's own; any other is "not found in this office",
  // whether another office holds it or none does. Looked up in this office only: the log must not tell
  // whether another office's id exists (that office learns of the attempt on its own log).
  const unresolved = rows.filter(
    (r) =>
      r.outcome === 'denied' &&
      r.entity_id &&
      recordTablesOf(r.entity_type) &&
      !detailOf(r).attemptBy &&
      (() => {
        const found = resolved(r);
        return !found.matter && !found.client && !(r.entity_type === 'user' && users.has(r.entity_id ?? ''));
      })(),
  );
  const own = new Set<string>();
  const wanted = new Map<string, string[]>();
  for (const r of unresolved)
    for (const table of recordTablesOf(r.entity_type) ?? [])
      wanted.set(table, uniq([...(wanted.get(table) ?? []), r.entity_id]));
  for (const [table, ids] of wanted)
    for (const found of await db
      .selectFrom(table as 'matters')
      .select('id')
      .where('office_id', '=', officeId)
      .where('id', 'in', ids)
      .execute())
      own.add(found.id);

  return rows.map((row) => {
    const detail = detailOf(row);
    const actor = row.actor_id ? actors.get(row.actor_id) : undefined;
    const { matter, client } = resolved(row);
    const user = row.entity_type === 'user' && row.entity_id ? (users.get(row.entity_id) ?? null) : null;
    const facts: AuditRowFacts = {
      action: row.action,
      outcome: row.outcome,
      actor:
        row.actor_id && actor
          ? {
              id: row.actor_id,
              name: actor.name,
              office:
                actor.officeId === officeId ? null : (otherNames.get(actor.officeId) ?? 'another office'),
            }
          : null,
      // A link's row names its office with no person: whoever held the link acted, not the server.
      noActor: row.actor_id
        ? 'formerAccount'
        : row.entity_type === 'partner_api_key'
          ? 'partnerKey'
          : // An application, a status page, a new status link: whoever used the public pages.
            row.action.startsWith('applications.')
            ? 'publicPages'
            : auditLinkOf(row.action)
              ? 'notSignedIn'
              : row.office_id === null
                ? row.action.startsWith('auth.')
                  ? 'unknownAccount'
                  : 'notSignedIn'
                : row.ip === 'cli'
                  ? 'commandLine'
                  : 'server',
      matter,
      client,
      user,
      document: row.entity_id ? (kindOf.get(row.entity_id) ?? null) : null,
      stage: row.action === 'matters.moveStage' && typeof detail.to === 'string' ? detail.to : null,
      enabled: row.action === 'users.setActive' && typeof detail.to === 'boolean' ? detail.to : null,
      detail,
      reader: { seesRapSheets: ctx.user.canViewRapSheets },
      invitee:
        row.entity_type === 'invitation' && row.entity_id ? (invitees.get(row.entity_id) ?? null) : null,
      assignee: (() => {
        const id = assigneeOf(row);
        return id ? (users.get(id) ?? null) : null;
      })(),
      partnerKey:
        row.entity_type === 'partner_api_key' && row.entity_id
          ? (partnerKeys.get(row.entity_id) ?? null)
          : null,
      refusal: row.outcome === 'denied' ? refusalOf(row, detail, { matter, client, user }, own) : null,
    };
    const wording = auditWordingOf(row.action);
    const ownActor = facts.actor && facts.actor.office === null ? facts.actor.id : null;
    const entry: AuditEntry = {
      id: row.id,
      occurredAt: row.occurred_at,
      action: row.action,
      actionLabel: wording.label,
      outcome: row.outcome,
      ip: row.ip,
      actorName: auditActorName(facts),
      actorEmail: facts.actor ? (actor?.email ?? null) : null,
      actorId: ownActor,
      unknownAccount: row.office_id === null,
      sentence: auditSentence(facts),
      matterId: matter?.id ?? null,
      matterReference: matter?.reference ?? null,
      matterReferences: matter
        ? [matter.reference]
        : uniq((namedInDetail.get(row.id) ?? []).map((id) => referenceOf.get(id))),
      clientId: matter?.clientId ?? client?.id ?? null,
      clientName: matter?.clientName ?? client?.name ?? null,
    };
    const visitKey =
      wording.read && row.outcome === 'ok' && ownActor && matter ? `${ownActor}|${matter.id}` : null;
    return { entry, facts, visitKey };
  });
}

function refusalOf(
  row: AuditRow,
  detail: Detail,
  found: Pick<AuditRowFacts, 'matter' | 'client' | 'user'>,
  ownRecords: Set<string>,
): AuditRefusal {
  if (detail.attemptBy) return { reason: 'thisOffice' };
  // A one-time link says why it was refused; an unknown one names no record (written as a `request`,
  // which is no request from another site).
  const link = auditLinkOf(row.action);
  if (link && isAuditLinkRefusal(link, detail.reason)) return { reason: 'link', link, state: detail.reason };
  if (row.action.startsWith('applications.') && isApplicationRefusal(detail.reason))
    return { reason: 'publicPages', why: detail.reason };
  // A partner's call says what it was answered (RATE_LIMITED, BAD_INPUT…), or why it had no key.
  if (row.action === 'partnerApi.referrals.create') {
    const code =
      typeof detail.refused === 'string'
        ? detail.refused
        : typeof detail.reason === 'string'
          ? detail.reason
          : null;
    if (code) return { reason: 'partnerCall', code };
  }
  switch (row.entity_type) {
    case 'procedure':
      return detail.reason === 'second_factor_not_set_up'
        ? { reason: 'secondFactorNotSetUp' }
        : { reason: 'role' };
    case 'rap_sheet_data':
      return { reason: 'rapSheetPermission' };
    case 'request':
      return { reason: 'crossSite' };
    case 'address':
      return { reason: 'network' };
  }
  if (detail.reason === 'locked') return { reason: 'locked' };
  if (detail.reason === 'inactive') return { reason: 'disabled' };
  if (detail.reason === 'own_account') return { reason: 'ownAccount' };
  if (detail.reason === 'last_administrator') return { reason: 'lastAdministrator' };
  if (detail.reason === UNBACKED_STATUS) return { reason: 'unbackedStatus' };
  if (!row.entity_id) return Array.isArray(detail.refused) ? { reason: 'selection' } : { reason: 'other' };
  if (
    found.matter ||
    found.client ||
    found.user ||
    ownRecords.has(row.entity_id) ||
    !recordTablesOf(row.entity_type)
  )
    return { reason: 'other' };
  const noun = (isAuditEntityType(row.entity_type) && AUDIT_ENTITY_NOUNS[row.entity_type]) || 'record';
  return { reason: 'notFound', noun };
}

// ---- Pages and visits ----

const GAP_MS = AUDIT_VISIT_GAP_MINUTES * 60_000;
/** A visit holds at most this many rows; the next read starts another. */
const MAX_VISIT_ROWS = 200;
/** Rows read for one page at most, however many a visit gathers. */
const MAX_PAGE_ROWS = 2_000;

/** Lines of a page, built row by row: a row joins an open visit of its person and matter, or starts a line. */
class PageBuilder {
  readonly lines: (AuditLine & { described: DescribedRow[] })[] = [];
  private readonly visits = new Map<string, AuditLine & { described: DescribedRow[] }>();
  constructor(private readonly limit: number) {}

  /** False when the row would start a line past the page's limit: the page ends before it. */
  add(row: DescribedRow): boolean {
    const at = Date.parse(row.entry.occurredAt);
    const visit = row.visitKey ? this.visits.get(row.visitKey) : undefined;
    if (visit && Date.parse(visit.oldest) - at <= GAP_MS && visit.described.length < MAX_VISIT_ROWS) {
      visit.described.push(row);
      visit.entries.push(row.entry);
      visit.oldest = row.entry.occurredAt;
      return true;
    }
    if (this.lines.length >= this.limit) return false;
    const line = {
      id: row.entry.id,
      visit: false,
      newest: row.entry.occurredAt,
      oldest: row.entry.occurredAt,
      sentence: row.entry.sentence,
      entries: [row.entry],
      described: [row],
    };
    this.lines.push(line);
    if (row.visitKey) this.visits.set(row.visitKey, line);
    return true;
  }

  finish(): AuditLine[] {
    return this.lines.map(({ described, ...line }) => {
      const first = described[0];
      if (described.length < 2 || !first) return line;
      return {
        ...line,
        id: `visit-${line.id}`,
        visit: true,
        sentence: auditVisitSentence({ ...first.facts, count: described.length }),
      };
    });
  }
}

/** One page of the filtered log, as lines. */
export async function listAuditLog(
  ctx: AuthedContext,
  input: AuditFilters & { cursor: string | null; limit: number },
): Promise<AuditPage> {
  const { cursor, limit, ...filters } = input;
  const { records, chosen } = await resolveAuditFilters(ctx, filters);
  // Reads still in the audit journal join the log first, so the page misses none.
  await chainAuditJournal(ctx.db);
  const scope = auditScopeOf(ctx);
  const page = new PageBuilder(limit);
  const batchSize = limit + 1;
  let before = cursor ? String(decodeViewCursor(cursor)[0]) : null;
  let lastTaken: string | null = null;
  let more = false;
  let read = 0;
  for (;;) {
    const rows = await readAuditRows(scope, filters, records, before, batchSize);
    const described = await describeAuditRows(ctx, rows);
    let stopped = false;
    for (const row of described) {
      if (read >= MAX_PAGE_ROWS || !page.add(row)) {
        stopped = true;
        break;
      }
      lastTaken = row.entry.id;
      read++;
    }
    if (stopped) {
      more = true;
      break;
    }
    if (rows.length < batchSize) break;
    before = rows.at(-1)?.id ?? null;
  }
  return {
    lines: page.finish(),
    nextCursor: more && lastTaken ? encodeViewCursor([lastTaken]) : null,
    chosen,
  };
}

/** The people of the office, for the filter: everyone who may appear, former accounts included. */
export async function auditPeople(ctx: AuthedContext) {
  const people = byName(
    await ctx.db
      .selectFrom('users')
      .select(['id', 'name', 'active'])
      .where('office_id', '=', ctx.user.officeId)
      .execute(),
  );
  return {
    people: people.map((p) => ({ id: p.id, name: p.name, active: p.active === 1 })),
    /** Administrators also see sign-ins naming no account. */
    unknownAccounts: can(ctx.user.role, 'administer'),
  };
}
