// Public surface of @relief-desk/eligibility: validate a record, evaluate it, and name the rules.
export { evaluateRecord } from './evaluate.ts';
export type {
  ConvictionInput,
  EligibilityInput,
  ParseOutcome,
  PersonInput,
  SentenceInput,
  ValidationError,
} from './schema.ts';
export { eligibilityInputSchema, parseEligibilityInput, parseEligibilityJson } from './schema.ts';
export type { ConvictionResult, EligibilityResult, Reason, RemedyResult } from './types.ts';
export type { RulesVersion } from './versions.ts';
export { RULES_VERSIONS, rulesVersionFor } from './versions.ts';
