import {
  createArrestPetitionInputSchema,
  createPetitionInputSchema,
  setPetitionCourthouseInputSchema,
  setPetitionProsecutorInputSchema,
  updatePetitionInputSchema,
} from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import {
  createArrestPetition,
  createPetition,
  setPetitionCourthouse,
  setPetitionProsecutor,
  updatePetition,
} from './petitions.ts';

export const petitionsRouter = router({
  create: procedureFor('workMatters')
    .input(createPetitionInputSchema)
    .mutation(({ ctx, input }) => createPetition(ctx, input)),

  /** PC 851.91: a petition to seal one arrest whose decision is eligible. */
  createForArrest: procedureFor('workMatters')
    .input(createArrestPetitionInputSchema)
    .mutation(({ ctx, input }) => createArrestPetition(ctx, input)),

  update: procedureFor('workMatters')
    .input(updatePetitionInputSchema)
    .mutation(({ ctx, input }) => updatePetition(ctx, input)),

  /** The courthouse the petition is filed at, from its county's courthouses; null: by its case number. */
  setCourthouse: procedureFor('workMatters')
    .input(setPetitionCourthouseInputSchema)
    .mutation(({ ctx, input }) => setPetitionCourthouse(ctx, input)),

  /** The prosecutor the petition is served on, chosen on its packet; null: as the settings say. */
  setProsecutor: procedureFor('workMatters')
    .input(setPetitionProsecutorInputSchema)
    .mutation(({ ctx, input }) => setPetitionProsecutor(ctx, input)),
});
