// Sentences: `3 YEARS PROBATION, 30 DAYS JAIL, FINE` → probation, jail and prison terms.

import { foldDigits, wordKey } from './text.ts';
import type { Sentence } from './types.ts';

type Unit = 'year' | 'month' | 'week' | 'day' | 'hour';
type Term = 'probation' | 'jail' | 'prison';

const UNITS: Array<[Unit, string[]]> = [
  ['year', ['YEARS', 'YEAR', 'YRS', 'YR', 'Y']],
  ['month', ['MONTHS', 'MONTH', 'MOS', 'MO', 'MTHS', 'MTH', 'M']],
  ['week', ['WEEKS', 'WEEK', 'WKS', 'WK', 'W']],
  ['day', ['DAYS', 'DAY', 'DYS', 'DY', 'DS', 'D']],
  ['hour', ['HOURS', 'HOUR', 'HRS', 'HR', 'H']],
];
const UNIT_KEYS = new Map<string, Unit>(
  UNITS.flatMap(([unit, words]) => words.map((word) => [wordKey(word), unit] as const)),
);

// Longest first, so `STATE PRISON` is read before anything shorter could claim it.
const TERMS: Array<[Term, string[]]> = [
  ['probation', ['CONDITIONAL PROBATION', 'FORMAL PROBATION', 'SUMMARY PROBATION', 'COURT PROBATION']],
  // A conditional sentence is California's misdemeanor probation (PC 1203(a)); SUMM, COND, INF abbreviate.
  ['probation', ['CONDITIONAL SENTENCE', 'COND SENTENCE', 'CONDITIONAL SENT', 'COND SENT']],
  ['probation', ['SUMMARY PROB', 'SUMM PROB', 'SUM PROB', 'COND PROB', 'CONDITIONAL PROB', 'FORMAL PROB']],
  ['probation', ['INFORMAL PROB', 'INF PROB', 'COURT PROB']],
  ['probation', ['INFORMAL PROBATION', 'PROBATION', 'PROBATN', 'PROB']],
  ['jail', ['COUNTY JAIL', 'JAIL WORK', 'JL WORK', 'JAIL', 'JL', 'CJ']],
  ['prison', ['STATE PRISON', 'ST PRISON', 'PRISON', 'CDCR', 'CDC']],
];
const TERM_KEYS = TERMS.flatMap(([term, words]) => words.map((word) => [wordKey(word), term] as const));

function unitOf(word: string): Unit | null {
  return UNIT_KEYS.get(wordKey(word)) ?? null;
}

function termOf(words: string[]): Term | null {
  const first = wordKey(words.slice(0, 2).join(''));
  for (const [key, term] of TERM_KEYS) if (first.startsWith(key)) return term;
  return null;
}

/** One amount and its unit at the start of the text: `2 YEARS `, `36MOS `, `8 MONTHS AND `. */
const AMOUNT = /^\s*([0-9OIL]{1,4})\s*([A-Z]{1,6})\.?(?:\s+AND)?(?:\s+|$)/;

/**
 * Words that say a term is not served: execution (or imposition) suspended, stayed. `PRISON SS`,
 * `PRISON SUSPENDED`, `SUSP`, `SUSP'D`, `ESS`, `E.S.S.`, `EXECUTION SUSPENDED`, `EXEC SUSP`, `STAYED`.
 */
const SUSPENSION =
  /(?:^|[^A-Z])(?:SS|E\.?\s?S\.?\s?S|I\.?\s?S\.?\s?S|SUSP(?:ENDED|ENDD|'D|D|END)?|SUSPENSION|EXEC(?:UTION)?\.?\s+(?:OF\s+SENTENCE\s+)?SUSP\w*|STAYED|STAY)(?:$|[^A-Z])/;

/** A part that only says the term before it is suspended: `..., EXECUTION SUSPENDED`. */
const SUSPENSION_ONLY =
  /^(?:SS|E\.?\s?S\.?\s?S\.?|SUSP(?:ENDED|'D|D)?|EXEC(?:UTION)?\.?\s+(?:OF\s+SENTENCE\s+)?SUSP\w*|(?:SENTENCE\s+|TERM\s+)?(?:SUSPENDED|STAYED))$/;

interface ReadTerm {
  term: Term;
  /** One amount or more: `2 YEARS 8 MONTHS PRISON` is 2 years and 8 months. */
  amounts: Array<{ amount: number; unit: Unit }>;
  /** Execution suspended (or stayed): not served unless probation is revoked. */
  suspended: boolean;
}

/**
 * One comma-separated part: `036 MONTHS PROBATION`, `1 YR JL WORK`, `2 YEARS 8 MONTHS PRISON`,
 * `2 YEARS PRISON SUSPENDED`; null for anything else.
 */
function readPart(part: string): ReadTerm | null {
  const amounts: ReadTerm['amounts'] = [];
  let rest = part;
  for (;;) {
    const match = AMOUNT.exec(rest);
    if (!match) break;
    const written = match[1] ?? '';
    // After the first, an amount is digits (`8 MONTHS`), not a word that looks like one.
    if (amounts.length > 0 && !/\d/.test(written)) break;
    const amount = Number(foldDigits(written));
    const unit = unitOf(match[2] ?? '');
    if (!Number.isFinite(amount) || unit === null) break;
    amounts.push({ amount, unit });
    rest = rest.slice(match[0].length);
  }
  if (amounts.length === 0 || rest.trim() === '') return null;
  const words = rest.trim().split(/\s+/);
  const term = termOf(words);
  if (term === null) return null;
  // Probation is itself what a suspended sentence leaves (`PROBATION, IMPOSITION OF SENTENCE SUSPENDED`).
  return { term, amounts, suspended: term !== 'probation' && SUSPENSION.test(rest) };
}

/** Whether a part of a sentence (one of its `details`) is a prison or jail term suspended or stayed. */
export function isSuspendedTerm(part: string): boolean {
  const read = readPart(part);
  return read?.suspended === true;
}

/**
 * Whether a part of a sentence (one of its `details`) names a probation, jail or prison term the
 * reader could not read (`PRISON 2 YEARS`, `FORMAL PROBATION` with no length): said, so it is checked.
 */
export function isUnreadTerm(part: string): boolean {
  if (readPart(part) !== null) return false;
  const words = part.split(/[^A-Z0-9']+/).filter(Boolean);
  const namesTerm = words.some((word, at) => termOf(words.slice(at)) !== null && !/^(CC|CS)$/.test(word));
  if (!namesTerm) return false;
  if (/DENIED|REVOKED|REINSTATED|TERMINATED|VIOLATION|CONDITIONS?|CREDIT|CRDT|FEE|REPORT/.test(part))
    return false;
  return (
    /\d/.test(part) ||
    /\b(?:ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|YEARS?|YRS?|MONTHS?|MOS?|WEEKS?|DAYS?)\b/.test(
      part,
    ) ||
    /^(?:[A-Z]+\s+)?(?:PROBATION|PROBATN|PROB)$/.test(part)
  );
}

function months(amount: number, unit: Unit): number {
  switch (unit) {
    case 'year':
      return amount * 12;
    case 'month':
      return amount;
    case 'week':
      return Math.ceil((amount * 7) / 30);
    case 'day':
      return Math.ceil(amount / 30);
    case 'hour':
      return Math.ceil(amount / 24 / 30);
  }
}

function days(amount: number, unit: Unit): number {
  switch (unit) {
    case 'year':
      return amount * 365;
    case 'month':
      return amount * 30;
    case 'week':
      return amount * 7;
    case 'day':
      return amount;
    case 'hour':
      return Math.ceil(amount / 24);
  }
}

/** Where another amount begins inside a part: `3 YRS PROB 60 DS JL` → `3 YRS PROB` | `60 DS JL`. */
const NEXT_AMOUNT =
  /\s+(?=[0-9]{1,4}\s*(?:YEARS?|YRS?|MONTHS?|MOS?|MTHS?|DAYS?|DYS|DS|WEEKS?|WKS?|HOURS?|HRS?)\b)/;

/**
 * The terms of one comma-separated part: two written with no comma between (`3 YRS PROB 60 DS JL`)
 * are two, where the first already reads as a term; `2 YEARS 8 MONTHS PRISON` stays one.
 */
function termsOfPart(part: string): string[] {
  const pieces = part.split(NEXT_AMOUNT);
  const parts: string[] = [];
  for (const piece of pieces) {
    const last = parts[parts.length - 1];
    if (last !== undefined && readPart(last.trim().replace(/^[.'*-]+|[.'*-]+$/g, '')) === null)
      parts[parts.length - 1] = `${last} ${piece}`;
    else parts.push(piece);
  }
  return parts;
}

/**
 * Reads a sentence. Terms of the same kind add up (`30 DAYS JAIL, 30 DAYS JAIL CONSEC` is 60 days);
 * years are 12 months or 365 days, months 30 days; a jail or prison term suspended or stayed (`SS`,
 * `SUSPENDED`, `SUSP'D`, `ESS`, `EXECUTION SUSPENDED`, in its part or the part after it) is a detail,
 * not a term served.
 */
export function readSentence(written: string): Sentence {
  const text = written.replace(/\s+/g, ' ').trim();
  const sentence: Sentence = { text, probationMonths: null, jailDays: null, prisonMonths: null, details: [] };
  const read: Array<{ part: string; term: ReadTerm | null }> = [];
  for (const rawPart of text.split(/[,;]/).flatMap(termsOfPart)) {
    const part = rawPart.trim().replace(/^[.'*-]+|[.'*-]+$/g, '');
    if (part === '') continue;
    const term = readPart(part);
    // `2 YEARS PRISON, EXECUTION SUSPENDED`: the suspension is of the jail or prison term before it.
    const previous = read[read.length - 1];
    if (term === null && SUSPENSION_ONLY.test(part) && previous?.term && previous.term.term !== 'probation') {
      previous.term.suspended = true;
      previous.part = `${previous.part}, ${part}`;
      continue;
    }
    if (term === null) {
      read.push({ part, term: null });
      continue;
    }
    read.push({ part, term });
  }
  for (const { part, term } of read) {
    if (term === null || term.suspended) {
      sentence.details.push(part);
      continue;
    }
    const inMonths = term.amounts.reduce((sum, { amount, unit }) => sum + months(amount, unit), 0);
    if (term.term === 'probation') {
      sentence.probationMonths = (sentence.probationMonths ?? 0) + inMonths;
    } else if (term.term === 'jail') {
      const inDays = term.amounts.reduce((sum, { amount, unit }) => sum + days(amount, unit), 0);
      sentence.jailDays = (sentence.jailDays ?? 0) + inDays;
    } else {
      sentence.prisonMonths = (sentence.prisonMonths ?? 0) + inMonths;
    }
  }
  return sentence;
}

/** Words that only a sentence's continuation line holds. */
export function looksLikeSentenceWords(line: string): boolean {
  return /\b(PROB|PROBATION|JAIL|JL|PRISON|CDC|FINE|FINES|RESTN|RSTN|RESTITUTION|SS|CONCURRENT|CONCUR|CONSEC|CONSECUTIVE|CC|CS|IMP|SEN|SUSP|DAYS|MONTHS|YEARS|YRS|MOS|HOURS|COMMUNITY|SERVICE|WORK|PROGRAM|CLASS|COUNSELING|ASSESSMENT|FEE|CREDIT|CRDT|RELEASE|CONDITIONS)\b/.test(
    line,
  );
}
