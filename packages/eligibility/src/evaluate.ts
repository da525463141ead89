// Evaluate one person's record: per conviction (input order), one determination per remedy that
// could apply (catalogue order), using the rules version in force on `asOf`.
import { REMEDY_IDS, type RemedyId } from '@relief-desk/domain';
import type { RuleContext } from './rules/context.ts';
import { REMEDY_CITATIONS, RULES } from './rules/index.ts';
import type { ConvictionInput, EligibilityInput } from './schema.ts';
import { describeSection, parseSection } from './sections.ts';
import type { ConvictionResult, EligibilityResult, RemedyResult } from './types.ts';
import { type RulesVersion, rulesVersionFor } from './versions.ts';

function alreadyRelieved(remedy: RemedyId): RemedyResult {
  return {
    remedy,
    determination: 'already_relieved',
    eligibleOn: null,
    reasons: [
      {
        code: 'relief_already_granted',
        text: `The record shows relief under ${REMEDY_CITATIONS[remedy]} was already granted for this conviction.`,
        citation: REMEDY_CITATIONS[remedy],
      },
    ],
  };
}

function evaluateConviction(
  input: EligibilityInput,
  conviction: ConvictionInput,
  version: RulesVersion,
): ConvictionResult {
  const section = parseSection(conviction.code, conviction.section);
  const ctx: RuleContext = {
    input,
    person: input.person,
    conviction,
    section,
    sectionLabel: describeSection(section, conviction.section),
    asOf: input.asOf,
    version,
  };
  const remedies: RemedyResult[] = [];
  for (const remedy of REMEDY_IDS) {
    // The record of a grant outranks what the rules would suggest.
    if (conviction.reliefAlreadyGranted === remedy) {
      remedies.push(alreadyRelieved(remedy));
      continue;
    }
    const outcome = RULES.get(remedy)?.evaluate(ctx);
    if (outcome) remedies.push({ remedy, ...outcome });
  }
  return { convictionId: conviction.id, remedies };
}

/** Pure: takes input already validated by `eligibilityInputSchema`. */
export function evaluateRecord(input: EligibilityInput): EligibilityResult {
  const version = rulesVersionFor(input.asOf);
  return {
    rulesVersion: version.id,
    asOf: input.asOf,
    results: input.convictions.map((conviction) => evaluateConviction(input, conviction, version)),
  };
}
