// The page a password link opens: it says whose password it is for, or why the link no longer works,
// and the person chooses a new one (the same rules as everywhere). Choosing it uses the link up, sets
// the password, ends every session of the account and every sign-in half done with the old password,
// and tells the person by e-mail, in one transaction with its audit row.
//
// It does not sign in: the person signs in next with the new password, and the second factor is asked
// for as at every sign-in (a mailbox is not a second factor). It lifts a lock that failed sign-ins
// set: the lock guarded the old password, and the count starts again for the new one.
import { inTransaction } from '@relief-desk/db';
import type { passwordResetTokenInputSchema, resetPasswordInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { writeAudit } from '../../audit.ts';
import type { Context } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { claimRequest } from '../../rate-limit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { hashToken } from '../auth/sessions.ts';
import { addressKey, signInKey } from '../auth/throttle.ts';
import { setChosenPassword } from './setPassword.ts';

/** Tries per network address: a token cannot be guessed, but each one costs an argon2 hash. */
const SET_LIMIT = { scope: 'password_reset', limit: 30, windowSeconds: 600 };

const UNUSABLE =
  'This link does not work: it was used already, it ran out, or a newer one was sent. Ask an administrator of your office to send you a new one.';

type Refusal = 'unknown' | 'used' | 'expired' | 'inactive';

async function linkByToken(ctx: Context, token: string) {
  const link = await ctx.db
    .selectFrom('password_reset_links')
    .innerJoin('users', 'users.id', 'password_reset_links.user_id')
    .innerJoin('offices', 'offices.id', 'password_reset_links.office_id')
    .select([
      'password_reset_links.token_hash',
      'password_reset_links.user_id',
      'password_reset_links.office_id',
      'password_reset_links.expires_at',
      'password_reset_links.used_at',
      'users.email',
      'users.active',
      'offices.name as office_name',
    ])
    .where('password_reset_links.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  const refusal: Refusal | null = !link
    ? 'unknown'
    : link.used_at
      ? 'used'
      : link.expires_at <= ctx.clock.now().toISOString()
        ? 'expired'
        : link.active !== 1
          ? 'inactive'
          : null;
  return { link, refusal };
}

/** What the page shows before the form: the address the password is for, or why the link does not work. */
export async function passwordResetDetails(
  ctx: Context,
  input: z.output<typeof passwordResetTokenInputSchema>,
) {
  const { link, refusal } = await linkByToken(ctx, input.token);
  if (!link || refusal) return { state: 'unusable', message: UNUSABLE } as const;
  return {
    state: 'open',
    email: link.email,
    officeName: link.office_name,
    expiresAt: link.expires_at,
  } as const;
}

export async function resetPassword(ctx: Context, input: z.output<typeof resetPasswordInputSchema>) {
  const now = ctx.clock.now();
  const claim = await claimRequest(ctx.db, SET_LIMIT, addressKey(ctx.ip), now);
  if (!claim.allowed)
    throw new AppError(
      'RATE_LIMITED',
      'Too many tries from your network. Wait a few minutes and try again.',
      {
        retryAfterSeconds: claim.retryAfterSeconds,
      },
    );
  const found = await linkByToken(ctx, input.token);
  if (!found.link || found.refusal) return refuse(ctx, found.refusal ?? 'unknown', found.link);
  const { link } = found;
  // Hashed before the transaction: argon2 takes a while, and SQLite's one connection would wait on it
  // (and the sign-in key is read before it for that connection's sake).
  const passwordHash = await hashPassword(input.password);
  const signInSecret = await signInKey(ctx.db);
  const at = now.toISOString();
  const outcome: { email: string } | { refused: Refusal } = await inTransaction(ctx.db, async ({ tx }) => {
    // Used up in the statement that finds it: two tabs choosing at once set one password.
    const used = await tx
      .updateTable('password_reset_links')
      .set({ used_at: at })
      .where('token_hash', '=', link.token_hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) return { refused: 'used' as const };
    const set = await setChosenPassword(
      tx,
      { userId: link.user_id, email: link.email, officeId: link.office_id },
      passwordHash,
      { signInSecret, through: 'reset_link', now },
    );
    // Disabled since the link was read: nothing is set, and the link stays unused (rolled back).
    if (!set) throw new AccountDisabled();
    await writeAudit(
      tx,
      { ...ctx, user: { id: link.user_id, officeId: link.office_id } },
      {
        action: 'passwordResets.setPassword',
        entityType: 'user',
        entityId: link.user_id,
        detail: set,
      },
    );
    return { email: link.email };
  }).catch((error: unknown) => {
    if (error instanceof AccountDisabled) return { refused: 'inactive' as const };
    throw error;
  });
  if ('refused' in outcome) return refuse(ctx, outcome.refused, link);
  return outcome;
}

class AccountDisabled extends Error {
  constructor() {
    super('The account was disabled while its password was being set.');
  }
}

/** Puts a refused link on record in the account's office (none for an unknown token), and refuses. */
async function refuse(
  ctx: Context,
  refusal: Refusal,
  link: { user_id: string; office_id: string } | undefined,
): Promise<never> {
  await writeAudit(
    ctx.db,
    { ...ctx, user: link ? { id: link.user_id, officeId: link.office_id } : null },
    {
      action: 'passwordResets.setPassword',
      // An unknown token names nobody's record: a request refused, as with no session.
      entityType: link ? 'user' : 'request',
      entityId: link?.user_id ?? null,
      outcome: 'denied',
      detail: { reason: refusal },
    },
  );
  throw new AppError('BAD_INPUT', UNUSABLE);
}
