// PC 1203.42: discretionary dismissal of a state-prison felony sentenced before Realignment
// (2011-10-01) for an offense that would be punished in county jail under PC 1170(h) today.
import { COUNTY_JAIL_1170H_FELONIES, STATE_PRISON_FELONIES } from '../section-lists.ts';
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
import { missingDetail } from './exclusions.ts';

const MAIN = 'PC 1203.42(a)';
/** (a)(2): two years after completing the sentence. */
const WAIT = 'PC 1203.42(a)(2)';
/** (a)(3): not under supervision, serving a sentence, on probation or charged. */
const WHILE_SERVING = 'PC 1203.42(a)(3)';
const REALIGNMENT = '2011-10-01';

/** Would the offense be a county-jail felony under PC 1170(h) today? */
function countyJailToday(ctx: RuleContext, findings: Findings): void {
  const prison = matchList(ctx.section, STATE_PRISON_FELONIES);
  const jail = matchList(ctx.section, COUNTY_JAIL_1170H_FELONIES);
  if (prison.match === 'yes') {
    findings.bars.push(
      reason(
        'state_prison_offense',
        said`${ctx.sectionLabel} is still punished in state prison, not under PC 1170(h).`,
        `${MAIN}; PC 1170(h)`,
      ),
    );
  } else if (jail.match === 'yes') {
    return;
  } else if (jail.entry !== null || prison.entry !== null) {
    const entry = jail.entry ?? prison.entry ?? '';
    findings.unknowns.push(
      missingDetail(ctx, entry, 'decides whether PC 1170(h) applies today', `${MAIN}; PC 1170(h)`),
    );
  } else {
    findings.unknowns.push(
      reason(
        'unknown_1170h_status',
        said`The rules do not know whether ${ctx.sectionLabel} would be punished in county jail under PC 1170(h) today; the person deciding must check.`,
        `${MAIN}; PC 1170(h)`,
      ),
    );
  }
}

/** PC 1170(h)(3): a PC 290 registrant or a person with a serious or violent prior goes to state prison. */
function personSentencedToPrisonToday(ctx: RuleContext, findings: Findings): void {
  const facts = [
    {
      value: ctx.person.requiredToRegisterPC290,
      name: 'requiredToRegisterPC290',
      code: 'pc290',
      what: 'must register under PC 290',
      question: 'Must the person register under PC 290?',
    },
    {
      value: ctx.person.hasSuperstrikePrior,
      name: 'hasSuperstrikePrior',
      code: 'superstrike',
      what: 'has a superstrike prior',
      question: 'Does the person have a superstrike prior (PC 667(e)(2)(C)(iv))?',
    },
  ];
  for (const fact of facts) {
    if (fact.value === true) {
      findings.bars.push(
        reason(
          `prison_required_${fact.code}`,
          said`The person ${fact.what}, so the offense would be punished in state prison today, not under PC 1170(h).`,
          `${MAIN}; PC 1170(h)(3)`,
        ),
      );
    } else if (fact.value === null) {
      findings.unknowns.push(
        reason(
          `missing_${fact.code}`,
          said`${fact.question} That would mean state prison today rather than PC 1170(h) (${fact.name} is unknown).`,
          `${MAIN}; PC 1170(h)(3)`,
        ),
      );
    }
  }
}

export const pc1203_42: RemedyRule = {
  remedy: 'pc1203.42',
  evaluate(ctx) {
    const { level, sentence, convictionDate } = ctx.conviction;
    // The conviction date stands in for the sentencing date, which the record does not carry.
    if (level !== 'felony' || sentence.kind !== 'state_prison' || convictionDate >= REALIGNMENT) return null;
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
            'pre_realignment_prison',
            said`Sentenced to state prison before ${REALIGNMENT} (Realignment).`,
            MAIN,
          ),
          reason(
            'court_discretion',
            said`Dismissal under PC 1203.42 is always at the court’s discretion.`,
            MAIN,
          ),
        ],
      },
    };
    countyJailToday(ctx, findings);
    personSentencedToPrisonToday(ctx, findings);
    if (sentence.endDate === null) {
      findings.unknowns.push(missingEndDate(WAIT, 'the sentence (including parole)'));
    } else {
      const date = yearsAfterCompletion(sentence.endDate, 2);
      findings.waits.push({
        date,
        done: reason(
          'waiting_period_passed',
          said`2 years have passed since the sentence ended on ${sentence.endDate}.`,
          WAIT,
        ),
        pending: reason(
          'waiting_period',
          said`PC 1203.42 needs 2 years after the sentence is completed (its last day ${sentence.endDate}): available from ${date}.`,
          WAIT,
        ),
      });
    }
    return decide(ctx, findings);
  },
};
