// What a disposition says: the outcome of a count, or a later change to a conviction.

import { foldDigits, hasWord, wordKey } from './text.ts';
import type { DispositionKind, Level, ModificationKind, RemedyId } from './types.ts';

/** Reads `CONV STATUS:` words (and `TNFRACTION`, `MISD`, `FEL`...). */
export function readLevel(text: string): Level | null {
  const key = wordKey(text);
  if (/FEI|FEL/.test(key)) return 'felony';
  if (/MISD|MISDEMEANOR|MISDEMEANR|MISDEMENOR/.test(key)) return 'misdemeanor';
  if (/INFRACT|TNFRACT|NFRACTION|INFR/.test(key)) return 'infraction';
  return null;
}

/** The outcome a `DISPO:` line gives a count. */
/** Whether the key starts with one of these words, each folded as wordKey folds the text (L → I, …). */
const startsWithWord = (key: string, words: readonly string[]) =>
  words.some((word) => key.startsWith(wordKey(word)));

export function readDispositionKind(text: string): DispositionKind {
  const key = wordKey(text);
  if (key.startsWith(wordKey('NOT GUILTY')) || hasWord(text, 'ACQUITTED')) return 'acquitted';
  if (hasWord(text, 'CONVICTED') || startsWithWord(key, ['GUILTY', 'CONVICTION', 'CONV PLEA']))
    return 'convicted';
  if (/PROSREJ|PROSECUTORREJ|DAREJ|PROSECUTIONREJ|REJECTED/.test(key)) return 'prosecutor_rejected';
  // Before a dismissal: "DISMISSED-DIVERSION COMPLETED" is the diversion's outcome (PC 851.93(a)(2)(D)).
  if (/DIVERSION|DIVERTED|DEFEREDENTRY|DEJ/.test(key)) return 'diversion';
  if (hasWord(text, 'DISMISSED') || /^DISM/.test(key)) return 'dismissed';
  if (/^(DET|RELEASED)/.test(key.replace(/^REIEASED/, 'RELEASED')) || /849\s*\(?\s*B/.test(text))
    return 'released';
  if (hasWord(text, 'DETENTION ONLY')) return 'released';
  return 'other';
}

export interface ModificationReading {
  kind: ModificationKind;
  remedy: RemedyId | null;
  level: Level | null;
}

// Statute numbers with OCR look-alikes folded (`12O3.4` → `1203.4`) and commas read as points.
function statuteText(text: string): string {
  return text.replace(
    /(^|[^0-9A-Z])([0-9OIL|]{2,5})[.,]([0-9OIL|]{1,3})(?=A?(?:[^0-9A-Z]|$))/g,
    (whole, before, left, right) =>
      (left + right).replace(/[^0-9]/g, '').length >= 3
        ? `${before}${foldDigits(left)}.${foldDigits(right)}`
        : whole,
  );
}

/**
 * Does the text state a change to a conviction made after judgment (probation revoked, 1203.4
 * dismissal, 17(b) reduction, relief granted under 1203.425, Prop 47 / 64, sealing)? Null when not.
 */
export function readModification(written: string): ModificationReading | null {
  const text = statuteText(written);
  const key = wordKey(written);
  // A petition or motion the court denied changed nothing: never read as the relief it asked for
  // ("PETITION PER 1203.4 PC DENIED" is not a dismissal). The line is kept as it is written.
  if (/DENIED|DENIAI|DENY/.test(key)) return null;
  const reducedTo: Level | null = /REDUCEDTOMISD|REDTOMISD|TOMISDEMEANOR|REDUCEDTOMISDEMEANOR/.test(key)
    ? 'misdemeanor'
    : /REDUCEDTOINFR|TOINFRACTION/.test(key)
      ? 'infraction'
      : null;

  if (/1203\.425/.test(text)) return { kind: 'relief_granted', remedy: 'pc1203.425', level: null };
  if (/1203\.4A/.test(text)) return { kind: 'dismissed', remedy: 'pc1203.4a', level: null };
  if (/1203\.41(?!\d)/.test(text)) return { kind: 'dismissed', remedy: 'pc1203.41', level: null };
  if (/1203\.42(?!\d)/.test(text)) return { kind: 'dismissed', remedy: 'pc1203.42', level: null };
  if (/1203\.49(?!\d)/.test(text)) return { kind: 'vacated', remedy: 'pc1203.49', level: null };
  if (/1203\.4(?![0-9A])/.test(text)) return { kind: 'dismissed', remedy: 'pc1203.4', level: null };
  if (/(^|[^\d.])17\s*\(?\s*[B8]\s*\)?/.test(text))
    return {
      kind: 'reduced',
      remedy: 'pc17b',
      level: reducedTo === 'infraction' ? 'infraction' : 'misdemeanor',
    };
  if (/(^|[^\d.])17\s*\(?\s*D\s*\)?/.test(text))
    return { kind: 'reduced', remedy: null, level: 'infraction' };
  if (/1170\.18/.test(text) || /PROP(OSITION)?\s*47\b/.test(text))
    return {
      kind: 'resentenced',
      remedy: 'prop47',
      level: reducedTo ?? (/RESENT|REDESIG/.test(key) ? 'misdemeanor' : null),
    };
  if (/11361\.8/.test(text) || /PROP(OSITION)?\s*64\b/.test(text)) {
    const dismissed = /DISMIS|SEAI/.test(key);
    return {
      kind: dismissed ? 'dismissed' : 'resentenced',
      remedy: 'prop64',
      level: dismissed ? null : reducedTo,
    };
  }
  if (/851\.91/.test(text)) return { kind: 'sealed', remedy: 'pc851.91', level: null };
  // The DOJ's own arrest relief: "RELIEF GRANTED PER 851.93 PC".
  if (/851\.93/.test(text)) return { kind: 'relief_granted', remedy: 'pc851.93', level: null };
  if (/851\.8(?!\d)/.test(text)) return { kind: 'sealed', remedy: 'pc851.8', level: null };
  if (/236\.14/.test(text)) return { kind: 'vacated', remedy: 'pc236.14', level: null };
  if (key.includes(wordKey('RELIEF GRANTED'))) return { kind: 'relief_granted', remedy: null, level: null };
  if (/PROB(ATION)?REVO/.test(key)) return { kind: 'probation_revoked', remedy: null, level: null };
  if (/PROB(ATION)?REINST/.test(key)) return { kind: 'probation_reinstated', remedy: null, level: null };
  if (/PROB(ATION)?(TERMINATED|TERM|ENDED)/.test(key))
    return { kind: 'probation_terminated', remedy: null, level: null };
  if (/PROB(ATION)?(MODIFIED|MOD|EXTENDED)/.test(key))
    return { kind: 'probation_modified', remedy: null, level: null };
  if (/SENTENCEMODIFIED|SENMODIFIED|RESENTENCED/.test(key))
    return { kind: 'sentence_modified', remedy: null, level: null };
  if (reducedTo !== null) return { kind: 'reduced', remedy: null, level: reducedTo };
  if (/SETASIDE|VACATED/.test(key)) return { kind: 'vacated', remedy: null, level: null };
  return null;
}

/** Where a text names a remedy's statute, as readModification reads them (after statuteText). */
const REMEDY_MENTIONS: Array<[string, RegExp]> = [
  ['pc1203.425', /1203\.425/g],
  ['pc1203.4a', /1203\.4A/g],
  ['pc1203.41', /1203\.41(?!\d)/g],
  ['pc1203.42', /1203\.42(?!\d)/g],
  ['pc1203.49', /1203\.49(?!\d)/g],
  ['pc1203.4', /1203\.4(?![0-9A])/g],
  ['pc17b', /(?:^|[^\d.])17\s*\(?\s*[B8]\s*\)?/g],
  ['pc17d', /(?:^|[^\d.])17\s*\(?\s*D\s*\)?/g],
  ['prop47', /1170\.18|PROP(?:OSITION)?\s*47\b/g],
  ['prop64', /11361\.8|PROP(?:OSITION)?\s*64\b/g],
  ['pc851.91', /851\.91/g],
  ['pc851.93', /851\.93/g],
  ['pc851.8', /851\.8(?!\d)/g],
  ['pc236.14', /236\.14/g],
];

/** Where one clause ends and the next begins, between two statutes: `,`, `;`, AND, ALSO, THEN, `&`. */
const CLAUSE_BREAK = /[,;]|\s(?:AND|ALSO|THEN|&)\s/;

/**
 * Every change a text states: one per remedy it names (`CONVICTION SET ASIDE AND DISMISSED PER
 * 1203.4 PC REDUCED TO MISDEMEANOR PER 17(B) PC` is a 1203.4 dismissal and a 17(b) reduction), each
 * read from the words around its own statute (up to the clause break before the next statute, or all
 * the words between the two when there is none). A text naming one remedy or none reads as
 * readModification reads it; a text that says DENIED anywhere states no change at all, as there.
 */
export function readModifications(written: string): ModificationReading[] {
  const single = readModification(written);
  if (single === null) return [];
  const text = statuteText(written);
  const mentions: Array<{ remedy: string; start: number; end: number }> = [];
  for (const [remedy, pattern] of REMEDY_MENTIONS)
    for (const match of text.matchAll(pattern))
      mentions.push({ remedy, start: match.index, end: match.index + match[0].length });
  mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  // One group per run of the same statute (`1170.18 ... PROP 47`); a mention inside another is dropped.
  const groups: typeof mentions = [];
  for (const mention of mentions) {
    const last = groups[groups.length - 1];
    if (last && mention.start < last.end) continue;
    if (last && last.remedy === mention.remedy) last.end = mention.end;
    else groups.push({ ...mention });
  }
  if (groups.length < 2) return [single];
  const readings: ModificationReading[] = [];
  groups.forEach((group, at) => {
    const previous = groups[at - 1];
    const next = groups[at + 1];
    let from = 0;
    if (previous) {
      const between = text.slice(previous.end, group.start);
      const cut = CLAUSE_BREAK.exec(between);
      from = cut ? previous.end + cut.index + cut[0].length : previous.end;
    }
    let to = text.length;
    if (next) {
      const between = text.slice(group.end, next.start);
      const cut = CLAUSE_BREAK.exec(between);
      to = cut ? group.end + cut.index : next.start;
    }
    const reading = readModification(text.slice(from, to));
    if (reading && !readings.some((r) => r.kind === reading.kind && r.remedy === reading.remedy))
      readings.push(reading);
  });
  return readings.length > 0 ? readings : [single];
}
