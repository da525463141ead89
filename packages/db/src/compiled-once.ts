// Statements a hot path runs on every request, built and compiled once and run again with new
// values: kysely builds and compiles a statement afresh each time, which can take longer than running
// it. A value to be given later is compiled as a slot, a text no real value is, and each slot's
// parameter is replaced by its value when the statement runs.
import { type Compilable, type CompiledQuery, createQueryId, type RawBuilder, sql } from 'kysely';
import type { DialectName } from './connect.ts';
import { officeScoped } from './office-scope.ts';
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

/** The slot an office statement (below) holds the office's id in. */
export const OFFICE_SLOT = 'officeId';

/**
 * A statement about one office's rows, compiled once per dialect and run for any office. It is built
 * on a handle held to an office whose id is a slot, so each office table it reads carries the office
 * term just as it would on the person's own handle (office-scope.ts); the office's id fills the slot
 * when it runs. (A compiled statement run on a handle skips that handle's plugins: the scope must be
 * in the statement itself.)
 */
export function officeStatement<R>(
  build: (db: OfficeDb, dialect: DialectName) => Compilable<R>,
): (
  db: Db | Tx,
  dialect: DialectName,
  values: { officeId: string } & Record<string, unknown>,
) => Promise<R[]> {
  const compiled = new Map<DialectName, CompiledQuery<R>>();
  return async (db, dialect, values) => {
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
