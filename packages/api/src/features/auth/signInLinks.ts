// A locked account's owner can still get in. Anyone can lock an account by typing its address five
// times, so from the sign-in page the owner asks for a one-time link by e-mail:
//
// - The answer is the same whatever the address (an account or not, locked or not, disabled): it tells
//   nobody who has an account. Each address typed may be sent 3 e-mails an hour (counted under the
//   same HMAC as sign-ins, account or not), each network address may ask 20 times an hour.
// - Locked, with a second factor: the link (30 minutes, once) leads to the second step, which signs in
//   despite the lock and clears it (mfa/secondFactor.ts). Locked, without a second factor: the link
//   only unlocks, and the person signs in with their password, if the office does not require a second
//   factor; if it does, the e-mail says to ask an administrator, and carries no link.
// - Not locked: the e-mail says so and carries no link. Disabled or unknown: no e-mail.
// - A link never changes the password: each e-mail says how to get a new one (an administrator of the
//   office sends a link for it, password-resets/send.ts), or, to an office's only administrator, who
//   can make them a colleague who can.

import { type Db, inTransaction, takeTurns } from '@relief-desk/db';
import {
  MFA_RULES,
  type Role,
  type requestSignInLinkInputSchema,
  SIGN_IN_LINK_SENT_MESSAGE,
  STAFF_ACCESS_RULES,
  type signInLinkTokenInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { answeredAfterAtLeast } from '../../answer-time.ts';
import { writeAudit } from '../../audit.ts';
import type { Context } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { claimRequest } from '../../rate-limit.ts';
import {
  forgotPasswordAdvice,
  notLockedNotice,
  queueStaffNotice,
  signInLinkNotice,
} from '../messages/staffNotices.ts';
import { officeRequiresMfa } from '../offices/signInSettings.ts';
import { linkOrigin, newLinkToken, tokenLink } from './linkOrigin.ts';
import { startSignInChallenge } from './mfa/challenges.ts';
import { factorsOf, hasFactor, methodsOf } from './mfa/factors.ts';
import { hashToken } from './sessions.ts';
import type { SignInAnswer } from './signIn.ts';
import { accountKey, addressKey, clearAccount, lockedKeys, signInKey } from './throttle.ts';

export const SIGN_IN_LINK_PATH = '/sign-in/link';

const window = STAFF_ACCESS_RULES.signInLinkWindowMinutes * 60;
const PER_ADDRESS = {
  scope: 'sign_in_link',
  limit: STAFF_ACCESS_RULES.signInLinksPerAddress,
  windowSeconds: window,
};
const PER_NETWORK = {
  scope: 'sign_in_link_network',
  limit: STAFF_ACCESS_RULES.signInLinkRequestsPerNetwork,
  windowSeconds: window,
};

const LINK_UNUSABLE = `This sign-in link does not work: it was used already, or it ran out after ${STAFF_ACCESS_RULES.signInLinkMinutes} minutes. Ask for a new one on the sign-in page.`;
const NEEDS_ADMINISTRATOR =
  'Your office requires a second factor at sign-in and you have none set up, so a link cannot let you in. Ask an administrator of your office to unlock your account.';

/**
 * Every request takes at least this long (real time), account or not: finding an active account and
 * writing its notice takes several reads and a transaction more than finding none, and the time
 * taken must not tell who has an account.
 */
export const SIGN_IN_LINK_ANSWER_MS = 250;

export function requestSignInLink(ctx: Context, input: z.output<typeof requestSignInLinkInputSchema>) {
  return answeredAfterAtLeast(SIGN_IN_LINK_ANSWER_MS, () => answerSignInLinkRequest(ctx, input));
}

async function answerSignInLinkRequest(ctx: Context, input: z.output<typeof requestSignInLinkInputSchema>) {
  const now = ctx.clock.now();
  const network = await claimRequest(ctx.db, PER_NETWORK, addressKey(ctx.ip), now);
  if (!network.allowed)
    throw new AppError(
      'RATE_LIMITED',
      'Too many sign-in links were asked for from your network. Try again later, or ask an administrator to unlock your account.',
      { retryAfterSeconds: network.retryAfterSeconds },
    );
  const answer = { message: SIGN_IN_LINK_SENT_MESSAGE };
  const key = accountKey(await signInKey(ctx.db), input.email);
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'office_id', 'email', 'active', 'role'])
    .where('email', '=', input.email)
    .executeTakeFirst();
  const allowed = (await claimRequest(ctx.db, PER_ADDRESS, key, now)).allowed;
  const origin = linkOrigin(ctx, 'anonymous');
  const refusal =
    user?.active !== 1
      ? 'no_active_account'
      : !allowed
        ? 'address_throttled'
        : !origin
          ? 'no_public_origin'
          : null;
  if (!user || refusal) {
    if (refusal === 'no_public_origin')
      ctx.log.error('A sign-in link was asked for, but PUBLIC_ORIGIN is not set: no link was sent.');
    await writeAudit(
      ctx.db,
      { ...ctx, user: user ? { id: user.id, officeId: user.office_id } : null },
      {
        action: 'auth.requestSignInLink',
        entityType: user ? 'user' : 'sign_in_account',
        entityId: user?.id ?? key,
        outcome: 'denied',
        detail: { reason: refusal },
      },
    );
    return answer;
  }

  // The same reads and writes for every account, locked or not, so the time taken does not say which.
  const locked = (await lockedKeys(ctx.db, [key], now)).has(key);
  const withFactor = hasFactor(await factorsOf(ctx.db, user.id));
  const requiresMfa = await officeRequiresMfa(ctx.db, user.office_id);
  const needsAdministrator = locked && !withFactor && requiresMfa;
  const forgotPassword = forgotPasswordAdvice(await onlyAdministrator(ctx.db, user));
  const sendsLink = locked && !needsAdministrator;
  // A request that sends no link is recorded too, run out already, so its row opens nothing.
  const { token, tokenHash, expiresAt } = newLinkToken(
    now,
    sendsLink ? STAFF_ACCESS_RULES.signInLinkMinutes * 60_000 : 0,
  );
  await inTransaction(ctx.db, async ({ tx }) => {
    // One link at a time: asking again ends the earlier ones. Requests for one person take turns, so
    // a parallel one's delete sees this one's link.
    await takeTurns(tx, 'sign-in-link', user.id);
    await tx.deleteFrom('sign_in_links').where('user_id', '=', user.id).execute();
    await tx
      .insertInto('sign_in_links')
      .values({
        token_hash: tokenHash,
        user_id: user.id,
        created_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    const notice = !locked
      ? notLockedNotice({ forgotPassword })
      : signInLinkNotice({
          link: sendsLink && origin ? tokenLink(origin, SIGN_IN_LINK_PATH, token) : null,
          minutes: STAFF_ACCESS_RULES.signInLinkMinutes,
          needsSecondFactor: withFactor,
          refusal: needsAdministrator ? NEEDS_ADMINISTRATOR : null,
          forgotPassword,
        });
    await queueStaffNotice(
      tx,
      { officeId: user.office_id, userId: user.id, recipient: user.email, ...notice },
      now,
    );
    await writeAudit(
      tx,
      { ...ctx, user: { id: user.id, officeId: user.office_id } },
      {
        action: 'auth.requestSignInLink',
        entityType: 'user',
        entityId: user.id,
        detail: {
          locked,
          linkSent: sendsLink,
          ...(needsAdministrator ? { reason: 'second_factor_required' } : {}),
        },
      },
    );
  });
  return answer;
}

/**
 * Whether the person is their office's only active administrator: nobody in Relief Desk can then send
 * them a link to choose a new password (nobody sends one to themselves).
 */
async function onlyAdministrator(db: Db, user: { id: string; office_id: string; role: Role }) {
  if (user.role !== 'admin') return false;
  const other = await db
    .selectFrom('users')
    .select('id')
    .where('office_id', '=', user.office_id)
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .where('id', '!=', user.id)
    .executeTakeFirst();
  return !other;
}

/** What opening a link gives: the second step, or an unlocked account to sign in to with the password. */
export type SignInLinkAnswer =
  | Extract<SignInAnswer, { status: 'second_factor' }>
  | { status: 'unlocked'; message: string };

export async function useSignInLink(
  ctx: Context,
  input: z.output<typeof signInLinkTokenInputSchema>,
): Promise<SignInLinkAnswer> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const secret = await signInKey(ctx.db);
  type Outcome =
    | { answer: SignInLinkAnswer }
    | { refused: 'unusable' | 'second_factor_required'; user: { id: string; office_id: string } | undefined };
  const outcome = await inTransaction(ctx.db, async ({ tx }): Promise<Outcome> => {
    // Used up in the same statement that finds it: two tabs opening one link get one answer.
    const link = await tx
      .updateTable('sign_in_links')
      .set({ used_at: at })
      .where('token_hash', '=', hashToken(input.token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .returning('user_id')
      .executeTakeFirst();
    const user = link
      ? await tx
          .selectFrom('users')
          .select(['id', 'office_id', 'email', 'active'])
          .where('id', '=', link.user_id)
          .executeTakeFirst()
      : undefined;
    if (user?.active !== 1) return { refused: 'unusable' as const, user };
    const actor = { ...ctx, user: { id: user.id, officeId: user.office_id } };
    const factors = await factorsOf(tx, user.id);
    if (hasFactor(factors)) {
      const step = await startSignInChallenge(tx, user.id, now, MFA_RULES.secondStepMinutes, 'sign_in_link');
      await writeAudit(tx, actor, {
        action: 'auth.useSignInLink',
        entityType: 'user',
        entityId: user.id,
        detail: { next: 'second_factor' },
      });
      return {
        answer: {
          status: 'second_factor' as const,
          challengeToken: step.token,
          expiresAt: step.expiresAt,
          methods: methodsOf(factors),
        },
      };
    }
    // The office may have come to require a factor since the link was sent.
    if (await officeRequiresMfa(tx, user.office_id))
      return { refused: 'second_factor_required' as const, user };
    const cleared = await clearAccount(tx, accountKey(secret, user.email));
    await writeAudit(tx, actor, {
      action: 'auth.useSignInLink',
      entityType: 'user',
      entityId: user.id,
      detail: { next: 'password', unlocked: true, failuresCleared: cleared?.failures ?? 0 },
    });
    return {
      answer: {
        status: 'unlocked' as const,
        message: 'Your account is unlocked. Sign in with your e-mail address and password.',
      },
    };
  });
  if ('answer' in outcome) return outcome.answer;
  await writeAudit(
    ctx.db,
    { ...ctx, user: outcome.user ? { id: outcome.user.id, officeId: outcome.user.office_id } : null },
    {
      action: 'auth.useSignInLink',
      entityType: outcome.user ? 'user' : 'sign_in',
      entityId: outcome.user?.id ?? null,
      outcome: 'denied',
      detail: { reason: outcome.refused === 'unusable' && outcome.user ? 'inactive' : outcome.refused },
    },
  );
  throw new AppError(
    'SIGN_IN_EXPIRED',
    outcome.refused === 'second_factor_required' ? NEEDS_ADMINISTRATOR : LINK_UNUSABLE,
  );
}
