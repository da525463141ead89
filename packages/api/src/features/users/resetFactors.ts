// An administrator resets a person's second factors (a lost phone, a lost passkey and no recovery
// codes): the authenticator app, passkeys and recovery codes go, the person's sessions end, and they
// set up a factor again at their next sign-in (whatever the office requires), and they are told by
// e-mail (a staff notice through the outbox). Limited to the administrator's office, versioned and
// audited in the same transaction as the e-mail. An administrator's own
// factors are changed on their own page, where the password is asked for first.
import { inTransaction } from '@relief-desk/db';
import type { resetFactorsInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { badInput, notFound } from '../../errors.ts';
import { endSessionsOf } from '../auth/sessions.ts';
import { factorsResetNotice, queueStaffNotice } from '../messages/staffNotices.ts';
import { accountConflict } from './accountConflict.ts';

export async function resetFactors(ctx: OfficeContext, input: z.output<typeof resetFactorsInputSchema>) {
  const result = await inTransaction(ctx.db, async ({ tx }) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'name', 'email', 'version', 'updated_at'])
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user)
      throw notFound('That user', {
        entityType: 'user',
        entityId: input.userId,
      });
    if (user.id === ctx.user.id)
      throw badInput(
        'userId',
        'Change your own second factors at Sign-in security, or ask another administrator to reset them.',
      );
    const conflict = () => accountConflict(tx, `${user.name}’s account`, user);
    if (user.version !== input.version) throw await conflict();
    const saved = await tx
      .updateTable('users')
      .set({ must_enrol_factor: 1, updated_at: ctx.clock.now().toISOString(), version: user.version + 1 })
      .where('id', '=', user.id)
      .where('version', '=', user.version)
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) !== 1) throw await conflict();
    const totp = await tx.deleteFrom('mfa_totp').where('user_id', '=', user.id).executeTakeFirst();
    const passkeys = await tx.deleteFrom('mfa_passkeys').where('user_id', '=', user.id).executeTakeFirst();
    const codes = await tx.deleteFrom('mfa_recovery_codes').where('user_id', '=', user.id).executeTakeFirst();
    await tx.deleteFrom('mfa_challenges').where('user_id', '=', user.id).execute();
    const sessions = await endSessionsOf(tx, user.id);
    await queueStaffNotice(
      tx,
      {
        officeId: ctx.user.officeId,
        userId: user.id,
        recipient: user.email,
        ...factorsResetNotice({ officeName: ctx.user.officeName, adminName: ctx.user.name }),
      },
      ctx.clock.now(),
    );
    await putOnRecord(tx, {
      entityType: 'user',
      entityId: user.id,
      detail: {
        authenticatorApps: Number(totp.numDeletedRows),
        passkeys: Number(passkeys.numDeletedRows),
        recoveryCodes: Number(codes.numDeletedRows),
        sessionsEnded: sessions.length,
      },
    });
    return { version: user.version + 1, sessionsEnded: sessions.length };
  });
  return result;
}
