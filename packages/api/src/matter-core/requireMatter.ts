// Loading a matter for a procedure: only from the caller's office (the handle is held to it), and a
// refusal is audited; and saving a change to it as its next version.
import type { Matter, MattersTable, OfficeDb, OfficeTx } from '@relief-desk/db';
import type { Stage } from '@relief-desk/domain';
import type { Updateable } from 'kysely';
import { requireSaved } from '../concurrency.ts';
import { notFound } from '../errors.ts';

export async function requireMatter(
  db: OfficeDb | OfficeTx,
  matterId: string,
): Promise<Matter & { stage: Stage }> {
  const matter = await db.selectFrom('matters').selectAll().where('id', '=', matterId).executeTakeFirst();
  if (!matter) throw notFound('That matter', { entityType: 'matter', entityId: matterId });
  return { ...matter, stage: matter.stage };
}

/**
 * Saves `columns` on a matter opened at `matter.version`, as its next version by `by` at `at`; refused,
 * naming who saved in between, when the matter is no longer at that version.
 */
export async function saveMatter(
  tx: OfficeTx,
  by: { user: { id: string } },
  matter: { id: string; version: number },
  columns: Updateable<MattersTable>,
  at: string,
): Promise<number> {
  const version = matter.version + 1;
  const saved = await tx
    .updateTable('matters')
    .set({ ...columns, updated_at: at, updated_by: by.user.id, version })
    .where('id', '=', matter.id)
    .where('version', '=', matter.version)
    .executeTakeFirst();
  await requireSaved(tx, saved, 'matters', matter.id, 'this matter');
  return version;
}
