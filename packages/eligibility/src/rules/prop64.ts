// Prop 64 (HS 11361.8): cannabis offenses committed before 2016-11-09 are dismissed, redesignated or
// resentenced. The court presumes eligibility; some subdivisions stay excluded, and a superstrike,
// PC 290 registration or two priors of the same section call for an attorney's review.

import { PROP64_EXCLUDED, PROP64_SECTIONS } from '../section-lists.ts';
import { matchList, type ParsedSection, parseSection } from '../sections.ts';
import type { Reason } from '../types.ts';
import {
  type Basis,
  decide,
  type Findings,
  missingEndDate,
  ownSentenceRunning,
  type RemedyRule,
  type RuleContext,
  reason,
} from './context.ts';

const MAIN = 'HS 11361.8';
const EFFECTIVE = '2016-11-09';

function sameSection(a: ParsedSection, b: ParsedSection): boolean {
  return a.base !== null && a.code === b.code && a.base === b.base;
}

/** Facts that make relief a matter for review (discretionary) rather than automatic. */
function reviewFacts(ctx: RuleContext): { review: Reason[]; unknown: Reason[] } {
  const review: Reason[] = [];
  const unknown: Reason[] = [];
  const { hasSuperstrikePrior, requiredToRegisterPC290 } = ctx.person;
  if (hasSuperstrikePrior === true) {
    review.push(
      reason(
        'review_superstrike',
        'The person has a superstrike prior: an attorney must review.',
        `${MAIN}(b)`,
      ),
    );
  } else if (hasSuperstrikePrior === null) {
    unknown.push(
      reason(
        'missing_superstrike',
        'Does the person have a superstrike prior (PC 667(e)(2)(C)(iv))? It calls for review (hasSuperstrikePrior is unknown).',
        `${MAIN}(b)`,
      ),
    );
  }
  if (requiredToRegisterPC290 === true) {
    review.push(
      reason('review_pc290', 'The person must register under PC 290: an attorney must review.', `${MAIN}(b)`),
    );
  } else if (requiredToRegisterPC290 === null) {
    unknown.push(
      reason(
        'missing_pc290',
        'Must the person register under PC 290? It calls for review (requiredToRegisterPC290 is unknown).',
        `${MAIN}(b)`,
      ),
    );
  }
  const priors = ctx.input.convictions.filter(
    (c) =>
      c.id !== ctx.conviction.id &&
      c.convictionDate < ctx.conviction.convictionDate &&
      sameSection(ctx.section, parseSection(c.code, c.section)),
  );
  if (priors.length >= 2) {
    review.push(
      reason(
        'review_same_section_priors',
        `Two or more earlier convictions of the same section (${priors.map((c) => c.id).join(', ')}): an attorney must review.`,
        MAIN,
      ),
    );
  }
  return { review, unknown };
}

function basis(ctx: RuleContext): Basis {
  if (ctx.conviction.sentence.endDate === null) {
    return {
      determination: 'needs_more_info',
      reasons: [
        missingEndDate(MAIN, 'the sentence (dismissal or redesignation if complete, resentencing if not)'),
      ],
    };
  }
  const { review, unknown } = reviewFacts(ctx);
  if (ownSentenceRunning(ctx)) {
    return {
      determination: 'eligible_discretionary',
      reasons: [
        reason(
          'resentencing',
          'Still serving the sentence: resentencing or dismissal, presumed unless the prosecution shows an unreasonable risk to public safety.',
          `${MAIN}(a)-(b)`,
        ),
        ...review,
      ],
    };
  }
  if (review.length > 0) return { determination: 'eligible_discretionary', reasons: review };
  if (unknown.length > 0) return { determination: 'needs_more_info', reasons: unknown };
  return {
    determination: 'eligible_mandatory',
    reasons: [
      reason(
        'redesignation_or_dismissal',
        'Sentence complete: the court shall dismiss and seal or redesignate the conviction, presuming eligibility unless the prosecution proves otherwise by clear and convincing evidence.',
        `${MAIN}(e)-(f)`,
      ),
    ],
  };
}

export const prop64: RemedyRule = {
  remedy: 'prop64',
  evaluate(ctx) {
    if (matchList(ctx.section, PROP64_SECTIONS).match !== 'yes') return null;
    const findings: Findings = {
      bars: [],
      unknowns: [],
      waits: [],
      filingBars: [],
      filingCitation: MAIN,
      basis: basis(ctx),
      notes: [],
    };
    // A missing subdivision is not asked about: the court presumes eligibility (HS 11361.8(b)).
    const excluded = matchList(ctx.section, PROP64_EXCLUDED);
    if (excluded.match === 'yes') {
      findings.bars.push(
        reason('excluded_subdivision', `${ctx.sectionLabel} stays excluded from Prop 64 relief.`, MAIN),
      );
    }
    if (ctx.conviction.convictionDate >= EFFECTIVE) {
      findings.bars.push(
        reason(
          'offense_after_prop64',
          `Prop 64 reaches offenses committed before ${EFFECTIVE}; with no offense date in the record the conviction date (${ctx.conviction.convictionDate}) stands in for it. If the offense was earlier, re-check by hand.`,
          `${MAIN}(a)`,
        ),
      );
    }
    if (ctx.section.attempt) {
      findings.unknowns.push(
        reason(
          'attempt_needs_review',
          `${ctx.sectionLabel} is an attempt; the rules do not decide whether an attempt qualifies under Prop 64, so an attorney should.`,
          MAIN,
        ),
      );
    }
    return decide(ctx, findings);
  },
};
