// What every remedy rule receives, and the one place that turns a rule's findings into a
// determination, so that the order "bar, missing fact, waiting period, filing bar, kind" is the same
// for every remedy.
import { type Determination, type RemedyId, readableDate } from '@relief-desk/domain';
import { addDays, addYears, type IsoDate, isRealDate, latestOf } from '../dates.ts';
import type { ArrestInput, ConvictionInput, EligibilityInput, PersonInput } from '../schema.ts';
import type { ParsedSection } from '../sections.ts';
import type { Reason, RemedyResult } from '../types.ts';
import type { RulesVersion } from '../versions.ts';

export interface RuleContext {
  input: EligibilityInput;
  person: PersonInput;
  conviction: ConvictionInput;
  section: ParsedSection;
  /** The section for reason text, e.g. "PC 245(a)(1)". */
  sectionLabel: string;
  asOf: IsoDate;
  version: RulesVersion;
}

/** What an arrest rule receives: the arrest instead of a conviction. */
export interface ArrestContext {
  input: EligibilityInput;
  person: PersonInput;
  arrest: ArrestInput;
  section: ParsedSection;
  sectionLabel: string;
  asOf: IsoDate;
  version: RulesVersion;
}

/** What `decide` needs: the date, the person, and the conviction when the rule is about one. */
export interface DecideContext {
  asOf: IsoDate;
  person: PersonInput;
  conviction?: ConvictionInput;
}

export type RuleOutcome = Omit<RemedyResult, 'remedy'>;

export interface RemedyRule {
  remedy: RemedyId;
  /** null: the remedy cannot apply to this conviction at all and is left out of the list. */
  evaluate(ctx: RuleContext): RuleOutcome | null;
}

export interface ArrestRule {
  remedy: RemedyId;
  /** null: the remedy cannot apply to this arrest at all and is left out of the list. */
  evaluate(ctx: ArrestContext): RuleOutcome | null;
}

declare const SAID: unique symbol;
/** Reason text whose dates read as the rest of the app writes them ("Jun 24, 2008"): made by `said`. */
export type ReasonText = string & { readonly [SAID]: true };

const ISO_DATES = /\b\d{4}-\d{2}-\d{2}\b/g;

/**
 * The text of a reason, as a template: said`Probation ended on ${endDate}.` Staff read reasons on the
 * matter page and copy them into decisions, so a value that is a date is written as the app writes
 * dates (the domain's readableDate), and so is a date typed into the wording itself. Other values go
 * in as they are: text built here is already readable, and a case number that holds a date among
 * other characters is the court's, not to be rewritten.
 */
export function said(strings: TemplateStringsArray, ...values: unknown[]): ReasonText {
  let text = '';
  strings.forEach((part, i) => {
    text += part.replace(ISO_DATES, readableDate);
    if (i < values.length) {
      const value = values[i];
      text += typeof value === 'string' && isRealDate(value) ? readableDate(value) : String(value);
    }
  });
  return text as ReasonText;
}

/** Every reason is made here, its text by `said`, so no date in it reads as YYYY-MM-DD. */
export function reason(code: string, text: ReasonText, citation: string): Reason {
  return { code, text, citation };
}

/** A waiting period: `done` explains it once `date` has come, `pending` while it is still ahead. */
export interface Wait {
  date: IsoDate;
  done: Reason;
  pending: Reason;
}

/** Whether relief is mandatory or discretionary once available, or which fact would decide it. */
export type Basis =
  | { determination: 'eligible_mandatory' | 'eligible_discretionary'; reasons: Reason[] }
  | { determination: 'needs_more_info'; reasons: Reason[] };

/** Facts about the person today that bar filing now (PC 1203.4(a)(1), 1203.4a(a), 1203.41(a)...). */
export type FilingFact = 'currentlyCharged' | 'underSupervision' | 'servingSentence';

export interface Findings {
  /** Definite bars: not_eligible. */
  bars: Reason[];
  /** Facts the rule needs but the record lacks: needs_more_info. */
  unknowns: Reason[];
  waits: Wait[];
  /** Person facts that bar filing today; looked at only when nothing else stands in the way. */
  filingBars: readonly FilingFact[];
  /** Citation for the filing bars. */
  filingCitation: string;
  basis: Basis;
  /** Supporting facts shown with an eligible determination (e.g. "the value was $950 or less"). */
  notes?: Reason[];
}

const FILING_FACTS: Record<
  FilingFact,
  { barCode: string; missingCode: string; bar: ReasonText; missing: ReasonText }
> = {
  currentlyCharged: {
    barCode: 'currently_charged',
    missingCode: 'missing_currently_charged',
    bar: said`The person is currently charged with an offense, which bars filing now; re-check once the charge is resolved.`,
    missing: said`Is the person currently charged with any offense? That bars filing now (currentlyCharged is unknown).`,
  },
  underSupervision: {
    barCode: 'under_supervision',
    missingCode: 'missing_under_supervision',
    bar: said`The person is on probation or other supervision in some case, which bars filing now; re-check when it ends.`,
    missing: said`Is the person on probation, parole, PRCS or mandatory supervision in any case? That bars filing now (underSupervision is unknown).`,
  },
  servingSentence: {
    barCode: 'serving_sentence',
    missingCode: 'missing_serving_sentence',
    bar: said`The person is serving a sentence for some offense, which bars filing now; re-check when it ends.`,
    missing: said`Is the person serving a sentence for any offense? That bars filing now (servingSentence is unknown).`,
  },
};

/** The conviction's own sentence or probation has not ended (the end date is today or later). */
export function ownSentenceRunning(ctx: DecideContext): boolean {
  const end = ctx.conviction?.sentence.endDate ?? null;
  return end !== null && end >= ctx.asOf;
}

/** The day after the sentence or probation ends: the end date is its last day. */
export function dayAfterEnd(endDate: IsoDate): IsoDate {
  return addDays(endDate, 1);
}

/**
 * The first day after `years` have passed since the sentence was completed: completion is the end
 * of `endDate` (its last day), so the count starts the day after, as for PC 1203.4 (a sentence that
 * ended 2020-03-10 has run two years at the end of 2022-03-10; relief from 2022-03-11).
 */
export function yearsAfterCompletion(endDate: IsoDate, years: number): IsoDate {
  return addYears(dayAfterEnd(endDate), years);
}

export function missingEndDate(citation: string, what = 'the sentence or probation'): Reason {
  return reason(
    'missing_end_date',
    said`When did ${what} end (or when will it)? The rule counts from that date (sentence.endDate is unknown).`,
    citation,
  );
}

/**
 * Prop 47 (PC 1170.18(a)) and Prop 64 (HS 11361.8(a)) reach an act as it would have been punished
 * "had this act been in effect at the time of the offense": the offense date decides, not the
 * conviction's. With no offense date, a conviction before the effective date was for an earlier
 * offense; one on or after it is often for an earlier offense too (the usual petition), so it is asked.
 */
export function offenseBeforeEffect(
  ctx: RuleContext,
  findings: Findings,
  law: { effective: IsoDate; proposition: string; afterCode: string; citation: string },
): void {
  const { offenseDate, convictionDate } = ctx.conviction;
  const { effective, proposition, afterCode, citation } = law;
  if (offenseDate !== null && offenseDate >= effective) {
    findings.bars.push(
      reason(
        afterCode,
        said`The offense was committed on ${offenseDate}, on or after ${effective}, when ${proposition} took effect; it reaches only offenses committed before.`,
        citation,
      ),
    );
  } else if (offenseDate === null && convictionDate >= effective) {
    findings.unknowns.push(
      reason(
        'missing_offense_date',
        said`When was the offense committed? ${proposition} reaches offenses committed before ${effective}, and a conviction on ${convictionDate} may be for an earlier one (offenseDate is unknown).`,
        citation,
      ),
    );
  }
}

function filingCaveats(ctx: DecideContext, findings: Findings): Reason[] {
  const caveats: Reason[] = [];
  for (const fact of findings.filingBars) {
    // Supervision or a sentence while this case is still running is presumably this case.
    const explainedByThisCase = fact !== 'currentlyCharged' && ownSentenceRunning(ctx);
    if (ctx.person[fact] === true && !explainedByThisCase) {
      const info = FILING_FACTS[fact];
      caveats.push(
        reason(info.barCode, said`${info.bar} It must also be cleared by then.`, findings.filingCitation),
      );
    }
  }
  return caveats;
}

function outcome(
  determination: Determination,
  reasons: Reason[],
  eligibleOn: IsoDate | null = null,
): RuleOutcome {
  return { determination, eligibleOn, reasons };
}

/** Turn findings into a determination: bar, then missing fact, waiting period, filing bar, kind. */
export function decide(ctx: DecideContext, findings: Findings): RuleOutcome {
  if (findings.bars.length > 0) return outcome('not_eligible', findings.bars);
  if (findings.unknowns.length > 0) return outcome('needs_more_info', findings.unknowns);

  const pending = findings.waits.filter((w) => w.date > ctx.asOf);
  const [firstPending, ...laterPending] = pending;
  if (firstPending) {
    const eligibleOn = latestOf(firstPending.date, ...laterPending.map((w) => w.date));
    const reasons = pending.filter((w) => w.date === eligibleOn).map((w) => w.pending);
    return outcome('eligible_later', [...reasons, ...filingCaveats(ctx, findings)], eligibleOn);
  }

  const filingBars: Reason[] = [];
  const filingUnknowns: Reason[] = [];
  for (const fact of findings.filingBars) {
    const info = FILING_FACTS[fact];
    const value = ctx.person[fact];
    if (value === true) filingBars.push(reason(info.barCode, info.bar, findings.filingCitation));
    if (value === null) filingUnknowns.push(reason(info.missingCode, info.missing, findings.filingCitation));
  }
  if (filingBars.length > 0) return outcome('not_eligible', filingBars);
  if (filingUnknowns.length > 0) return outcome('needs_more_info', filingUnknowns);

  const { basis } = findings;
  if (basis.determination === 'needs_more_info') return outcome('needs_more_info', basis.reasons);
  // Facts first (probation completed, value), then what makes it mandatory or discretionary.
  const facts = findings.waits.map((w) => w.done);
  return outcome(basis.determination, [...facts, ...basis.reasons, ...(findings.notes ?? [])]);
}

/** Convictions in the record entered after this one (used for "later conviction" facts). */
export function laterConvictions(ctx: RuleContext): ConvictionInput[] {
  return ctx.input.convictions.filter(
    (c) => c.id !== ctx.conviction.id && c.convictionDate > ctx.conviction.convictionDate,
  );
}

/**
 * Other convictions named in reason text as the matter page names them: "HS 11359 (felony), case
 * AL2-14-CR-0099" (or ", convicted Mar 2, 2019" when the case number is unknown). Never the ids, which
 * are database keys staff do not see.
 */
export function nameConvictions(convictions: readonly ConvictionInput[]): ReasonText {
  return joined(
    convictions.map(
      (c) =>
        said`${c.code} ${c.section} (${c.level}), ${c.caseNumber ? said`case ${c.caseNumber}` : said`convicted ${c.convictionDate}`}`,
    ),
  );
}

/** Arrests named in reason text: "HS 11364 (misdemeanor), arrest of Jan 10, 2022". Never the ids. */
export function nameArrests(arrests: readonly ArrestInput[]): ReasonText {
  return joined(arrests.map((a) => said`${a.code} ${a.section} (${a.level}), arrest of ${a.date}`));
}

function joined(texts: readonly ReasonText[]): ReasonText {
  return texts.join('; ') as ReasonText;
}
