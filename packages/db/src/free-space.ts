// The one-time rewrite of a SQLite database written before secure_delete was on (connect.ts): what it
// erased then (a discarded RAP sheet, a removed file's name) may still sit in free pages and in the
// free space of pages in use, and every backup copied from the file carries it. VACUUM rebuilds the
// file from its live rows (through the -wal file), then a TRUNCATE checkpoint empties the -wal file.
// Asked for by migration 0073 (the upkeep table); done at the next start, before anything else uses
// the database, and asked again at the start after if it did not finish.
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from './transaction.ts';

export interface FreeSpaceWiped {
  bytesBefore: number;
  bytesAfter: number;
  ms: number;
}

async function fileBytes(db: Db): Promise<number> {
  const count = await sql<{ page_count: number }>`pragma page_count`.execute(db);
  const size = await sql<{ page_size: number }>`pragma page_size`.execute(db);
  return (count.rows[0]?.page_count ?? 0) * (size.rows[0]?.page_size ?? 0);
}

/**
 * Rewrites the database file once, if a migration asked for it: the figures, or null when nothing
 * was asked (a database made by this version, or PostgreSQL). It writes the whole database again,
 * into its -wal file first, so it needs about as much free disk again while it runs.
 */
export async function wipeFreeSpaceIfAsked(
  db: Db,
  starting: (bytes: number) => void = () => {},
): Promise<FreeSpaceWiped | null> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return null;
  const asked = await db
    .selectFrom('upkeep')
    .select('name')
    .where('name', '=', 'wipe_free_space')
    .executeTakeFirst();
  if (!asked) return null;
  const started = performance.now();
  const bytesBefore = await fileBytes(db);
  starting(bytesBefore);
  await sql`vacuum`.execute(db);
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  await db.deleteFrom('upkeep').where('name', '=', 'wipe_free_space').execute();
  return { bytesBefore, bytesAfter: await fileBytes(db), ms: Math.round(performance.now() - started) };
}

/** What the log says as a rewrite starts: it may take a while, and the port does not answer yet. */
export function describeFreeSpaceWipeStarting(bytes: number): string {
  return `Rewriting the database (${(bytes / 1_000_000).toFixed(1)} MB) once, so that text erased before this version leaves it: this takes about as long as copying the file.`;
}

/** What the log says of a rewrite: "Rewrote the database once … : <MB before> → <MB after> in <s> s." */
export function describeFreeSpaceWiped(wiped: FreeSpaceWiped): string {
  const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `Rewrote the database once so that text erased before this version (a discarded RAP sheet, a removed file’s name) no longer stays in its free space: ${mb(wiped.bytesBefore)} → ${mb(wiped.bytesAfter)} in ${(wiped.ms / 1000).toFixed(1)} s. Backups made before today may still hold it: delete the ones you no longer need.`;
}
