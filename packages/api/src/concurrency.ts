// Optimistic concurrency: every editable row has a version; a save names the version it started
// from, and a save over someone else's newer change is refused with who changed it and when.
import type { Db, Tx } from '@relief-desk/db';
import { californiaDateTime, RELOAD_AFTER_CONFLICT } from '@relief-desk/domain';
import type { UpdateResult } from 'kysely';
import { AppError } from './errors.ts';

/** Who made a row's latest change and when, in words: "Daniel Okafor", "Dec 3, 2026, 4:05 PM". */
export async function lastChange(
  db: Db | Tx,
  current: { updated_by: string | null; updated_at: string },
): Promise<{ who: string; when: string }> {
  const who = current.updated_by
    ? await db.selectFrom('users').select('name').where('id', '=', current.updated_by).executeTakeFirst()
    : undefined;
  return { who: who?.name ?? 'Someone', when: californiaDateTime(current.updated_at) };
}

export async function versionConflict(
  db: Db | Tx,
  what: string,
  current: { updated_by: string | null; updated_at: string },
): Promise<AppError> {
  const { who, when } = await lastChange(db, current);
  return new AppError(
    'VERSION_CONFLICT',
    `${who} changed ${what} on ${when}, after you opened it. Nothing was saved, and anything you typed is still on the page. ${RELOAD_AFTER_CONFLICT}`,
  );
}

type Versioned = 'matters' | 'convictions' | 'document_requests' | 'petitions' | 'offices';

/**
 * A save's update is guarded by `where version = n`. On PostgreSQL two saves from the same version
 * can both pass the version check; the later update then changes no row, and must be refused too,
 * naming the save that won: the row is read again for who saved it and when.
 */
export async function requireSaved(
  tx: Tx,
  result: UpdateResult,
  table: Versioned,
  id: string,
  what: string,
): Promise<void> {
  if (result.numUpdatedRows > 0n) return;
  const current = await tx
    .selectFrom(table)
    .select(['updated_by', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  throw await versionConflict(tx, what, current);
}
