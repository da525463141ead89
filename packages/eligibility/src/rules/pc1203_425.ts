// PC 1203.425 (AB 1076, widened by SB 731): DOJ grants conviction relief monthly without a petition.
// The desk cannot file it; it tells staff whether the record should already show "relief granted".
import { addYears } from '../dates.ts';
import { NOT_SERIOUS_OR_VIOLENT_FELONIES, SERIOUS_OR_VIOLENT_FELONIES } from '../section-lists.ts';
import { matchList } from '../sections.ts';
import {
  dayAfterEnd,
  decide,
  type Findings,
  laterConvictions,
  missingEndDate,
  type RemedyRule,
  type RuleContext,
  reason,
} from './context.ts';
import { missingDetail } from './exclusions.ts';

const MAIN = 'PC 1203.425(a)';
const SERIOUS_VIOLENT = 'PC 1203.425(a); PC 1192.7(c); PC 667.5(c)';

const CHECK_RAP_SHEET = reason(
  'check_rap_sheet',
  'DOJ grants this relief automatically, without a petition: it may already have been granted. Check the RAP sheet for "relief granted" and tell the client; it only happens when DOJ’s electronic record is complete.',
  MAIN,
);

function coveredPeriod(ctx: RuleContext, findings: Findings): void {
  const { convictionDate } = ctx.conviction;
  const from = ctx.version.automaticRelief === 'ab1076' ? '2021-01-01' : '1973-01-01';
  if (convictionDate < from) {
    findings.bars.push(
      reason(
        'conviction_before_covered_period',
        `Under rules ${ctx.version.id}, automatic relief covers convictions from ${from}; this one is dated ${convictionDate}.`,
        MAIN,
      ),
    );
  }
}

function registrant(ctx: RuleContext, findings: Findings): void {
  const registers = ctx.person.requiredToRegisterPC290;
  if (registers === true) {
    findings.bars.push(
      reason(
        'pc290_registrant',
        'People required to register under PC 290 do not get automatic relief.',
        MAIN,
      ),
    );
  } else if (registers === null) {
    findings.unknowns.push(
      reason(
        'missing_pc290',
        'Must the person register under PC 290? Registrants do not get automatic relief (requiredToRegisterPC290 is unknown).',
        MAIN,
      ),
    );
  }
}

function seriousOrViolent(ctx: RuleContext, findings: Findings): void {
  const serious = matchList(ctx.section, SERIOUS_OR_VIOLENT_FELONIES);
  const notSerious = matchList(ctx.section, NOT_SERIOUS_OR_VIOLENT_FELONIES);
  if (serious.match === 'yes') {
    findings.bars.push(
      reason(
        'serious_or_violent',
        `${ctx.sectionLabel} is a serious or violent felony, outside automatic relief.`,
        SERIOUS_VIOLENT,
      ),
    );
  } else if (notSerious.match === 'yes') {
    return;
  } else if (serious.entry !== null) {
    findings.unknowns.push(
      missingDetail(ctx, serious.entry, 'is a serious or violent felony', SERIOUS_VIOLENT),
    );
  } else {
    findings.unknowns.push(
      reason(
        'unknown_serious_violent',
        `The rules do not know whether ${ctx.sectionLabel} is a serious or violent felony (PC 1192.7(c), 667.5(c)), which would exclude it.`,
        SERIOUS_VIOLENT,
      ),
    );
  }
}

function probationPath(ctx: RuleContext, findings: Findings): void {
  const { probationViolated, probationTerminatedEarly, endDate } = ctx.conviction.sentence;
  if (probationViolated === true && probationTerminatedEarly !== true) {
    findings.bars.push(
      reason(
        'probation_violated',
        'Probation was violated; automatic relief needs probation to have ended without revocation (if it was never revoked, check by hand).',
        MAIN,
      ),
    );
  } else if (probationViolated === null && probationTerminatedEarly !== true) {
    findings.unknowns.push(
      reason(
        'missing_probation_violated',
        'Was probation violated or revoked? Automatic relief needs it to have ended without revocation (probationViolated is unknown).',
        MAIN,
      ),
    );
  }
  if (endDate === null) {
    findings.unknowns.push(missingEndDate(MAIN, 'probation'));
    return;
  }
  const date = dayAfterEnd(endDate);
  findings.waits.push({
    date,
    done: reason('probation_completed', `Probation ended on ${endDate}.`, MAIN),
    pending: reason(
      'probation_not_ended',
      `Probation runs until ${endDate}; DOJ may grant relief from ${date}.`,
      MAIN,
    ),
  });
}

function misdemeanorPath(ctx: RuleContext, findings: Findings): void {
  const { convictionDate, sentence } = ctx.conviction;
  const yearAfter = addYears(convictionDate, 1);
  findings.waits.push({
    date: yearAfter,
    done: reason(
      'year_since_judgment',
      `More than a year has passed since judgment on ${convictionDate}.`,
      MAIN,
    ),
    pending: reason(
      'year_not_passed',
      `A year must pass after judgment (${convictionDate}): from ${yearAfter}.`,
      MAIN,
    ),
  });
  if (sentence.endDate === null) {
    findings.unknowns.push(missingEndDate(MAIN));
    return;
  }
  const date = dayAfterEnd(sentence.endDate);
  findings.waits.push({
    date,
    done: reason('sentence_completed', `The sentence was completed by ${sentence.endDate}.`, MAIN),
    pending: reason(
      'sentence_not_completed',
      `The sentence runs until ${sentence.endDate}: from ${date}.`,
      MAIN,
    ),
  });
}

/** SB 731: felonies convicted from 2005, four years after the whole sentence, with no new felony. */
function felonyPath(ctx: RuleContext, findings: Findings): void {
  const { convictionDate, sentence } = ctx.conviction;
  if (ctx.version.automaticRelief === 'ab1076') {
    findings.bars.push(
      reason(
        'felony_sentence_not_covered',
        `Under rules ${ctx.version.id}, automatic relief covers only probation cases and misdemeanors; SB 731 adds felonies from 2023-07-01.`,
        MAIN,
      ),
    );
    return;
  }
  if (convictionDate < '2005-01-01') {
    findings.bars.push(
      reason(
        'felony_before_2005',
        'Automatic relief reaches felonies without probation only when convicted from 2005-01-01.',
        MAIN,
      ),
    );
  }
  const newFelonies = laterConvictions(ctx).filter((c) => c.level === 'felony');
  if (newFelonies.length > 0) {
    findings.bars.push(
      reason(
        'new_felony',
        `A later felony conviction (${newFelonies.map((c) => c.id).join(', ')}) bars automatic relief.`,
        MAIN,
      ),
    );
  }
  if (sentence.kind === 'state_prison') {
    findings.notes?.push(
      reason(
        'verify_state_prison',
        'State-prison felonies are likely covered once parole or PRCS ends (verify).',
        MAIN,
      ),
    );
  }
  if (sentence.endDate === null) {
    findings.unknowns.push(missingEndDate(MAIN, 'the sentence (including any supervision or parole)'));
    return;
  }
  const date = addYears(sentence.endDate, 4);
  findings.waits.push({
    date,
    done: reason(
      'four_years_passed',
      `Four years have passed since the sentence ended on ${sentence.endDate}.`,
      MAIN,
    ),
    pending: reason(
      'four_years_not_passed',
      `Four years must pass after the sentence ends (${sentence.endDate}): from ${date}.`,
      MAIN,
    ),
  });
}

export const pc1203_425: RemedyRule = {
  remedy: 'pc1203.425',
  evaluate(ctx) {
    const { level, sentence } = ctx.conviction;
    const findings: Findings = {
      bars: [],
      unknowns: [],
      waits: [],
      filingBars: ['currentlyCharged', 'underSupervision', 'servingSentence'],
      filingCitation: MAIN,
      basis: { determination: 'eligible_mandatory', reasons: [CHECK_RAP_SHEET] },
      notes: [],
    };
    coveredPeriod(ctx, findings);
    registrant(ctx, findings);
    if (level === 'felony') seriousOrViolent(ctx, findings);
    if (sentence.kind === 'probation') probationPath(ctx, findings);
    else if (level === 'felony') felonyPath(ctx, findings);
    else misdemeanorPath(ctx, findings);
    return decide(ctx, findings);
  },
};
