// Line clean-up shared by the readers: what scanning does to RAP sheet text, undone where it is safe.

/**
 * Upper case, one kind of dash, quote and space; tabs and form feeds become spaces; trimmed right.
 * Accented capitals are folded (OCR puts them for plain ones) unless `keepAccents`: a name is shown
 * as printed (GARCÍA PEÑA), from the same line read with them kept, each letter at the same place.
 */
export function normalizeLine(raw: string, { keepAccents = false, keepCase = false } = {}): string {
  // Most lines are plain printable ASCII: nothing to fold but the case.
  if (/^[\x20-\x7E]*$/.test(raw)) return (keepCase ? raw : raw.toUpperCase()).trimEnd();
  let line = keepCase ? raw : raw.toUpperCase();
  // Dashes, quotes and spaces that scanners and word processors produce.
  line = line.replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-');
  line = line.replace(/[\u2018\u2019\u201A\u201B\u2032`]/g, "'");
  line = line.replace(/[\u201C\u201D\u201E\u2033]/g, '"');
  line = line.replace(/[\t\f\v\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ');
  if (keepAccents) return stripInvisible(line).trimEnd();
  // Accented capitals that OCR puts in place of plain ones.
  line = line
    .replace(/[ÉÈÊË]/g, 'E')
    .replace(/[ÓÒÔÖỌ]/g, 'O')
    .replace(/Ç/g, 'C');
  line = line
    .replace(/[ÍÌÎÏ]/g, 'I')
    .replace(/[ÁÀÂÄ]/g, 'A')
    .replace(/[ÚÙÛÜ]/g, 'U');
  line = stripInvisible(line);
  return line.trimEnd();
}

/** Drops control characters, byte-order marks and zero-width spaces. */
function stripInvisible(line: string): string {
  let kept = '';
  for (const ch of line) {
    const code = ch.charCodeAt(0);
    if (code < 32 || code === 127 || code === 0xfeff || (code >= 0x200b && code <= 0x200d)) continue;
    kept += ch;
  }
  return kept;
}

/** Runs of spaces to one, trimmed. */
export function collapse(text: string): string {
  return text.replace(/ {2,}/g, ' ').trim();
}

/**
 * A key for matching words in OCR text: letters only, the usual look-alikes folded
 * (0→O, 1/L/|→I, 5→S, 8→B) and doubled letters single. `DISMISSSED` and `DISMISSED` share a key.
 */
export function wordKey(text: string): string {
  const folded = text
    .toUpperCase()
    .replace(/0/g, 'O')
    .replace(/[1L|!]/g, 'I')
    .replace(/5/g, 'S')
    .replace(/8/g, 'B')
    .replace(/[^A-Z]/g, '');
  let key = '';
  for (const ch of folded) if (key[key.length - 1] !== ch) key += ch;
  return key;
}

/** Does `text` hold `word`, OCR look-alikes and doubled letters forgiven? */
export function hasWord(text: string, word: string): boolean {
  return wordKey(text).includes(wordKey(word));
}

/** Digits as OCR may write them inside a number: O→0, I/L/|→1, S→5, B→8. */
export function foldDigits(token: string): string {
  return token
    .replace(/[OQD]/g, '0')
    .replace(/[IL|!]/g, '1')
    .replace(/S/g, '5')
    .replace(/B/g, '8');
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYYMMDD` (eight digits) to `YYYY-MM-DD` when it is a real day from 1900 to 2099; otherwise null. */
export function isoDate(digits: string): string | null {
  if (!/^\d{8}$/.test(digits)) return null;
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const last = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day > last) return null;
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

/**
 * A RAP date token as OCR leaves it: eight digits, perhaps with stray points or commas inside
 * (`20040.102`) and up to two letters that look like digits (`1986O5O1`). Returns the eight digits
 * or null.
 */
export function dateDigits(token: string): string | null {
  if (token.length < 8 || token.length > 11) return null;
  const stripped = token.replace(/[.,']/g, '');
  if (stripped.length !== 8) return null;
  if (!/^[0-9OQDILS|B]{8}$/.test(stripped)) return null;
  const letters = stripped.replace(/[0-9]/g, '').length;
  if (letters > 2) return null;
  if (!/^[0-9]/.test(stripped)) return null;
  return foldDigits(stripped);
}

/** A date (`YYYYMMDD` or `YYYY-MM-DD`) at the start of `text` (after stray punctuation): its ISO form (or null when not a real day) and what follows. */
export function leadingDate(text: string): { digits: string; iso: string | null; rest: string } | null {
  // A sheet typed again or exported may write the date as `YYYY-MM-DD`.
  const written = /^[\s.'*•·]*(\d{4})-(\d{2})-(\d{2})(?=\s|$)(.*)$/.exec(text);
  if (written) {
    const digits = `${written[1]}${written[2]}${written[3]}`;
    return { digits, iso: isoDate(digits), rest: (written[4] ?? '').trim() };
  }
  const match = /^[\s.'*•·-]*([0-9][0-9OQDILS|B.,']{7,10})(?=\s|$)(.*)$/.exec(text);
  if (!match) return null;
  const digits = dateDigits(match[1] ?? '');
  if (digits === null) return null;
  return { digits, iso: isoDate(digits), rest: (match[2] ?? '').trim() };
}
