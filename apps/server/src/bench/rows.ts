// The benchmark build's bulk load: its settings, setting indexes and triggers aside, and writing a
// table's rows many to a statement.
import { CASELOAD_TABLES, type CaseloadTable, type Shared } from './caseload.ts';
import type { SqliteDatabase, Statement } from './sqlite.ts';

/** Rows per insert statement: fewer calls into SQLite, each binding a few thousand values at most. */
const ROWS_PER_STATEMENT = 128;

/** A bulk load that fails is started again from nothing: no journal, no waiting for the disk. */
export function bulkLoadSettings(db: SqliteDatabase): void {
  // Defensive mode (better-sqlite3's default) refuses journal_mode OFF, and WAL is left only for a
  // rollback journal: without both steps the load went through the WAL, every page written twice.
  db.unsafeMode(true);
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  db.pragma('temp_store = MEMORY');
  // The rows are written with their references already in (build.int.test.ts checks them all).
  db.pragma('foreign_keys = OFF');
}

/**
 * Before the indexes are built: a small cache makes SQLite sort each index in pieces on two threads
 * (in one piece, on this thread, when it all fits the cache: with 64 MB, every index of a 300,000-matter
 * build did), and the table is read through mmap. The kept counts' recount groups on the same terms.
 */
export function indexBuildSettings(db: SqliteDatabase): void {
  db.pragma('temp_store = FILE');
  db.pragma('mmap_size = 8589934592');
  db.pragma('cache_size = -8192');
  db.pragma('threads = 2');
}

export interface SetAside {
  type: string;
  name: string;
  table: string;
  sql: string;
}

/** Drops the indexes and triggers of these tables (all but those kept) and returns what it dropped. */
export function setAside(
  db: SqliteDatabase,
  tables: readonly string[],
  keep: readonly string[] = [],
): SetAside[] {
  const dropped = db
    .prepare(
      `select type, name, tbl_name as "table", sql from sqlite_master where type in ('index', 'trigger')
       and sql is not null and tbl_name in (${tables.map(() => '?').join(',')})`,
    )
    .all(...tables) as SetAside[];
  const aside = dropped.filter((d) => !keep.includes(d.name));
  for (const { type, name } of aside) db.exec(`drop ${type} ${name}`);
  return aside;
}

/**
 * A row trigger's statement run once over every row of its table: the trigger's own text, each `new.`
 * a row of `table` (whose name must come after the statement's first `from`). For a bulk load that
 * writes what the trigger would, in one pass, ordered by `orderBy` (the target's key, so it is appended
 * in order rather than inserted row by row at random places; positions of the selected columns).
 */
export function triggerOverAll(trigger: SetAside, orderBy: string): string {
  const body = /\bbegin\b([\s\S]*?);?\s*end\s*$/i.exec(trigger.sql)?.[1];
  const alias = 'each_row';
  const statement = body
    ?.replace(/\bnew\./g, `${alias}.`)
    .replace(/\bfrom\b/i, `from ${trigger.table} ${alias},`);
  if (!statement || statement.includes(';') || statement === body)
    throw new Error(`The trigger ${trigger.name} is not one statement over its row.`);
  return `${statement.trim()} order by ${orderBy}`;
}

/**
 * An update trigger's statement run once over the rows of its table from a rowid on (the statement's
 * one parameter, exclusive): the trigger's own `update <table> set … where …`, each `new.` the row
 * itself and its `when` added to the terms. For a bulk load that leaves to the trigger what it derives
 * from a column the rows were written with, as if each row's column had been updated to that value.
 */
export function updateTriggerOverRows(trigger: SetAside): string {
  const parts =
    /\bafter\s+update\s+of\s+(\w+)\s+on\s+(\w+)\s+(?:for\s+each\s+row\s+)?(?:when\b([\s\S]*?))?\bbegin\b([\s\S]*?);?\s*end\s*$/i.exec(
      trigger.sql,
    );
  const [, column, table, when, body] = parts ?? [];
  const update = body && /^\s*update\s+(\w+)\s+set\s+([\s\S]*?)\s+where\s+([\s\S]*?)\s*$/i.exec(body);
  // Setting the trigger's own column would have fired it again, row by row; one pass cannot do that.
  const [, target, assignments = '', terms = ''] = update || [];
  if (!update || target !== table || body?.includes(';') || new RegExp(`\\b${column}\\s*=`).test(assignments))
    throw new Error(`The trigger ${trigger.name} is not one update of its own table's row.`);
  // Each `new.` is the row being updated itself.
  const ofRow = (text: string) => text.replace(/\bnew\./g, `${table}.`).trim();
  const where = [terms, ...(when ? [when] : [])].map((term) => `(${ofRow(term)})`);
  return `update ${table} set ${ofRow(assignments)} where ${[...where, `${table}.rowid > ?`].join(' and ')}`;
}

export type SharedValues = Record<Exclude<Shared, { sql: string }>, string>;

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Writes a table's rows given as flat values (caseload.ts), ROWS_PER_STATEMENT rows to a statement. */
export function rowWriter(
  db: SqliteDatabase,
  table: CaseloadTable,
  shared: SharedValues,
): (values: unknown[]) => void {
  const spec = CASELOAD_TABLES[table];
  const sharedColumns = Object.entries(spec.shared) as [string, Shared][];
  const columns = [...spec.columns, ...sharedColumns.map(([name]) => name)].join(', ');
  const tuple = `(${[
    ...spec.columns.map(() => '?'),
    ...sharedColumns.map(([, value]) => (typeof value === 'string' ? quote(shared[value]) : value.sql)),
  ].join(', ')})`;
  return batched(
    db,
    spec.columns.length,
    (rows) => `insert into ${spec.table} (${columns}) values ${rows(tuple)}`,
  );
}

/** Writes contacts as recordClientContact writes each one (the first-contact trigger sees each update). */
export function contactWriter(db: SqliteDatabase): (pairs: string[]) => void {
  return batched(
    db,
    2,
    (rows) =>
      `update matters set last_client_contact_at = contact.column2
       from (values ${rows('(?, ?)')}) as contact where matters.id = contact.column1`,
  );
}

function batched(
  db: SqliteDatabase,
  width: number,
  sqlFor: (rows: (tuple: string) => string) => string,
): (values: unknown[]) => void {
  const statements = new Map<number, Statement>();
  const statement = (count: number) => {
    let prepared = statements.get(count);
    if (!prepared) {
      prepared = db.prepare(sqlFor((tuple) => Array(count).fill(tuple).join(', ')));
      statements.set(count, prepared);
    }
    return prepared;
  };
  return (values) => {
    const rows = values.length / width;
    for (let at = 0; at < rows; at += ROWS_PER_STATEMENT) {
      const count = Math.min(ROWS_PER_STATEMENT, rows - at);
      statement(count).run(values.slice(at * width, (at + count) * width));
    }
  };
}
