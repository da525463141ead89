import {
  addConvictionInputSchema,
  editConvictionInputSchema,
  removeConvictionInputSchema,
  singleLine,
} from '@relief-desk/domain';
import { z } from 'zod';
import { procedureFor, router } from '../../trpc.ts';
import { addConviction, convictionHistory, editConviction, removeConviction } from './convictions.ts';

export const convictionsRouter = router({
  add: procedureFor('workMatters')
    .input(addConvictionInputSchema)
    .mutation(({ ctx, input }) => addConviction(ctx, input)),

  edit: procedureFor('workMatters')
    .input(editConvictionInputSchema)
    .mutation(({ ctx, input }) => editConviction(ctx, input)),

  /** A conviction entered by mistake: refused while a petition not withdrawn holds it. */
  remove: procedureFor('workMatters')
    .input(removeConvictionInputSchema)
    .mutation(({ ctx, input }) => removeConviction(ctx, input)),

  history: procedureFor('workMatters')
    .input(z.object({ convictionId: singleLine().min(1) }))
    .query(({ ctx, input }) => convictionHistory(ctx, input.convictionId)),
});
