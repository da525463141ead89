import {
  ARREST_REMEDY_IDS,
  addArrestInputSchema,
  editArrestInputSchema,
  listArrestsInputSchema,
  recordArrestDecisionInputSchema,
  removeArrestInputSchema,
  singleLine,
} from '@relief-desk/domain';
import { z } from 'zod';
import { procedureFor, router } from '../../trpc.ts';
import { addArrest, editArrest, listArrests, removeArrest } from './arrests.ts';
import { arrestDecisionHistory, recordArrestDecision } from './decisions.ts';

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

  /** Every decision on one arrest and remedy, newest first (who decided what, when; superseded ones). */
  decisionHistory: procedureFor('workMatters')
    .input(z.object({ arrestId: singleLine().min(1), remedy: z.enum(ARREST_REMEDY_IDS) }))
    .query(({ ctx, input }) => arrestDecisionHistory(ctx, input)),
});
