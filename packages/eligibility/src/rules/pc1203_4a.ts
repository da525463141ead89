// PC 1203.4a: dismissal of a misdemeanor without probation (including a felony wobbler that PC 17(b)(1)
// made a misdemeanor), or of any infraction, one year after judgment once the sentence is complied
// with. Mandatory after an honest and upright life since.
import { dayAfterAnniversary } from '../dates.ts';
import { PC19_8_OFFENSES, PC1203_4A_EXCLUDED_MISDEMEANORS, VC42002_1_SECTIONS } from '../section-lists.ts';
import { matchList } from '../sections.ts';
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
import { jailOrFineOnly, misdemeanorByJudgment, misdemeanorByJudgmentNote } from './wobbler.ts';

const MAIN = 'PC 1203.4a(a)';
const DISCRETION = 'PC 1203.4a(b)';
const EXCLUSIONS = 'PC 1203.4a(d)';

function misdemeanorExclusions(ctx: RuleContext, findings: Findings): void {
  applyExclusionList(ctx, findings, PC1203_4A_EXCLUDED_MISDEMEANORS, {
    code: 'excluded_offense',
    why: 'as a misdemeanor is excluded under PC 1203.4a(d)',
    citation: EXCLUSIONS,
  });
  if (ctx.section.code === 'VC' && matchList(ctx.section, VC42002_1_SECTIONS).match !== 'no') {
    findings.unknowns.push(
      reason(
        'vc42002_1_detail_missing',
        said`Was this misdemeanor ${ctx.sectionLabel} a failure to stop for an equipment inspection or an unsafe condition (VC 42002.1)? If so PC 1203.4a(d) excludes it; the record does not say.`,
        `${EXCLUSIONS}; VC 42002.1`,
      ),
    );
  }
}

/** Most Vehicle Code infractions are punished under VC 42001 and excluded; PC 19.8 ones are not. */
function vehicleInfraction(ctx: RuleContext, findings: Findings): void {
  if (ctx.section.code !== 'VC') return;
  const ownPenalty = matchList(ctx.section, PC19_8_OFFENSES);
  if (ownPenalty.match === 'yes') return;
  if (ownPenalty.match === 'maybe' && ownPenalty.entry !== null) {
    findings.unknowns.push(
      missingDetail(ctx, ownPenalty.entry, 'is punished under PC 19.8 rather than VC 42001', EXCLUSIONS),
    );
    return;
  }
  findings.bars.push(
    reason(
      'vc42001_infraction',
      said`${ctx.sectionLabel} is a Vehicle Code infraction punished under VC 42001, which PC 1203.4a(d) excludes (if it has its own penalty section instead, override).`,
      `${EXCLUSIONS}; VC 42001`,
    ),
  );
}

function basis(ctx: RuleContext): Basis {
  const later = laterConvictions(ctx);
  if (later.length > 0) {
    return {
      determination: 'eligible_discretionary',
      reasons: [
        reason(
          'later_conviction',
          said`${later.length === 1 ? 'A later conviction' : 'Later convictions'} (${nameConvictions(later)}) ${later.length === 1 ? 'means' : 'mean'} relief is at the court’s discretion rather than for an honest and upright life since judgment.`,
          DISCRETION,
        ),
      ],
    };
  }
  return {
    determination: 'eligible_mandatory',
    reasons: [
      reason(
        'no_later_conviction',
        said`No later conviction appears in the record; relief is mandatory if the person has lived an honest and upright life since judgment.`,
        MAIN,
      ),
    ],
  };
}

/**
 * PC 1203.4a(a): "every defendant convicted of a misdemeanor and not granted probation, and every
 * defendant convicted of an infraction". A felony wobbler sentenced to jail or a fine only is a
 * misdemeanor for all purposes (PC 17(b)(1)) and counts as one. Returns null when the section cannot
 * apply, or the findings to start from.
 */
function scope(ctx: RuleContext): { asMisdemeanor: boolean; findings: Findings } | null {
  const { level } = ctx.conviction;
  const findings: Findings = {
    bars: [],
    unknowns: [],
    waits: [],
    filingBars: ['currentlyCharged', 'servingSentence'],
    filingCitation: MAIN,
    basis: basis(ctx),
  };
  if (level === 'infraction') return { asMisdemeanor: false, findings };
  if (!jailOrFineOnly(ctx)) return null;
  if (level === 'misdemeanor') return { asMisdemeanor: true, findings };
  const byJudgment = misdemeanorByJudgment(ctx);
  if (byJudgment === false) return null;
  if (byJudgment === true) findings.notes = [misdemeanorByJudgmentNote(ctx)];
  else findings.unknowns.push(byJudgment);
  return { asMisdemeanor: true, findings };
}

export const pc1203_4a: RemedyRule = {
  remedy: 'pc1203.4a',
  evaluate(ctx) {
    const { level, sentence, convictionDate } = ctx.conviction;
    const scoped = scope(ctx);
    if (scoped === null) return null;
    const { findings } = scoped;
    // Attempts (PC 664) are not the listed offenses, as under PC 1203.4(b).
    if (scoped.asMisdemeanor && !ctx.section.attempt) misdemeanorExclusions(ctx, findings);
    if (level === 'infraction') vehicleInfraction(ctx, findings);

    // "After the lapse of one year from" judgment: the anniversary itself is still within the year.
    const yearAfter = dayAfterAnniversary(convictionDate, 1);
    findings.waits.push({
      date: yearAfter,
      done: reason(
        'year_since_judgment',
        said`More than a year has passed since judgment on ${convictionDate}.`,
        MAIN,
      ),
      pending: reason(
        'year_not_passed',
        said`Relief is available one year after judgment (${convictionDate}), from ${yearAfter}.`,
        MAIN,
      ),
    });
    if (sentence.endDate === null) {
      findings.unknowns.push(missingEndDate(MAIN, 'the sentence (jail, fine or other terms)'));
    } else {
      const date = dayAfterEnd(sentence.endDate);
      findings.waits.push({
        date,
        done: reason(
          'sentence_completed',
          said`The sentence was complied with by ${sentence.endDate}.`,
          MAIN,
        ),
        pending: reason(
          'sentence_not_completed',
          said`The sentence runs until ${sentence.endDate}; relief needs it complied with, from ${date}.`,
          MAIN,
        ),
      });
    }
    return decide(ctx, findings);
  },
};
