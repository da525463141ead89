// Relief for victims of human trafficking. PC 1203.49: a prostitution conviction (PC 647(b)) after
// any probation is completed, when the conviction resulted from being trafficked. PC 236.14: vacatur
// of arrests and convictions for nonviolent offenses committed as a direct result of being
// trafficked. Both need clear and convincing evidence, so the court decides (discretionary).
import {
  NOT_SERIOUS_OR_VIOLENT_FELONIES,
  PROSTITUTION_OFFENSES,
  VIOLENT_FELONIES,
} from '../section-lists.ts';
import { matchList, type ParsedSection } from '../sections.ts';
import {
  type ArrestRule,
  type DecideContext,
  dayAfterEnd,
  decide,
  type Findings,
  missingEndDate,
  type ReasonText,
  type RemedyRule,
  type RuleOutcome,
  reason,
  said,
} from './context.ts';

const PC1203_49 = 'PC 1203.49';
const PC236_14 = 'PC 236.14(a)';

interface Offense {
  section: ParsedSection;
  sectionLabel: string;
  level: 'felony' | 'misdemeanor' | 'infraction';
  resultOfTrafficking: boolean | null;
}

function missingTrafficking(offense: Offense, citation: string, what: string): ReturnType<typeof reason> {
  return reason(
    'missing_trafficking',
    said`Was ${offense.sectionLabel} committed while the person was a victim of human trafficking, as a result of it? ${what} (resultOfTrafficking is unknown).`,
    citation,
  );
}

function findingsFor(citation: string, basisCode: string, basisText: ReasonText): Findings {
  return {
    bars: [],
    unknowns: [],
    waits: [],
    filingBars: [],
    filingCitation: citation,
    basis: { determination: 'eligible_discretionary', reasons: [reason(basisCode, basisText, citation)] },
  };
}

/** PC 236.14 for a conviction or an arrest; null when it cannot apply or nothing suggests asking. */
function vacatur(ctx: DecideContext, offense: Offense, pending: boolean): RuleOutcome | null {
  const prostitution = matchList(offense.section, PROSTITUTION_OFFENSES).match === 'yes';
  if (offense.resultOfTrafficking === false) return null;
  // Asking about trafficking for every record would bury the question; ask where it is typical.
  if (offense.resultOfTrafficking === null && !prostitution) return null;
  const findings = findingsFor(
    PC236_14,
    'trafficking_vacatur',
    said`The court may vacate the arrest or conviction on clear and convincing evidence that it was a direct result of being trafficked; the petition is filed within a reasonable time after the person is no longer a victim or has sought services (ask).`,
  );
  if (offense.resultOfTrafficking === null) {
    findings.unknowns.push(missingTrafficking(offense, PC236_14, 'Then it can be vacated'));
  }
  if (pending) {
    findings.bars.push(reason('charges_pending', said`The charges are still pending.`, PC236_14));
  }
  if (offense.level === 'felony') {
    const violent = matchList(offense.section, VIOLENT_FELONIES);
    if (violent.match === 'yes') {
      findings.bars.push(
        reason(
          'violent_offense',
          said`${offense.sectionLabel} is a violent felony (PC 667.5(c)); PC 236.14 reaches only nonviolent offenses.`,
          `${PC236_14}; PC 667.5(c)`,
        ),
      );
    } else if (matchList(offense.section, NOT_SERIOUS_OR_VIOLENT_FELONIES).match !== 'yes') {
      findings.unknowns.push(
        reason(
          'unknown_violent',
          said`Is ${offense.sectionLabel} a violent felony under PC 667.5(c)? PC 236.14 reaches only nonviolent offenses, and the rules do not know this one.`,
          `${PC236_14}; PC 667.5(c)`,
        ),
      );
    }
  }
  return decide(ctx, findings);
}

export const pc1203_49: RemedyRule = {
  remedy: 'pc1203.49',
  evaluate(ctx) {
    const { resultOfTrafficking, sentence } = ctx.conviction;
    if (matchList(ctx.section, PROSTITUTION_OFFENSES).match !== 'yes' || resultOfTrafficking === false) {
      return null;
    }
    const findings = findingsFor(
      PC1203_49,
      'trafficking_victim_relief',
      said`The court may find the person was a victim of human trafficking and grant PC 1203.4 relief, on clear and convincing evidence that the conviction resulted from that status.`,
    );
    const offense = { ...ctx, level: ctx.conviction.level, resultOfTrafficking };
    if (resultOfTrafficking === null) {
      findings.unknowns.push(missingTrafficking(offense, PC1203_49, 'Then the conviction can be set aside'));
    }
    if (sentence.kind === 'probation') {
      if (sentence.endDate === null) {
        findings.unknowns.push(missingEndDate(PC1203_49, 'probation'));
      } else {
        const date = dayAfterEnd(sentence.endDate);
        findings.waits.push({
          date,
          done: reason('probation_completed', said`Probation ended on ${sentence.endDate}.`, PC1203_49),
          pending: reason(
            'probation_not_ended',
            said`PC 1203.49 needs any probation completed; it runs until ${sentence.endDate}: from ${date}.`,
            PC1203_49,
          ),
        });
      }
    }
    return decide(ctx, findings);
  },
};

export const pc236_14: RemedyRule = {
  remedy: 'pc236.14',
  evaluate(ctx) {
    const { level, resultOfTrafficking } = ctx.conviction;
    return vacatur(ctx, { ...ctx, level, resultOfTrafficking }, false);
  },
};

export const pc236_14Arrest: ArrestRule = {
  remedy: 'pc236.14',
  evaluate(ctx) {
    const { level, resultOfTrafficking, disposition } = ctx.arrest;
    return vacatur(ctx, { ...ctx, level, resultOfTrafficking }, disposition === 'pending');
  },
};
