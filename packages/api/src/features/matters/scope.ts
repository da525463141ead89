// Loading a matter for a procedure: only from the caller's office, and a refusal is audited.
import type { Db, Matter, Tx } from '@relief-desk/db';
import type { Stage } from '@relief-desk/domain';
import { writeAudit } from '../../audit.ts';
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
  if (!matter) {
    // Written on the main connection so the refusal stays on record when the transaction rolls back.
    await writeAudit(ctx.db, ctx, { action, entityType: 'matter', entityId: matterId, outcome: 'denied' });
    throw notFound('That matter');
  }
  return { ...matter, stage: matter.stage as Stage };
}
