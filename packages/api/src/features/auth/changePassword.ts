// A signed-in person changes their own password. The current one is asked for, so a session left open
// is not enough, and a wrong one counts towards the account's lock as a wrong password at sign-in
// does (the same claim, throttle.ts). The new one follows the rules of every password (invitations,
// create-admin). Changing it, in one transaction with its audit row: the person's other sessions end
// (this one goes on), so do sign-ins half done with the old password and any password link an
// administrator sent; their failed sign-ins are forgotten, as after any proof of the password; and
// they are told by e-mail, so a change they did not make does not go unnoticed.
import { inTransaction, type Tx } from '@relief-desk/db';
import type { changePasswordInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { passwordChangedNotice, queueStaffNotice } from '../messages/staffNotices.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { endSessionsOf } from './sessions.ts';
import { accountKey, claimSignInAttempt, clearAccount, signInKey } from './throttle.ts';

const WRONG_PASSWORD =
  'That is not your current password, or the account is locked after 5 failed tries. Try again; a locked account opens again after 15 minutes, or when an administrator unlocks it.';

/**
 * Ends what the old password opened and has not finished: sign-ins waiting for their second step
 * after it, and password links not yet used (a new password is chosen; the person asked for none).
 */
export async function endPasswordSignIns(tx: Tx, userId: string): Promise<void> {
  await tx.deleteFrom('mfa_challenges').where('user_id', '=', userId).where('kind', '=', 'sign_in').execute();
  await tx
    .deleteFrom('password_reset_links')
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

export async function changePassword(ctx: OfficeContext, input: z.output<typeof changePasswordInputSchema>) {
  const now = ctx.clock.now();
  const key = accountKey(await signInKey(ctx.db), ctx.user.email);
  const claim = await claimSignInAttempt(ctx.db, key, ctx.ip, now, { accountWide: true });
  const user = await ctx.db
    .selectFrom('users')
    .select(['password_hash', 'version'])
    .where('id', '=', ctx.user.id)
    .executeTakeFirstOrThrow();
  const proved = claim.claimed && (await verifyPassword(user.password_hash, input.currentPassword));
  if (!proved) {
    await putOnRecord(ctx.db, {
      entityType: 'user',
      entityId: ctx.user.id,
      outcome: claim.claimed ? 'failed' : 'denied',
      detail: claim.claimed ? { failures: claim.failures, locked: claim.lockedNow } : { locked: true },
    });
    throw new AppError('BAD_CREDENTIALS', WRONG_PASSWORD, {
      fieldErrors: [{ path: 'currentPassword', message: WRONG_PASSWORD }],
    });
  }
  // Hashed before the transaction: argon2 takes a while, and SQLite's one connection would wait on it.
  const passwordHash = await hashPassword(input.newPassword);
  return inTransaction(ctx.db, async ({ tx }) => {
    // Against the version and hash read with the current password: a password set meanwhile (through
    // a link, in another tab) is not overwritten by one proved against the old.
    const saved = await tx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: now.toISOString(), version: user.version + 1 })
      .where('id', '=', ctx.user.id)
      .where('version', '=', user.version)
      .where('password_hash', '=', user.password_hash)
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) !== 1)
      throw new AppError(
        'VERSION_CONFLICT',
        'Your account changed while this was saved (your password may have been changed in another tab). Reload the page, and enter your current password again.',
      );
    await clearAccount(tx, key);
    const ended = await endSessionsOf(tx, ctx.user.id, ctx.sessionToken ?? '');
    await endPasswordSignIns(tx, ctx.user.id);
    await queueStaffNotice(
      tx,
      {
        officeId: ctx.user.officeId,
        userId: ctx.user.id,
        recipient: ctx.user.email,
        ...passwordChangedNotice({ through: 'account_page' }),
      },
      now,
    );
    await putOnRecord(tx, {
      entityType: 'user',
      entityId: ctx.user.id,
      detail: { otherSessionsEnded: ended.length },
    });
    return { otherSessionsEnded: ended.length };
  });
}
