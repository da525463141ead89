// The second step of a sign-in: the token the password step gave, and an authenticator code, a
// recovery code or a passkey. Each attempt is counted like a password: it claims one of the address's
// failures and one of the account's attempts before anything is checked, a success gives both back,
// and the fifth failure in a row (passwords and codes together) locks the account. Every refusal has
// the same words. A code, a recovery code and a passkey's challenge each work once.
//
// The step itself works once too: the sign-in's transaction takes (deletes) it before it uses the
// factor, so of parallel requests with one token one signs in; the others are refused as a step that
// ran out is, and use up no recovery code (their transactions roll back) and start no session.
//
// A try that finds the account locked (its own wrong code, or an earlier one, set the lock) is refused
// as any wrong code is, and the step stays until it runs out, so each later try is refused in those
// words too and put on record under the person and their office.
//
// After a sign-in link (a locked account's owner, signInLinks.ts) the account's lock is not consulted
// or counted: the link proved the mailbox and its step gets one try (a wrong factor ends it, and a new
// link is needed); the address's allowance still counts. A success clears the lock.
import { inTransaction, type Tx } from '@relief-desk/db';
import {
  type challengeTokenInputSchema,
  MFA_RULES,
  SECOND_FACTOR_REFUSED_MESSAGE,
  SIGN_IN_CANNOT_FINISH_MESSAGE,
  SIGN_IN_STEP_EXPIRED_MESSAGE,
  type secondFactorInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { writeAudit } from '../../../audit.ts';
import type { Context } from '../../../context.ts';
import { AppError } from '../../../errors.ts';
import {
  completeSignIn,
  recordAddressRefusal,
  SecondStepRefused,
  type SignInAnswer,
  tooManyFromAddress,
} from '../signIn.ts';
import {
  accountKey,
  claimAddressAttempt,
  claimSignInAttempt,
  refundSignInAttempt,
  signInKey,
} from '../throttle.ts';
import {
  endChallenge,
  findSignInChallenge,
  setSignInWebAuthnChallenge,
  signInChallengeRanOut,
  takeSignInChallenge,
} from './challenges.ts';
import {
  authenticationOptions,
  passkeysOf,
  recordAssertion,
  relyingPartyOf,
  verifyAssertion,
} from './passkeys.ts';
import { recoveryCodesLeft, useRecoveryCode } from './recoveryCodes.ts';
import { matchingStep } from './totp.ts';

const expired = () => new AppError('SIGN_IN_EXPIRED', SIGN_IN_STEP_EXPIRED_MESSAGE);

/** The step was gone when the sign-in's transaction came to take it: a parallel request took it. */
class StepTaken extends Error {
  constructor() {
    super('The second step was taken by another request.');
  }
}

/** The accepted code's step, recorded in the sign-in's transaction; false if it was used meanwhile. */
export async function useTotpStep(tx: Tx, userId: string, step: number, now: Date): Promise<boolean> {
  const saved = await tx
    .updateTable('mfa_totp')
    .set({ last_used_step: step, last_used_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(saved.numUpdatedRows) === 1;
}

/** A confirmed authenticator's step for this code, if it matches and has not been used. */
export async function acceptableStep(
  db: Context['db'] | Tx,
  userId: string,
  code: string,
  now: Date,
): Promise<number | null> {
  const totp = await db
    .selectFrom('mfa_totp')
    .select(['secret', 'last_used_step'])
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  if (!totp) return null;
  const step = matchingStep(totp.secret, code, now);
  if (step === null) return null;
  if (totp.last_used_step !== null && step <= Number(totp.last_used_step)) return null;
  return step;
}

export async function signInSecondFactor(
  ctx: Context,
  input: z.output<typeof secondFactorInputSchema>,
): Promise<SignInAnswer> {
  const now = ctx.clock.now();
  const address = await claimAddressAttempt(ctx.db, ctx.ip, now);
  if (!address.claimed) {
    await recordAddressRefusal(ctx, address);
    throw tooManyFromAddress(address.retryAfterSeconds);
  }
  const challenge = await findSignInChallenge(ctx.db, input.challengeToken, now);
  const user = challenge
    ? await ctx.db
        .selectFrom('users')
        .select(['id', 'office_id', 'email', 'active'])
        .where('id', '=', challenge.user_id)
        .executeTakeFirst()
    : undefined;
  // Said truly, and no more than the password step told: "took longer than 5 minutes" only for a step
  // that ran out; a step ended otherwise (a parallel request used it, or an administrator disabled the
  // account, which ends its steps) can no longer finish, without saying why.
  const refuseExpired = async (
    who: { id: string; office_id: string } | undefined,
    reason: 'inactive' | 'no_sign_in_in_progress',
    ranOut = false,
  ): Promise<never> => {
    await writeAudit(
      ctx.db,
      { ...ctx, user: who ? { id: who.id, officeId: who.office_id } : null },
      {
        action: 'auth.signInSecondFactor',
        entityType: who ? 'user' : 'sign_in',
        entityId: who?.id ?? null,
        outcome: 'denied',
        detail: { method: input.method, reason },
      },
    );
    throw ranOut ? expired() : new AppError('SIGN_IN_EXPIRED', SIGN_IN_CANNOT_FINISH_MESSAGE);
  };
  if (!challenge || user?.active !== 1) {
    if (challenge) await endChallenge(ctx.db, challenge.id);
    return refuseExpired(
      user,
      challenge ? 'inactive' : 'no_sign_in_in_progress',
      !challenge && (await signInChallengeRanOut(ctx.db, input.challengeToken, now)),
    );
  }

  const actor = { id: user.id, officeId: user.office_id };
  const key = accountKey(await signInKey(ctx.db), user.email);
  const viaLink = challenge.kind === 'sign_in_link';
  const claim = viaLink
    ? { claimed: true, failures: 0, lockedNow: false }
    : await claimSignInAttempt(ctx.db, key, ctx.ip, now, { accountWide: true });
  const refuse = async (reason: string): Promise<never> => {
    // A link's step has one try. A lock does not end the step: the tries after it are refused in the
    // same words as every failed try, on record under the person (ending it made them "took longer
    // than 5 minutes", of nobody). The password is still needed again once the lock opens: the step
    // runs out (5 minutes) long before the lock (15), and an administrator's unlock ends it.
    if (viaLink) await endChallenge(ctx.db, challenge.id);
    else if (input.method === 'passkey') await setSignInWebAuthnChallenge(ctx.db, challenge.id, null);
    await writeAudit(
      ctx.db,
      { ...ctx, user: actor },
      {
        action: 'auth.signInSecondFactor',
        entityType: 'user',
        entityId: user.id,
        outcome: claim.claimed ? 'failed' : 'denied',
        detail: {
          method: input.method,
          reason,
          ...(viaLink ? { viaSignInLink: true } : {}),
          ...(claim.claimed ? { failures: claim.failures, locked: claim.lockedNow } : { locked: true }),
        },
      },
    );
    throw new AppError('BAD_SECOND_FACTOR', SECOND_FACTOR_REFUSED_MESSAGE);
  };
  if (!claim.claimed) return refuse('locked');

  // What the sign-in's transaction must do for the factor to count; false refuses it after all.
  let use: (tx: Tx) => Promise<boolean>;
  if (input.method === 'totp') {
    const step = await acceptableStep(ctx.db, user.id, input.code, now);
    if (step === null) return refuse('wrong_code');
    use = (tx) => useTotpStep(tx, user.id, step, now);
  } else if (input.method === 'recovery') {
    const secret = await signInKey(ctx.db);
    use = (tx) => useRecoveryCode(tx, secret, user.id, input.code, now);
  } else {
    if (!challenge.webauthn_challenge) return refuse('passkey_not_asked');
    const assertion = await verifyAssertion(
      ctx.db,
      relyingPartyOf(ctx),
      user.id,
      challenge.webauthn_challenge,
      input.response,
    );
    if (!assertion) return refuse('passkey_refused');
    // Its counter moves only if it is still the one the answer was checked against.
    use = (tx) => recordAssertion(tx, assertion, now);
  }

  try {
    const answer = await completeSignIn(ctx, actor, key, address, {
      enrolmentOnly: false,
      action: 'auth.signInSecondFactor',
      // A sign-in link unlocks the account on every network, as an administrator's unlock does.
      clearEveryNetwork: viaLink,
      detail: { method: input.method, ...(viaLink ? { viaSignInLink: true, unlocked: true } : {}) },
      inTransaction: async (tx) => {
        // The step first: a parallel request's delete waits here for this transaction, then finds
        // nothing. Either refusal rolls the transaction back (the step stays for a wrong factor; a
        // recovery code used is given back).
        if (!(await takeSignInChallenge(tx, challenge.id, now))) throw new StepTaken();
        if (!(await use(tx))) throw new SecondStepRefused();
        return true;
      },
    });
    if (input.method !== 'recovery' || answer.status !== 'signed_in') return answer;
    return { ...answer, recoveryCodesLeft: await recoveryCodesLeft(ctx.db, user.id) };
  } catch (error) {
    if (error instanceof StepTaken) {
      // Another copy of this step took it (or a refusal ended it): this one was no failure.
      if (!viaLink) await refundSignInAttempt(ctx.db, claim);
      return refuseExpired(user, 'no_sign_in_in_progress');
    }
    if (error instanceof SecondStepRefused)
      return refuse(
        input.method === 'recovery'
          ? 'wrong_code'
          : input.method === 'passkey'
            ? 'passkey_refused'
            : 'code_used',
      );
    throw error;
  }
}

/** A passkey's options for the second step of a sign-in in progress. */
export async function passkeySignInOptions(ctx: Context, input: z.output<typeof challengeTokenInputSchema>) {
  const now = ctx.clock.now();
  const challenge = await findSignInChallenge(ctx.db, input.challengeToken, now);
  if (!challenge) throw expired();
  const rp = relyingPartyOf(ctx);
  const passkeys = await passkeysOf(ctx.db, challenge.user_id);
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'office_id'])
    .where('id', '=', challenge.user_id)
    .executeTakeFirstOrThrow();
  if (passkeys.length === 0)
    throw new AppError(
      'BAD_INPUT',
      'You have no passkey: use a code from your authenticator app or a recovery code.',
    );
  const options = await authenticationOptions(rp, passkeys);
  await inTransaction(ctx.db, async ({ tx }) => {
    await setSignInWebAuthnChallenge(tx, challenge.id, options.challenge);
    await writeAudit(
      tx,
      { ...ctx, user: { id: user.id, officeId: user.office_id } },
      { action: 'auth.passkeySignInOptions', entityType: 'user', entityId: user.id },
    );
  });
  return { ...options, timeout: MFA_RULES.secondStepMinutes * 60_000 };
}
