import {
  acceptSuggestionsInputSchema,
  REMEDY_IDS,
  recordDecisionInputSchema,
  singleLine,
} from '@relief-desk/domain';
import { z } from 'zod';
import { procedureFor, router } from '../../trpc.ts';
import { acceptSuggestions, decisionHistory, recordDecision } from './decisions.ts';

export const decisionsRouter = router({
  record: procedureFor('decideEligibility')
    .input(recordDecisionInputSchema)
    .mutation(({ ctx, input }) => recordDecision(ctx, input)),

  acceptSuggestions: procedureFor('decideEligibility')
    .input(acceptSuggestionsInputSchema)
    .mutation(({ ctx, input }) => acceptSuggestions(ctx, input)),

  history: procedureFor('workMatters')
    .input(z.object({ convictionId: singleLine().min(1), remedy: z.enum(REMEDY_IDS) }))
    .query(({ ctx, input }) => decisionHistory(ctx, input)),
});
