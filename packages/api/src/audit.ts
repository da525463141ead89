// Audit rows: written in the same transaction as the change (or the read) they describe, each one
// appended to its office's hash chain (packages/db/src/audit-chain.ts).
import {
  acrossOffices,
  appendAuditRow,
  type Db,
  journalAuditRow,
  type NewChainedAuditRow,
  newId,
  type RequestDb,
  type RequestTx,
  requestOfHandle,
  type Tx,
} from '@relief-desk/db';
import type { AuditEntityType, CriminalHistoryAction, ErrorCode } from '@relief-desk/domain';
import { TRPCError } from '@trpc/server';
import type { Context, SessionUser } from './context.ts';
import { AppError, fieldErrorsOf } from './errors.ts';

/** Who acted: the session's user, or the account a sign-in attempt named. */
export type Actor = Pick<SessionUser, 'id' | 'officeId'>;

export interface AuditFacts {
  action: string;
  entityType: AuditEntityType;
  entityId: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
  /** Ids and counts only: never contact details or RAP sheet data. */
  detail?: Record<string, unknown>;
  /**
   * For a refusal: further records it concerns besides entityId (another office's conviction ids
   * given with a petition, say), so the offices that own them hear of it too.
   */
  concerns?: { entityType: AuditEntityType; ids: readonly string[] }[];
}

type AuditContext = Pick<Context, 'clock' | 'ip'> & {
  user?: Actor | null;
  /** The office whose log the row joins when no person acts (a partner's key, an online application). */
  officeId?: string;
};

/**
 * Appends one audit row. A signed-in person's request writes through putOnRecord (below), which
 * takes who, where and which action from the request; this is for what acts without such a request:
 * signing in, online applications, a partner's key, the outbox worker, the middleware's refusals.
 */
export async function writeAudit(db: Tx | Db, ctx: AuditContext, facts: AuditFacts): Promise<void> {
  await appendAuditRow(db, auditRow(ctx, facts));
  // A refusal written outside a transaction stays on record whatever follows: the request's own
  // refusal need not be written again (putRefusalOnRecord). One written inside a transaction rolls
  // back with it when the request fails, so it does not count. A failure the function put on record
  // itself ("failed": a packet refused for what it misses) is that refusal, as a denial is.
  if ((facts.outcome === 'denied' || facts.outcome === 'failed') && !db.isTransaction) {
    const request = requestOfHandle(db) as RequestOnRecord | undefined;
    if (request) request.refusalOnRecord = true;
  }
  if (facts.outcome === 'denied' && ctx.user) await tellOwningOffices(db, { ...ctx, user: ctx.user }, facts);
}

function auditRow(ctx: AuditContext, facts: AuditFacts): NewChainedAuditRow {
  const now = ctx.clock.now();
  return {
    id: newId(now),
    occurred_at: now.toISOString(),
    actor_id: ctx.user?.id ?? null,
    office_id: ctx.user?.officeId ?? ctx.officeId ?? null,
    action: facts.action,
    entity_type: facts.entityType,
    entity_id: facts.entityId,
    ip: ctx.ip,
    outcome: facts.outcome ?? 'ok',
    detail: JSON.stringify(facts.detail ?? {}),
  };
}

/**
 * What a signed-in person's request is on record as: the procedure's or route's name, who acts, from
 * which office and address. Bound to the request's database handle and to each transaction opened on
 * it (signed-in.ts), so a function that changes or shows a record says only which record, and what
 * about it; the row's action, person, office, address and time are the request's, never retyped.
 */
export interface RequestOnRecord {
  action: string;
  ctx: AuditContext;
  /**
   * Reads of another office's records made inside a transaction (putReadInOtherOffice): put on record
   * once the request's work has ended (putReadsElsewhereOnRecord), whether its transaction committed
   * or rolled back, since a refusal can tell what was read.
   */
  readsElsewhere: NewChainedAuditRow[];
  /** Set once a refusal of this request is on record outside any transaction (writeAudit). */
  refusalOnRecord?: boolean;
}

/**
 * What a function says of one record it changed, showed or was refused: the rest is the request's.
 * `action` only for a step on record under a name of its own because the disclosure report reads it
 * (a conviction that accepting a RAP sheet import adds is convictions.add, as if added by hand): the
 * compiler holds it to the report's list of criminal-history actions.
 */
export type RecordFacts = Omit<AuditFacts, 'action'> & { action?: CriminalHistoryAction };

/**
 * Writes the audit row of what this request did to one record, on the request's own handle or a
 * transaction opened on it (in that transaction, so the row commits or rolls back with the change).
 */
export async function putOnRecord(db: RequestDb | RequestTx, facts: RecordFacts): Promise<void> {
  const request = requestOfHandle(db) as RequestOnRecord | undefined;
  if (!request)
    throw new Error(
      'putOnRecord needs the handle of a signed-in request (signedInScope) or a transaction opened on it with inTransaction.',
    );
  await writeAudit(db, request.ctx, { ...facts, action: facts.action ?? request.action });
}

/**
 * The audit row of what this request showed (a search's page, a matter, a client): the same row as
 * putOnRecord's, put in the audit journal to join the chain in a batch (packages/db/src/audit-journal.ts),
 * so a read does not wait its turn at the office's chain. Only for what was shown: a refusal or a
 * change goes on the chain at once, with putOnRecord.
 */
export async function putReadOnRecord(
  db: RequestDb | RequestTx,
  facts: Omit<RecordFacts, 'outcome' | 'concerns'>,
): Promise<void> {
  const request = requestOfHandle(db) as RequestOnRecord | undefined;
  if (!request)
    throw new Error(
      'putReadOnRecord needs the handle of a signed-in request (signedInScope) or a transaction opened on it with inTransaction.',
    );
  await journalAuditRow(db, auditRow(request.ctx, { ...facts, action: facts.action ?? request.action }));
}

/**
 * The audit row of what this request read of another office's record, on that office's log, as its
 * own staff's reads are (journaled the same way), under an action of its own, saying who read it from
 * which office and in which request. For the few facts read across offices on purpose (whether an
 * office still works a matter passed on to it). Read inside a transaction, the row waits for the
 * request's work to end (a rollback would take it along); outside one, it is journaled at once. A read
 * with no person's request behind it (the outbox worker, an applicant's status page) writes none.
 */
export async function putReadInOtherOffice(
  db: Db | Tx,
  facts: Omit<AuditFacts, 'outcome' | 'concerns'> & { officeId: string },
): Promise<void> {
  const request = requestOfHandle(db) as RequestOnRecord | undefined;
  const user = request?.ctx.user;
  if (!request || !user) return;
  const row = auditRow(
    { ...request.ctx, user: { id: user.id, officeId: facts.officeId } },
    {
      ...facts,
      detail: {
        ...facts.detail,
        during: request.action,
        readBy: { officeId: user.officeId, userId: user.id },
      },
    },
  );
  if (db.isTransaction) request.readsElsewhere.push(row);
  else await journalAuditRow(acrossOffices(db), row);
}

/**
 * Puts on record the reads of other offices' records the request made inside its transactions, once
 * its work has ended, committed or not. The procedures' middleware and the HTTP routes call it.
 */
export async function putReadsElsewhereOnRecord(db: RequestDb): Promise<void> {
  const request = requestOfHandle(db) as RequestOnRecord | undefined;
  const rows = request?.readsElsewhere.splice(0) ?? [];
  for (const row of rows) await journalAuditRow(acrossOffices(db), row);
}

/**
 * A refusal found in a request's work (an unknown record, another office's), put on record once the
 * transaction it happened in has rolled back and let go of its connection (SQLite has one: writing
 * from inside it would wait on itself). The procedures' middleware and the HTTP routes both call it,
 * with the procedure's or route's name for a refusal that names no action of its own.
 */
export async function recordRefusal(db: Tx | Db, ctx: AuditContext, action: string, error: unknown) {
  if (!(error instanceof AppError) || !error.audit) return;
  await writeAudit(db, ctx, { action, ...error.audit, outcome: 'denied' });
}

/**
 * Why a refused mutation was refused, as its row's detail.reason says it (the audit log's sentence
 * reads it: packages/domain/src/audit-log.ts). A code not here (a sign-in's, the database being
 * unavailable, an unexpected error) is no refusal of the person's request, and writes no row here.
 */
const REFUSAL_REASONS: Partial<Record<ErrorCode, string>> = {
  VERSION_CONFLICT: 'version_conflict',
  BAD_INPUT: 'bad_input',
  NOT_FOUND: 'not_found',
  FORBIDDEN: 'forbidden',
  RATE_LIMITED: 'rate_limited',
  REQUEST_KEY_REUSED: 'request_key_reused',
  REQUEST_IN_PROGRESS: 'request_in_progress',
  REAUTHENTICATION_REQUIRED: 'reauthentication_required',
};

/**
 * The record a refused mutation's input names, most particular first (a petition's input names its
 * matter too); the person's id last, as it is often whom a change is given to rather than what it
 * changes.
 */
const INPUT_RECORDS: readonly [string, AuditEntityType][] = [
  ['fileId', 'document_file'],
  ['documentId', 'document_request'],
  ['petitionId', 'petition'],
  ['convictionId', 'conviction'],
  ['arrestId', 'arrest'],
  ['decisionId', 'eligibility_decision'],
  ['importId', 'rap_import'],
  ['runId', 'filing_run'],
  ['outboxId', 'outbox'],
  ['messageId', 'message'],
  ['templateId', 'message_template'],
  ['invitationId', 'invitation'],
  ['keyId', 'partner_api_key'],
  ['mergeId', 'client_merge'],
  ['matterId', 'matter'],
  ['clientId', 'client'],
  ['userId', 'user'],
];

/** A procedure naming no record by id is on record against its kind of record ("queues.setLimits": queue). */
const NAMESPACE_RECORDS: Readonly<Record<string, AuditEntityType>> = {
  matters: 'matter',
  clients: 'client',
  convictions: 'conviction',
  arrests: 'arrest',
  petitions: 'petition',
  decisions: 'eligibility_decision',
  documents: 'document_request',
  queues: 'queue',
  offices: 'office',
  users: 'user',
  invitations: 'invitation',
  messages: 'message',
  templates: 'message_template',
};

const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;
const FIELD_PATH = /^[A-Za-z0-9_.-]{1,100}$/;

function refusedRecordOf(
  path: string,
  input: unknown,
): { entityType: AuditEntityType; entityId: string | null } {
  if (input && typeof input === 'object')
    for (const [key, entityType] of INPUT_RECORDS) {
      const id = (input as Record<string, unknown>)[key];
      // Only an id's shape: whatever else was typed there (control characters, a long text) stays off the log.
      if (typeof id === 'string' && RECORD_ID.test(id)) return { entityType, entityId: id };
    }
  // Not 'procedure' (the log reads that as a refusal by role) nor 'request' (a request from another site).
  return { entityType: NAMESPACE_RECORDS[path.split('.')[0] ?? ''] ?? 'office', entityId: null };
}

/**
 * Every refused mutation of a signed-in person is on record (docs/security-and-privacy.md: "every
 * refusal writes an audit row"): a stale save, bad input, a record not found, a rate limit. Called by
 * the procedures' middleware once the request's work has ended, outside its transaction (which has
 * rolled back, and would have taken the row with it). A refusal already on record is not written
 * twice: one carrying its own facts (recordRefusal writes it), or one the request wrote itself
 * (a role's refusal, the RAP sheet permission's). Names of fields only, never what was typed.
 */
export async function putRefusalOnRecord(db: RequestDb, path: string, error: unknown, input: unknown) {
  const request = requestOfHandle(db) as RequestOnRecord | undefined;
  if (!request || request.refusalOnRecord) return;
  if (error instanceof AppError && error.audit) return;
  const code: ErrorCode | null =
    error instanceof AppError
      ? error.appCode
      : error instanceof TRPCError && error.code === 'BAD_REQUEST'
        ? 'BAD_INPUT'
        : null;
  const reason = code ? REFUSAL_REASONS[code] : undefined;
  if (!reason) return;
  const fields = fieldErrorsOf(error instanceof AppError ? error : (error as TRPCError).cause)
    .map((f) => f.path)
    .filter((path) => FIELD_PATH.test(path));
  await writeAudit(db, request.ctx, {
    action: path,
    ...refusedRecordOf(path, input),
    outcome: 'denied',
    detail: { reason, ...(fields.length > 0 ? { fields: [...new Set(fields)].slice(0, 20) } : {}) },
  });
}

/**
 * A refusal that concerns another office's record (someone tried to open, change or use it) is put
 * on record in that office too: same action, outcome 'denied', the record of theirs it concerned, and
 * who tried, from which office. So the office that owns the record sees every attempt on it.
 *
 * Refusals are written outside any transaction (after the one they happened in has rolled back), so
 * each row here is its own small append and no transaction ever holds two offices' chains at once.
 */
async function tellOwningOffices(scopedDb: Tx | Db, ctx: AuditContext & { user: Actor }, facts: AuditFacts) {
  // About other offices on purpose: which office owns the record, and a row in that office's log.
  const db = acrossOffices(scopedDb);
  const concerned = [
    ...(facts.entityId ? [{ entityType: facts.entityType, ids: [facts.entityId] }] : []),
    ...(facts.concerns ?? []),
  ];
  const owners = await owningOffices(db, concerned);
  for (const [officeId, records] of owners) {
    if (officeId === ctx.user.officeId) continue;
    const [first] = records;
    if (!first) continue;
    const now = ctx.clock.now();
    await appendAuditRow(db, {
      id: newId(now),
      occurred_at: now.toISOString(),
      actor_id: ctx.user.id,
      office_id: officeId,
      action: facts.action,
      entity_type: first.entityType,
      entity_id: first.id,
      ip: ctx.ip,
      outcome: 'denied',
      detail: JSON.stringify({
        attemptBy: { officeId: ctx.user.officeId, userId: ctx.user.id },
        ...(records.length > 1 ? { records: records.map((r) => ({ type: r.entityType, id: r.id })) } : {}),
      }),
    });
  }
}

/**
 * Where each kind of record an audit row names lives (its entityType), to find the office that owns
 * it; RAP sheet data refusals name a matter, conviction, petition, document or filing run. The audit
 * log reads it too, to tell another office's record from none.
 */
export const RECORD_TABLES: Readonly<Partial<Record<AuditEntityType, readonly OwnedTable[]>>> = {
  matter: ['matters'],
  client: ['clients'],
  conviction: ['convictions'],
  arrest: ['arrests'],
  petition: ['petitions'],
  eligibility_decision: ['eligibility_decisions'],
  document_request: ['document_requests'],
  document_file: ['document_files'],
  filing_run: ['filing_runs'],
  rap_import: ['rap_imports'],
  invitation: ['invitations'],
  message: ['messages'],
  outbox: ['outbox'],
  message_template: ['message_templates'],
  user: ['users'],
  rap_sheet_data: [
    'matters',
    'convictions',
    'petitions',
    'document_requests',
    'document_files',
    'filing_runs',
  ],
};

type OwnedTable =
  | 'matters'
  | 'clients'
  | 'convictions'
  | 'arrests'
  | 'petitions'
  | 'eligibility_decisions'
  | 'document_requests'
  | 'document_files'
  | 'filing_runs'
  | 'rap_imports'
  | 'invitations'
  | 'messages'
  | 'outbox'
  | 'message_templates'
  | 'users';

/** The offices that own the records, in office order; records of unknown kinds or ids are skipped. */
async function owningOffices(
  db: Tx | Db,
  concerned: { entityType: AuditEntityType; ids: readonly string[] }[],
): Promise<Map<string, { entityType: AuditEntityType; id: string }[]>> {
  const owners = new Map<string, { entityType: AuditEntityType; id: string }[]>();
  for (const { entityType, ids } of concerned) {
    const tables = RECORD_TABLES[entityType] ?? [];
    const unique = [...new Set(ids)].slice(0, 200);
    if (tables.length === 0 || unique.length === 0) continue;
    const found = new Map<string, string>();
    for (const table of tables) {
      const missing = unique.filter((id) => !found.has(id));
      if (missing.length === 0) break;
      const rows = await db
        .selectFrom(table as 'matters')
        .select(['id', 'office_id'])
        .where('id', 'in', missing)
        .execute();
      for (const row of rows) found.set(row.id, row.office_id);
    }
    for (const id of unique) {
      const officeId = found.get(id);
      if (!officeId) continue;
      const records = owners.get(officeId) ?? [];
      if (!records.some((r) => r.id === id)) records.push({ entityType, id });
      owners.set(officeId, records);
    }
  }
  return new Map([...owners].sort(([a], [b]) => a.localeCompare(b)));
}
