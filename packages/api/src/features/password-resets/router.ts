// The side of the person who got a password link: no session (they cannot sign in), so these are
// public; the link's token is the key. Both are mutations, so the token travels in a request body,
// never in an address a proxy might log. An administrator sends the link: users.sendPasswordReset.
import { passwordResetTokenInputSchema, resetPasswordInputSchema } from '@relief-desk/domain';
import { publicProcedure, router } from '../../trpc.ts';
import { passwordResetDetails, resetPassword } from './use.ts';

export const passwordResetsRouter = router({
  details: publicProcedure
    .input(passwordResetTokenInputSchema)
    .mutation(({ ctx, input }) => passwordResetDetails(ctx, input)),

  setPassword: publicProcedure
    .input(resetPasswordInputSchema)
    .mutation(({ ctx, input }) => resetPassword(ctx, input)),
});
