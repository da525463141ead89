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
