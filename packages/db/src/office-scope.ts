// Office scoping by structure: a handle on the database that can only see and change one office's
// rows. Every query built through it gets `office_id = <the office>` on each office-owned table it
// reads, updates or deletes (joins included, subqueries included), and an insert into such a table
// naming another office is refused. Procedures of a signed-in person receive this handle, so a new
// query cannot forget the office: leaving the filter out no longer shows another office's records.
//
// Statements written as raw SQL from end to end (`sql\`...\`.execute(db)`), and raw SQL fragments
// inside a built statement, cannot be read this way: they name their office themselves, or read by a
// row already of the office.
import {
  AliasNode,
  BinaryOperationNode,
  ColumnNode,
  type DeleteQueryNode,
  IdentifierNode,
  type InsertQueryNode,
  type JoinNode,
  type KyselyPlugin,
  OnNode,
  type OperationNode,
  OperationNodeTransformer,
  OperatorNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PostgresAdapter,
  PrimitiveValueListNode,
  type QueryResult,
  RawNode,
  ReferenceNode,
  type RootOperationNode,
  type SelectQueryNode,
  TableNode,
  type UnknownRow,
  type UpdateQueryNode,
  ValueListNode,
  ValueNode,
  ValuesNode,
  WhereNode,
} from 'kysely';
import type { DialectName } from './connect.ts';
import type { Database } from './tables/index.ts';
import {
  type Db,
  derivedTransaction,
  keepTransactionHooks,
  type OfficeDb,
  type OfficeTx,
  type Tx,
} from './transaction.ts';

/** The tables that hold an office_id column (the compiler lists them from the table types). */
type OfficeColumnTable = {
  [T in keyof Database]: 'office_id' extends keyof Database[T] ? T : never;
}[keyof Database];

/**
 * Every table with an office_id, and whether a signed-in person's handle is held to their office on
 * it. A new table with an office_id does not compile until it is named here; the schema test checks
 * this list against the migrated database on both dialects.
 */
export const OFFICE_COLUMN_TABLES = {
  application_status_links: 'scoped',
  application_submissions: 'scoped',
  arrest_decisions: 'scoped',
  arrest_suggestions: 'scoped',
  arrests: 'scoped',
  attorney_bar_numbers: 'scoped',
  audit_journal:
    'shared: rows wait here only until they join the audit log, which nobody reads through a scope',
  audit_log: 'shared: the audit log reads its own office rule (an administrator also sees rows of no office)',
  client_distinctions: 'scoped',
  client_merges: 'scoped',
  client_person_facts: 'scoped',
  clients: 'scoped',
  convictions: 'scoped',
  counters: 'scoped',
  county_courts: 'scoped',
  court_outcome_matter_days: 'scoped',
  court_outcome_matters: 'scoped',
  document_files: 'scoped',
  document_requests: 'scoped',
  eligibility_decisions: 'scoped',
  eligibility_suggestions: 'scoped',
  filing_runs: 'scoped',
  first_contact_days: 'scoped',
  invitations: 'scoped',
  latest_touch_days: 'scoped',
  matter_counts: 'scoped',
  matter_events: 'scoped',
  matter_search: 'scoped',
  matters: 'scoped',
  message_templates: 'scoped',
  messages: 'scoped',
  // Which office serves which county is public: a referral for a county this office does not serve
  // says which office does.
  office_counties: 'shared: which office serves a county is told to everyone',
  office_document_due_days: 'scoped',
  office_message_settings: 'scoped',
  office_queue_settings: 'scoped',
  office_sign_in_settings: 'scoped',
  open_contact_days: 'scoped',
  open_earliest_due_days: 'scoped',
  open_queue_flags: 'scoped',
  waiting_received_days: 'scoped',
  outbox: 'scoped',
  password_reset_links: 'scoped',
  partner_api_keys: 'scoped',
  petition_arresting_agencies: 'scoped',
  petition_arrests: 'scoped',
  petition_declarations: 'scoped',
  petition_packets: 'scoped',
  petitions: 'scoped',
  rap_import_items: 'scoped',
  rap_imports: 'scoped',
  received_days: 'scoped',
  repeat_stage_moves: 'scoped',
  staff_notices: 'scoped',
  stage_move_days: 'scoped',
  users: 'scoped',
} as const satisfies Record<OfficeColumnTable, 'scoped' | `shared: ${string}`>;

const SCOPED: ReadonlySet<string> = new Set(
  Object.entries(OFFICE_COLUMN_TABLES)
    .filter(([, rule]) => rule === 'scoped')
    .map(([table]) => table),
);

/** A refused write: the insert named another office (a bug, never a user's mistake). */
export class OfficeScopeError extends Error {
  constructor(table: string) {
    super(`An insert into ${table} named another office than the signed-in person's own.`);
    this.name = 'OfficeScopeError';
  }
}

/** The table an item of FROM or JOIN names, and the name its columns are reached by. */
function scopedTableOf(node: OperationNode): { table: string; name: string } | null {
  if (TableNode.is(node)) {
    const table = node.table.identifier.name;
    return node.table.schema === undefined && SCOPED.has(table) ? { table, name: table } : null;
  }
  if (AliasNode.is(node) && TableNode.is(node.node) && IdentifierNode.is(node.alias)) {
    const inner = scopedTableOf(node.node);
    return inner ? { table: inner.table, name: node.alias.name } : null;
  }
  return null;
}

class OfficeScopeTransformer extends OperationNodeTransformer {
  readonly #officeId: string;
  readonly #dialect: DialectName;

  constructor(officeId: string, dialect: DialectName) {
    super();
    this.#officeId = officeId;
    this.#dialect = dialect;
  }

  #isOurs(name: string): OperationNode {
    const column = ReferenceNode.create(ColumnNode.create('office_id'), TableNode.create(name));
    // On SQLite the term is written +office_id, which no index can serve: without statistics the
    // planner would otherwise prefer an office index to the ids a query names (every client of the
    // office read to find a page's 25), so each query keeps the plan its own terms give it.
    // PostgreSQL plans from its statistics and takes the term as it is.
    return BinaryOperationNode.create(
      this.#dialect === 'sqlite' ? RawNode.create(['+', ''], [column]) : column,
      OperatorNode.create('='),
      ValueNode.create(this.#officeId),
    );
  }

  #withTerms<T extends { where?: WhereNode }>(node: T, froms: readonly OperationNode[]): T {
    let where = node.where;
    for (const from of froms) {
      const scoped = scopedTableOf(from);
      if (!scoped) continue;
      const term = this.#isOurs(scoped.name);
      where = where ? WhereNode.cloneWithOperation(where, 'And', term) : WhereNode.create(term);
    }
    return where === node.where ? node : { ...node, where };
  }

  // A joined office table is held to the office in its ON, so a left join stays a left join.
  protected override transformJoin(
    node: JoinNode,
    queryId?: Parameters<OperationNodeTransformer['transformJoin']>[1],
  ): JoinNode {
    const join = super.transformJoin(node, queryId);
    const scoped = scopedTableOf(join.table);
    if (!scoped) return join;
    const term = this.#isOurs(scoped.name);
    return { ...join, on: join.on ? OnNode.cloneWithOperation(join.on, 'And', term) : OnNode.create(term) };
  }

  protected override transformSelectQuery(
    node: SelectQueryNode,
    queryId?: Parameters<OperationNodeTransformer['transformSelectQuery']>[1],
  ): SelectQueryNode {
    const select = super.transformSelectQuery(node, queryId);
    return this.#withTerms(select, select.from?.froms ?? []);
  }

  protected override transformUpdateQuery(
    node: UpdateQueryNode,
    queryId?: Parameters<OperationNodeTransformer['transformUpdateQuery']>[1],
  ): UpdateQueryNode {
    const update = super.transformUpdateQuery(node, queryId);
    return this.#withTerms(update, [...(update.table ? [update.table] : []), ...(update.from?.froms ?? [])]);
  }

  protected override transformDeleteQuery(
    node: DeleteQueryNode,
    queryId?: Parameters<OperationNodeTransformer['transformDeleteQuery']>[1],
  ): DeleteQueryNode {
    const del = super.transformDeleteQuery(node, queryId);
    return this.#withTerms(del, del.from.froms);
  }

  protected override transformInsertQuery(
    node: InsertQueryNode,
    queryId?: Parameters<OperationNodeTransformer['transformInsertQuery']>[1],
  ): InsertQueryNode {
    const insert = super.transformInsertQuery(node, queryId);
    const scoped = insert.into ? scopedTableOf(insert.into) : null;
    if (!scoped) return insert;
    const column = insert.columns?.findIndex((c) => c.column.name === 'office_id') ?? -1;
    // INSERT ... SELECT reads through the scoped SELECT above; VALUES rows must name this office.
    if (column < 0 || !insert.values || !ValuesNode.is(insert.values)) {
      if (column < 0 && insert.values && ValuesNode.is(insert.values))
        throw new OfficeScopeError(scoped.table);
      return insert;
    }
    for (const row of insert.values.values) {
      const value = PrimitiveValueListNode.is(row)
        ? row.values[column]
        : ValueListNode.is(row) && row.values[column] && ValueNode.is(row.values[column])
          ? (row.values[column] as ValueNode).value
          : undefined;
      if (value !== this.#officeId) throw new OfficeScopeError(scoped.table);
    }
    return insert;
  }
}

class OfficeScopePlugin implements KyselyPlugin {
  readonly #transformer: OfficeScopeTransformer;

  constructor(officeId: string, dialect: DialectName) {
    this.#transformer = new OfficeScopeTransformer(officeId, dialect);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** A transaction already open, held to one office's rows (several offices' work can share one). */
export function officeScoped(db: Tx, dialect: DialectName, officeId: string): OfficeTx;
/**
 * The same database (same connections, same transaction hooks), held to one office's rows. The only
 * maker of an OfficeDb: code that relies on the scope takes that type.
 */
export function officeScoped(db: Db, dialect: DialectName, officeId: string): OfficeDb;
export function officeScoped(db: Db | Tx, dialect: DialectName, officeId: string): OfficeDb | OfficeTx {
  const plugin = new OfficeScopePlugin(officeId, dialect);
  if (db.isTransaction) return derivedTransaction(db as Tx, (db as Tx).withPlugin(plugin)) as OfficeTx;
  return keepTransactionHooks(db as Db, (db as Db).withPlugin(plugin)) as OfficeDb;
}

/**
 * Which database a handle is on, for code that holds no request context (workers, the public pages)
 * and acts for one office at a time: `officeScoped(db, dialectOf(db), officeId)`.
 */
export function dialectOf(db: Db | Tx): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * The database without the office scope, for the few reads and writes that are about other offices
 * on purpose (a refusal put on record in the office that owns the record). Name why where it is used.
 */
export function acrossOffices(db: Tx): Tx;
export function acrossOffices(db: Db): Db;
export function acrossOffices(db: Db | Tx): Db | Tx {
  // Typed as plain handles: what is read through it is no longer held to the office.
  return db.isTransaction
    ? derivedTransaction(db as Tx, (db as Tx).withoutPlugins())
    : keepTransactionHooks(db, db.withoutPlugins());
}
