// A password chosen without the old one, with a link an administrator sent or on the server: the one
// step both take, in the caller's transaction.
import type { Tx } from '@relief-desk/db';
import { endPasswordSignIns } from '../auth/changePassword.ts';
import { endSessionsOf } from '../auth/sessions.ts';
import { accountKey, clearAccount } from '../auth/throttle.ts';
import { passwordChangedNotice, queueStaffNotice } from '../messages/staffNotices.ts';

/**
 * Sets an active account's password (already hashed): every session and sign-in half done with the old
 * one ends, unused password links stop working, a lock failed sign-ins set is lifted (it guarded the old
 * password; the count starts again at once, and the second factor is still asked for), and the person
 * is told by e-mail. Null, with nothing set, when the account is disabled.
 */
export async function setChosenPassword(
  tx: Tx,
  account: { userId: string; email: string; officeId: string },
  passwordHash: string,
  { signInSecret, through, now }: { signInSecret: Buffer; through: 'reset_link' | 'command_line'; now: Date },
): Promise<{ sessionsEnded: number; unlocked: boolean } | null> {
  const at = now.toISOString();
  const saved = await tx
    .updateTable('users')
    .set((eb) => ({ password_hash: passwordHash, updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', account.userId)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (Number(saved.numUpdatedRows) !== 1) return null;
  const ended = await endSessionsOf(tx, account.userId);
  await endPasswordSignIns(tx, account.userId);
  const cleared = await clearAccount(tx, accountKey(signInSecret, account.email));
  await queueStaffNotice(
    tx,
    {
      officeId: account.officeId,
      userId: account.userId,
      recipient: account.email,
      ...passwordChangedNotice({ through }),
    },
    now,
  );
  return {
    sessionsEnded: ended.length,
    unlocked: cleared?.lockedUntil != null && cleared.lockedUntil > at,
  };
}
