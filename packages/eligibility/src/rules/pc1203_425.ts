// PC 1203.425 (AB 1076, widened by SB 731 and the 2023 and 2024 budget trailer bills): DOJ grants
// conviction relief monthly without a petition. The desk cannot file it; it tells staff whether the
// record should already show "relief granted", or from when it should.
//
// Three paths (a)(1)(B)(v): (I) probation completed without revocation; (II) a misdemeanor or
// infraction not granted probation, a year after judgment; (III) a felony other than one completed on
// probation without revocation, four years after the whole sentence with no new felony in those four
// years, and never a serious, violent or registrable felony. Bars (i)-(iii) apply to every path.
import { addDays, dayAfterAnniversary } from '../dates.ts';
import type { ConvictionInput } from '../schema.ts';
import {
  NOT_SERIOUS_OR_VIOLENT_FELONIES,
  PC290_REGISTRABLE,
  SERIOUS_OR_VIOLENT_FELONIES,
} from '../section-lists.ts';
import { matchList } from '../sections.ts';
import type { Reason } from '../types.ts';
import {
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
  yearsAfterCompletion,
} from './context.ts';
import { missingDetail } from './exclusions.ts';
import { type FelonyNow, felonyNow, REDUCED_CITATION } from './felony-now.ts';
import { misdemeanorByJudgment, misdemeanorByJudgmentNote } from './wobbler.ts';

const MAIN = 'PC 1203.425(a)';
const OPERATION = 'PC 1203.425(a)(1)(A)';
const REGISTRANT = 'PC 1203.425(a)(1)(B)(i)';
const PERSON_BARS = 'PC 1203.425(a)(1)(B)(ii)-(iii)';
const PRISON = 'PC 1203.425(a)(1)(B)(iv)';
const PROBATION_PATH = 'PC 1203.425(a)(1)(B)(v)(I)';
const MISDEMEANOR_PATH = 'PC 1203.425(a)(1)(B)(v)(II)';
const FELONY_PATH = 'PC 1203.425(a)(1)(B)(v)(III)';

const CHECK_RAP_SHEET = reason(
  'check_rap_sheet',
  said`DOJ grants this relief automatically, without a petition: it may already have been granted. Check the RAP sheet for "relief granted" and tell the client; it only happens when DOJ’s electronic record is complete.`,
  MAIN,
);

type Path = 'probation' | 'misdemeanor' | 'felony';

/** Which path of (a)(1)(B)(v) the conviction takes, or null when a missing fact decides it (asked). */
function pathFor(ctx: RuleContext, findings: Findings): Path | null {
  const { level, sentence } = ctx.conviction;
  const completedOnProbation =
    sentence.probationTerminatedEarly === true || sentence.probationViolated === false;
  if (sentence.kind === 'probation') {
    if (level !== 'felony' || completedOnProbation) return 'probation';
    if (sentence.probationViolated === true) return 'felony';
    findings.unknowns.push(
      reason(
        'missing_probation_violated',
        said`Was probation violated or revoked? A felony completed on probation without revocation gets relief the day after probation ends; otherwise it takes the felony path, four years after the sentence (probationViolated is unknown).`,
        `${PROBATION_PATH}, (III)`,
      ),
    );
    return null;
  }
  if (level !== 'felony') return 'misdemeanor';
  const byJudgment = misdemeanorByJudgment(ctx);
  if (byJudgment === true) {
    findings.notes?.push(misdemeanorByJudgmentNote(ctx));
    return 'misdemeanor';
  }
  if (byJudgment !== false) {
    findings.unknowns.push(byJudgment);
    return null;
  }
  return 'felony';
}

/** DOJ's review had not begun: relief that is otherwise due comes on the day it began. */
function notYetOperating(ctx: RuleContext, findings: Findings, from: string, what: string): void {
  if (ctx.asOf >= from) return;
  findings.waits.push({
    date: from,
    done: reason(
      'automatic_relief_operating',
      said`DOJ’s monthly review for ${what} began on ${from}.`,
      OPERATION,
    ),
    pending: reason(
      'automatic_relief_not_operating',
      said`DOJ’s monthly review for ${what} begins on ${from}; nothing is granted automatically before then.`,
      from === '2022-07-01' ? OPERATION : FELONY_PATH,
    ),
  });
}

function coveredFrom(ctx: RuleContext, findings: Findings, from: string, citation: string): void {
  const { convictionDate } = ctx.conviction;
  if (convictionDate < from) {
    findings.bars.push(
      reason(
        'conviction_before_covered_period',
        said`Under rules ${ctx.version.id}, this path of automatic relief covers convictions from ${from}; this one is dated ${convictionDate}.`,
        citation,
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
        said`People required to register under PC 290 do not get automatic relief.`,
        REGISTRANT,
      ),
    );
  } else if (registers === null) {
    findings.unknowns.push(
      reason(
        'missing_pc290',
        said`Must the person register under PC 290? Registrants do not get automatic relief (requiredToRegisterPC290 is unknown).`,
        REGISTRANT,
      ),
    );
  }
}

function probationPath(ctx: RuleContext, findings: Findings): void {
  const { probationViolated, probationTerminatedEarly, endDate } = ctx.conviction.sentence;
  notYetOperating(ctx, findings, ctx.version.automaticRelief.operativeFrom, 'conviction relief');
  coveredFrom(ctx, findings, ctx.version.automaticRelief.recordsFrom, PROBATION_PATH);
  if (probationViolated === true && probationTerminatedEarly !== true) {
    findings.bars.push(
      reason(
        'probation_violated',
        said`Probation was violated; automatic relief for a misdemeanor or infraction on probation needs probation completed without revocation (if it was never revoked, check by hand).`,
        PROBATION_PATH,
      ),
    );
  } else if (probationViolated === null && probationTerminatedEarly !== true) {
    findings.unknowns.push(
      reason(
        'missing_probation_violated',
        said`Was probation violated or revoked? Automatic relief needs it completed without revocation (probationViolated is unknown).`,
        PROBATION_PATH,
      ),
    );
  }
  if (endDate === null) {
    findings.unknowns.push(missingEndDate(PROBATION_PATH, 'probation'));
    return;
  }
  const date = dayAfterEnd(endDate);
  findings.waits.push({
    date,
    done: reason('probation_completed', said`Probation ended on ${endDate}.`, PROBATION_PATH),
    pending: reason(
      'probation_not_ended',
      said`Probation runs until ${endDate}; DOJ may grant relief from ${date}.`,
      PROBATION_PATH,
    ),
  });
}

function misdemeanorPath(ctx: RuleContext, findings: Findings): void {
  const { convictionDate, sentence } = ctx.conviction;
  notYetOperating(ctx, findings, ctx.version.automaticRelief.operativeFrom, 'conviction relief');
  coveredFrom(ctx, findings, ctx.version.automaticRelief.recordsFrom, MISDEMEANOR_PATH);
  // "One year has elapsed since" judgment: the anniversary itself is still within the year.
  const yearAfter = dayAfterAnniversary(convictionDate, 1);
  findings.waits.push({
    date: yearAfter,
    done: reason(
      'year_since_judgment',
      said`More than a year has passed since judgment on ${convictionDate}.`,
      MISDEMEANOR_PATH,
    ),
    pending: reason(
      'year_not_passed',
      said`A year must pass after judgment (${convictionDate}): from ${yearAfter}.`,
      MISDEMEANOR_PATH,
    ),
  });
  if (sentence.endDate === null) {
    findings.unknowns.push(missingEndDate(MISDEMEANOR_PATH));
    return;
  }
  const date = dayAfterEnd(sentence.endDate);
  findings.waits.push({
    date,
    done: reason(
      'sentence_completed',
      said`The sentence was completed by ${sentence.endDate}.`,
      MISDEMEANOR_PATH,
    ),
    pending: reason(
      'sentence_not_completed',
      said`The sentence runs until ${sentence.endDate}: from ${date}.`,
      MISDEMEANOR_PATH,
    ),
  });
}

/** The felony path's own exclusions: serious (PC 1192.7(c)), violent (PC 667.5(c)), registrable. */
function felonyExclusions(ctx: RuleContext, findings: Findings): void {
  const citation = `${FELONY_PATH}; PC 1192.7(c); PC 667.5(c)`;
  const serious = matchList(ctx.section, SERIOUS_OR_VIOLENT_FELONIES);
  const notSerious = matchList(ctx.section, NOT_SERIOUS_OR_VIOLENT_FELONIES);
  if (serious.match === 'yes') {
    findings.bars.push(
      reason(
        'serious_or_violent',
        said`${ctx.sectionLabel} is a serious or violent felony, outside the felony path of automatic relief.`,
        citation,
      ),
    );
  } else if (notSerious.match !== 'yes' && serious.entry !== null) {
    findings.unknowns.push(missingDetail(ctx, serious.entry, 'is a serious or violent felony', citation));
  } else if (notSerious.match !== 'yes') {
    findings.unknowns.push(
      reason(
        'unknown_serious_violent',
        said`The rules do not know whether ${ctx.sectionLabel} is a serious or violent felony (PC 1192.7(c), 667.5(c)), which would exclude it from the felony path.`,
        citation,
      ),
    );
  }
  const registrable = matchList(ctx.section, PC290_REGISTRABLE);
  if (registrable.match === 'yes') {
    findings.bars.push(
      reason(
        'registrable_felony',
        said`${ctx.sectionLabel} is a felony requiring PC 290 registration, outside the felony path of automatic relief.`,
        `${FELONY_PATH}; PC 290(c)`,
      ),
    );
  } else if (registrable.match === 'maybe' && registrable.entry !== null) {
    findings.unknowns.push(
      missingDetail(ctx, registrable.entry, 'may require PC 290 registration', `${FELONY_PATH}; PC 290(c)`),
    );
  }
}

/**
 * A felony entered within the four years that is a misdemeanor now (or may be): whether (v)(III)'s new
 * felony reads on it is not decided by text the rules hold, so it is asked, naming the conviction.
 */
function laterFelonyToCheck(
  c: ConvictionInput,
  now: Exclude<FelonyNow, { kind: 'felony' | 'not_felony' }>,
): Reason {
  const named = nameConvictions([c]);
  const question = (when: string) =>
    `Does it count as a new felony conviction on the felony path? The text of (v)(III)’s new-felony condition, and of the provisions that make such a conviction a misdemeanor “for all purposes”, was not read for these rules: check them${when} before telling the client.`;
  if (now.kind === 'reduced') {
    return reason(
      'later_felony_reduced',
      said`A felony conviction within the four years after the sentence ended (${named}) has since been ${now.what}. ${question(', and when the grant was made,')}`,
      `${FELONY_PATH}; ${REDUCED_CITATION[now.granted] ?? ''}`,
    );
  }
  if (now.kind === 'misdemeanor_by_17b1') {
    return reason(
      'later_felony_misdemeanor_by_17b1',
      said`A conviction within the four years after the sentence ended (${named}) is recorded as a felony, but it is a wobbler whose judgment imposed neither state prison nor county jail under PC 1170(h), so it is a misdemeanor by PC 17(b)(1). ${question('')}`,
      `${FELONY_PATH}; PC 17(b)(1)`,
    );
  }
  return reason(
    'later_felony_level_unknown',
    said`A felony conviction within the four years after the sentence ended (${named}) was sentenced to jail or a fine only: ${now.reason.text} If it is not a wobbler, it is a new felony that bars the felony path; if it is, it is a misdemeanor by PC 17(b)(1) and still to check.`,
    `${FELONY_PATH}; ${now.reason.citation}`,
  );
}

function felonyPath(ctx: RuleContext, findings: Findings): void {
  const { sentence } = ctx.conviction;
  const felonies = ctx.version.automaticRelief.felonies;
  if (felonies === null) {
    findings.bars.push(
      reason(
        'felony_path_not_enacted',
        said`Under rules ${ctx.version.id}, automatic relief reaches only probation cases completed without revocation and misdemeanors; SB 731 adds a felony path (in force 2023-01-01, operating from 2024-10-01).`,
        MAIN,
      ),
    );
    return;
  }
  notYetOperating(ctx, findings, felonies.operativeFrom, 'felonies');
  coveredFrom(ctx, findings, felonies.recordsFrom, FELONY_PATH);
  felonyExclusions(ctx, findings);
  if (sentence.kind === 'state_prison') {
    findings.notes?.push(
      reason(
        'state_prison_felony_path',
        said`A state-prison sentence is reached only through the felony path, once parole or PRCS has ended.`,
        PRISON,
      ),
    );
  }
  if (sentence.endDate === null) {
    findings.unknowns.push(
      missingEndDate(
        FELONY_PATH,
        'the whole sentence (incarceration, probation, supervision, PRCS and parole)',
      ),
    );
    return;
  }
  const date = yearsAfterCompletion(sentence.endDate, 4);
  const lastDayOfWindow = addDays(date, -1);
  const later = laterConvictions(ctx).filter(
    (c) => c.level === 'felony' && c.convictionDate > (sentence.endDate ?? ''),
  );
  const inWindow = later.filter((c) => c.convictionDate <= lastDayOfWindow);
  const after = later.filter((c) => c.convictionDate > lastDayOfWindow);
  // A felony is "new" only while nothing has made it a misdemeanor; one that was (a grant since, or
  // PC 17(b)(1) at judgment) is asked about, since the text deciding whether it still counts was not read.
  const within: ConvictionInput[] = [];
  for (const c of inWindow) {
    const now = felonyNow(ctx, c);
    if (now.kind === 'felony') within.push(c);
    else if (now.kind !== 'not_felony') findings.unknowns.push(laterFelonyToCheck(c, now));
  }
  if (within.length > 0) {
    findings.bars.push(
      reason(
        'new_felony_within_four_years',
        said`${within.length === 1 ? 'A new felony conviction' : 'New felony convictions'} (${nameConvictions(within)}) within the four years after the sentence ended ${within.length === 1 ? 'bars' : 'bar'} the felony path.`,
        FELONY_PATH,
      ),
    );
  }
  if (after.length > 0) {
    findings.notes?.push(
      reason(
        'later_felony_after_window',
        said`${after.length === 1 ? 'A later felony' : 'Later felonies'} (${nameConvictions(after)}) came after the four conviction-free years, so it does not undo this relief.`,
        FELONY_PATH,
      ),
    );
  }
  findings.waits.push({
    date,
    done: reason(
      'four_years_passed',
      said`Four years have passed since the sentence was completed (its last day ${sentence.endDate}).`,
      FELONY_PATH,
    ),
    pending: reason(
      'four_years_not_passed',
      said`Four years must pass after the sentence is completed (its last day ${sentence.endDate}): from ${date}, if no new felony is entered before then.`,
      FELONY_PATH,
    ),
  });
}

export const pc1203_425: RemedyRule = {
  remedy: 'pc1203.425',
  evaluate(ctx) {
    const findings: Findings = {
      bars: [],
      unknowns: [],
      waits: [],
      filingBars: ['currentlyCharged', 'underSupervision', 'servingSentence'],
      filingCitation: PERSON_BARS,
      basis: { determination: 'eligible_mandatory', reasons: [CHECK_RAP_SHEET] },
      notes: [],
    };
    registrant(ctx, findings);
    const path = pathFor(ctx, findings);
    if (path === 'probation') probationPath(ctx, findings);
    else if (path === 'misdemeanor') misdemeanorPath(ctx, findings);
    else if (path === 'felony') felonyPath(ctx, findings);
    return decide(ctx, findings);
  },
};
