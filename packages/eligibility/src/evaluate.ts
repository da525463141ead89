// Evaluate one person's record: per conviction (input order), one determination per remedy that
// could apply (catalogue order), using the rules version in force on `asOf`; and the same per arrest
// when the input lists arrests.
import { REMEDY_IDS, type RemedyId } from '@relief-desk/domain';
import { type ArrestContext, type RuleContext, reason, said } from './rules/context.ts';
import { REDUCED_BY, reducingGrant } from './rules/felony-now.ts';
import { ARREST_RULES, REMEDY_CITATIONS, RULES } from './rules/index.ts';
import type { ArrestInput, ConvictionInput, EligibilityInput } from './schema.ts';
import { describeSection, parseSection } from './sections.ts';
import type { ArrestResult, ConvictionResult, EligibilityResult, RemedyResult } from './types.ts';
import { type RulesVersion, rulesVersionFor } from './versions.ts';

function alreadyRelieved(remedy: RemedyId, what = 'conviction'): RemedyResult {
  return {
    remedy,
    determination: 'already_relieved',
    eligibleOn: null,
    reasons: [
      reason(
        'relief_already_granted',
        said`The record shows relief under ${REMEDY_CITATIONS[remedy]} was already granted for this ${what}.`,
        REMEDY_CITATIONS[remedy],
      ),
    ],
  };
}

/** The remedies that only turn a felony into a misdemeanor. */
const REDUCTIONS: ReadonlySet<RemedyId> = new Set(['pc17b', 'prop47']);

/** A felony another grant already reduced: a second reduction has nothing left to reduce. */
function alreadyReduced(remedy: RemedyId, granted: RemedyId): RemedyResult {
  return {
    remedy,
    determination: 'already_relieved',
    eligibleOn: null,
    reasons: [
      reason(
        'already_reduced',
        said`The record shows this conviction was already ${REDUCED_BY[granted]}: it is no longer a felony, so ${REMEDY_CITATIONS[remedy]} has nothing left to reduce.`,
        `${REMEDY_CITATIONS[granted]}; ${REMEDY_CITATIONS[remedy]}`,
      ),
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
    if (!outcome) continue;
    // The level is the one at conviction: a reduction granted since leaves no felony to reduce again.
    const granted = reducingGrant(conviction);
    if (granted !== null && REDUCTIONS.has(remedy)) {
      remedies.push(alreadyReduced(remedy, granted));
      continue;
    }
    remedies.push({ remedy, ...outcome });
  }
  return { convictionId: conviction.id, remedies };
}

function evaluateArrest(input: EligibilityInput, arrest: ArrestInput, version: RulesVersion): ArrestResult {
  const section = parseSection(arrest.code, arrest.section);
  const ctx: ArrestContext = {
    input,
    person: input.person,
    arrest,
    section,
    sectionLabel: describeSection(section, arrest.section),
    asOf: input.asOf,
    version,
  };
  const remedies: RemedyResult[] = [];
  for (const remedy of REMEDY_IDS) {
    if (arrest.reliefAlreadyGranted === remedy) {
      remedies.push(alreadyRelieved(remedy, 'arrest'));
      continue;
    }
    const outcome = ARREST_RULES.get(remedy)?.evaluate(ctx);
    if (outcome) remedies.push({ remedy, ...outcome });
  }
  return { arrestId: arrest.id, remedies };
}

/** Pure: takes input already validated by `eligibilityInputSchema`. */
export function evaluateRecord(input: EligibilityInput): EligibilityResult {
  const version = rulesVersionFor(input.asOf);
  const result: EligibilityResult = {
    rulesVersion: version.id,
    asOf: input.asOf,
    results: input.convictions.map((conviction) => evaluateConviction(input, conviction, version)),
  };
  // Only when the input lists arrests, so the output for a record without them is unchanged.
  if (input.arrests !== undefined) {
    result.arrestResults = input.arrests.map((arrest) => evaluateArrest(input, arrest, version));
  }
  return result;
}
