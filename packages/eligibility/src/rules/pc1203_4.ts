// PC 1203.4: dismissal after probation. Mandatory after a clean probation or early discharge,
// otherwise "in the interests of justice"; two-point Vehicle Code offenses are always discretionary.

import {
  PC1203_4B_EXCLUDED,
  PC1203_4B_FELONY_EXCLUDED,
  TWO_POINT_OFFENSES,
  VC42002_1_SECTIONS,
} from '../section-lists.ts';
import { matchList, parseSection } from '../sections.ts';
import type { Reason } from '../types.ts';
import {
  type Basis,
  dayAfterEnd,
  decide,
  type Findings,
  laterConvictions,
  missingEndDate,
  nameConvictions,
  type RemedyRule,
  type RuleContext,
  reason,
  said,
} from './context.ts';
import { applyExclusionList, missingDetail } from './exclusions.ts';

const MAIN = 'PC 1203.4(a)(1)';
const EXCLUSIONS = 'PC 1203.4(b)';
const TWO_POINT = 'PC 1203.4(c)(2)';
const TWO_POINT_LIST = Object.keys(TWO_POINT_OFFENSES);

/**
 * The VC 12810 subdivision naming an offense when it is a two-point driving offense, whose dismissal
 * under PC 1203.4(c)(2) is only at the court's discretion; null when it is not (or may not be).
 */
export function twoPointOffense(code: string, section: string): string | null {
  const twoPoint = matchList(parseSection(code, section), TWO_POINT_LIST);
  return twoPoint.match === 'yes' && twoPoint.entry !== null ? twoPointCitation(twoPoint.entry) : null;
}

/** "PC 1203.4(c)(2); VC 12810(b)": the 1203.4 rule and the VC 12810 subdivision listing the entry. */
function twoPointCitation(entry: string): string {
  return `${TWO_POINT}; ${TWO_POINT_OFFENSES[entry] ?? 'VC 12810(a)-(e)'}`;
}

function exclusions(ctx: RuleContext, findings: Findings): void {
  // An attempt (PC 664) is its own offense and is not on the PC 1203.4(b) list.
  if (ctx.section.attempt) return;
  applyExclusionList(ctx, findings, PC1203_4B_EXCLUDED, {
    code: 'excluded_offense',
    why: 'is excluded from dismissal under PC 1203.4(b)',
    citation: EXCLUSIONS,
  });
  if (ctx.conviction.level === 'felony') {
    applyExclusionList(ctx, findings, PC1203_4B_FELONY_EXCLUDED, {
      code: 'excluded_offense',
      why: 'as a felony is excluded from dismissal under PC 1203.4(b)',
      citation: EXCLUSIONS,
    });
  }
  if (ctx.conviction.level === 'misdemeanor' && matchList(ctx.section, VC42002_1_SECTIONS).match !== 'no') {
    findings.unknowns.push(
      reason(
        'vc42002_1_detail_missing',
        said`Was this misdemeanor ${ctx.sectionLabel} a failure to stop for an equipment inspection or an unsafe condition (VC 42002.1)? If so PC 1203.4(b) excludes it; the record does not say.`,
        `${EXCLUSIONS}; VC 42002.1`,
      ),
    );
  }
}

function cleanProbationBasis(ctx: RuleContext): Basis {
  const { probationViolated, probationTerminatedEarly } = ctx.conviction.sentence;
  if (probationTerminatedEarly === true) {
    return {
      determination: 'eligible_mandatory',
      reasons: [
        reason('discharged_early', said`Probation was terminated early (discharged before its end).`, MAIN),
      ],
    };
  }
  if (probationViolated === false) {
    return {
      determination: 'eligible_mandatory',
      reasons: [
        reason(
          'conditions_fulfilled',
          said`The conditions of probation were fulfilled for the entire period.`,
          MAIN,
        ),
      ],
    };
  }
  if (probationViolated === true) {
    return {
      determination: 'eligible_discretionary',
      reasons: [
        reason(
          'probation_violated',
          said`Probation was violated, so dismissal is at the court’s discretion in the interests of justice.`,
          MAIN,
        ),
      ],
    };
  }
  return {
    determination: 'needs_more_info',
    reasons: [
      reason(
        'missing_probation_violated',
        said`Was probation violated? Without a violation (or with early discharge) dismissal is mandatory, otherwise discretionary (probationViolated is unknown).`,
        MAIN,
      ),
    ],
  };
}

function basis(ctx: RuleContext): Basis {
  const twoPoint = matchList(ctx.section, TWO_POINT_LIST);
  const clean = cleanProbationBasis(ctx);
  if (twoPoint.match === 'yes' && twoPoint.entry !== null) {
    // Discretionary either way; a violation is still said, for the attorney's discretionary ask.
    const violated = clean.determination === 'eligible_discretionary' ? clean.reasons : [];
    return {
      determination: 'eligible_discretionary',
      reasons: [
        reason(
          'two_point_offense',
          said`${ctx.sectionLabel} is a two-point driving offense: dismissal is only at the court’s discretion, even after a clean probation.`,
          twoPointCitation(twoPoint.entry),
        ),
        ...violated,
      ],
    };
  }
  if (twoPoint.match === 'maybe' && twoPoint.entry !== null && clean.determination === 'eligible_mandatory') {
    return {
      determination: 'needs_more_info',
      reasons: [
        missingDetail(
          ctx,
          twoPoint.entry,
          'is a two-point offense (discretionary only)',
          twoPointCitation(twoPoint.entry),
        ),
      ],
    };
  }
  if (clean.determination !== 'eligible_mandatory') return clean;
  const later = laterConvictions(ctx);
  const notes: Reason[] =
    later.length === 0
      ? []
      : [
          reason(
            'later_offense_does_not_undo',
            said`${later.length === 1 ? 'A later conviction' : 'Later convictions'} (${nameConvictions(later)}) ${later.length === 1 ? 'does' : 'do'} not take away the right earned by completing probation.`,
            MAIN,
          ),
        ];
  return { determination: 'eligible_mandatory', reasons: [...clean.reasons, ...notes] };
}

export const pc1203_4: RemedyRule = {
  remedy: 'pc1203.4',
  evaluate(ctx) {
    const { level, sentence } = ctx.conviction;
    // Infractions go to PC 1203.4a (PC 1203.4(b)); sentences without probation go to 1203.4a / 1203.41.
    if (sentence.kind !== 'probation' || level === 'infraction') return null;
    const findings: Findings = {
      bars: [],
      unknowns: [],
      waits: [],
      filingBars: ['currentlyCharged', 'underSupervision', 'servingSentence'],
      filingCitation: MAIN,
      basis: basis(ctx),
    };
    exclusions(ctx, findings);
    if (sentence.endDate === null) {
      findings.unknowns.push(missingEndDate(MAIN, 'probation'));
    } else {
      const date = dayAfterEnd(sentence.endDate);
      findings.waits.push({
        date,
        done: reason('probation_completed', said`Probation ended on ${sentence.endDate}.`, MAIN),
        pending: reason(
          'probation_not_ended',
          said`Probation runs until ${sentence.endDate}; the petition can be filed from ${date}.`,
          MAIN,
        ),
      });
    }
    return decide(ctx, findings);
  },
};
