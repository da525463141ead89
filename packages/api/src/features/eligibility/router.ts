import { matterIdInputSchema, savePersonFactsInputSchema } from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { savePersonFacts } from './personFacts.ts';
import { matterSuggestions, suggestionsToReview } from './suggestions.ts';

export const eligibilityRouter = router({
  suggestions: procedureFor('workMatters')
    .input(matterIdInputSchema)
    .query(({ ctx, input }) => matterSuggestions(ctx, input.matterId)),

  savePersonFacts: procedureFor('workMatters')
    .input(savePersonFactsInputSchema)
    .mutation(({ ctx, input }) => savePersonFacts(ctx, input)),

  /** Open matters whose suggestions would change under the rules in force today. */
  reviewList: procedureFor('decideEligibility').query(({ ctx }) => suggestionsToReview(ctx)),
});
