// Loading a matter for a procedure: only from the caller's office, and a refusal is audited.
import type { Db, Matter, Tx } from '@relief-desk/db';
import type { Stage } from '@relief-desk/domain';
import type { AuthedContext } from '../../context.ts';
import { notFound } from '../../errors.ts';

export async function requireMatter(
  db: Db | Tx,
  ctx: AuthedContext,
  matterId: string,
  action: string,
): Promise<Matter & { stage: Stage }> {
  const matter = await db
    .selectFrom('matters')
    .selectAll()
    .where('id', '=', matterId)
    .where('office_id', '=', ctx.user.officeId)
    .executeTakeFirst();
  if (!matter) throw notFound('That matter', { action, entityType: 'matter', entityId: matterId });
  return { ...matter, stage: matter.stage };
}
