// Reads a code section as written on a record ("484(a)", "664/459", "11360 (a)(3)(C)", "459 2nd")
// into a base section, subdivisions, attempt and degree, and matches it against the section lists.
import * as lists from './section-lists.ts';

export interface ParsedSection {
  /** Upper-case code, e.g. "PC". */
  code: string;
  /** Section number as the statute numbers it ("459.5", "476a"); null when the text has no number. */
  base: string | null;
  /** Lower-case subdivisions in order: "245(a)(1)" -> ["a", "1"]. */
  subdivisions: string[];
  /** Attempt under PC 664 ("664/459", "attempted 459"). */
  attempt: boolean;
  /** Burglary degree (PC 460): 1 first degree, 2 second degree, null not stated. */
  degree: 1 | 2 | null;
}

/** 'maybe' means the record lacks a subdivision or degree that the list entry needs. */
export type SectionMatch = 'yes' | 'maybe' | 'no';

const ATTEMPT_WORDS = /\b(attempted|attempt|att\.?)(?=\s|$|\()/g;
const ATTEMPT_PART = /^(pc\s*)?664(\s*\([a-z0-9]+\))*$/;
const SUBDIVISION_TOKEN = /^([a-z]|[ivx]{1,5}|\d{1,2})$/;

/** Parse a list entry such as "PC 286(c)": letters written after the digits belong to the section. */
function parseEntry(entry: string): ParsedSection {
  const space = entry.indexOf(' ');
  return parseSection(entry.slice(0, space), entry.slice(space + 1), () => true);
}

type IsKnown = (code: string, base: string) => boolean;

function detectDegree(text: string): { text: string; degree: 1 | 2 | null } {
  const burglaryDegree = /\b460\s*\(?\s*([ab])\s*\)?/.exec(text);
  if (burglaryDegree) {
    return { text: text.replace(burglaryDegree[0], ' 459 '), degree: burglaryDegree[1] === 'a' ? 1 : 2 };
  }
  const words = /\(?\b(1st|first|2nd|second)\b\)?(\s*(degree|deg\.?))?/.exec(text);
  if (!words) return { text, degree: null };
  const degree = words[1] === '1st' || words[1] === 'first' ? 1 : 2;
  return { text: text.replace(words[0], ' '), degree };
}

function stripAttempt(text: string): { text: string; attempt: boolean } {
  let attempt = false;
  let rest = text.replace(ATTEMPT_WORDS, () => {
    attempt = true;
    return ' ';
  });
  const parts = rest
    .split('/')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length > 1) {
    const kept = parts.filter((p) => !ATTEMPT_PART.test(p));
    if (kept.length < parts.length) attempt = true;
    // "23152(a)/(b)" names alternatives; the first complete section is the one to read.
    rest = kept[0] ?? '';
  }
  return { text: rest, attempt };
}

function readSubdivisions(rest: string): string[] {
  const subdivisions: string[] = [];
  for (const token of rest.match(/[a-z]+|\d+/g) ?? []) {
    // Stop at the first word that cannot be a subdivision ("misd", "hs", a note).
    if (!SUBDIVISION_TOKEN.test(token)) break;
    subdivisions.push(token);
  }
  return subdivisions;
}

/**
 * Parse `section` for `code`. A letter written straight after the digits ("476a", "11350a") is part
 * of the section number when `isKnown` says that section exists, and a subdivision when only the
 * digits are known; otherwise it stays in the number as the statute would write it.
 */
export function parseSection(
  code: string,
  section: string,
  isKnown: IsKnown = isKnownSection,
): ParsedSection {
  const normalisedCode = code.trim().toUpperCase();
  // Degree first: "459/460(a)" names the degree in the part that stripAttempt would drop.
  const { text: withoutDegree, degree } = detectDegree(section.toLowerCase().replace(/§|sec\./g, ' '));
  const { text, attempt } = stripAttempt(withoutDegree);
  const firstDigit = text.search(/\d/);
  const number = firstDigit < 0 ? null : /^(\d+(?:\.\d+)?)([a-z](?![a-z]))?/.exec(text.slice(firstDigit));
  if (firstDigit < 0 || !number || number[1] === undefined) {
    return { code: normalisedCode, base: null, subdivisions: [], attempt, degree };
  }
  const digits = number[1];
  const letter = number[2];
  const rest = text.slice(firstDigit + number[0].length);
  let base = digits;
  let subdivisions = readSubdivisions(rest);
  if (letter !== undefined) {
    const lettered = `${digits}${letter}`;
    if (isKnown(normalisedCode, lettered) || !isKnown(normalisedCode, digits)) base = lettered;
    else subdivisions = [letter, ...subdivisions];
  }
  return { code: normalisedCode, base, subdivisions, attempt, degree };
}

const ALL_ENTRIES: readonly string[] = Object.values(lists).flatMap((value) =>
  Array.isArray(value) ? value : Object.keys(value),
);

const KNOWN_SECTIONS = new Set(
  ALL_ENTRIES.map((entry) => {
    const parsed = parseEntry(entry);
    return `${parsed.code} ${parsed.base ?? ''}`;
  }),
);

function isKnownSection(code: string, base: string): boolean {
  return KNOWN_SECTIONS.has(`${code} ${base}`);
}

const entryCache = new Map<string, ParsedSection>();

function entryOf(entry: string): ParsedSection {
  const cached = entryCache.get(entry);
  if (cached) return cached;
  const parsed = parseEntry(entry);
  entryCache.set(entry, parsed);
  return parsed;
}

/** Does the recorded section fall under the list entry? */
export function matchEntry(parsed: ParsedSection, entry: string): SectionMatch {
  const wanted = entryOf(entry);
  if (parsed.base === null || parsed.code !== wanted.code || parsed.base !== wanted.base) return 'no';
  let result: SectionMatch = 'yes';
  if (wanted.degree !== null) {
    if (parsed.degree === null) result = 'maybe';
    else if (parsed.degree !== wanted.degree) return 'no';
  }
  const shared = Math.min(parsed.subdivisions.length, wanted.subdivisions.length);
  for (let i = 0; i < shared; i++) {
    if (parsed.subdivisions[i] !== wanted.subdivisions[i]) return 'no';
  }
  return parsed.subdivisions.length < wanted.subdivisions.length ? 'maybe' : result;
}

export interface ListMatch {
  match: SectionMatch;
  /** The list entry matched (for reason text); null when nothing matched. */
  entry: string | null;
}

/** The strongest match against any entry of a list: 'yes' beats 'maybe' beats 'no'. */
export function matchList(parsed: ParsedSection, entries: readonly string[]): ListMatch {
  let maybe: string | null = null;
  for (const entry of entries) {
    const match = matchEntry(parsed, entry);
    if (match === 'yes') return { match, entry };
    if (match === 'maybe' && maybe === null) maybe = entry;
  }
  return maybe === null ? { match: 'no', entry: null } : { match: 'maybe', entry: maybe };
}

/** "PC 245(a)(1)", "PC 664/459 (attempt)", "PC 459 (2nd degree)" — for reason text. */
export function describeSection(parsed: ParsedSection, written: string): string {
  if (parsed.base === null) return `${parsed.code} ${written.trim()}`;
  const subdivisions = parsed.subdivisions.map((s) => `(${s})`).join('');
  const degree = parsed.degree === null ? '' : ` (${parsed.degree === 1 ? '1st' : '2nd'} degree)`;
  const attempt = parsed.attempt ? ' (attempt)' : '';
  return `${parsed.code} ${parsed.base}${subdivisions}${degree}${attempt}`;
}
