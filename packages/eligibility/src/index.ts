// Public surface of @relief-desk/eligibility: validate a record, evaluate it, and name the rules.
export { evaluateRecord } from './evaluate.ts';
export { twoPointOffense } from './rules/pc1203_4.ts';
export { prop47ValueCounts } from './rules/prop47.ts';
export { prop64Reaches } from './rules/prop64.ts';
export type {
  ArrestInput,
  ConvictionInput,
  EligibilityInput,
  ParseOutcome,
  PersonInput,
  SentenceInput,
  ValidationError,
} from './schema.ts';
export { eligibilityInputSchema, parseEligibilityInput, parseEligibilityJson } from './schema.ts';
export type { RuleBasis, StatuteText } from './statute-text.ts';
export { RULE_BASIS } from './statute-text.ts';
export type { ArrestResult, ConvictionResult, EligibilityResult, Reason, RemedyResult } from './types.ts';
export type { AutomaticRelief, RulesVersion } from './versions.ts';
export { RULES_VERSIONS, rulesVersionFor } from './versions.ts';
