// An administrator changes a colleague's role. Nobody changes their own, and the office always keeps
// an active administrator: the last one cannot be made something else (nor disabled, accountControls.ts).
// The RAP sheet permission follows the new role's default (attorneys and supervisors see RAP sheets),
// so a demotion never leaves criminal history open by accident; it can be granted again after.
import { inTransaction, type OfficeTx } from '@relief-desk/db';
import { ROLE_LABELS, seesRapSheetsByDefault, type setUserRoleInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { badInput, notFound } from '../../errors.ts';
import { accountConflict } from './accountConflict.ts';
import { grantingAdmin, tellHoldersOfGrant } from './grantNotice.ts';
import { refusedOnRecord } from './refusedOnRecord.ts';

/**
 * Refuses a change that would leave the office without an active administrator. The office's active
 * administrators are locked first (PostgreSQL), so two administrators demoting each other at once
 * cannot both succeed; SQLite runs one writing transaction at a time.
 */
export async function keepAnAdministrator(
  tx: OfficeTx,
  ctx: OfficeContext,
  leaving: { id: string; name: string },
) {
  let others = tx.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', 1);
  if (ctx.dialect === 'postgres') others = others.forUpdate();
  const admins = await others.execute();
  if (!admins.some((a) => a.id !== leaving.id))
    throw refusedOnRecord(
      'role',
      `${leaving.name} is the office’s last active administrator. Make someone else an administrator first.`,
      leaving.id,
      'last_administrator',
    );
}

export async function setUserRole(ctx: OfficeContext, input: z.output<typeof setUserRoleInputSchema>) {
  return inTransaction(ctx.db, async ({ tx }) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'name', 'email', 'role', 'active', 'can_view_rap_sheets', 'version', 'updated_at'])
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user) throw notFound('That user', { entityType: 'user', entityId: input.userId });
    if (user.id === ctx.user.id)
      throw refusedOnRecord(
        'role',
        'You cannot change your own role. Ask another administrator.',
        user.id,
        'own_account',
      );
    const conflict = () => accountConflict(tx, `${user.name}’s account`, user);
    if (user.version !== input.version) throw await conflict();
    if (user.role === input.role)
      throw badInput('role', `${user.name} is already ${ROLE_LABELS[input.role]}.`);
    if (user.role === 'admin' && user.active === 1) await keepAnAdministrator(tx, ctx, user);
    const canViewRapSheets = seesRapSheetsByDefault(input.role);
    const saved = await tx
      .updateTable('users')
      .set({
        role: input.role,
        can_view_rap_sheets: canViewRapSheets ? 1 : 0,
        updated_at: ctx.clock.now().toISOString(),
        version: user.version + 1,
      })
      .where('id', '=', user.id)
      .where('version', '=', user.version)
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) !== 1) throw await conflict();
    if (canViewRapSheets && user.can_view_rap_sheets !== 1)
      await tellHoldersOfGrant(tx, {
        officeId: ctx.user.officeId,
        admin: grantingAdmin(ctx),
        grantee: { id: user.id, name: user.name, email: user.email, role: input.role },
        way: 'role',
        at: ctx.clock.now(),
      });
    await putOnRecord(tx, {
      entityType: 'user',
      entityId: user.id,
      detail: {
        from: user.role,
        to: input.role,
        rapSheets: { from: user.can_view_rap_sheets === 1, to: canViewRapSheets },
      },
    });
    return { version: user.version + 1, canViewRapSheets };
  });
}
