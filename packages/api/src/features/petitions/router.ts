import { createPetitionInputSchema, updatePetitionInputSchema } from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { createPetition, updatePetition } from './petitions.ts';

export const petitionsRouter = router({
  create: procedureFor('workMatters')
    .input(createPetitionInputSchema)
    .mutation(({ ctx, input }) => createPetition(ctx, input)),

  update: procedureFor('workMatters')
    .input(updatePetitionInputSchema)
    .mutation(({ ctx, input }) => updatePetition(ctx, input)),
});
