// PC 17(b): reduce a felony wobbler to a misdemeanor unless it was sentenced to state prison or county
// jail under PC 1170(h). PC 17(d)(2): a misdemeanor listed in PC 19.8 may become an infraction.
// PC 17(b)(3) reaches probation granted without imposition of sentence: with a prison term imposed and
// its execution suspended, the court has no power to reduce (People v. Wood (1998) 62 Cal.App.4th
// 1262, a PC 496(a) case), so that fact is asked before a reduction is suggested.

import { PC19_8_OFFENSES } from '../section-lists.ts';
import { matchList } from '../sections.ts';
import {
  decide,
  type Findings,
  type RemedyRule,
  type RuleContext,
  type RuleOutcome,
  reason,
  said,
} from './context.ts';
import { missingDetail } from './exclusions.ts';
import { wobblerStatus } from './wobbler.ts';

const MAIN = 'PC 17(b)';

function wobbletteToInfraction(ctx: RuleContext): RuleOutcome | null {
  const listed = matchList(ctx.section, PC19_8_OFFENSES);
  if (listed.match === 'no' || listed.entry === null) return null;
  if (listed.match === 'maybe') {
    return {
      determination: 'needs_more_info',
      eligibleOn: null,
      reasons: [
        missingDetail(
          ctx,
          listed.entry,
          'may be reduced to an infraction under PC 17(d)(2)',
          'PC 17(d)(2); PC 19.8',
        ),
      ],
    };
  }
  return {
    determination: 'eligible_discretionary',
    eligibleOn: null,
    reasons: [
      reason(
        'wobblette_to_infraction',
        said`${ctx.sectionLabel} is listed in PC 19.8: the court may treat it as an infraction, with the person’s consent.`,
        'PC 17(d)(2); PC 19.8',
      ),
    ],
  };
}

export const pc17b: RemedyRule = {
  remedy: 'pc17b',
  evaluate(ctx) {
    const { level, sentence } = ctx.conviction;
    if (level === 'infraction') return null;
    if (level === 'misdemeanor') return wobbletteToInfraction(ctx);
    const status = wobblerStatus(ctx);
    if (status === false) return null;
    const findings: Findings = {
      bars: [],
      unknowns: status === true ? [] : [status],
      waits: [],
      filingBars: [],
      filingCitation: MAIN,
      basis:
        sentence.kind === 'probation'
          ? {
              determination: 'eligible_discretionary',
              reasons: [
                reason(
                  'wobbler_with_probation',
                  said`A wobbler granted probation may be declared a misdemeanor by the court, during or after probation.`,
                  'PC 17(b)(3)',
                ),
              ],
            }
          : {
              determination: 'eligible_mandatory',
              reasons: [
                reason(
                  'misdemeanor_by_operation_of_law',
                  said`A wobbler sentenced to neither state prison nor county jail under PC 1170(h) is a misdemeanor for all purposes; ask the court to correct the record.`,
                  'PC 17(b)(1)',
                ),
              ],
            },
    };
    if (sentence.kind === 'probation' && sentence.executionSuspended === true)
      findings.bars.push(
        reason(
          'sentence_imposed_execution_suspended',
          said`Probation was granted after a sentence was imposed and its execution suspended: PC 17(b)(3) reaches only probation granted without imposition of sentence (People v. Wood (1998) 62 Cal.App.4th 1262).`,
          'PC 17(b)(3)',
        ),
      );
    if (sentence.kind === 'probation' && sentence.executionSuspended === null)
      findings.unknowns.push(
        reason(
          'execution_suspended_unknown',
          said`Whether probation was granted with imposition of sentence suspended, or after a sentence was imposed and its execution suspended: only the first can be reduced under PC 17(b)(3) (People v. Wood (1998) 62 Cal.App.4th 1262). Check the minute order and record it on the conviction.`,
          'PC 17(b)(3)',
        ),
      );
    if (sentence.kind === 'state_prison' || sentence.kind === 'county_jail_1170h') {
      findings.bars.push(
        reason(
          'prison_or_1170h_sentence',
          said`A sentence to state prison or to county jail under PC 1170(h) bars reduction under PC 17(b).`,
          MAIN,
        ),
      );
    }
    return decide(ctx, findings);
  },
};
