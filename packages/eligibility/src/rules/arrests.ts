// Arrests that did not end in a conviction. PC 851.91: a petition to seal the arrest. PC 851.93: DOJ's
// automatic arrest relief, with waiting periods by level. The arrest date stands in for the offense
// date (the limitation period runs from the offense, which is on or before the arrest).
import { addYears, dayAfterAnniversary, type IsoDate } from '../dates.ts';
import {
  ABUSE_OFFENSES,
  COUNTY_JAIL_1170H_FELONIES,
  FELONIES_EIGHT_YEARS_OR_MORE,
  FELONIES_UNDER_EIGHT_YEARS,
  LIMITATION_MAY_BE_LONGER,
  NO_LIMITATION_PERIOD,
  STATE_PRISON_FELONIES,
} from '../section-lists.ts';
import { matchList, type ParsedSection, parseSection } from '../sections.ts';
import type { Reason } from '../types.ts';
import {
  type ArrestContext,
  type ArrestRule,
  type Basis,
  decide,
  type Findings,
  nameArrests,
  nameConvictions,
  reason,
  said,
} from './context.ts';

/**
 * Years in the limitation period, 'none' (PC 799), 'facts' when it may be longer or none by facts the
 * arrest does not record (LIMITATION_MAY_BE_LONGER), or null when the rules cannot tell (asked).
 */
function limitationYears(ctx: ArrestContext): number | 'none' | 'facts' | null {
  if (matchList(ctx.section, NO_LIMITATION_PERIOD).match === 'yes') return 'none';
  if (matchList(ctx.section, LIMITATION_MAY_BE_LONGER).match !== 'no') return 'facts';
  if (ctx.arrest.level !== 'felony') return 1;
  return felonyYears(ctx);
}

/**
 * A felony's years by its maximum term (PC 800: 6 if punishable by 8 years or more; PC 801: 3 if
 * less), 'none' (PC 799), or null when the rules cannot tell: the limitation period's general rule,
 * and PC 851.93's wait.
 */
function felonyYears(ctx: ArrestContext): number | 'none' | null {
  return yearsOverDegrees(ctx.section, felonyYearsAsWritten);
}

function felonyYearsAsWritten(section: ParsedSection): number | 'none' | null {
  if (matchList(section, NO_LIMITATION_PERIOD).match === 'yes') return 'none';
  if (matchList(section, FELONIES_EIGHT_YEARS_OR_MORE).match === 'yes') return 6;
  if (matchList(section, FELONIES_UNDER_EIGHT_YEARS).match === 'yes') return 3;
  return null;
}

/**
 * A section written without the degree a list entry needs (a bare PC 459) is decided when every degree
 * gives the same answer; otherwise null (asked). Entries without a degree ignore it, so any other
 * section gets its own answer.
 */
export function yearsOverDegrees<T>(
  section: ParsedSection,
  yearsOf: (s: ParsedSection) => T | null,
): T | null {
  const asWritten = yearsOf(section);
  if (asWritten !== null || section.degree !== null) return asWritten;
  const [first, second] = ([1, 2] as const).map((degree) => yearsOf({ ...section, degree }));
  return first !== undefined && first === second ? first : null;
}

/**
 * For a section without its degree whose degrees the rules place differently: which degree gives what,
 * to ask with (PC 459: second degree 3 years, first degree not known to the rules). '' otherwise.
 */
function degreeQuestion(ctx: ArrestContext): string {
  if (ctx.section.degree !== null || ctx.section.base === null) return '';
  const byDegree = ([1, 2] as const).map((degree) => felonyYearsAsWritten({ ...ctx.section, degree }));
  if (byDegree.every((y) => y === null)) return '';
  const says = (y: number | 'none' | null, name: string) =>
    y === null
      ? `the rules do not know ${name}'s maximum term${ctx.section.base === '459' ? ' (PC 461(a), not read)' : ''}`
      : y === 'none'
        ? `${name} has none`
        : `${name} gives ${y} years`;
  return ` The record does not give the degree: ${says(byDegree[1] ?? null, 'second degree')}, ${says(byDegree[0] ?? null, 'first degree')}; check the degree, or that degree's maximum term.`;
}

const LIMITATION_CITATION = 'PC 799-802';

/**
 * The first day on which the limitation period has run, counted from the arrest date as California
 * counts time (the first day excluded, the last included): the day after the anniversary.
 */
function limitationRunsOn(ctx: ArrestContext, years: number): IsoDate {
  return dayAfterAnniversary(ctx.arrest.date, years);
}

function missingDisposition(citation: string): Reason {
  return reason(
    'missing_disposition',
    said`How did the arrest end: no charges filed, dismissed, acquitted, diversion completed, or still pending? (disposition is unknown).`,
    citation,
  );
}

function findingsWith(basis: Basis, citation: string): Findings {
  return { bars: [], unknowns: [], waits: [], filingBars: [], filingCitation: citation, basis, notes: [] };
}

// ---------------------------------------------------------------------------------------------
// PC 851.91: petition to seal an arrest that did not result in a conviction.

const SEAL = 'PC 851.91(a)(1)';
const SEAL_RIGHT = 'PC 851.91(c)(1)';
const SEAL_JUSTICE = 'PC 851.91(c)(2)';

/**
 * Two or more convictions, or five or more arrests, of the same kind within three years (pattern),
 * named as the matter page names them; '' when there is none.
 */
function abusePattern(ctx: ArrestContext, kind: string): string {
  const sameKind = (code: string, section: string) => {
    const { entry, match } = matchList(parseSection(code, section), Object.keys(ABUSE_OFFENSES));
    return match === 'yes' && entry !== null && ABUSE_OFFENSES[entry] === kind;
  };
  const near = (date: string) =>
    date >= addYears(ctx.arrest.date, -3) && date <= addYears(ctx.arrest.date, 3);
  const convictions = ctx.input.convictions.filter(
    (c) => sameKind(c.code, c.section) && near(c.convictionDate),
  );
  const arrests = (ctx.input.arrests ?? []).filter((a) => sameKind(a.code, a.section) && near(a.date));
  if (convictions.length >= 2) return nameConvictions(convictions);
  if (arrests.length >= 5) return nameArrests(arrests);
  return '';
}

function sealBasis(ctx: ArrestContext): Basis {
  const { entry } = matchList(ctx.section, Object.keys(ABUSE_OFFENSES));
  const kind = entry === null ? undefined : ABUSE_OFFENSES[entry];
  const pattern = kind === undefined ? '' : abusePattern(ctx, kind);
  if (kind !== undefined && pattern.length > 0) {
    return {
      determination: 'eligible_discretionary',
      reasons: [
        reason(
          'abuse_pattern',
          said`The record shows a pattern of ${kind} (two or more convictions or five or more arrests within three years: ${pattern}), so sealing is only in the interests of justice.`,
          SEAL_JUSTICE,
        ),
      ],
    };
  }
  return {
    determination: 'eligible_mandatory',
    reasons: [
      reason(
        'sealing_as_of_right',
        said`The arrest did not result in a conviction: sealing is granted as a matter of right (unless the person evaded law enforcement through identity fraud, PC 851.91(a)(2)(C)-(D)).`,
        SEAL_RIGHT,
      ),
    ],
  };
}

function sealLimitation(ctx: ArrestContext, findings: Findings, refiling: boolean): void {
  const years = limitationYears(ctx);
  if (years === 'none') {
    findings.bars.push(
      reason(
        'no_limitation_period',
        said`${ctx.sectionLabel} has no limitation period, so charges may always be filed; sealing needs an acquittal or a finding of factual innocence.`,
        `PC 851.91(a)(2)(B); PC 799`,
      ),
    );
    return;
  }
  if (years === 'facts') {
    findings.unknowns.push(
      reason(
        'missing_limitation_period',
        said`May charges for ${ctx.sectionLabel} still be filed? Its limitation period may be longer than the general one, or none, by facts the arrest does not record: force, a victim under 18 or under 14, domestic violence. Charges that may still be filed bar sealing.`,
        `${refiling ? 'PC 851.91(a)(1)(B)(i)' : 'PC 851.91(a)(1)(A)'}; PC 851.91(a)(2); PC 799(b), 801.1, 802(b), 803.7`,
      ),
    );
    return;
  }
  if (years === null) {
    findings.unknowns.push(
      reason(
        'missing_limitation_period',
        said`Has the limitation period for ${ctx.sectionLabel} run (3 years for most felonies, 6 if punishable by 8 years or more, none for some)? The rules do not know this section's; charges that may still be filed bar sealing.${degreeQuestion(ctx)}`,
        `${refiling ? 'PC 851.91(a)(1)(B)(i)' : 'PC 851.91(a)(1)(A)'}; ${LIMITATION_CITATION}`,
      ),
    );
    return;
  }
  const date = limitationRunsOn(ctx, years);
  if (refiling) {
    if (date <= ctx.asOf) {
      findings.notes?.push(
        reason(
          'limitation_period_run',
          said`The limitation period ran by ${date}, so the charge cannot be refiled.`,
          'PC 851.91(a)(1)(B)(i)',
        ),
      );
    } else {
      findings.unknowns.push(
        reason(
          'missing_refiling',
          said`Can the dismissed charge still be refiled (PC 1387)? If not, the arrest can be sealed now; otherwise from ${date}, when the limitation period has run.`,
          'PC 851.91(a)(1)(B)(i); PC 1387',
        ),
      );
    }
    return;
  }
  findings.waits.push({
    date,
    done: reason(
      'limitation_period_run',
      said`No charges were filed and the ${years}-year limitation period ran by ${date} (the arrest date stands in for the offense date).`,
      `PC 851.91(a)(1)(A); ${LIMITATION_CITATION}`,
    ),
    pending: reason(
      'limitation_period_running',
      said`No charges were filed, but charges may be filed until the ${years}-year limitation period runs: sealing from ${date}.`,
      `PC 851.91(a)(1)(A); ${LIMITATION_CITATION}`,
    ),
  });
}

/**
 * The other charges of the same arrest (same day, same agency): sealing is of the arrest, "with
 * respect to all charges" (PC 851.91(a)(1)(B)), and not while the person "may still be charged with
 * any of the offenses upon which the arrest was based" (PC 851.91(a)(2)(A)). A charge still pending
 * bars it; one whose end is not known is asked. (A charge of it that ended in a conviction is a
 * conviction, not an arrest record: the attorney checks the RAP sheet's cycle.)
 */
function otherCharges(ctx: ArrestContext, findings: Findings): void {
  const agency = ctx.arrest.agency?.toUpperCase().replace(/\s+/g, ' ');
  if (!agency) return;
  const others = (ctx.input.arrests ?? []).filter(
    (a) =>
      a.id !== ctx.arrest.id &&
      a.date === ctx.arrest.date &&
      a.agency?.toUpperCase().replace(/\s+/g, ' ') === agency,
  );
  const named = (list: typeof others) => list.map((a) => `${a.code} ${a.section}`).join(', ');
  const pending = others.filter((a) => a.disposition === 'pending');
  if (pending.length > 0)
    findings.bars.push(
      reason(
        'other_charge_pending',
        said`Another charge of the same arrest (${named(pending)}) is still pending: an arrest is not sealed while the person may still be charged with any offense it was based on.`,
        'PC 851.91(a)(2)(A)',
      ),
    );
  const unknown = others.filter((a) => a.disposition === 'unknown');
  if (unknown.length > 0)
    findings.unknowns.push(
      reason(
        'other_charge_unknown',
        said`How did the other charge of the same arrest end (${named(unknown)})? Sealing is of the whole arrest, with respect to all its charges.`,
        'PC 851.91(a)(1)(B); PC 851.91(a)(2)(A)',
      ),
    );
}

export const pc851_91: ArrestRule = {
  remedy: 'pc851.91',
  evaluate(ctx) {
    const findings = findingsWith(sealBasis(ctx), SEAL);
    otherCharges(ctx, findings);
    switch (ctx.arrest.disposition) {
      case 'pending':
        findings.bars.push(reason('charges_pending', said`The case is still pending.`, 'PC 851.91(a)(2)(A)'));
        break;
      case 'unknown':
        findings.unknowns.push(missingDisposition(SEAL));
        break;
      case 'acquitted':
        findings.notes?.push(reason('acquitted', said`The person was acquitted.`, 'PC 851.91(a)(1)(B)(ii)'));
        break;
      case 'diversion_completed':
        findings.notes?.push(
          reason(
            'diversion_dismissal',
            said`Diversion was completed and the charge dismissed, so it cannot be refiled (the diversion statutes, e.g. PC 851.87, 851.90, 1001.9, also allow sealing).`,
            'PC 851.91(a)(1)(B)(i)',
          ),
        );
        break;
      case 'dismissed':
        sealLimitation(ctx, findings, true);
        break;
      case 'no_charges':
        sealLimitation(ctx, findings, false);
        break;
    }
    return decide(ctx, findings);
  },
};

// ---------------------------------------------------------------------------------------------
// PC 851.93: automatic arrest relief, monthly, by DOJ.

const AUTO = 'PC 851.93(a)(2)';

const CHECK_RAP_SHEET = reason(
  'check_rap_sheet',
  said`DOJ grants arrest relief automatically, without a petition: it may already have been granted. Check the RAP sheet for "relief granted"; it only happens when DOJ’s electronic record is complete.`,
  'PC 851.93(a)',
);

/**
 * Felony arrests before SB 731 operated reached only felonies punished in county jail under
 * PC 1170(h); state-prison felonies wait for the day SB 731's felony relief operated. false: stop
 * (a bar or a question was added).
 */
function felonyCovered(ctx: ArrestContext, findings: Findings): boolean {
  const felonies = ctx.version.automaticRelief.felonies;
  if (felonies !== null && ctx.asOf >= felonies.operativeFrom) return true;
  if (matchList(ctx.section, COUNTY_JAIL_1170H_FELONIES).match === 'yes') return true;
  const prison =
    matchList(ctx.section, STATE_PRISON_FELONIES).match === 'yes' ||
    matchList(ctx.section, FELONIES_EIGHT_YEARS_OR_MORE).match === 'yes';
  if (felonies !== null) {
    findings.waits.push({
      date: felonies.operativeFrom,
      done: reason(
        'felony_arrest_relief_operating',
        said`Relief for felony arrests beyond PC 1170(h) felonies operates from ${felonies.operativeFrom}.`,
        `${AUTO}(C)`,
      ),
      pending: reason(
        'felony_arrest_relief_not_operating',
        said`Automatic relief for felony arrests other than PC 1170(h) felonies operates from ${felonies.operativeFrom}.`,
        `${AUTO}(C)`,
      ),
    });
    return true;
  }
  if (prison) {
    findings.bars.push(
      reason(
        'state_prison_arrest_not_covered',
        said`Under rules ${ctx.version.id}, automatic arrest relief reaches felonies punished in county jail under PC 1170(h), not state-prison felonies like ${ctx.sectionLabel}.`,
        `${AUTO}(C); PC 1170(h)`,
      ),
    );
  } else {
    findings.unknowns.push(
      reason(
        'unknown_1170h_status',
        said`Is ${ctx.sectionLabel} punished in county jail under PC 1170(h)? Under rules ${ctx.version.id} automatic arrest relief reaches only those felonies.`,
        `${AUTO}(C); PC 1170(h)`,
      ),
    );
  }
  return false;
}

/** No charges on a felony arrest: 3 years, or 6 when punishable by 8 years or more. */
function felonyWait(ctx: ArrestContext, findings: Findings): void {
  const years = felonyYears(ctx);
  if (years === 'none') {
    // PC 851.91(a)(2)(B) leaves offenses with no limitation period out of sealing; whether (a)(2)(C)
    // of PC 851.93 does the same was not read, so it is asked rather than granted after 6 years.
    findings.unknowns.push(
      reason(
        'no_limitation_period_check',
        said`${ctx.sectionLabel} has no limitation period, so charges may still be filed (PC 799), and PC 851.91(a)(2)(B) keeps such an arrest from being sealed unless the person was acquitted or found factually innocent. Check whether PC 851.93(a)(2)(C) also leaves it out (its text on offenses with no limitation period was not read) before saying DOJ relief is due.`,
        `${AUTO}(C); PC 799; PC 851.91(a)(2)(B)`,
      ),
    );
    return;
  }
  const sixPassed = dayAfterAnniversary(ctx.arrest.date, 6) <= ctx.asOf;
  if (years === null && !sixPassed) {
    findings.unknowns.push(
      reason(
        'missing_max_term',
        said`Is ${ctx.sectionLabel} punishable by 8 years or more? Then the wait is 6 years after the arrest, otherwise 3; the rules do not know this section.${degreeQuestion(ctx)}`,
        `${AUTO}(C)(i)-(ii)`,
      ),
    );
    return;
  }
  const wait = years === 3 ? 3 : 6;
  // Years "elapsed since the date of the arrest" end with the anniversary (Civ. Code 10).
  const date = dayAfterAnniversary(ctx.arrest.date, wait);
  const citation = wait === 6 ? `${AUTO}(C)(ii)` : `${AUTO}(C)(i)`;
  findings.waits.push({
    date,
    done: reason(
      'arrest_wait_passed',
      said`${wait} years have passed since the arrest on ${ctx.arrest.date} with no charges filed.`,
      citation,
    ),
    pending: reason(
      'arrest_wait_not_passed',
      said`${wait} years must pass after the arrest (${ctx.arrest.date}) with no charges filed: from ${date}.`,
      citation,
    ),
  });
}

export const pc851_93: ArrestRule = {
  remedy: 'pc851.93',
  evaluate(ctx) {
    const { arrest, version } = ctx;
    const findings = findingsWith({ determination: 'eligible_mandatory', reasons: [CHECK_RAP_SHEET] }, AUTO);
    const relief = version.automaticRelief;
    if (ctx.asOf < relief.operativeFrom) {
      findings.waits.push({
        date: relief.operativeFrom,
        done: reason(
          'automatic_relief_operating',
          said`DOJ’s monthly review began on ${relief.operativeFrom}.`,
          'PC 851.93(a)(1)',
        ),
        pending: reason(
          'automatic_relief_not_operating',
          said`DOJ’s monthly review for arrest relief begins on ${relief.operativeFrom}; nothing is granted before then.`,
          'PC 851.93(a)(1)',
        ),
      });
    }
    if (arrest.date < relief.recordsFrom) {
      findings.bars.push(
        reason(
          'arrest_before_covered_period',
          said`Under rules ${version.id}, automatic arrest relief covers arrests from ${relief.recordsFrom}; this one is dated ${arrest.date}.`,
          AUTO,
        ),
      );
    }
    const felony = arrest.level === 'felony';
    switch (arrest.disposition) {
      case 'pending':
        findings.bars.push(reason('charges_pending', said`The case is still pending.`, AUTO));
        break;
      case 'unknown':
        findings.unknowns.push(missingDisposition(AUTO));
        break;
      case 'diversion_completed':
        findings.notes?.push(
          reason(
            'diversion_completed',
            said`A completed prefiling, drug (PC 1000) or pretrial diversion program for this arrest qualifies; if the program was another kind, check by hand.`,
            `${AUTO}(D)`,
          ),
        );
        break;
      case 'acquitted':
        if (felony) felonyCovered(ctx, findings);
        findings.notes?.push(
          reason(
            'acquitted',
            said`The person was acquitted of the charges from this arrest.`,
            felony ? `${AUTO}(C)` : `${AUTO}(B)`,
          ),
        );
        break;
      case 'dismissed':
        if (felony) {
          findings.bars.push(
            reason(
              'felony_charges_dismissed',
              said`Felony charges were filed and then dismissed: PC 851.93 reaches felony arrests only when no proceedings were initiated (or on acquittal). Petition to seal under PC 851.91 instead.`,
              `${AUTO}(C)`,
            ),
          );
        } else {
          findings.notes?.push(
            reason('misdemeanor_dismissed', said`The misdemeanor charge was dismissed.`, `${AUTO}(A)`),
          );
        }
        break;
      case 'no_charges':
        if (felony) {
          if (felonyCovered(ctx, findings)) felonyWait(ctx, findings);
        } else {
          const date = dayAfterAnniversary(arrest.date, 1);
          findings.waits.push({
            date,
            done: reason(
              'arrest_wait_passed',
              said`A year has passed since the arrest on ${arrest.date} with no charges filed.`,
              `${AUTO}(B)`,
            ),
            pending: reason(
              'arrest_wait_not_passed',
              said`One calendar year must pass after the arrest (${arrest.date}) with no charges filed: from ${date}.`,
              `${AUTO}(B)`,
            ),
          });
        }
        break;
    }
    return decide(ctx, findings);
  },
};
