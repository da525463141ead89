// Fits a message into a few text messages: no links (a link in a text from a legal office looks like
// phishing, and we never send clients to a page from SMS), split up to maxSegments parts, and beyond
// that shortened to its first sentences plus an instruction to call the office.
import type { LanguageCode } from '@relief-desk/domain';
import { resolveLanguage } from '../templates/languages.ts';
import { fillPlaceholders } from '../templates/placeholders.ts';
import { type SmsEncoding, smsEncodingOf, splitSmsSegments } from './encoding.ts';

export const DEFAULT_MAX_SMS_SEGMENTS = 3;

export interface ShapeSmsOptions {
  maxSegments?: number;
  /** Language of the closing instruction added when the text must be shortened. */
  language?: LanguageCode;
  /** Phone number the closing instruction gives; without it the instruction just says to call. */
  officePhone?: string;
  /**
   * Keep links: only for a link the person asked for on our own page (an applicant's status link),
   * which they expect; every other text goes without.
   */
  keepLinks?: boolean;
}

export interface ShapedSms {
  /** The text to send; the provider sends it as one (concatenated) message. */
  text: string;
  /** How the network will cut `text`, for previews and cost. */
  segments: string[];
  encoding: SmsEncoding;
  shortened: boolean;
}

const URL_PATTERN = /(?:https?:\/\/|www\.)\S*[^\s.,;:!?)"'»]/gi;

export function stripUrls(text: string): string {
  return text
    .replace(URL_PATTERN, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/ +([.,;:!?])/g, '$1')
    .replace(/ *\n */g, '\n')
    .trim();
}

export function shapeSms(text: string, options: ShapeSmsOptions = {}): ShapedSms {
  const maxSegments = options.maxSegments ?? DEFAULT_MAX_SMS_SEGMENTS;
  if (!Number.isInteger(maxSegments) || maxSegments < 1) {
    throw new RangeError('maxSegments must be a whole number of at least 1.');
  }
  const clean = options.keepLinks ? text.trim() : stripUrls(text);
  if (fits(clean, maxSegments)) return shaped(clean, false);

  const callOffice = callOfficeLine(options);
  const summary = leadingSentencesThatFit(clean, callOffice, maxSegments);
  return shaped(summary ? `${summary} ${callOffice}` : callOffice, true);
}

function shaped(text: string, shortened: boolean): ShapedSms {
  const encoding = smsEncodingOf(text);
  return { text, segments: splitSmsSegments(text, encoding), encoding, shortened };
}

function fits(text: string, maxSegments: number): boolean {
  return splitSmsSegments(text).length <= maxSegments;
}

function callOfficeLine(options: ShapeSmsOptions): string {
  const { pack } = resolveLanguage(options.language ?? 'en');
  const phone = options.officePhone?.trim();
  return phone ? fillPlaceholders(pack.smsCallOffice, { officePhone: phone }) : pack.smsCallOfficeNoPhone;
}

/** The longest run of opening sentences (or, failing that, opening words) that fits with the ending. */
function leadingSentencesThatFit(text: string, ending: string, maxSegments: number): string {
  const sentences = text.split(/(?<=[.!?])\s+/);
  let summary = '';
  for (const sentence of sentences) {
    const candidate = summary ? `${summary} ${sentence}` : sentence;
    if (!fits(`${candidate} ${ending}`, maxSegments)) break;
    summary = candidate;
  }
  if (summary) return summary;
  let words = '';
  for (const word of (sentences[0] ?? '').split(/\s+/)) {
    const candidate = words ? `${words} ${word}` : word;
    if (!fits(`${candidate}... ${ending}`, maxSegments)) break;
    words = candidate;
  }
  return words ? `${words}...` : '';
}
