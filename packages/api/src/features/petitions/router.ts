import {
  createPetitionInputSchema,
  setPetitionCourthouseInputSchema,
  updatePetitionInputSchema,
} from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { createPetition, setPetitionCourthouse, updatePetition } from './petitions.ts';

export const petitionsRouter = router({
  create: procedureFor('workMatters')
    .input(createPetitionInputSchema)
    .mutation(({ ctx, input }) => createPetition(ctx, input)),

  update: procedureFor('workMatters')
    .input(updatePetitionInputSchema)
    .mutation(({ ctx, input }) => updatePetition(ctx, input)),

  /** The courthouse the petition is filed at, from its county's courthouses; null: by its case number. */
  setCourthouse: procedureFor('workMatters')
    .input(setPetitionCourthouseInputSchema)
    .mutation(({ ctx, input }) => setPetitionCourthouse(ctx, input)),
});
