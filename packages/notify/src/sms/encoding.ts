// How a phone network counts a text message. GSM-7 fits 160 characters in one message (153 per part
// when split); one character outside it (á, í, ó, ú, an emoji) switches the whole message to UCS-2,
// which fits only 70 (67 per part). Spanish é, ñ, ü, ¿ and ¡ are GSM-7; á, í, ó and ú are not.

export type SmsEncoding = 'gsm7' | 'ucs2';

const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** Characters reached through the escape code, each costing two septets. */
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

const LIMITS = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const;

export function smsEncodingOf(text: string): SmsEncoding {
  for (const char of text) {
    if (!GSM7_BASIC.has(char) && !GSM7_EXTENSION.has(char)) return 'ucs2';
  }
  return 'gsm7';
}

/** What one character costs: septets in GSM-7, UTF-16 code units in UCS-2 (an emoji costs 2). */
function costOf(char: string, encoding: SmsEncoding): number {
  if (encoding === 'ucs2') return char.length;
  return GSM7_EXTENSION.has(char) ? 2 : 1;
}

export interface SmsMeasure {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or code units (UCS-2). */
  units: number;
  segmentCount: number;
}

/** What `parts` parts carry in GSM-7: 160 characters in one, 153 in each when split. */
export function gsm7Capacity(parts: number): number {
  return parts <= 1 ? LIMITS.gsm7.single : LIMITS.gsm7.part * parts;
}

/**
 * How long a text is as its reader counts it: a letter is one character whether or not GSM-7 has
 * it (á costs UCS-2 to send, not the reader anything), GSM-7's escaped characters are their two
 * septets, an emoji is two. For GSM-7 text this is exactly its septets.
 */
export function charactersOf(text: string): number {
  let units = 0;
  for (const char of text) units += GSM7_EXTENSION.has(char) ? 2 : char.length;
  return units;
}

export function measureSms(text: string): SmsMeasure {
  const encoding = smsEncodingOf(text);
  return { encoding, units: unitsOf(text, encoding), segmentCount: splitSmsSegments(text, encoding).length };
}

function unitsOf(text: string, encoding: SmsEncoding): number {
  let units = 0;
  for (const char of text) units += costOf(char, encoding);
  return units;
}

/**
 * The parts the network carries, cut where it would cut them: never inside an escape pair or a
 * surrogate pair. The phone joins them back into one message.
 */
export function splitSmsSegments(text: string, encoding: SmsEncoding = smsEncodingOf(text)): string[] {
  const limits = LIMITS[encoding];
  if (unitsOf(text, encoding) <= limits.single) return text === '' ? [] : [text];
  const segments: string[] = [];
  let current = '';
  let used = 0;
  for (const char of text) {
    const cost = costOf(char, encoding);
    if (used + cost > limits.part) {
      segments.push(current);
      current = '';
      used = 0;
    }
    current += char;
    used += cost;
  }
  if (current !== '') segments.push(current);
  return segments;
}
