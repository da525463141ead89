import { inTransaction } from '@relief-desk/db';
import {
  challengeTokenInputSchema,
  changePasswordInputSchema,
  endSessionInputSchema,
  requestSignInLinkInputSchema,
  secondFactorInputSchema,
  signInInputSchema,
  signInLinkTokenInputSchema,
} from '@relief-desk/domain';
import { putOnRecord } from '../../audit.ts';
import { AppError, notFound } from '../../errors.ts';
import { authedProcedure, publicProcedure, router } from '../../trpc.ts';
import { countiesServedBy } from '../offices/queries.ts';
import { changePassword } from './changePassword.ts';
import { mfaRouter } from './mfa/router.ts';
import { passkeySignInOptions, signInSecondFactor } from './mfa/secondFactor.ts';
import {
  endSession,
  endSessionsOf,
  hashToken,
  listSessions,
  sessionTiming,
  touchSession,
} from './sessions.ts';
import { signIn } from './signIn.ts';
import { requestSignInLink, useSignInLink } from './signInLinks.ts';

export const authRouter = router({
  signIn: publicProcedure.input(signInInputSchema).mutation(({ ctx, input }) => signIn(ctx, input)),

  /** The second step of a sign-in: an authenticator code, a recovery code or a passkey. */
  signInSecondFactor: publicProcedure
    .input(secondFactorInputSchema)
    .mutation(({ ctx, input }) => signInSecondFactor(ctx, input)),

  /** A passkey's options (its challenge) for the second step of a sign-in in progress. */
  passkeySignInOptions: publicProcedure
    .input(challengeTokenInputSchema)
    .mutation(({ ctx, input }) => passkeySignInOptions(ctx, input)),

  /** "Send me a sign-in link": the same answer whatever the address (signInLinks.ts). */
  requestSignInLink: publicProcedure
    .input(requestSignInLinkInputSchema)
    .mutation(({ ctx, input }) => requestSignInLink(ctx, input)),

  /** Opens a sign-in link: the second step that gets past the lock, or the account unlocked. */
  useSignInLink: publicProcedure
    .input(signInLinkTokenInputSchema)
    .mutation(({ ctx, input }) => useSignInLink(ctx, input)),

  /**
   * The session's limits, read without counting as a use (so the web app can ask when to warn
   * without keeping the session alive); signedIn false once it has ended.
   */
  sessionStatus: publicProcedure.query(async ({ ctx }) => {
    const timing = ctx.sessionToken ? await sessionTiming(ctx.db, ctx.clock, ctx.sessionToken) : null;
    return timing ? { signedIn: true as const, ...timing } : { signedIn: false as const };
  }),

  /** "Stay signed in": uses the session now, so its idle limit starts again. */
  stayActive: authedProcedure.mutation(async ({ ctx }) =>
    // The session's new last use and its audit row commit together, or neither does.
    inTransaction(ctx.db, async ({ tx }) => {
      await touchSession(tx, ctx.clock, ctx.sessionToken ?? '');
      const timing = await sessionTiming(tx, ctx.clock, ctx.sessionToken ?? '');
      if (!timing)
        throw new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again to continue.');
      await putOnRecord(tx, { entityType: 'user', entityId: ctx.user.id });
      return timing;
    }),
  ),

  mfa: mfaRouter,

  /** One's own password, with the current one; ends one's other sessions. */
  changePassword: authedProcedure
    .input(changePasswordInputSchema)
    .mutation(({ ctx, input }) => changePassword(ctx, input)),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await inTransaction(ctx.db, async ({ tx }) => {
      if (ctx.sessionToken) await endSession(tx, ctx.sessionToken);
      await putOnRecord(tx, { entityType: 'user', entityId: ctx.user.id });
    });
    ctx.cookies.clear();
    return { signedOut: true };
  }),

  me: authedProcedure.query(async ({ ctx }) => ({
    ...ctx.user,
    enrolmentOnly: ctx.user.enrolmentOnly ?? false,
    officeCounties: [...(await countiesServedBy(ctx.db, ctx.user.officeId))].sort(),
  })),

  /** The caller's own live sessions, newest first, the current one marked. */
  sessions: authedProcedure.query(({ ctx }) =>
    listSessions(ctx.db, ctx.clock, ctx.user.id, ctx.sessionToken),
  ),

  /** Ends one of the caller's own sessions (the current one too: that signs out here). */
  endSession: authedProcedure.input(endSessionInputSchema).mutation(async ({ ctx, input }) => {
    const ended = await inTransaction(ctx.db, async ({ tx }) => {
      const row = await tx
        .deleteFrom('sessions')
        .where('id', '=', input.sessionId)
        .where('user_id', '=', ctx.user.id)
        .returning('token_hash')
        .executeTakeFirst();
      if (!row)
        throw notFound('That session', {
          entityType: 'session',
          entityId: input.sessionId,
        });
      await putOnRecord(tx, {
        entityType: 'session',
        entityId: input.sessionId,
      });
      return { current: ctx.sessionToken !== null && row.token_hash === hashToken(ctx.sessionToken) };
    });
    if (ended.current) ctx.cookies.clear();
    return { ended: true, current: ended.current };
  }),

  /** Ends every session of the caller's but this one. */
  endOtherSessions: authedProcedure.mutation(async ({ ctx }) =>
    inTransaction(ctx.db, async ({ tx }) => {
      const ended = await endSessionsOf(tx, ctx.user.id, ctx.sessionToken ?? '');
      await putOnRecord(tx, {
        entityType: 'user',
        entityId: ctx.user.id,
        detail: { sessionsEnded: ended.length },
      });
      return { ended: ended.length };
    }),
  ),
});
