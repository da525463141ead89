// Statements a hot path runs on every request, built and compiled once and run again with new
// values: kysely builds and compiles a statement afresh each time, which can take longer than running
// it. A value to be given later is compiled as a slot, a text no real value is, and each slot's
// parameter is replaced by its value when the statement runs.
import { type CompiledQuery, createQueryId, type RawBuilder, sql } from 'kysely';

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
