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

/** Whether the key starts with one of these words, each folded as wordKey folds the text (L → I, …). */
const startsWithWord = (key: string, words: readonly string[]) =>
  words.some((word) => key.startsWith(wordKey(word)));

/** Words that say a count was convicted: a verdict, a plea of guilty or no contest, a conviction. */
const CONVICTION_WORDS =
  /\b(CONVICTED|CONVICTION|CONVICT|CONV|GUILTY|GUIITY|NOLO|NOIO|CONTENDERE|NO\s*CONTEST)\b/;
/** Words that undo a conviction the same line names: `CONVICTION SET ASIDE`, `GUILTY PLEA WITHDRAWN`. */
const UNDONE = /SETASIDE|WITHDRAWN|WITHDREW|VACATED|REVERSED|OVERTURNED|STRICKEN|DISM/;

export interface DispositionReading {
  kind: DispositionKind;
  /** Set when the reader is not sure of the kind: what staff should check (the line is placed all the same). */
  warning: string | null;
}

/** The outcome a `DISPO:` line gives a count, and a warning when the words are not ones the reader knows. */
export function readDisposition(text: string): DispositionReading {
  const key = wordKey(text);
  const words = text.toUpperCase().replace(/[^A-Z0-9]+/g, ' ');
  const sure = (kind: DispositionKind): DispositionReading => ({ kind, warning: null });
  // A plea of not guilty is no verdict: the outcome is still to come.
  const notGuiltyPlea = /(PIEA|PIED|PIEAD)(OF)?NOTGUITY|NOTGUITYPIEA/.test(key);
  if (!notGuiltyPlea && (/NOTGUITY/.test(key) || hasWord(text, 'ACQUITTED') || hasWord(text, 'ACQUITTAL')))
    return sure('acquitted');
  // `NOT CONVICTED`, `NO CONVICTION`: whatever else it says, never a conviction.
  const notConvicted = notGuiltyPlea || /NOTCONVICT|NOCONVICT|NONCONVICT/.test(key);
  const namesConviction =
    !notConvicted &&
    (CONVICTION_WORDS.test(words) ||
      hasWord(text, 'CONVICTED') ||
      startsWithWord(key, ['GUILTY', 'CONVICTION', 'CONV PLEA', 'PLED GUILTY', 'PLEA OF GUILTY']) ||
      /PIE(A|AD|ADED|D)(OF)?(GUITY|NOIO)|FOUNDGUITY|GUITYPIEA|GUITYVERDICT|VERDICTGUITY/.test(key) ||
      /NOCONTEST|CONTENDERE|CONTENDRE/.test(key));
  // A conviction the same words undo (`CONVICTION SET ASIDE AND DISMISSED`, `GUILTY PLEA WITHDRAWN,
  // CASE DISMISSED`) is no conviction: it reads as what follows (dismissed, most often).
  const undone = namesConviction && UNDONE.test(key);
  if (namesConviction && !undone) return sure('convicted');
  // A juvenile court's finding (`SUSTAINED`, `PETITION SUSTAINED`): not a conviction (W&I Code 203).
  if (/SUSTAIN/.test(key) && !/NOTSUSTAIN/.test(key)) return sure('sustained');
  if (/PROSREJ|PROSECUTORREJ|DAREJ|PROSECUTIONREJ|REJECTED/.test(key)) return sure('prosecutor_rejected');
  // Before a dismissal: "DISMISSED-DIVERSION COMPLETED" is the diversion's outcome (PC 851.93(a)(2)(D)).
  if (/DIVERSION|DIVERTED|DEFEREDENTRY|DEJ/.test(key)) return sure('diversion');
  if (hasWord(text, 'DISMISSED') || /^DISM/.test(key) || /DISMIS/.test(key)) {
    // `CONVICTED; DISMISSED...` with nothing saying the conviction itself was undone: a guess to check.
    const explicit =
      /SETASIDE|WITHDRAWN|WITHDREW|VACATED|REVERSED|CASEDISMIS|CONVICTIONDISMIS/.test(key) ||
      /1203|1170\.18|11361\.8|1385/.test(text);
    return {
      kind: 'dismissed',
      warning:
        undone && !explicit
          ? 'Disposition names a conviction and a dismissal: read as dismissed, not a conviction; check the record'
          : null,
    };
  }
  if (/^(DET|RELEASED)/.test(key.replace(/^REIEASED/, 'RELEASED')) || /849\s*\(?\s*B/.test(text))
    return sure('released');
  if (hasWord(text, 'DETENTION ONLY')) return sure('released');
  return {
    kind: 'other',
    warning: notConvicted
      ? 'Disposition says not convicted (or a plea of not guilty) but not how the count ended: not read as a conviction; check the record'
      : undone
        ? 'Disposition names a conviction and undoes it: not read as a conviction; check the record'
        : 'Disposition not recognised: not read as a conviction or any other outcome; check the record',
  };
}

export function readDispositionKind(text: string): DispositionKind {
  return readDisposition(text).kind;
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
  // A petition or motion the court denied changed nothing: never read as the relief it asked for
  // ("PETITION PER 1203.4 PC DENIED" is a denial of 1203.4, not a dismissal). A line that grants one
  // relief and denies another is read clause by clause (readModifications); this is its first change.
  if (DENIAL.test(wordKey(written))) return readModifications(written)[0] ?? null;
  return readChange(written);
}

/** A court's refusal: `DENIED` (and OCR's `DENIAI`), `DENY`. */
const DENIAL = /DENIED|DENIAI|DENY|DENIE/;
/** The words, in the text itself, that say a relief was refused or granted (done). */
const DENIAL_WORDS = /\bDEN(?:[IL1|][E3]D|IA[IL1]|Y)\b/g;
const GRANT_WORDS =
  /\b(?:GRANT\w*|DISM\w*|SET\s*ASIDE|REDUC(?:ED|TION)|SEALED|VACATED|REDESIG\w*|RESENT\w*|RECALLED|EXPUNGED)\b/g;

/**
 * Whether words (a comment, say) state a change as done or refused (`REDUCED TO MISD PER 17(B) PC`,
 * `1203.4 GRANTED`, `17(B) DENIED`), not only name one (`PETITION PER 1203.4 FILED`, `17(B) MOTION SET`).
 */
export function statesDoneChange(written: string): boolean {
  return (
    /\b(?:GRANTED|DISMISSED|DISMISSSED|DISM|SET\s*ASIDE|REDUCED|REDUCTION|SEALED|VACATED|REDESIGNATED|RESENTENCED|RECALLED|EXPUNGED)\b/.test(
      written,
    ) || DENIAL.test(wordKey(written))
  );
}

/** The level a change's words give: `REDUCED TO MISD`, `REDESIGNATED AS A MISDEMEANOR`, `... INFRACTION`. */
function levelNamed(key: string): Level | null {
  const to = '(?:TO|AS|ASA|REDUCED|REDUCTION|REDESIGNATED|RESENTENCED|RED|NOW)';
  if (new RegExp(`${to}(?:MISD|MISDEMEANOR|MISDEMEANR|MISDEMENOR)`).test(key)) return 'misdemeanor';
  if (new RegExp(`${to}(?:INFR|TNFR|NFRACTION)`).test(key)) return 'infraction';
  return null;
}

/** The change the words state, DENIED or not (readModification decides what a denial means). */
function readChange(written: string): ModificationReading | null {
  const text = statuteText(written);
  const key = wordKey(written);
  const reducedTo = levelNamed(key);

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
  // PC 1170.18(k): a felony recalled and resentenced, or designated a misdemeanor, under Prop 47 is a
  // misdemeanor for all purposes; so a petition granted is one.
  if (/1170\.18/.test(text) || /PROP(OSITION)?\s*47\b/.test(text))
    return {
      kind: 'resentenced',
      remedy: 'prop47',
      level: reducedTo ?? (/RESENT|REDESIG|GRANT|RECAI|REDUC/.test(key) ? 'misdemeanor' : null),
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
  const text = statuteText(written);
  if (DENIAL.test(wordKey(written))) return readWithDenials(text);
  const single = readChange(written);
  if (single === null) return [];
  const groups = statuteGroups(text);
  if (groups.length < 2) return [single];
  const readings: ModificationReading[] = [];
  for (const { from, to } of groups) {
    const reading = readChange(text.slice(from, to));
    if (reading && !readings.some((r) => r.kind === reading.kind && r.remedy === reading.remedy))
      readings.push(reading);
  }
  return readings.length > 0 ? readings : [single];
}

interface StatuteGroup {
  remedy: string;
  start: number;
  end: number;
  /** The words that are this statute's: up to the clause break before the next statute (or after the previous). */
  from: number;
  to: number;
}

/** Each remedy the text names, in order, with the words around it that are its own. */
function statuteGroups(text: string): StatuteGroup[] {
  const mentions: Array<{ remedy: string; start: number; end: number }> = [];
  for (const [remedy, pattern] of REMEDY_MENTIONS)
    for (const match of text.matchAll(pattern))
      mentions.push({ remedy, start: match.index, end: match.index + match[0].length });
  mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  // One group per run of the same statute (`1170.18 ... PROP 47`); a mention inside another is dropped.
  const groups: Array<{ remedy: string; start: number; end: number }> = [];
  for (const mention of mentions) {
    const last = groups[groups.length - 1];
    if (last && mention.start < last.end) continue;
    if (last && last.remedy === mention.remedy) last.end = mention.end;
    else groups.push({ ...mention });
  }
  return groups.map((group, at) => {
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
    return { ...group, from, to };
  });
}

/** The first match of `pattern` in text[from, to), or null. */
function firstIn(text: string, pattern: RegExp, from: number, to: number): number | null {
  for (const match of text.slice(from, to).matchAll(pattern)) return from + match.index;
  return null;
}

/** The last match of `pattern` in text[from, to), or null. */
function lastIn(text: string, pattern: RegExp, from: number, to: number): number | null {
  let last: number | null = null;
  for (const match of text.slice(from, to).matchAll(pattern)) last = from + match.index;
  return last;
}

/**
 * Whether the words say the court denied this statute's relief: the verb nearest after the statute in
 * its own clause (`17(B) PC DENIED`, `1203.4 PC GRANTED, FEES NOT WAIVED (DENIED)`), else the nearest
 * before it in its words (`DENIED 1203.4`, `DISMISSED PER 1203.4`), else the next verb of its words,
 * else the next verb of the whole line
 * (`PETITIONS PER 1203.4 PC AND 17(B) PC DENIED`). With no verb at all, DENIED on the line decides.
 */
function deniedHere(text: string, group: StatuteGroup): boolean {
  const verbAt = (from: number, to: number, pick: typeof firstIn) => {
    const denial = pick(text, DENIAL_WORDS, from, to);
    const grant = pick(text, GRANT_WORDS, from, to);
    if (denial === null && grant === null) return null;
    if (denial === null) return false;
    if (grant === null) return true;
    return pick === firstIn ? denial < grant : denial > grant;
  };
  const clauseEnd = /[,;]/.exec(text.slice(group.end, group.to));
  return (
    verbAt(group.end, clauseEnd ? group.end + clauseEnd.index : group.to, firstIn) ??
    verbAt(group.from, group.start, lastIn) ??
    verbAt(group.end, group.to, firstIn) ??
    verbAt(group.end, text.length, firstIn) ??
    true
  );
}

/**
 * A line that says DENIED: each statute it names is either denied (a `denied` change naming the remedy,
 * which grants nothing) or granted as its own words say. A line naming no statute states no change.
 */
function readWithDenials(text: string): ModificationReading[] {
  const readings: ModificationReading[] = [];
  const add = (reading: ModificationReading) => {
    if (!readings.some((r) => r.kind === reading.kind && r.remedy === reading.remedy)) readings.push(reading);
  };
  for (const group of statuteGroups(text)) {
    const remedy = group.remedy === 'pc17d' ? null : (group.remedy as RemedyId);
    if (deniedHere(text, group)) {
      add({ kind: 'denied', remedy, level: null });
      continue;
    }
    // Its own words, without the denial of something else (`FEES NOT WAIVED (DENIED)`).
    const reading = readChange(text.slice(group.from, group.to).replace(DENIAL_WORDS, ' '));
    if (reading) add(reading);
  }
  return readings;
}

/**
 * Words that set aside or dismiss a conviction as PC 1203.4 relief is written (`SET ASIDE &
 * DISMISSED`, `DISMISSED`), undoing nothing else (no plea withdrawn, no judgment reversed or
 * vacated): without a statute named, they may be that relief or not, and only the court record tells.
 */
export function readsAsDismissal(text: string): boolean {
  return /DISM/.test(text) && !undoesConviction(text);
}

/** Words that undo the conviction itself: a plea withdrawn, a judgment reversed or overturned, vacated. */
export function undoesConviction(text: string): boolean {
  return /WITHDR[AE]W|REVERS|OVERTURN|VACAT/.test(text);
}
