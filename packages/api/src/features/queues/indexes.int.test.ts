// Every named queue's index, as the registry implies it (queueIndexOf), is the index the migrations
// made, column for column and with the same predicate, on both databases; and on SQLite each queue's
// first page reads it. A queue changed in the domain without a migration fails here.
import { createTestDatabase, type TestDatabase, testDialects } from '@relief-desk/db/testing';
import { matterViewSchema, QUEUE_IDS } from '@relief-desk/domain';
import { CompiledQuery, type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueIndexOf } from './membership.ts';
import { viewQuery } from './view.ts';

/** SQL text without quotes, casts, brackets, the table's name or spacing, in lower case. */
const normal = (text: string) =>
  text
    .toLowerCase()
    .replace(/"matters"\.|"/g, '')
    .replace(/::text/g, '')
    .replace(/[()\s]/g, '');

describe.each(testDialects())('queue indexes (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => database.destroy());

  const text = (raw: RawBuilder<unknown>) => normal(raw.compile(database.db).sql);

  /** The index as the database holds it: its columns and its predicate, normalised. */
  async function indexInDatabase(name: string): Promise<{ columns: string; where: string } | null> {
    if (dialect === 'postgres') {
      const { rows } = await sql<{ columns: string; predicate: string | null }>`
        select (select string_agg(pg_get_indexdef(i.indexrelid, k, true), ',' order by k)
                from generate_series(1, i.indnkeyatts) k) as columns,
               pg_get_expr(i.indpred, i.indrelid, true) as predicate
        from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = ${name}`.execute(
        database.db,
      );
      const row = rows[0];
      return row ? { columns: normal(row.columns), where: normal(row.predicate ?? '') } : null;
    }
    const row = await database.db
      .selectFrom('sqlite_master' as never)
      .select(sql<string>`sql`.as('sql'))
      .where(sql`type`, '=', 'index')
      .where(sql`name`, '=', name)
      .executeTakeFirst();
    if (!row) return null;
    const definition = /\bon\s+"?matters"?\s*(.*?)(?:\swhere\s(.*))?$/is.exec(row.sql);
    return { columns: normal(definition?.[1] ?? ''), where: normal(definition?.[2] ?? '') };
  }

  it.each(QUEUE_IDS)('%s: the registry’s index is the migrated one', async (queue) => {
    const expected = queueIndexOf(queue);
    expect(await indexInDatabase(expected.name)).toEqual({
      columns: normal(expected.columns.map((column) => column.compile(database.db).sql).join(',')),
      where: expected.where.map(text).join('and'),
    });
  });

  it.runIf(dialect === 'sqlite').each(QUEUE_IDS)('%s: its first page reads that index', async (queue) => {
    const scope = {
      db: database.db,
      dialect,
      officeId: 'office',
      userId: 'user',
      today: '2026-11-28',
      limits: { clientUpdateDays: 14, clientUpdateOverdueDays: 42 },
    };
    const compiled = viewQuery(scope, matterViewSchema.parse({ queue }), null, 51).query.compile();
    const { rows } = await database.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
    );
    expect(rows.map((r) => r.detail).join('\n')).toContain(`INDEX ${queueIndexOf(queue).name} `);
  });
});
