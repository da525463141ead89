// Work a version asks to be done once on an existing database, outside any transaction, after the
// migrations (free-space.ts). The first: a SQLite database written before secure_delete was on may
// still hold erased text (a discarded RAP sheet, another person's record) in its free pages and in
// the free space of pages in use, and every backup copies those pages. One VACUUM rewrites the file
// from its live rows. A database made by this version has nothing to rewrite (it holds no data yet
// when this runs), and PostgreSQL's backups copy rows, not pages, so neither is asked.
import { type Kysely, SqliteAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('upkeep')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('asked_at', 'text', (c) => c.notNull())
    .execute();
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  const holdsData = await sql<{ one: number }>`select 1 as one from offices limit 1`.execute(db);
  if (holdsData.rows.length === 0) return;
  await db
    .insertInto('upkeep')
    .values({ name: 'wipe_free_space', asked_at: new Date().toISOString() })
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('upkeep').execute();
}
