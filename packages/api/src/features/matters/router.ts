import { listMattersInputSchema, matterIdInputSchema } from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { getMatter } from './getMatter.ts';
import { listMatters } from './listMatters.ts';

export const mattersRouter = router({
  list: procedureFor('workMatters')
    .input(listMattersInputSchema)
    .query(({ ctx, input }) => listMatters(ctx, input)),

  get: procedureFor('workMatters')
    .input(matterIdInputSchema)
    .query(({ ctx, input }) => getMatter(ctx, input.matterId)),
});
