// Statements a hot path runs on every request, built and compiled once and run again with new
// values: kysely builds and compiles a statement afresh each time, which can take longer than running
// it. A value to be given later is compiled as a slot, a text no real value is, and each slot's
// parameter is replaced by its value when the statement runs. A statement about an office's rows is an
// office statement (officeStatement, below): compiled once per dialect with the office as a slot, and
// run only for the office of the handle it runs on.
import {
  type Compilable,
  type CompiledQuery,
  createQueryId,
  type Insertable,
  type Kysely,
  type RawBuilder,
  sql,
} from 'kysely';
import type { DialectName } from './connect.ts';
import { dialectOf, type OFFICE_COLUMN_TABLES, OfficeScopeError, officeScoped } from './office-scope.ts';
import type { Database } from './tables/index.ts';
import type { Db, OfficeDb, Tx } from './transaction.ts';

const SLOT_PREFIX = '\u0000slot:';

/** Stands for the value named `name`, given when the statement runs (a text column's slot). */
export function slot(name: string): string {
  return `${SLOT_PREFIX}${name}`;
}

/** A slot in a column that is not text, typed as the column is. */
export function typedSlot<T>(name: string): RawBuilder<T> {
  return sql<T>`${slot(name)}`;
}

/** The compiled statement with each slot's value in its place; a slot with no value given throws. */
export function withSlotValues<R>(
  compiled: CompiledQuery<R>,
  values: Record<string, unknown>,
): CompiledQuery<R> {
  const parameters = compiled.parameters.map((parameter) => {
    if (typeof parameter !== 'string' || !parameter.startsWith(SLOT_PREFIX)) return parameter;
    const name = parameter.slice(SLOT_PREFIX.length);
    if (!Object.hasOwn(values, name)) throw new Error(`No value given for the statement's slot "${name}".`);
    return values[name];
  });
  return { ...compiled, parameters, queryId: createQueryId() };
}

/** The slot an office statement (below) holds the office's id in: slot(OFFICE_SLOT). */
export const OFFICE_SLOT = 'officeId';

const officeOfHandle = new WeakMap<Kysely<Database>, string | null>();

/**
 * The office a handle is held to (officeScoped), or null for a handle held to none. Read once per
 * handle: the office scope adds the office's id to every read of an office's table as a parameter, so
 * a read it compiles names the office (and, on a handle held to none, nothing).
 */
export function officeHeldTo(db: Kysely<Database>): string | null {
  let office = officeOfHandle.get(db);
  if (office === undefined) {
    const offices = new Set(db.selectFrom('counters').select('name').compile().parameters);
    const [only] = offices;
    if (offices.size > 1 || (only !== undefined && typeof only !== 'string'))
      throw new Error('The handle is held to more than one office: it can read no office’s rows.');
    office = only ?? null;
    officeOfHandle.set(db, office);
  }
  return office;
}

/** Runs an office statement for one office: its rows, or none for a statement that returns none. */
export type OfficeStatement<R> = (
  db: Db | Tx,
  dialect: DialectName,
  values: { officeId: string } & Record<string, unknown>,
) => Promise<R[]>;

/**
 * A statement about one office's rows, compiled once per dialect and run for any office. build makes
 * it on a handle held to an office whose id is the slot slot(OFFICE_SLOT), so each office table it
 * reads, changes or joins carries the office term just as on a person's own handle, and a row it
 * inserts must name that slot as its office (office-scope.ts); the rest of what changes from one run
 * to the next is left as slots (slot, typedSlot). Each run names its office in values.officeId, which
 * fills the slot: on a handle held to an office it must be that office (else OfficeScopeError), so a
 * handle only ever reads and writes its own office's rows; a handle held to none runs for the office
 * named. A slot with no value given is refused. (A compiled statement run on a handle skips that
 * handle's plugins: the scope is in the statement itself.)
 */
export function officeStatement<R>(
  build: (db: OfficeDb, dialect: DialectName) => Compilable<R>,
): OfficeStatement<R> {
  const compiled = new Map<DialectName, CompiledQuery<R>>();
  return async (db, dialect, values) => {
    const heldTo = officeHeldTo(db);
    if (heldTo !== null && values.officeId !== heldTo) {
      const refused = new OfficeScopeError('');
      refused.message = `A statement for office ${values.officeId} was run on a handle held to office ${heldTo}.`;
      throw refused;
    }
    let statement = compiled.get(dialect);
    if (!statement) {
      // Compiled on a handle without the caller's plugins: its own office scope would add a second
      // office term, with the first caller's office in it for good.
      const bare = db.withoutPlugins() as Db;
      statement = build(officeScoped(bare, dialect, slot(OFFICE_SLOT)), dialect).compile();
      compiled.set(dialect, statement);
    }
    const { rows } = await db.executeQuery(withSlotValues(statement, values));
    return rows;
  };
}

type OfficeTable = keyof typeof OFFICE_COLUMN_TABLES;
const rowInserts = new Map<string, OfficeStatement<unknown>>();

/**
 * Inserts one row of an office's table as an office statement (one per table and set of columns):
 * its office_id fills the office slot, every other column a slot of its own name. A row naming
 * another office than the handle's is refused, every time.
 */
export async function insertOfficeRow<T extends OfficeTable>(
  db: Db | Tx,
  table: T,
  row: Insertable<Database[T]> & { office_id: string },
): Promise<void> {
  const { office_id: officeId, ...values } = row as Record<string, unknown> & { office_id: string };
  const columns = Object.keys(row);
  const key = `${table}\n${columns.join()}`;
  let insert = rowInserts.get(key);
  if (!insert) {
    insert = officeStatement((office) =>
      office
        .insertInto(table)
        .values(
          Object.fromEntries(
            columns.map((column) => [column, slot(column === 'office_id' ? OFFICE_SLOT : column)]),
          ) as never,
        ),
    );
    rowInserts.set(key, insert);
  }
  await insert(db, dialectOf(db), { ...values, officeId });
}
