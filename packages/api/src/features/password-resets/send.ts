// Someone who forgot their password asks an administrator of their office, who sends them a link to
// choose a new one (use.ts): through the outbox, to the account's own address, its token kept only
// as a SHA-256, good once, for an hour. One link at a time: sending again ends the earlier one.
//
// - The password they have keeps working until they choose a new one: the link is sent by someone
//   else, on the person's word, and a link sent by mistake (the wrong row clicked) must not lock a
//   colleague out. A password known to be compromised is changed by its owner (auth.changePassword,
//   which ends their other sessions), or the account is disabled, which ends them all at once.
// - Not to oneself: an administrator's own password is changed on their account page, with the
//   current one. A link they could send themselves would let anyone holding their open session (but
//   not their password) take the account over through their mailbox.
// - Not to a disabled account: enabling it is a decision of its own.
// - Checked against the administrator's office (the office scope) and the version of the account they
//   were shown, and on record in the same transaction as the e-mail. No column of the account changes,
//   so its version stays (as unlocking and ending sessions leave it). Sends to one person take turns
//   (the version check cannot order them, as the version does not change), so of parallel sends each
//   ends the one before it and one link is left.
import { inTransaction, takeTurns } from '@relief-desk/db';
import { STAFF_ACCESS_RULES, type userVersionInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput, notFound } from '../../errors.ts';
import { linkOrigin, newLinkToken, tokenLink } from '../auth/linkOrigin.ts';
import { passwordResetNotice, queueStaffNotice } from '../messages/staffNotices.ts';

export const PASSWORD_RESET_PATH = '/password-reset';

export async function sendPasswordReset(ctx: OfficeContext, input: z.output<typeof userVersionInputSchema>) {
  const origin = linkOrigin(ctx, 'signed_in');
  if (!origin)
    throw new AppError(
      'BAD_INPUT',
      'Password links need the address people open Relief Desk at. Set PUBLIC_ORIGIN on the server and try again.',
    );
  const now = ctx.clock.now();
  const link = newLinkToken(now, STAFF_ACCESS_RULES.passwordResetMinutes * 60_000);
  return inTransaction(ctx.db, async ({ tx }) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'name', 'email', 'active', 'version', 'updated_at'])
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user) throw notFound('That user', { entityType: 'user', entityId: input.userId });
    if (user.id === ctx.user.id)
      throw badInput(
        'userId',
        'Change your own password on your account page (Sign-in security), with your current one. Forgot it? Ask another administrator to send you a link.',
      );
    if (user.version !== input.version)
      throw await versionConflict(tx, `${user.name}’s account`, {
        updated_by: null,
        updated_at: user.updated_at,
      });
    if (user.active !== 1)
      throw badInput(
        'userId',
        `${user.name}’s account is disabled. Enable it first, if they should sign in again.`,
      );
    // One at a time per person: a parallel send's delete then sees this one's link.
    await takeTurns(tx, 'password-reset-link', user.id);
    const replaced = await tx
      .deleteFrom('password_reset_links')
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    await tx
      .insertInto('password_reset_links')
      .values({
        token_hash: link.tokenHash,
        user_id: user.id,
        office_id: ctx.user.officeId,
        sent_by: ctx.user.id,
        created_at: now.toISOString(),
        expires_at: link.expiresAt,
      })
      .execute();
    await queueStaffNotice(
      tx,
      {
        officeId: ctx.user.officeId,
        userId: user.id,
        recipient: user.email,
        ...passwordResetNotice({
          officeName: ctx.user.officeName,
          adminName: ctx.user.name,
          link: tokenLink(origin, PASSWORD_RESET_PATH, link.token),
          expiresAt: link.expiresAt,
        }),
      },
      now,
    );
    await putOnRecord(tx, {
      entityType: 'user',
      entityId: user.id,
      detail: { linksReplaced: Number(replaced.numDeletedRows) },
    });
    return { expiresAt: link.expiresAt };
  });
}
