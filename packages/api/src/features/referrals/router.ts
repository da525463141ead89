import { possibleClientsInputSchema, recordReferralInputSchema } from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { findPossibleClients } from './findPossibleClients.ts';
import { recordReferral } from './recordReferral.ts';

export const referralsRouter = router({
  findPossibleClients: procedureFor('workMatters')
    .input(possibleClientsInputSchema)
    .query(({ ctx, input }) => findPossibleClients(ctx, input)),

  record: procedureFor('workMatters')
    .input(recordReferralInputSchema)
    .mutation(({ ctx, input }) => recordReferral(ctx, input)),
});
