// Small SQL pieces every queue query shape uses: a column of the matters table, and a term kept out
// of the planner's choice of index.
import type { DialectName } from '@relief-desk/db';
import { type RawBuilder, sql } from 'kysely';

export const ref = (column: string) => sql.ref(`matters.${column}`);

/** SQLite's unary plus keeps a term out of index selection; PostgreSQL's planner needs no hint. */
export function hidden(
  scope: { dialect: DialectName },
  expression: RawBuilder<unknown>,
): RawBuilder<unknown> {
  return scope.dialect === 'sqlite' ? sql`+${expression}` : expression;
}
