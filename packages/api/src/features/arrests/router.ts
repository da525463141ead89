import {
  addArrestInputSchema,
  editArrestInputSchema,
  listArrestsInputSchema,
  recordArrestDecisionInputSchema,
  removeArrestInputSchema,
} from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { addArrest, editArrest, listArrests, removeArrest } from './arrests.ts';
import { recordArrestDecision } from './decisions.ts';

export const arrestsRouter = router({
  list: procedureFor('workMatters')
    .input(listArrestsInputSchema)
    .query(({ ctx, input }) => listArrests(ctx, input.matterId)),

  add: procedureFor('workMatters')
    .input(addArrestInputSchema)
    .mutation(({ ctx, input }) => addArrest(ctx, input)),

  edit: procedureFor('workMatters')
    .input(editArrestInputSchema)
    .mutation(({ ctx, input }) => editArrest(ctx, input)),

  remove: procedureFor('workMatters')
    .input(removeArrestInputSchema)
    .mutation(({ ctx, input }) => removeArrest(ctx, input)),

  /** An attorney's decision on arrest relief (PC 851.91, 851.93, 236.14). */
  recordDecision: procedureFor('decideEligibility')
    .input(recordArrestDecisionInputSchema)
    .mutation(({ ctx, input }) => recordArrestDecision(ctx, input)),
});
