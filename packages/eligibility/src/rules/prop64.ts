// Prop 64 (HS 11361.8): cannabis offenses committed before 2016-11-09 (the offense date, asked when
// unknown and the conviction is later) are dismissed, redesignated or resentenced. The court presumes eligibility. A felony under HS 11358, 11359 or 11360 stays a felony
// today for a person with a superstrike or PC 290(c) prior (no reduction), and two priors of the same
// section call for review; HS 11357 has no such aggravation.

import { PROP64_FELONY_WITH_PRIORS, PROP64_SECTIONS } from '../section-lists.ts';
import { matchList, type ParsedSection, parseSection } from '../sections.ts';
import type { Reason } from '../types.ts';
import {
  type Basis,
  decide,
  type Findings,
  missingEndDate,
  nameConvictions,
  offenseBeforeEffect,
  ownSentenceRunning,
  type RemedyRule,
  type RuleContext,
  reason,
  said,
} from './context.ts';

const MAIN = 'HS 11361.8';
const EFFECTIVE = '2016-11-09';

function sameSection(a: ParsedSection, b: ParsedSection): boolean {
  return a.base !== null && a.code === b.code && a.base === b.base;
}

/** The subdivisions a prior makes a felony again, for a felony under HS 11358, 11359 or 11360. */
const PRIORS_MAKE_FELONY: Readonly<Record<string, string>> = {
  'HS 11358': 'HS 11358(d)(2)',
  'HS 11359': 'HS 11359(c)(2)',
  'HS 11360': 'HS 11360(a)(3)(B)',
};

/** For a felony under HS 11358, 11359 or 11360, the entry it matches; otherwise null. */
function aggravableFelony(ctx: RuleContext): string | null {
  if (ctx.conviction.level !== 'felony') return null;
  const { match, entry } = matchList(ctx.section, Object.keys(PROP64_FELONY_WITH_PRIORS));
  return match === 'yes' ? entry : null;
}

/**
 * A prior superstrike or a prior PC 290(c) conviction keeps HS 11358, 11359 and 11360 felonies today
 * (11358(d)(1), 11359(c)(1), 11360(a)(3)(A)): nothing to redesignate as a misdemeanor. HS 11357 has
 * no such aggravation, and a misdemeanor record is not affected.
 */
function priorsKeepFelony(ctx: RuleContext, findings: Findings): void {
  const entry = aggravableFelony(ctx);
  if (entry === null) return;
  const subdivision = PROP64_FELONY_WITH_PRIORS[entry] ?? entry;
  const citation = `${subdivision}; ${MAIN}(a)`;
  const facts = [
    {
      value: ctx.person.hasSuperstrikePrior,
      code: 'superstrike',
      what: 'a prior superstrike (PC 667(e)(2)(C)(iv))',
      field: 'hasSuperstrikePrior',
    },
    {
      value: ctx.person.requiredToRegisterPC290,
      code: 'pc290',
      what: 'a prior conviction requiring PC 290(c) registration',
      field: 'requiredToRegisterPC290',
    },
  ];
  for (const fact of facts) {
    if (fact.value === true) {
      findings.bars.push(
        reason(
          `still_felony_${fact.code}`,
          said`With ${fact.what}, ${ctx.sectionLabel} is still a felony under current law (${subdivision}), so Prop 64 gives no dismissal or redesignation as a misdemeanor.`,
          citation,
        ),
      );
    } else if (fact.value === null) {
      findings.unknowns.push(
        reason(
          `missing_${fact.code}`,
          said`Does the person have ${fact.what}? With one, ${ctx.sectionLabel} is still a felony today (${subdivision}) and Prop 64 does not reduce it (${fact.field} is unknown).`,
          citation,
        ),
      );
    }
  }
}

/** Two or more earlier convictions of the same section: still a felony today, for review. */
function samePriorsReview(ctx: RuleContext): Reason[] {
  const entry = aggravableFelony(ctx);
  if (entry === null) return [];
  const priors = ctx.input.convictions.filter(
    (c) =>
      c.id !== ctx.conviction.id &&
      c.convictionDate < ctx.conviction.convictionDate &&
      sameSection(ctx.section, parseSection(c.code, c.section)),
  );
  if (priors.length < 2) return [];
  return [
    reason(
      'review_same_section_priors',
      said`Two or more earlier convictions of the same section (${nameConvictions(priors)}) can keep it a felony today: an attorney must review.`,
      `${PRIORS_MAKE_FELONY[entry] ?? entry}; ${MAIN}(b)`,
    ),
  ];
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
  const review = samePriorsReview(ctx);
  if (ownSentenceRunning(ctx)) {
    return {
      determination: 'eligible_discretionary',
      reasons: [
        reason(
          'resentencing',
          said`Still serving the sentence: resentencing or dismissal, presumed unless the prosecution shows an unreasonable risk to public safety.`,
          `${MAIN}(a)-(b)`,
        ),
        ...review,
      ],
    };
  }
  if (review.length > 0) return { determination: 'eligible_discretionary', reasons: review };
  return {
    determination: 'eligible_mandatory',
    reasons: [
      reason(
        'redesignation_or_dismissal',
        said`Sentence complete: the court shall dismiss and seal or redesignate the conviction, presuming eligibility unless the prosecution proves otherwise by clear and convincing evidence.`,
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
    priorsKeepFelony(ctx, findings);
    // Records from before 2016-11-09 cite the old statutes, whose subdivisions are not those Prop 64
    // wrote: conduct that is still a felony today is for the prosecution to show (HS 11361.8(b)).
    if (aggravableFelony(ctx) !== null) {
      findings.notes?.push(
        reason(
          'presumed_eligible',
          said`The court presumes eligibility; conduct still a felony today (for example selling to a minor, hiring a minor, or carrying across state lines) is for the prosecution to prove.`,
          `${MAIN}(b)`,
        ),
      );
    }
    offenseBeforeEffect(ctx, findings, {
      effective: EFFECTIVE,
      proposition: 'Prop 64',
      afterCode: 'offense_after_prop64',
      citation: `${MAIN}(a)`,
    });
    if (ctx.section.attempt) {
      findings.unknowns.push(
        reason(
          'attempt_needs_review',
          said`${ctx.sectionLabel} is an attempt; the rules do not decide whether an attempt qualifies under Prop 64, so an attorney should.`,
          MAIN,
        ),
      );
    }
    return decide(ctx, findings);
  },
};

/**
 * Whether Prop 64 reaches a section as recorded (HS 11361.8, the list above): "unknown" when the
 * section leaves it open (a subdivision not written). For papers that state it of each conviction.
 */
export function prop64Reaches(code: string, section: string): 'yes' | 'no' | 'unknown' {
  const { match } = matchList(parseSection(code, section), PROP64_SECTIONS);
  return match === 'maybe' ? 'unknown' : match;
}
