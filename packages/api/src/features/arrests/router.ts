import {
  addArrestInputSchema,
  editArrestInputSchema,
  listArrestsInputSchema,
  removeArrestInputSchema,
} from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { addArrest, editArrest, listArrests, removeArrest } from './arrests.ts';

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
});
