// The office's automatic follow-up: on unless an administrator turns it off, after 42 days by default.
import { inTransaction, type OfficeDb, type OfficeTx } from '@relief-desk/db';
import { DEFAULT_FOLLOW_UP_DAYS, type followUpSettingsInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError } from '../../errors.ts';

export interface FollowUpSettings {
  enabled: boolean;
  days: number;
  /** 0 until the office first saves its own setting. */
  version: number;
}

/** The office's setting, read on its handle (the scope holds the query to the office). */
export async function followUpSettings(db: OfficeDb | OfficeTx): Promise<FollowUpSettings> {
  const row = await db.selectFrom('office_message_settings').selectAll().executeTakeFirst();
  if (!row) return { enabled: true, days: DEFAULT_FOLLOW_UP_DAYS, version: 0 };
  return { enabled: row.follow_up_enabled === 1, days: row.follow_up_days, version: row.version };
}

export async function saveFollowUpSettings(
  ctx: OfficeContext,
  input: z.output<typeof followUpSettingsInputSchema>,
): Promise<FollowUpSettings> {
  return inTransaction(ctx.db, async ({ tx }) => {
    const officeId = ctx.user.officeId;
    const row = await tx.selectFrom('office_message_settings').selectAll().executeTakeFirst();
    if (row && row.version !== input.version) throw await versionConflict(tx, 'the follow-up setting', row);
    if (!row && input.version !== 0)
      throw new AppError(
        'VERSION_CONFLICT',
        'The follow-up setting changed since you opened it. Reload, then save again.',
      );
    const now = ctx.clock.now().toISOString();
    const values = {
      follow_up_enabled: input.enabled ? 1 : 0,
      follow_up_days: input.days,
      updated_at: now,
      updated_by: ctx.user.id,
    };
    if (row) {
      const updated = await tx
        .updateTable('office_message_settings')
        .set({ ...values, version: row.version + 1 })
        .where('version', '=', row.version)
        .executeTakeFirst();
      // Naming the save that won (read again), not the row as it was before it.
      if (Number(updated.numUpdatedRows) !== 1)
        throw await versionConflict(
          tx,
          'the follow-up setting',
          await tx
            .selectFrom('office_message_settings')
            .select(['updated_by', 'updated_at'])
            .executeTakeFirstOrThrow(),
        );
    } else {
      // A first save racing another first save fails on the primary key: the loser is told to reload.
      await tx
        .insertInto('office_message_settings')
        .values({ office_id: officeId, ...values })
        .execute();
    }
    await putOnRecord(tx, {
      entityType: 'office',
      entityId: officeId,
      detail: { enabled: input.enabled, days: input.days },
    });
    return { enabled: input.enabled, days: input.days, version: (row?.version ?? 0) + 1 };
  });
}
