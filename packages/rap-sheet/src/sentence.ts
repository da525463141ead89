// Sentences: `3 YEARS PROBATION, 30 DAYS JAIL, FINE` → probation, jail and prison terms.

import { foldDigits, wordKey } from './text.ts';
import type { Sentence } from './types.ts';

type Unit = 'year' | 'month' | 'week' | 'day' | 'hour';
type Term = 'probation' | 'jail' | 'prison';

const UNITS: Array<[Unit, string[]]> = [
  ['year', ['YEARS', 'YEAR', 'YRS', 'YR', 'Y']],
  ['month', ['MONTHS', 'MONTH', 'MOS', 'MO', 'MTHS', 'MTH', 'M']],
  ['week', ['WEEKS', 'WEEK', 'WKS', 'WK', 'W']],
  ['day', ['DAYS', 'DAY', 'DYS', 'DY', 'D']],
  ['hour', ['HOURS', 'HOUR', 'HRS', 'HR', 'H']],
];
const UNIT_KEYS = new Map<string, Unit>(
  UNITS.flatMap(([unit, words]) => words.map((word) => [wordKey(word), unit] as const)),
);

// Longest first, so `STATE PRISON` is read before anything shorter could claim it.
const TERMS: Array<[Term, string[]]> = [
  ['probation', ['CONDITIONAL PROBATION', 'FORMAL PROBATION', 'SUMMARY PROBATION', 'COURT PROBATION']],
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

const PART = /^\s*([0-9OIL]{1,4})\s*([A-Z]{1,6})\.?\s+(.+)$/;

interface ReadTerm {
  term: Term;
  amount: number;
  unit: Unit;
}

/** One comma-separated part: `036 MONTHS PROBATION`, `1 YR JL WORK`; null for anything else. */
function readPart(part: string): ReadTerm | null {
  const match = PART.exec(part);
  if (!match) return null;
  const amount = Number(foldDigits(match[1] ?? ''));
  const unit = unitOf(match[2] ?? '');
  if (!Number.isFinite(amount) || unit === null) return null;
  const words = (match[3] ?? '').trim().split(/\s+/);
  const term = termOf(words);
  if (term === null) return null;
  // `PRISON SS`, `JAIL SS`: execution suspended, so not served unless probation is revoked.
  const last = words[words.length - 1] ?? '';
  if (words.length > 1 && /^SS$/.test(last)) return null;
  return { term, amount, unit };
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

/**
 * Reads a sentence. Terms of the same kind add up (`30 DAYS JAIL, 30 DAYS JAIL CONSEC` is 60 days);
 * years are 12 months or 365 days, months 30 days; a term with `SS` after it (suspended) is a detail,
 * not a term served.
 */
export function readSentence(written: string): Sentence {
  const text = written.replace(/\s+/g, ' ').trim();
  const sentence: Sentence = { text, probationMonths: null, jailDays: null, prisonMonths: null, details: [] };
  for (const rawPart of text.split(/[,;]/)) {
    const part = rawPart.trim().replace(/^[.'*-]+|[.'*-]+$/g, '');
    if (part === '') continue;
    const term = readPart(part);
    if (term === null) {
      sentence.details.push(part);
      continue;
    }
    if (term.term === 'probation') {
      sentence.probationMonths = (sentence.probationMonths ?? 0) + months(term.amount, term.unit);
    } else if (term.term === 'jail') {
      sentence.jailDays = (sentence.jailDays ?? 0) + days(term.amount, term.unit);
    } else {
      sentence.prisonMonths = (sentence.prisonMonths ?? 0) + months(term.amount, term.unit);
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
