// Prop 47 (PC 1170.18): felony drug possession and low-value theft, forgery and check offenses
// committed before 2014-11-05. Redesignation is mandatory once the sentence is complete; resentencing
// while serving may be refused for unreasonable risk. Barred by a superstrike or PC 290(c) prior
// (PC 1170.18(i)). Forgery counts only for the instruments of PC 473(b), burglary only as shoplifting
// (PC 459.5(a)).

import {
  PROP47_BURGLARY,
  PROP47_FORGERY,
  PROP47_POSSESSION,
  PROP47_VALUE_LIMITED,
} from '../section-lists.ts';
import { matchList, parseSection } from '../sections.ts';
import type { Reason } from '../types.ts';
import { SB749_IN_EFFECT } from '../versions.ts';
import {
  type Basis,
  decide,
  type Findings,
  missingEndDate,
  offenseBeforeEffect,
  ownSentenceRunning,
  type RemedyRule,
  type RuleContext,
  reason,
  said,
} from './context.ts';
import { missingDetail } from './exclusions.ts';

const MAIN = 'PC 1170.18(a)';
const BARS = 'PC 1170.18(i)';
/** (i) names its two bars by reference: a superstrike prior under PC 667(e)(2)(C)(iv), and PC 290(c). */
const SUPERSTRIKE = `${BARS}; PC 667(e)(2)(C)(iv)`;
const REGISTRATION = `${BARS}; PC 290(c)`;
const EFFECTIVE = '2014-11-05';

function personBars(ctx: RuleContext, findings: Findings): void {
  const { hasSuperstrikePrior, requiredToRegisterPC290 } = ctx.person;
  if (hasSuperstrikePrior === true) {
    findings.bars.push(
      reason(
        'superstrike_prior',
        said`A prior superstrike (PC 667(e)(2)(C)(iv)) bars Prop 47 relief.`,
        SUPERSTRIKE,
      ),
    );
  } else if (hasSuperstrikePrior === null) {
    findings.unknowns.push(
      reason(
        'missing_superstrike',
        said`Does the person have a prior superstrike (PC 667(e)(2)(C)(iv))? It bars Prop 47 relief (hasSuperstrikePrior is unknown).`,
        SUPERSTRIKE,
      ),
    );
  }
  if (requiredToRegisterPC290 === true) {
    findings.bars.push(
      reason(
        'pc290_registrant',
        said`The person must register under PC 290, and a prior conviction requiring registration under PC 290(c) bars Prop 47 (if the duty comes only from a discretionary order under PC 290.006, override).`,
        REGISTRATION,
      ),
    );
  } else if (requiredToRegisterPC290 === null) {
    findings.unknowns.push(
      reason(
        'missing_pc290',
        said`Must the person register under PC 290? A prior conviction requiring registration bars Prop 47 (requiredToRegisterPC290 is unknown).`,
        REGISTRATION,
      ),
    );
  }
}

/**
 * Facts that decide whether the recorded offense is the Prop 47 one: PC 473(b) covers forgery only of
 * the instruments it lists; PC 459.5(a) covers only entering an open commercial establishment.
 */
function offenseFacts(ctx: RuleContext, findings: Findings & { notes: Reason[] }): void {
  if (matchList(ctx.section, PROP47_FORGERY).match === 'yes') {
    const listed = ctx.conviction.forgedInstrumentListed;
    const citation = `${MAIN}; PC 473(b)`;
    if (listed === true) {
      findings.notes.push(
        reason(
          'listed_instrument',
          said`The forged item is one PC 473(b) lists (check, bond, note, money order...).`,
          citation,
        ),
      );
    } else if (listed === false) {
      findings.bars.push(
        reason(
          'instrument_not_listed',
          said`PC 473(b) reduces forgery only of a check, bond, bank bill, note, cashier’s check, traveler’s check or money order; this forgery was of something else.`,
          citation,
        ),
      );
    } else {
      findings.unknowns.push(
        reason(
          'missing_forged_instrument',
          said`What was forged? Prop 47 reaches forgery only of a check, bond, bank bill, note, cashier’s check, traveler’s check or money order (PC 473(b)), and not together with identity theft (PC 530.5) (forgedInstrumentListed is unknown).`,
          citation,
        ),
      );
    }
  }
  if (matchList(ctx.section, PROP47_BURGLARY).match === 'yes') {
    const shoplifting = ctx.conviction.enteredOpenCommercialEstablishment;
    const citation = `${MAIN}; PC 459.5(a)`;
    if (shoplifting === true) {
      findings.notes.push(
        reason(
          'commercial_establishment_open',
          said`It was entering a commercial establishment during regular business hours to commit larceny (shoplifting).`,
          citation,
        ),
      );
    } else if (shoplifting === false) {
      findings.bars.push(
        reason(
          'not_shoplifting',
          said`Second-degree burglary becomes shoplifting only when it was entering a commercial establishment, open during regular business hours, to commit larceny; this one was not.`,
          citation,
        ),
      );
    } else {
      findings.unknowns.push(
        reason(
          'missing_commercial_establishment',
          said`Was the burglary entering a commercial establishment, open during regular business hours, to commit larceny? Only then is it shoplifting under PC 459.5 (enteredOpenCommercialEstablishment is unknown).`,
          citation,
        ),
      );
    }
  }
}

function valueRule(ctx: RuleContext, findings: Findings & { notes: Reason[] }, possession: boolean): void {
  if (possession) {
    findings.notes.push(
      reason('possession_any_value', said`Drug possession qualifies whatever the amount or value.`, MAIN),
    );
    return;
  }
  const { valueOver950 } = ctx.conviction;
  if (valueOver950 === true) {
    findings.bars.push(
      reason('value_over_950', said`The value was over $950, above the Prop 47 limit.`, MAIN),
    );
  } else if (valueOver950 === null) {
    findings.unknowns.push(
      reason(
        'missing_value',
        said`Was the value involved in ${ctx.sectionLabel} $950 or less? Prop 47 reaches it only then (valueOver950 is unknown).`,
        MAIN,
      ),
    );
  } else {
    findings.notes.push(reason('value_at_most_950', said`The value was $950 or less.`, MAIN));
  }
}

function basis(ctx: RuleContext): Basis {
  if (ctx.conviction.sentence.endDate === null) {
    return {
      determination: 'needs_more_info',
      reasons: [
        missingEndDate('PC 1170.18(a), (f)', 'the sentence (redesignation if complete, resentencing if not)'),
      ],
    };
  }
  if (ownSentenceRunning(ctx)) {
    return {
      determination: 'eligible_discretionary',
      reasons: [
        reason(
          'resentencing',
          said`Still serving the sentence: resentencing as a misdemeanor, which the court may refuse for an unreasonable risk to public safety.`,
          'PC 1170.18(a)-(b)',
        ),
      ],
    };
  }
  const goodCauseAfter = ctx.version.prop47GoodCauseAfter;
  if (goodCauseAfter !== null && ctx.asOf > goodCauseAfter) {
    return {
      determination: 'eligible_discretionary',
      reasons: [
        reason(
          'good_cause_required',
          said`Under rules ${ctx.version.id}, applications after ${goodCauseAfter} need a showing of good cause (SB 749 removed this when it took effect on ${SB749_IN_EFFECT}).`,
          'PC 1170.18(j) (before SB 749)',
        ),
      ],
    };
  }
  return {
    determination: 'eligible_mandatory',
    reasons: [
      reason(
        'redesignation',
        said`Sentence complete: the court shall redesignate the felony as a misdemeanor.`,
        'PC 1170.18(f)-(g)',
      ),
    ],
  };
}

export const prop47: RemedyRule = {
  remedy: 'prop47',
  evaluate(ctx) {
    if (ctx.conviction.level !== 'felony') return null;
    const possession = matchList(ctx.section, PROP47_POSSESSION).match === 'yes';
    const valued = matchList(ctx.section, PROP47_VALUE_LIMITED);
    if (!possession && valued.match === 'no') return null;
    const findings: Findings & { notes: Reason[] } = {
      bars: [],
      unknowns: [],
      waits: [],
      filingBars: [],
      filingCitation: MAIN,
      basis: basis(ctx),
      notes: [],
    };
    if (!possession && valued.match === 'maybe' && valued.entry !== null) {
      findings.unknowns.push(missingDetail(ctx, valued.entry, 'is covered by Prop 47', MAIN));
    }
    if (ctx.section.attempt) {
      findings.unknowns.push(
        reason(
          'attempt_needs_review',
          said`${ctx.sectionLabel} is an attempt; the rules do not decide whether an attempt of a Prop 47 offense qualifies, so an attorney should.`,
          MAIN,
        ),
      );
    }
    offenseBeforeEffect(ctx, findings, {
      effective: EFFECTIVE,
      proposition: 'Prop 47',
      afterCode: 'offense_after_prop47',
      citation: MAIN,
    });
    personBars(ctx, findings);
    offenseFacts(ctx, findings);
    valueRule(ctx, findings, possession);
    return decide(ctx, findings);
  },
};

/**
 * Whether Prop 47 reaches a section only at a value of $950 or less (PC 1170.18(a): its theft,
 * forgery, burglary and receiving sections), as recorded; a section that may be one counts as one.
 */
export function prop47ValueCounts(code: string, section: string): boolean {
  return matchList(parseSection(code, section), PROP47_VALUE_LIMITED).match !== 'no';
}
