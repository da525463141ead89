import { inTransaction } from '@relief-desk/db';
import { endSessionInputSchema, signInInputSchema } from '@relief-desk/domain';
import { writeAudit } from '../../audit.ts';
import { notFound } from '../../errors.ts';
import { authedProcedure, publicProcedure, router } from '../../trpc.ts';
import { countiesServedBy } from '../offices/queries.ts';
import { endSession, endSessionsOf, hashToken, listSessions } from './sessions.ts';
import { signIn } from './signIn.ts';

export const authRouter = router({
  signIn: publicProcedure.input(signInInputSchema).mutation(({ ctx, input }) => signIn(ctx, input)),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await inTransaction(ctx.db, async ({ tx }) => {
      if (ctx.sessionToken) await endSession(tx, ctx.sessionToken);
      await writeAudit(tx, ctx, { action: 'auth.signOut', entityType: 'user', entityId: ctx.user.id });
    });
    ctx.cookies.clear();
    return { signedOut: true };
  }),

  me: authedProcedure.query(async ({ ctx }) => ({
    ...ctx.user,
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
          action: 'auth.endSession',
          entityType: 'session',
          entityId: input.sessionId,
        });
      await writeAudit(tx, ctx, {
        action: 'auth.endSession',
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
      await writeAudit(tx, ctx, {
        action: 'auth.endOtherSessions',
        entityType: 'user',
        entityId: ctx.user.id,
        detail: { sessionsEnded: ended.length },
      });
      return { ended: ended.length };
    }),
  ),
});
