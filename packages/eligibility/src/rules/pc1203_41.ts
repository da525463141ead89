// PC 1203.41: discretionary dismissal of a felony sentenced to county jail under PC 1170(h), and
// since SB 731 of a state-prison felony, after a waiting period that runs from the end of the sentence.
import { PC290_REGISTRABLE } from '../section-lists.ts';
import { matchList } from '../sections.ts';
import {
  decide,
  type Findings,
  missingEndDate,
  type RemedyRule,
  type RuleContext,
  reason,
  said,
  yearsAfterCompletion,
} from './context.ts';

const MAIN = 'PC 1203.41(a)';
/** (a)(2): one year after completing a sentence with mandatory supervision, two years otherwise. */
const WAIT = 'PC 1203.41(a)(2)';
/** (a)(3): not under mandatory supervision, serving a sentence, on probation or charged. */
const WHILE_SERVING = 'PC 1203.41(a)(3)';
/** (a)(6) (SB 731): not for a state-prison conviction that requires PC 290 registration. */
const REGISTRANTS = 'PC 1203.41(a)(6)';

function statePrisonChecks(ctx: RuleContext, findings: Findings): void {
  if (!ctx.version.pc1203_41CoversStatePrison) {
    findings.bars.push(
      reason(
        'prison_before_sb731',
        said`Under rules ${ctx.version.id}, PC 1203.41 covers only county-jail felonies under PC 1170(h); SB 731 adds state-prison felonies from 2023-01-01.`,
        'PC 1203.41(a) (before SB 731)',
      ),
    );
    return;
  }
  // SB 731: not for a state-prison conviction that itself requires PC 290 registration.
  const registers = ctx.person.requiredToRegisterPC290;
  if (registers === null) {
    findings.unknowns.push(
      reason(
        'missing_pc290',
        said`Must the person register under PC 290? A state-prison conviction that requires registration is outside PC 1203.41 (requiredToRegisterPC290 is unknown).`,
        REGISTRANTS,
      ),
    );
  } else if (registers && matchList(ctx.section, PC290_REGISTRABLE).match === 'yes') {
    findings.bars.push(
      reason(
        'pc290_registrable_conviction',
        said`${ctx.sectionLabel} requires PC 290 registration, and a state-prison conviction that requires it is outside PC 1203.41.`,
        `${REGISTRANTS}; PC 290(c)`,
      ),
    );
  } else if (registers) {
    findings.unknowns.push(
      reason(
        'pc290_which_conviction',
        said`The person must register under PC 290, but the record does not say which conviction requires it; if it is this one (${ctx.sectionLabel}), PC 1203.41 does not apply.`,
        REGISTRANTS,
      ),
    );
  }
}

/** Years to wait after the sentence: 1 with mandatory supervision, otherwise 2; null = unknown. */
function waitingYears(ctx: RuleContext): 1 | 2 | null {
  const { kind, mandatorySupervision } = ctx.conviction.sentence;
  if (kind === 'state_prison' || mandatorySupervision === false) return 2;
  return mandatorySupervision === true ? 1 : null;
}

export const pc1203_41: RemedyRule = {
  remedy: 'pc1203.41',
  evaluate(ctx) {
    const { level, sentence } = ctx.conviction;
    if (level !== 'felony' || (sentence.kind !== 'county_jail_1170h' && sentence.kind !== 'state_prison')) {
      return null;
    }
    const findings: Findings = {
      bars: [],
      unknowns: [],
      waits: [],
      filingBars: ['currentlyCharged', 'underSupervision', 'servingSentence'],
      filingCitation: WHILE_SERVING,
      basis: {
        determination: 'eligible_discretionary',
        reasons: [
          reason(
            'court_discretion',
            said`Dismissal under PC 1203.41 is always at the court’s discretion.`,
            MAIN,
          ),
        ],
      },
    };
    if (sentence.kind === 'state_prison') statePrisonChecks(ctx, findings);
    if (sentence.endDate === null) {
      findings.unknowns.push(missingEndDate(WAIT, 'the sentence (including any supervision)'));
      return decide(ctx, findings);
    }
    // With unknown mandatory supervision the answer is still certain once two years have passed.
    const years = waitingYears(ctx) ?? (yearsAfterCompletion(sentence.endDate, 2) <= ctx.asOf ? 2 : null);
    if (years === null) {
      findings.unknowns.push(
        reason(
          'missing_mandatory_supervision',
          said`Did the county-jail sentence include mandatory supervision? The wait is 1 year after the sentence with it, 2 years without (mandatorySupervision is unknown).`,
          WAIT,
        ),
      );
      return decide(ctx, findings);
    }
    const date = yearsAfterCompletion(sentence.endDate, years);
    const span = years === 1 ? '1 year' : '2 years';
    findings.waits.push({
      date,
      done: reason(
        'waiting_period_passed',
        said`${span} ${years === 1 ? 'has' : 'have'} passed since the sentence ended on ${sentence.endDate}.`,
        WAIT,
      ),
      pending: reason(
        'waiting_period',
        said`PC 1203.41 needs ${span} after the sentence is completed (its last day ${sentence.endDate}): available from ${date}.`,
        WAIT,
      ),
    });
    return decide(ctx, findings);
  },
};
