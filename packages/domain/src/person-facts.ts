// Facts about the person today that the eligibility rules need beyond the convictions themselves.
import { z } from 'zod';
import { TRISTATE } from './convictions.ts';
import { singleLine } from './text.ts';

export const PERSON_FACTS = [
  { key: 'currentlyCharged', label: 'Currently charged with an offense anywhere' },
  { key: 'underSupervision', label: 'On probation, parole, PRCS or mandatory supervision' },
  { key: 'servingSentence', label: 'Serving a sentence' },
  { key: 'requiredToRegisterPC290', label: 'Required to register under PC 290' },
  { key: 'hasSuperstrikePrior', label: 'Has a prior listed in PC 667(e)(2)(C)(iv) (“superstrike”)' },
] as const;
export type PersonFactKey = (typeof PERSON_FACTS)[number]['key'];

export const personFactsSchema = z.object({
  currentlyCharged: z.enum(TRISTATE),
  underSupervision: z.enum(TRISTATE),
  servingSentence: z.enum(TRISTATE),
  requiredToRegisterPC290: z.enum(TRISTATE),
  hasSuperstrikePrior: z.enum(TRISTATE),
});
export type PersonFacts = z.output<typeof personFactsSchema>;

export const savePersonFactsInputSchema = z.object({
  matterId: singleLine().min(1),
  /** The version the form started from; 0 when the facts have never been saved. */
  version: z.number().int().nonnegative(),
  facts: personFactsSchema,
});
export type SavePersonFactsInput = z.input<typeof savePersonFactsInputSchema>;
