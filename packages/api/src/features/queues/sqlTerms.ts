// Small SQL pieces every queue query shape uses: a column of the matters table, and a term kept out
// of the planner's choice of index.
import type { DialectName } from '@relief-desk/db';
import { type RawBuilder, sql } from 'kysely';

export const ref = (column: string) => sql.ref(`matters.${column}`);

/**
 * SQLite's unary plus keeps a term out of index selection (it changes no value, so the term keeps its
 * type); PostgreSQL's planner needs no hint.
 */
export function hidden<T>(scope: { dialect: DialectName }, expression: RawBuilder<T>): RawBuilder<T> {
  return scope.dialect === 'sqlite' ? sql<T>`+${expression}` : expression;
}
