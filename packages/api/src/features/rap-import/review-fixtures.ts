// Test support: a RAP sheet's text read into the review as the worker reads it, for a person with no
// facts on record that bar relief, and no records on the matter yet.
import { parseRapSheet } from '@relief-desk/rap-sheet';
import { buildReview, type Review, type ReviewInput } from './proposals.ts';

export const NO_BARRING_FACTS: ReviewInput['facts'] = {
  currentlyCharged: 'no',
  underSupervision: 'no',
  servingSentence: 'no',
  requiredToRegisterPC290: 'no',
  hasSuperstrikePrior: 'no',
};

export function reviewOfText(text: string, client: ReviewInput['client']): Review {
  const lines = text.split('\n');
  return buildReview({
    today: '2026-12-01',
    result: { lines, pages: [], sheet: parseRapSheet(text) },
    client,
    existing: [],
    existingArrests: [],
    facts: NO_BARRING_FACTS,
    decided: new Map(),
  });
}
