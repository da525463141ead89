// Recognising one line of a RAP sheet: separators, event headers, tags, page furniture.
import type { EventKind } from './types.ts';

/** Stray punctuation that scanning leaves at the start of a line. */
const LEAD = String.raw`^[\s.'*•·,:=~_-]*`;

const OTHER_HEADER = new RegExp(`${LEAD}([A-Z][A-Z /&.-]{2,30}?)\\s*[:;]`);
const COUNT_TAG = new RegExp(`${LEAD}C\\s?H?N\\s?[TI1]\\s*[:;.](.*)$`);
const COUNT_TAG_BARE = new RegExp(`${LEAD}CH?N[TI1]\\s+([0-9O].*)$`);
const DISPO_TAG = new RegExp(`${LEAD}\\*?\\s*D\\s?[I1L]\\s?S\\s?[PEF]\\s?[O0Q]\\s*[:;.,]?\\s*(.*)$`);
const CONV_STATUS_TAG = new RegExp(`${LEAD}C[O0]NV\\.?\\s*STA[TI]?[UI]?[S5]?\\s*[:;.,]?\\s*(.*)$`);
const SENTENCE_TAG = new RegExp(`${LEAD}S[E3]N\\s*[:;.]\\s*(.*)$`);
const OTHER_TAG = new RegExp(`${LEAD}([A-Z][A-Z ]{1,18}?)\\s*[:;]`);
const CASE_NUMBER_LINE = new RegExp(`${LEAD}[#$]\\s*([0-9A-Z][0-9A-Z()/ -]*)$`);

export function isEndOfMessage(line: string): boolean {
  return /END\s*OF\s*MESS?AGE/.test(line);
}

/** `* * * *` (three to five stars; OCR may read some of them as K or X). */
export function isCycleSeparator(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length > 24) return false;
  const tokens = trimmed.split(/\s+/);
  if (!trimmed.includes('*')) return false;
  if (tokens.length === 1) return /^\*{3,5}$/.test(trimmed);
  if (tokens.length > 6) return false;
  if (!tokens.every((token) => /^[*KX×+#.,·]{1,3}$/.test(token))) return false;
  const marks = tokens.join('').replace(/[.,·]/g, '').length;
  return marks >= 3 && marks <= 8;
}

/** A line of stars alone, longer than a cycle separator (banners around a strike entry). */
export function isStarDecoration(line: string): boolean {
  const compact = line.replace(/\s/g, '');
  if (/^\*{6,}$/.test(compact)) return true;
  // OCR reads a long row of stars as K, H and X: `HHH HKKHKHKHKHKH...`.
  return (
    compact.length >= 20 &&
    /^[*KHX×#+BDN]+$/.test(compact) &&
    (compact.match(/[*KHX]/g) ?? []).length >= compact.length * 0.8
  );
}

/** `- - - -` between the events of a cycle. */
export function isEventSeparator(line: string): boolean {
  const compact = line.replace(/\s/g, '');
  if (!/^[-_~=.,'–—]{3,20}$/.test(compact)) return false;
  return (compact.match(/[-_–—~]/g) ?? []).length >= 2;
}

export function isStrikeBanner(line: string): boolean {
  return /POTENTIAL\s*FELONY\s*STRIKE/.test(line);
}

const PAGE_FURNITURE: RegExp[] = [
  /\bPAGE\s*[0-9OIL]{1,3}(\s*(OF|\/)\s*[0-9OIL]{1,3})?\s*$/,
  /^\s*PAGE\s*[0-9OIL]{1,3}\b/,
  /^\s*-?\s*\d{1,3}\s*-?\s*$/,
  /^\s*RE:\s/,
  /^\s*DATE:\s*[0-9O]{6,8}\b/,
  /\bTIME:\s*\d{1,2}[:.]?\d{2}/,
  /RESTRICTED\W{0,3}DO\s*NOT\s*USE/,
  /^\s*RESTRICTED\b/,
  /^\s*ATTN\s*:/,
  /DEPARTMENT\s*OF\s*JUSTICE/,
  /BUREAU\s*OF\s*(CRIMINAL|IDENTIFICATION)/,
  /^\s*\**\s*CONFIDENTIAL\b/,
  /^\W*III\s+(MULTIPLE|SINGLE)\s+SOURCE/,
  /^\s*(RECORD\s*REVIEW|CRIMINAL\s*HISTORY\s*(RECORD|TRANSCRIPT)|RAP\s*SHEET)\s*\**\s*$/,
  /^\s*(THIS|THE)\s+(RECORD|INFORMATION|TRANSCRIPT)\s+(IS|CONTAINS|MAY|WAS)\b/,
];

/** Page headers and footers repeated on every page, and the sheet's fixed boilerplate. */
export function isPageFurniture(line: string): boolean {
  return PAGE_FURNITURE.some((pattern) => pattern.test(line));
}

export interface EventHeader {
  kind: EventKind;
  /** The header as written, trimmed (`CUSTODY:JAIL`). */
  label: string;
  /** What follows the header on its line (NAM:, DOB:, a date and an agency). */
  rest: string;
}

const HEADERS: Array<[EventKind, RegExp]> = [
  ['arrest', new RegExp(`${LEAD}(A?RR[\\s/.,'I1|]{0,6}[DP]ET[\\s/.,'I1|]{0,6}CIT[EF]\\s*[:;]?)`)],
  ['supplemental_arrest', new RegExp(`${LEAD}(SUPP(?:LEMENTAL)?\\.?\\s*ARR(?:EST)?\\s*[:;])`)],
  ['court', new RegExp(`${LEAD}([C(][O0Q]UR[TI1]\\s*[:;])`)],
  ['custody', new RegExp(`${LEAD}(CUSTODY[\\s*]*[:;])`)],
  ['probation', new RegExp(`${LEAD}(PROBATION\\s*[:;])`)],
  ['applicant', new RegExp(`${LEAD}(APPLICANT\\s*[:;])`)],
  ['registration', new RegExp(`${LEAD}(REGISTRATION\\s*[:;])`)],
  ['mental_health', new RegExp(`${LEAD}(MENTAL\\s*H(?:EA)?LTH\\s*CUS(?:TODY)?\\s*/?\\s*SUPV\\s*[:;]?)`)],
  [
    'other',
    new RegExp(
      `${LEAD}((?:PAROLE|DECEASED|DEPORTED|DEPORTATION|WANTED|CITATION|DETENTION|CDC|CDCR|CYA|DJJ|MISC|MISCELLANEOUS|OTHER|DETAINER|WARRANT EVENT)\\s*[:;])`,
    ),
  ],
];

export function readEventHeader(line: string): EventHeader | null {
  for (const [kind, pattern] of HEADERS) {
    const match = pattern.exec(line);
    if (!match) continue;
    const label = (match[1] ?? '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([:;])$/, ':')
      .trim();
    const rest = line.slice((match.index ?? 0) + match[0].length).trim();
    return { kind, label, rest };
  }
  return null;
}

/** Tags that belong inside an event, never name one. */
const INNER_TAGS =
  /^(NAM|NAME|DOB|CNT|TOC|DISPO|COM|SEN|CONV STATUS|CONV STAT|ARR BY|DCN|OCA|FCN|RSN|SCN|CRT|WARRANT|XSEN|CII|DATE|TIME|RE|ATTN|PAGE)$/;

/** After a separator, an unknown `WORDS:` line opens an event of another kind. */
export function readOtherHeader(line: string): EventHeader | null {
  const match = OTHER_HEADER.exec(line);
  if (!match) return null;
  const name = (match[1] ?? '').trim();
  if (INNER_TAGS.test(name) || /^[A-Z]{1,3}$/.test(name)) return null;
  return { kind: 'other', label: `${name}:`, rest: line.slice((match.index ?? 0) + match[0].length).trim() };
}

/** `CNT:01  #123`, `CNT: 001-003`, `CNT:0    1` (scanned); the words after the tag. */
export function readCountTag(line: string): string | null {
  const match = COUNT_TAG.exec(line);
  if (match) return match[1] ?? '';
  const bare = COUNT_TAG_BARE.exec(line);
  return bare ? (bare[1] ?? '') : null;
}

/** `DISPO:CONVICTED`, `*DISPO:DISMISSED`, `D I S P O ; ...`; the words after the tag. */
export function readDispoTag(line: string): string | null {
  const match = DISPO_TAG.exec(line);
  if (!match) return null;
  return (match[1] ?? '').trim();
}

/** `CONV STATUS:MISDEMEANOR`, `CONV STATIS.FELONY`; the words after the tag. */
export function readConvStatusTag(line: string): string | null {
  const match = CONV_STATUS_TAG.exec(line);
  return match ? (match[1] ?? '').trim() : null;
}

/** `SEN: 3 YEARS PROBATION`; the words after the tag. */
export function readSentenceTag(line: string): string | null {
  const match = SENTENCE_TAG.exec(line);
  return match ? (match[1] ?? '').trim() : null;
}

/** `NAM:01`, `NAME:001`; the name number. */
export function readNameTag(line: string): { code: string; rest: string } | null {
  const match = /\bNAME?\s*[:;]\s*([0-9OIL]{1,3})\b/.exec(line);
  if (!match) return null;
  const code = (match[1] ?? '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const rest = `${line.slice(0, match.index)} ${line.slice(match.index + match[0].length)}`.trim();
  return { code, rest };
}

/** `DOB:19750405` inside an event; the date digits as written. */
export function readDobTag(line: string): { written: string; rest: string } | null {
  const match = /\bD[O0]B\s*[:;/]\s*([0-9OIL.]{8,10})\b/.exec(line);
  if (!match) return null;
  const rest = `${line.slice(0, match.index)} ${line.slice(match.index + match[0].length)}`.trim();
  return { written: match[1] ?? '', rest };
}

/** `TOC:F`; the letter. */
export function readTocTag(line: string): { toc: string; rest: string } | null {
  const match = /\bTOC\s*[:;]\s*([MFIN])\b/.exec(line);
  if (!match) return null;
  const rest = `${line.slice(0, match.index)} ${line.slice(match.index + match[0].length)}`.trim();
  return { toc: match[1] ?? '', rest };
}

/** Any other `TAG:` line (COM:, ARR BY:, DCN:, OCA:...): the tag. */
export function readOtherTag(line: string): string | null {
  const match = OTHER_TAG.exec(line);
  return match ? (match[1] ?? '').trim() : null;
}

/** `-ATTEMPTED   -BENCH WARRANT`: count flags. */
export function readFlags(line: string): string[] | null {
  const trimmed = line.trim();
  if (!/^[-~][A-Z]/.test(trimmed)) return null;
  const flags = trimmed
    .split(/(?:^|\s)[-~](?=[A-Z])/)
    .map((flag) => flag.trim())
    .filter((flag) => flag !== '');
  if (flags.length === 0 || flags.some((flag) => !/^[A-Z][A-Z /.]*$/.test(flag))) return null;
  return flags;
}

/** `#19514114` on its own line; the case number. */
export function readCaseNumberLine(line: string): string | null {
  const match = CASE_NUMBER_LINE.exec(line);
  return match ? (match[1] ?? '').replace(/\s+/g, ' ').trim() : null;
}

export function isSeeCommentForCharge(line: string): boolean {
  return /SEE\W*COMMENT\W*FOR\W*CHARGE/.test(line);
}

/** A sentence in a comment: `COM: SEN-X3 YR PROB, 6 MO JL WORK`, `COM: XSEN: ...`. */
export function readCommentSentence(line: string): string | null {
  const match = /(?:SEN\s*-?\s*X|XSEN\s*:)\s*(.*)$/.exec(line);
  return match ? (match[1] ?? '').trim() : null;
}
