// The invited person's side: no session yet, so these are public; the link's token is the key. Both
// are mutations so the token travels in a request body, never in an address a proxy might log.
import { acceptInvitationInputSchema, invitationTokenInputSchema } from '@relief-desk/domain';
import { publicProcedure, router } from '../../trpc.ts';
import { acceptInvitation, invitationDetails } from './accept.ts';

export const invitationsRouter = router({
  details: publicProcedure
    .input(invitationTokenInputSchema)
    .mutation(({ ctx, input }) => invitationDetails(ctx, input)),

  accept: publicProcedure
    .input(acceptInvitationInputSchema)
    .mutation(({ ctx, input }) => acceptInvitation(ctx, input)),
});
