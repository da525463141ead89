import { signInInputSchema } from '@relief-desk/domain';
import { writeAudit } from '../../audit.ts';
import { authedProcedure, publicProcedure, router } from '../../trpc.ts';
import { countiesServedBy } from '../offices/queries.ts';
import { endSession } from './sessions.ts';
import { signIn } from './signIn.ts';

export const authRouter = router({
  signIn: publicProcedure.input(signInInputSchema).mutation(({ ctx, input }) => signIn(ctx, input)),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await endSession(ctx.db, ctx.sessionToken);
    ctx.cookies.clear();
    await writeAudit(ctx.db, ctx, { action: 'auth.signOut', entityType: 'user', entityId: ctx.user.id });
    return { signedOut: true };
  }),

  me: authedProcedure.query(async ({ ctx }) => ({
    ...ctx.user,
    officeCounties: [...(await countiesServedBy(ctx.db, ctx.user.officeId))].sort(),
  })),
});
