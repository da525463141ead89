// Charge lines: `11357 HS-POSSESS MARIJUANA`, `496 (A) (2) PC-RECEIVE/ETC KNOWN STOLEN PROPERTY`.

/** California code abbreviations found on RAP sheets. */
const CODES = new Set([
  'PC',
  'HS',
  'VC',
  'BP',
  'WI',
  'FG',
  'HN',
  'PR',
  'GC',
  'CC',
  'UI',
  'LC',
  'EC',
  'RT',
  'FA',
  'IC',
  'MC',
  'CO',
  'USC',
  'CCP',
  'PUC',
]);

/** Letters scanned in the wrong order, or with a look-alike, that can only mean one code. */
const CODE_TYPOS: Record<string, string> = {
  CP: 'PC',
  PG: 'PC',
  SH: 'HS',
  H5: 'HS',
  CV: 'VC',
  YC: 'VC',
  PB: 'BP',
  '8P': 'BP',
  IW: 'WI',
  W1: 'WI',
};

export function readCode(token: string): string | null {
  const compact = token.replace(/[\s.]/g, '');
  if (CODES.has(compact)) return compact;
  return CODE_TYPOS[compact] ?? null;
}

export interface Charge {
  code: string;
  section: string;
  description: string;
}

/**
 * The section as Relief Desk writes it: spaces removed, commas read as points, letters lower case
 * (`496 (A) (2)` → `496(a)(2)`, `490,2` → `490.2`), stray points at either end dropped.
 */
export function normalizeSection(written: string): string {
  return written
    .replace(/\s+/g, '')
    .replace(/,/g, '.')
    .replace(/^[.'-]+|[.'-]+$/g, '')
    .toLowerCase();
}

// A section: digits first, then digits, points, commas, letters, parentheses, slashes, hyphens
// and single spaces between those parts (`496 (A) (2)`, `664/459`, `11362.1(A)(1)`). The code is a
// two- or three-letter token (perhaps written `P C` or `PC.`), then a dash or spaces and the
// description. Bounded quantifiers keep the match linear on any line.
const CHARGE =
  /^[\s.'*•·:=~_-]*(\d[\dA-Z.,/()-]{0,24}(?: ?\([\dA-Z]{1,4}\)){0,4})\s*\.?\s+([A-Z0-9](?: ?[A-Z0-9]){1,2}\.?)(?:\s*[-–]+\s*|\s+)(.*)$/;
const CHARGE_END =
  /^[\s.'*•·:=~_-]*(\d[\dA-Z.,/()-]{0,24}(?: ?\([\dA-Z]{1,4}\)){0,4})\s*\.?\s+([A-Z0-9](?: ?[A-Z0-9]){1,2}\.?)\s*-*\s*$/;

/** Reads a charge line; null when the line is not one. */
export function readCharge(line: string): Charge | null {
  const match = CHARGE.exec(line) ?? CHARGE_END.exec(line);
  if (!match) return null;
  const code = readCode(match[2] ?? '');
  if (!code) return null;
  const written = match[1] ?? '';
  // A section has at most a few letters (subdivisions, `476A`); a run of letters is a word.
  if (/[A-Z]{3,}/.test(written.replace(/\([^)]*\)/g, ''))) return null;
  const section = normalizeSection(written);
  if (section === '' || !/^\d/.test(section)) return null;
  const description = (match[3] ?? '').replace(/ {2,}/g, ' ').trim();
  return { code, section, description };
}

/** `CHRG 487(A)-664 PC SECOND DEGREE` in a comment (the charge of a `SEE COMMENT FOR CHARGE` count). */
export function readCommentCharge(line: string): Charge | null {
  const match =
    /CHRG\s*-?\s*(\d[\dA-Z.,/()\- ]{0,30}?)\s*\.?\s*\b(PC|HS|VC|BP|WI|CP|SH|CV)\b\.?\s*(.*)$/.exec(line);
  if (!match) return null;
  const code = readCode(match[2] ?? '');
  if (!code) return null;
  const section = normalizeSection(match[1] ?? '');
  if (!/^\d/.test(section)) return null;
  // `VC-WET RECKLESS`: the dash between code and description, as in a charge line, is no part of it.
  const description = (match[3] ?? '')
    .replace(/^\s*[-:]+\s*/, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  return { code, section, description };
}
