// Statements a hot path runs on every request (a partner referral's rows), built and compiled once per
// database and office, then run again with new values in their slots (compiled-once.ts). Each is
// compiled through the handle it first runs on, so the office scope reads and checks it as it does
// any statement (office-scope.ts); it is kept for that handle's office and only ever runs on a handle
// held to the same office (or, compiled on a handle held to none, on such a handle).
import type { Compilable, CompiledQuery, Insertable, Kysely, QueryResult } from 'kysely';
import { slot, withSlotValues } from './compiled-once.ts';
import { OfficeScopeError } from './office-scope.ts';
import type { Database } from './tables/index.ts';

type Handle = Kysely<Database>;

interface Scope {
  /** What tells one scope's statements from another's: '' for a handle held to no office. */
  key: string;
  officeId: string | null;
}
const scopeOfHandle = new WeakMap<Handle, Scope>();

/**
 * What a handle is held to, read once per handle: the office scope adds the office's id to every read
 * of an office's table as a parameter, so a read it compiles names it (and, unscoped, nothing).
 */
function scopeOf(db: Handle): Scope {
  let scope = scopeOfHandle.get(db);
  if (!scope) {
    const { parameters } = db.selectFrom('counters').select('name').compile();
    const [officeId] = parameters;
    scope = {
      key: parameters.length === 0 ? '' : JSON.stringify(parameters),
      officeId: parameters.length === 1 && typeof officeId === 'string' ? officeId : null,
    };
    scopeOfHandle.set(db, scope);
  }
  return scope;
}

/** The office a handle is held to (officeScoped), or null for a handle held to none. */
export function officeHeldTo(db: Handle): string | null {
  return scopeOf(db).officeId;
}

const compiledByAdapter = new WeakMap<object, Map<string, CompiledQuery>>();

/**
 * The statement build makes, compiled the first time through this handle and kept under name for the
 * handle's office: build leaves what changes from one run to the next as slots (slot, typedSlot), and
 * the values fill them. Name one statement one way: the name is what tells statements apart.
 */
export async function runCompiledOnce<R>(
  db: Handle,
  name: string,
  build: () => Compilable<R>,
  values: Record<string, unknown>,
): Promise<QueryResult<R>> {
  const adapter = db.getExecutor().adapter;
  let compiled = compiledByAdapter.get(adapter);
  if (!compiled) {
    compiled = new Map();
    compiledByAdapter.set(adapter, compiled);
  }
  const key = `${scopeOf(db).key}\n${name}`;
  let statement = compiled.get(key) as CompiledQuery<R> | undefined;
  if (!statement) {
    statement = build().compile();
    compiled.set(key, statement);
  }
  return db.executeQuery(withSlotValues(statement, values));
}

/**
 * Inserts one row, compiled once per table, set of columns and office (the row's office_id is written
 * into the statement, so the office scope checks it as it compiles). A row naming another office than
 * the handle's is refused, as the office scope refuses it.
 */
export async function insertCompiledOnce<T extends keyof Database & string>(
  db: Handle,
  table: T,
  row: Insertable<Database[T]>,
): Promise<void> {
  const values = row as Record<string, unknown>;
  const officeId = values.office_id;
  const heldTo = officeHeldTo(db);
  if (heldTo !== null && officeId !== undefined && officeId !== heldTo) throw new OfficeScopeError(table);
  const columns = Object.keys(values);
  await runCompiledOnce(
    db,
    `insert into ${table} (${columns.join()}) for office ${String(officeId ?? '')}`,
    () =>
      db
        .insertInto(table)
        .values(
          Object.fromEntries(
            columns.map((column) => [column, column === 'office_id' ? officeId : slot(column)]),
          ) as never,
        ),
    values,
  );
}
