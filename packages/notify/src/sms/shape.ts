// Fits a message into a few text messages: no links (a link in a text from a legal office looks like
// phishing, and we never send clients to a page from SMS), sent whole when it is no longer than what
// maxSegments parts carry, and beyond that shortened to its first sentences plus an instruction to
// call the office.
//
// The room is counted in characters as the reader reads them, not in what the encoding costs. One
// letter outside GSM-7 (the á of "está", or of the client's own name "María") makes the network
// carry the whole text in UCS-2, 67 characters a part instead of 153: counting parts would cut a
// Spanish text, or any text to a María, to less than half of what an English text to a Mary says.
// Writing Spanish without á, í, ó and ú is not Spanish, and would misspell clients' names. GSM-7's
// Spanish single shift table (3GPP TS 23.038) does hold them, but only in a message that announces
// the table in its header, and our provider contract (sender.ts) hands over plain text: the provider
// picks the encoding, and carriers here do not reliably show shift tables. So an accented text costs
// more parts (up to the ceiling below), never content.
//
// A language whose wording needs more characters to say the same thing gets the room English has
// plus that difference, measured over every text message its default wording can produce: a Spanish
// client is never told less than an English one would be where the English text fits.
import type { LanguageCode } from '@relief-desk/domain';
import {
  CANT_PROCEED_REASONS,
  type MessageValues,
  NEXT_STEPS,
  PLACEHOLDERS,
  STATUS_TYPES,
  type TemplateLanguage,
} from '../templates/catalog.ts';
import { contactValues } from '../templates/contact.ts';
import { defaultTemplate } from '../templates/default-templates.ts';
import type { LanguagePack } from '../templates/language-pack.ts';
import { resolveLanguage } from '../templates/languages.ts';
import { fillPlaceholders } from '../templates/placeholders.ts';
import { renderStatusMessage, type TransferFacts } from '../templates/render-status.ts';
import { charactersOf, gsm7Capacity, type SmsEncoding, smsEncodingOf, splitSmsSegments } from './encoding.ts';

export const DEFAULT_MAX_SMS_SEGMENTS = 3;

/** The most parts a text takes, however its room is counted: a text never runs on beyond this. */
export const SMS_PARTS_CEILING = 10;

export interface ShapeSmsOptions {
  /**
   * The room a text has: the characters this many GSM-7 parts carry (3: 459), the same for a text
   * that must go as UCS-2; plus, for a language other than English, what its wording needs more.
   */
  maxSegments?: number;
  /** The client's language: the room it needs, and the closing instruction when the text is shortened. */
  language?: LanguageCode;
  /** Phone number the closing instruction gives; without it the instruction just says to call. */
  officePhone?: string;
  /**
   * Keep links: only for a link the person asked for on our own page (an applicant's status link),
   * which they expect; every other text goes without. The link is what such a text is for, so it is
   * never cut: other sentences go first, and the sentence with the link is kept even past the room.
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
const HAS_URL = new RegExp(URL_PATTERN.source, 'i');

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
  const room = smsRoom(maxSegments, options.language);
  const fits = (candidate: string) =>
    charactersOf(candidate) <= room.characters && splitSmsSegments(candidate).length <= room.ceiling;

  const clean = options.keepLinks ? text.trim() : stripUrls(text);
  if (fits(clean)) return shaped(clean, false);

  const callOffice = callOfficeLine(options);
  const keep = options.keepLinks ? (sentence: string) => HAS_URL.test(sentence) : () => false;
  const summary = sentencesThatFit(clean, callOffice, fits, keep);
  return shaped(summary ? `${summary} ${callOffice}` : callOffice, true);
}

/** The characters a text may have in `language`, and the parts it may never exceed. */
export function smsRoom(
  maxSegments: number = DEFAULT_MAX_SMS_SEGMENTS,
  language: LanguageCode = 'en',
): { characters: number; ceiling: number } {
  return {
    characters: gsm7Capacity(maxSegments) + extraWordingOf(resolveLanguage(language).language),
    ceiling: Math.max(SMS_PARTS_CEILING, maxSegments),
  };
}

function shaped(text: string, shortened: boolean): ShapedSms {
  const encoding = smsEncodingOf(text);
  return { text, segments: splitSmsSegments(text, encoding), encoding, shortened };
}

function callOfficeLine(options: ShapeSmsOptions): string {
  const { pack } = resolveLanguage(options.language ?? 'en');
  const phone = options.officePhone?.trim();
  return phone ? fillPlaceholders(pack.smsCallOffice, { officePhone: phone }) : pack.smsCallOfficeNoPhone;
}

/**
 * What a shortened text keeps, in its own order: the sentences it is for (`keep`, even past the
 * room), then the longest run of opening sentences that fits with them and the ending; failing
 * any, the opening words.
 */
function sentencesThatFit(
  text: string,
  ending: string,
  fits: (candidate: string) => boolean,
  keep: (sentence: string) => boolean,
): string {
  const sentences = text.split(/(?<=[.!?])\s+/);
  const chosen = sentences.map(keep);
  const joined = (picked: boolean[]) => sentences.filter((_, i) => picked[i]).join(' ');
  for (const [i, required] of chosen.entries()) {
    if (required) continue;
    const candidate = chosen.map((c, j) => c || j === i);
    if (!fits(`${joined(candidate)} ${ending}`)) break;
    chosen[i] = true;
  }
  const summary = joined(chosen);
  if (summary) return summary;
  let words = '';
  for (const word of (sentences[0] ?? '').split(/\s+/)) {
    const candidate = words ? `${words} ${word}` : word;
    if (!fits(`${candidate}... ${ending}`)) break;
    words = candidate;
  }
  return words ? `${words}...` : '';
}

const extraWording = new Map<TemplateLanguage, number>();

/**
 * How many more characters `language` needs than English for the same text message: the most, over
 * every text message the default wording produces (each status type, every set of next steps, each
 * reason, a court date in each month, the outcome notice), filled with the same one-letter values.
 * The values a client's message carries are the same in both languages, so this bounds the difference
 * for every message rendered from the default wording.
 */
function extraWordingOf(language: TemplateLanguage): number {
  if (language === 'en') return 0;
  const known = extraWording.get(language);
  if (known !== undefined) return known;
  let most = Math.max(
    difference(language, (pack) => pack.outcome.sms),
    difference(language, (pack) => pack.outcome.smsMany),
  );
  for (const statusType of STATUS_TYPES) {
    const uses = (name: string) =>
      [language, 'en' as const].some((l) => defaultTemplate(statusType, l).sms.includes(`{${name}}`));
    const stepSets = uses('nextSteps')
      ? Array.from({ length: 1 << NEXT_STEPS.length }, (_, mask) =>
          NEXT_STEPS.filter((_, i) => mask & (1 << i)),
        )
      : [[]];
    const reasons = statusType === 'cant_proceed' ? CANT_PROCEED_REASONS : [undefined];
    // A court date is given to every status (court_date_set needs one); its month matters only where
    // the wording says it.
    const months = uses('courtDate') ? MONTHS : MONTHS.slice(0, 1);
    // The signed order's sentence ("granted"), one or several awaited or none: each is what some message says.
    const awaitedOrNot = uses('signedOrder') ? [2, 1, 0] : [undefined];
    // What moved and what stays ("transferred"): each way it is worded is what some message says.
    const transfers = uses('transfer') ? TRANSFERS : [undefined];
    for (const nextSteps of stepSets)
      for (const cantProceedReason of reasons)
        for (const month of months)
          for (const signedOrdersAwaited of awaitedOrNot)
            for (const transfer of transfers) {
              const render = (l: TemplateLanguage) =>
                renderStatusMessage({
                  statusType,
                  nextSteps,
                  language: l,
                  channel: 'sms',
                  values: { ...ONE_LETTER, courtDate: `2027-${month}-01` },
                  ...(cantProceedReason ? { cantProceedReason } : {}),
                  ...(signedOrdersAwaited === undefined ? {} : { signedOrdersAwaited }),
                  ...(transfer ? { transfer } : {}),
                }).text;
              most = Math.max(most, charactersOf(render(language)) - charactersOf(render('en')));
            }
  }
  extraWording.set(language, most);
  return most;
}

/** The receiving office named or not, and no county, one or two staying here. */
const TRANSFERS: readonly TransferFacts[] = [null, 'x'].flatMap((receivingOffice) =>
  [[], ['x'], ['x', 'y']].map((staysHere) => ({ receivingOffice, staysHere })),
);

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

const ONE_LETTER: Omit<MessageValues, 'courtDate'> = {
  clientName: 'x',
  county: 'x',
  officeName: 'x',
  officePhone: 'x',
  officeEmail: 'x',
  officeAddress: 'x',
};

/**
 * The extra characters of one piece of wording, every placeholder filled with the same letter (how to
 * reach the office worded as each language words it).
 */
function difference(language: TemplateLanguage, wording: (pack: LanguagePack) => string): number {
  const letters = Object.fromEntries(PLACEHOLDERS.map((name) => [name, 'x']));
  const length = (l: TemplateLanguage) => {
    const { pack } = resolveLanguage(l);
    return charactersOf(fillPlaceholders(wording(pack), { ...letters, ...contactValues(ONE_LETTER, pack) }));
  };
  return Math.max(0, length(language) - length('en'));
}
