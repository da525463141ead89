// Loading a matter for a procedure: only from the caller's office (the handle is held to it), and a
// refusal is audited.
import type { Matter, OfficeDb, OfficeTx } from '@relief-desk/db';
import type { Stage } from '@relief-desk/domain';
import { notFound } from '../errors.ts';

export async function requireMatter(
  db: OfficeDb | OfficeTx,
  matterId: string,
): Promise<Matter & { stage: Stage }> {
  const matter = await db.selectFrom('matters').selectAll().where('id', '=', matterId).executeTakeFirst();
  if (!matter) throw notFound('That matter', { entityType: 'matter', entityId: matterId });
  return { ...matter, stage: matter.stage };
}
