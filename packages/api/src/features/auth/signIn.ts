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
//    For a person with a second factor, the right password instead gives a token for the second step
//    (mfa/secondFactor.ts) and takes back only the address's claim: the account's stays counted until
//    the second step succeeds, so wrong codes and abandoned second steps count towards the lock too.
//    A person without one whose office requires one (or whose factors an administrator reset) gets a
//    session that may only set one up.
import { inTransaction, type Tx } from '@relief-desk/db';
import {
  MFA_RULES,
  SESSION_RULES,
  type SecondFactorMethod,
  SIGN_IN_REFUSED_MESSAGE,
  type signInInputSchema,
} from '@relief-desk/domain';
import { PostgresAdapter } from 'kysely';
import type { z } from 'zod';
import { writeAudit } from '../../audit.ts';
import type { Context, SessionUser } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { officeRequiresMfa } from '../offices/signInSettings.ts';
import { startSignInChallenge } from './mfa/challenges.ts';
import { factorsOf, hasFactor, methodsOf } from './mfa/factors.ts';
import { hashForTiming, verifyPassword } from './passwords.ts';
import { endSession, resolveSession, startSession } from './sessions.ts';
import {
  type AddressClaim,
  accountKey,
  claimAddressAttempt,
  claimSignInAttempt,
  clearAccount,
  refundAddressAttempt,
  rememberNetwork,
  signInKey,
} from './throttle.ts';

/** What a sign-in answers: signed in, or the second step to take. */
export type SignInAnswer =
  | ({ status: 'signed_in'; recoveryCodesLeft?: number } & SessionUser)
  | {
      status: 'second_factor';
      /** Sent back with the second factor; good for one sign-in, for a few minutes. */
      challengeToken: string;
      expiresAt: string;
      /** What the person can use, passkey first. */
      methods: SecondFactorMethod[];
    };

export function tooManyFromAddress(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError(
    'RATE_LIMITED',
    `Too many failed sign-ins have come from your network. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    { retryAfterSeconds },
  );
}

export async function signIn(ctx: Context, input: z.output<typeof signInInputSchema>): Promise<SignInAnswer> {
  const now = ctx.clock.now();
  const address = await claimAddressAttempt(ctx.db, ctx.ip, now);
  if (!address.claimed) {
    await recordAddressRefusal(ctx, address);
    throw tooManyFromAddress(address.retryAfterSeconds);
  }

  const key = accountKey(await signInKey(ctx.db), input.email);
  const claim = await claimSignInAttempt(ctx.db, key, ctx.ip, now);
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'office_id', 'active', 'password_hash', 'must_enrol_factor'])
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
  try {
    return await afterPassword(ctx, attempt, user, { key, address, now });
  } catch (error) {
    if (!(error instanceof PasswordChangedMeanwhile)) throw error;
    // Refused as a wrong password is, and on record (the transaction that found it rolled back).
    await writeAudit(ctx.db, attempt, {
      action: 'auth.signIn',
      entityType: 'user',
      entityId: user.id,
      outcome: 'failed',
      detail: { reason: 'password_changed_meanwhile' },
    });
    throw new AppError('BAD_CREDENTIALS', SIGN_IN_REFUSED_MESSAGE);
  }
}

/**
 * The password checked: the second step's challenge, or the session. Either is written only if the
 * password checked is still the account's (a reset or change meanwhile ends what it let in, and a
 * challenge started after it would outlive it): PasswordChangedMeanwhile otherwise.
 */
async function afterPassword(
  ctx: Context,
  attempt: Context & { user: { id: string; officeId: string } },
  user: { id: string; office_id: string; password_hash: string; must_enrol_factor: number },
  { key, address, now }: { key: string; address: AddressClaim; now: Date },
): Promise<SignInAnswer> {
  const factors = await factorsOf(ctx.db, user.id);
  if (hasFactor(factors)) {
    const step = await inTransaction(ctx.db, async ({ tx }) => {
      if (!(await samePassword(tx, user.id, user.password_hash))) throw new PasswordChangedMeanwhile();
      await refundAddressAttempt(tx, address);
      const started = await startSignInChallenge(tx, user.id, now, MFA_RULES.secondStepMinutes);
      await writeAudit(tx, attempt, {
        action: 'auth.signIn',
        entityType: 'user',
        entityId: user.id,
        outcome: 'ok',
        detail: { step: 'password', next: 'second_factor' },
      });
      return started;
    });
    return {
      status: 'second_factor',
      challengeToken: step.token,
      expiresAt: step.expiresAt,
      methods: methodsOf(factors),
    };
  }
  const enrolmentOnly = user.must_enrol_factor === 1 || (await officeRequiresMfa(ctx.db, user.office_id));
  return completeSignIn(ctx, { id: user.id, officeId: user.office_id }, key, address, {
    enrolmentOnly,
    detail: enrolmentOnly ? { secondFactor: 'to_set_up' } : {},
    verifiedPasswordHash: user.password_hash,
  });
}

/** The address's refusal, on record once per address and window. */
export async function recordAddressRefusal(ctx: Context, address: AddressClaim): Promise<void> {
  if (!address.firstRefusal) return;
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
}

/**
 * The end of a successful sign-in: both claims go back and a session starts, in one transaction with
 * its audit row (and whatever the second step must do in it, such as using up a recovery code, which
 * returns false to refuse after all). The session cookie is set only once it has committed.
 */
export async function completeSignIn(
  ctx: Context,
  user: { id: string; officeId: string },
  key: string,
  address: AddressClaim,
  options: {
    enrolmentOnly: boolean;
    detail: Record<string, unknown>;
    action?: string;
    /** Clear the account's counts on every network (a sign-in link), not only this one's. */
    clearEveryNetwork?: boolean;
    inTransaction?: (tx: Tx) => Promise<boolean>;
    /**
     * The password hash the password was checked against, outside this transaction: a password
     * changed or reset (or the account disabled) meanwhile ended the person's sessions, so a sign-in
     * with the old password must not start one after.
     */
    verifiedPasswordHash?: string;
  },
): Promise<SignInAnswer> {
  const attempt = { ...ctx, user };
  const session = await inTransaction(ctx.db, async ({ tx }) => {
    if (
      options.verifiedPasswordHash !== undefined &&
      !(await samePassword(tx, user.id, options.verifiedPasswordHash))
    )
      throw new PasswordChangedMeanwhile();
    if (options.inTransaction && !(await options.inTransaction(tx))) return null;
    // The person's own count and network's: wrong guesses made elsewhere stay counted there.
    await clearAccount(tx, key, options.clearEveryNetwork ? {} : { onlyNetworkOf: ctx.ip });
    await rememberNetwork(tx, key, ctx.ip, ctx.clock.now());
    await refundAddressAttempt(tx, address);
    // A new token at every sign-in, and the old one (if the browser sent one) ends.
    if (ctx.sessionToken) await endSession(tx, ctx.sessionToken);
    const started = await startSession(tx, ctx.clock, user.id, {
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      maxSessions: ctx.maxSessionsPerUser ?? SESSION_RULES.maxSessionsPerUser,
      idleMinutes: ctx.sessionIdleMinutes ?? SESSION_RULES.idleMinutes,
      enrolmentOnly: options.enrolmentOnly,
    });
    await writeAudit(tx, attempt, {
      action: options.action ?? 'auth.signIn',
      entityType: 'user',
      entityId: user.id,
      outcome: 'ok',
      detail: {
        ...options.detail,
        ...(started.ended > 0 ? { oldestSessionsEnded: started.ended } : {}),
      },
    });
    return started;
  });
  if (!session) throw new SecondStepRefused();
  ctx.cookies.set(session.token, session.expiresAt);
  const sessionUser = await resolveSession(ctx.db, ctx.clock, session.token, {
    touch: false,
    allowEnrolmentOnly: true,
  });
  if (!sessionUser) throw new AppError('INTERNAL', 'The new session could not be read back.');
  return { status: 'signed_in', ...sessionUser };
}

/**
 * Whether the account still has the password checked (outside the sign-in's transaction) and is
 * still active. On PostgreSQL the user's row is locked first, so a change committing meanwhile is
 * waited for and seen (startSession locks the row too); SQLite runs one transaction at a time.
 */
async function samePassword(tx: Tx, userId: string, verifiedHash: string): Promise<boolean> {
  let query = tx.selectFrom('users').select(['password_hash', 'active']).where('id', '=', userId);
  if (tx.getExecutor().adapter instanceof PostgresAdapter) query = query.forUpdate();
  const now = await query.executeTakeFirst();
  return now?.password_hash === verifiedHash && now.active === 1;
}

/** The password was changed or reset, or the account disabled, between its check and the session. */
class PasswordChangedMeanwhile extends Error {
  constructor() {
    super('The password changed between its check and the start of the session.');
  }
}

/** The second step's check inside the sign-in's transaction failed (a recovery code used meanwhile). */
export class SecondStepRefused extends Error {
  constructor() {
    super('The second factor was refused inside the sign-in transaction.');
  }
}
