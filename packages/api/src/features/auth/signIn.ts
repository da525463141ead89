// Sign-in: a fresh session token every time, limits that parallel attempts cannot race past, and one
// answer for "no such user", "wrong password", "disabled" and "locked", alike in words, status and
// work done, so neither the form nor a stopwatch tells who has an account.
//
// 1. The address claims one of its allowed failures for the window (20 per 10 minutes); once they are
//    spent the address is answered 429 with Retry-After, without checking anything.
// 2. The e-mail address typed, account or not, claims one of its 5 attempts (throttle.ts), keyed by
//    an HMAC of the address. A locked one claims nothing.
// 3. Exactly one argon2 verification on every path: against the account's hash when the claim
//    succeeded and the account is active, otherwise against a dummy hash.
// 4. A success takes both claims back and starts a session, in one transaction with its audit row.
import { inTransaction } from '@relief-desk/db';
import { SESSION_RULES, SIGN_IN_REFUSED_MESSAGE, type signInInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { writeAudit } from '../../audit.ts';
import type { Context, SessionUser } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { hashForTiming, verifyPassword } from './passwords.ts';
import { endSession, resolveSession, startSession } from './sessions.ts';
import {
  accountKey,
  claimAccountAttempt,
  claimAddressAttempt,
  clearAccount,
  refundAddressAttempt,
  signInKey,
} from './throttle.ts';

function tooManyFromAddress(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError(
    'RATE_LIMITED',
    `Too many failed sign-ins have come from your network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    { retryAfterSeconds },
  );
}

export async function signIn(ctx: Context, input: z.output<typeof signInInputSchema>): Promise<SessionUser> {
  const now = ctx.clock.now();
  const address = await claimAddressAttempt(ctx.db, ctx.ip, now);
  if (!address.claimed) {
    // One row per address and window: a spray of thousands would otherwise flood the log.
    if (address.firstRefusal)
      await writeAudit(ctx.db, ctx, {
        action: 'auth.signIn',
        entityType: 'address',
        entityId: null,
        outcome: 'denied',
        detail: {
          reason: 'address_throttled',
          limit: SESSION_RULES.signInsPerAddress,
          windowMinutes: SESSION_RULES.addressWindowMinutes,
        },
      });
    throw tooManyFromAddress(address.retryAfterSeconds);
  }

  const key = accountKey(await signInKey(ctx.db), input.email);
  const claim = await claimAccountAttempt(ctx.db, key, now);
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'office_id', 'active', 'password_hash'])
    .where('email', '=', input.email)
    .executeTakeFirst();
  const checkable = claim.claimed && user?.active === 1;
  const matches = await verifyPassword(
    checkable ? user.password_hash : await hashForTiming(),
    input.password,
  );

  if (!checkable || !matches) {
    const reason = !user
      ? 'unknown_email'
      : !claim.claimed
        ? 'locked'
        : user.active !== 1
          ? 'inactive'
          : 'wrong_password';
    const counted = claim.claimed ? { failures: claim.failures, locked: claim.lockedNow } : { locked: true };
    if (user) {
      await writeAudit(
        ctx.db,
        { ...ctx, user: { id: user.id, officeId: user.office_id } },
        {
          action: 'auth.signIn',
          entityType: 'user',
          entityId: user.id,
          outcome: claim.claimed ? 'failed' : 'denied',
          detail: { reason, ...counted },
        },
      );
    } else {
      // No account: no office either. Administrators of every office see these as "unknown account"
      // rows; the keyed hash correlates attempts on one address without the address itself.
      await writeAudit(
        ctx.db,
        { ...ctx, user: null },
        {
          action: 'auth.signIn',
          entityType: 'sign_in_account',
          entityId: key,
          outcome: claim.claimed ? 'failed' : 'denied',
          detail: { reason, ...counted },
        },
      );
    }
    throw new AppError('BAD_CREDENTIALS', SIGN_IN_REFUSED_MESSAGE);
  }

  const attempt = { ...ctx, user: { id: user.id, officeId: user.office_id } };
  const session = await inTransaction(ctx.db, async ({ tx }) => {
    await clearAccount(tx, key);
    await refundAddressAttempt(tx, address);
    // A new token at every sign-in, and the old one (if the browser sent one) ends.
    if (ctx.sessionToken) await endSession(tx, ctx.sessionToken);
    const started = await startSession(tx, ctx.clock, user.id, {
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      maxSessions: ctx.maxSessionsPerUser ?? SESSION_RULES.maxSessionsPerUser,
    });
    await writeAudit(tx, attempt, {
      action: 'auth.signIn',
      entityType: 'user',
      entityId: user.id,
      outcome: 'ok',
      ...(started.ended > 0 ? { detail: { oldestSessionsEnded: started.ended } } : {}),
    });
    return started;
  });
  ctx.cookies.set(session.token, session.expiresAt);
  const sessionUser = await resolveSession(ctx.db, ctx.clock, session.token);
  if (!sessionUser) throw new AppError('INTERNAL', 'The new session could not be read back.');
  return sessionUser;
}
