// Each office's limits for "needs client update" (defaults: 14 days, overdue at 42), set by admins.
import { type Db, inTransaction, type OfficeTx, type Tx } from '@relief-desk/db';
import { type ClientUpdateLimits, QUEUE_LIMIT_DEFAULTS, type QueueSettings } from '@relief-desk/domain';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError } from '../../errors.ts';

/** The limits with the version an edit starts from (0 while the office uses the defaults). */
export async function queueSettingsOf(
  db: Db | Tx,
  officeId: string,
): Promise<ClientUpdateLimits & { version: number }> {
  const row = await db
    .selectFrom('office_queue_settings')
    .select(['client_update_days', 'client_update_overdue_days', 'version'])
    .where('office_id', '=', officeId)
    .executeTakeFirst();
  return row
    ? {
        clientUpdateDays: row.client_update_days,
        clientUpdateOverdueDays: row.client_update_overdue_days,
        version: row.version,
      }
    : { ...QUEUE_LIMIT_DEFAULTS, version: 0 };
}

/** The office's saved limits' version and last save (none until first saved). */
function savedSettings(tx: OfficeTx, officeId: string) {
  return tx
    .selectFrom('office_queue_settings')
    .select(['version', 'updated_by', 'updated_at'])
    .where('office_id', '=', officeId)
    .executeTakeFirst();
}

export async function setQueueLimits(ctx: OfficeContext, input: QueueSettings) {
  return inTransaction(ctx.db, async ({ tx }) => {
    const now = ctx.clock.now().toISOString();
    const { version, ...limits } = input;
    const current = await savedSettings(tx, ctx.user.officeId);
    // The limits before the save (the defaults while never saved), for the audit row's from → to.
    const before = await queueSettingsOf(tx, ctx.user.officeId);
    if (current && current.version !== version) throw await versionConflict(tx, 'the queue limits', current);
    // Never saved: the form starts from version 0, and any other was not read from this office.
    if (!current && version !== 0)
      throw new AppError(
        'VERSION_CONFLICT',
        'The queue limits you started from are not the saved ones. Reload to see them, then save again.',
      );
    const values = {
      client_update_days: limits.clientUpdateDays,
      client_update_overdue_days: limits.clientUpdateOverdueDays,
      updated_at: now,
      updated_by: ctx.user.id,
    };
    if (current) {
      const saved = await tx
        .updateTable('office_queue_settings')
        .set({ ...values, version: version + 1 })
        .where('office_id', '=', ctx.user.officeId)
        .where('version', '=', version)
        .executeTakeFirst();
      // PostgreSQL: two saves from one version both passed the check above; the later changes nothing.
      if (Number(saved.numUpdatedRows) !== 1)
        throw await versionConflict(
          tx,
          'the queue limits',
          (await savedSettings(tx, ctx.user.officeId)) ?? { updated_by: null, updated_at: now },
        );
    } else {
      // Two first saves at once: the loser's insert conflicts and is refused as stale.
      const inserted = await tx
        .insertInto('office_queue_settings')
        .values({ office_id: ctx.user.officeId, ...values, version: 1 })
        .onConflict((oc) => oc.column('office_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) !== 1)
        throw new AppError(
          'VERSION_CONFLICT',
          'Someone saved the queue limits just now. Reload to see them, then save again.',
        );
    }
    await putOnRecord(tx, {
      entityType: 'office',
      entityId: ctx.user.officeId,
      detail: {
        from: {
          clientUpdateDays: before.clientUpdateDays,
          clientUpdateOverdueDays: before.clientUpdateOverdueDays,
        },
        to: limits,
        version: version + 1,
      },
    });
    return queueSettingsOf(tx, ctx.user.officeId);
  });
}
