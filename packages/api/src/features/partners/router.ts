// Office administrators' partner API keys: list, make (shown once), revoke (at the version shown).
import { createPartnerKeyInputSchema, revokePartnerKeyInputSchema } from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { createPartnerKey, listPartnerKeys, revokePartnerKey } from './keys.ts';

export const partnerKeysRouter = router({
  list: procedureFor('administer').query(({ ctx }) => listPartnerKeys(ctx)),

  create: procedureFor('administer')
    .input(createPartnerKeyInputSchema)
    .mutation(({ ctx, input }) => createPartnerKey(ctx, input)),

  revoke: procedureFor('administer')
    .input(revokePartnerKeyInputSchema)
    .mutation(({ ctx, input }) => revokePartnerKey(ctx, input)),
});
