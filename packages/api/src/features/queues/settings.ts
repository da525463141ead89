// Each office's limits for "needs client update" (defaults: 14 days, overdue at 42), set by admins.
import { type Db, inTransaction, type Tx } from '@relief-desk/db';
import { QUEUE_LIMIT_DEFAULTS, type QueueSettings } from '@relief-desk/domain';
import { writeAudit } from '../../audit.ts';
import type { AuthedContext } from '../../context.ts';
import type { QueueLimits } from './search.ts';

export async function queueLimitsOf(db: Db | Tx, officeId: string): Promise<QueueLimits> {
  const row = await db
    .selectFrom('office_queue_settings')
    .select(['client_update_days', 'client_update_overdue_days'])
    .where('office_id', '=', officeId)
    .executeTakeFirst();
  return row
    ? { clientUpdateDays: row.client_update_days, clientUpdateOverdueDays: row.client_update_overdue_days }
    : { ...QUEUE_LIMIT_DEFAULTS };
}

export async function setQueueLimits(ctx: AuthedContext, input: QueueSettings): Promise<QueueLimits> {
  return inTransaction(ctx.db, async ({ tx }) => {
    const now = ctx.clock.now().toISOString();
    const values = {
      client_update_days: input.clientUpdateDays,
      client_update_overdue_days: input.clientUpdateOverdueDays,
      updated_at: now,
      updated_by: ctx.user.id,
    };
    await tx
      .insertInto('office_queue_settings')
      .values({ office_id: ctx.user.officeId, ...values })
      .onConflict((oc) =>
        oc
          .column('office_id')
          .doUpdateSet((eb) => ({ ...values, version: eb('office_queue_settings.version', '+', 1) })),
      )
      .execute();
    await writeAudit(tx, ctx, {
      action: 'queues.setLimits',
      entityType: 'office',
      entityId: ctx.user.officeId,
      detail: { ...input },
    });
    return queueLimitsOf(tx, ctx.user.officeId);
  });
}
