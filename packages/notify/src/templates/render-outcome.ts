// Renders the outcome message: per request to the court (a conviction or an arrest, under a remedy),
// what the court decided, what it means, and where the signed orders are. Every sentence follows from
// the facts given (the decisions, the remedies, the courts' counties, the hearing dates, the orders
// that go with this message), in each language; text messages carry none, see renderOutcomeSms.
import type { County, IsoDate, LanguageCode, RemedyId } from '@relief-desk/domain';
import { TemplateError } from '../errors.ts';
import type { Channel, ConvictionOutcome, MessageValues, RenderedMessage } from './catalog.ts';
import type { LanguagePack } from './language-pack.ts';
import { formatClientDate, resolveLanguage } from './languages.ts';
import { fillPlaceholders, tidyText } from './placeholders.ts';
import { baseValues, withChannelFrame } from './render-status.ts';

export const OUTCOME_TEMPLATE_ID = 'outcome';
// 5: Spanish names each code ("Código de Vehículos 23152"), not its English abbreviation.
export const OUTCOME_TEMPLATE_VERSION = 5;

/**
 * One request the court ruled on: a conviction (or an arrest) under one remedy. The same conviction
 * can be in two petitions (a PC 17(b) reduction and a PC 1203.4 dismissal), so the remedy is named.
 * Messages stored before version 3 have no remedy, county or arrest date, before version 4 no
 * conviction date: their lines go without.
 */
export interface ConvictionOutcomeInput {
  /** As the court's order names it (never RAP sheet text): code, section, court case. */
  code: string;
  section: string;
  /** The court case; may be empty for an arrest (no charges were filed). */
  caseNumber: string;
  outcome: ConvictionOutcome;
  /** The remedy the petition asked for. */
  remedy?: RemedyId;
  /** The county whose court ruled (a conviction's own, or the county an arrest's petition went to). */
  county?: County;
  /** Present for an arrest that did not end in a conviction (a PC 851.91 petition asks to seal it). */
  arrestDate?: IsoDate;
  /** The day of the conviction: with it, two convictions of one section in one case are told apart. */
  convictionDate?: IsoDate;
  /** For a continued petition: the date of the next hearing, when known. */
  hearingDate?: IsoDate;
}

/** What the office holds of the court's signed orders: each sentence about them rests on these. */
export interface SignedOrderFacts {
  /** How many signed orders go with this message (attached to the e-mail, enclosed with the letter). */
  included: number;
  /**
   * How many signed orders the office has asked the court for and does not hold yet (true: one), so
   * the message says "order" or "orders" as the count is.
   */
  awaited: number | boolean;
  /**
   * How many of the included orders may be of a request the court granted (the client may need to
   * show it): not those of a petition it denied in full. Unknown (left out): any, when a request was
   * granted.
   */
  granting?: number;
}

export interface OutcomeMessageInput {
  language: LanguageCode;
  channel: Channel;
  values: MessageValues;
  convictions: readonly ConvictionOutcomeInput[];
  signedOrders: SignedOrderFacts;
}

export function renderOutcomeMessage(input: OutcomeMessageInput): RenderedMessage {
  const { language, pack, fallbackFrom } = resolveLanguage(input.language);
  if (
    input.convictions.length === 0 ||
    input.convictions.some(
      (c) => !c.code.trim() || !c.section.trim() || (!c.arrestDate && !c.caseNumber.trim()),
    )
  ) {
    throw new TemplateError(
      'MISSING_VALUE',
      ['convictions'],
      'An outcome message needs at least one decided request, each conviction with its code, section and court case, each arrest with its code, section and date.',
    );
  }
  const values = baseValues(input.values, input.language);
  // Several requests (three petitions, or one on two convictions) are not "your petition".
  const many = input.convictions.length > 1;
  const text =
    input.channel === 'sms'
      ? renderOutcomeSms(pack, values, many)
      : withChannelFrame(renderOutcomeBody(input, pack, values), input.channel, pack, values);
  return {
    subject: fillPlaceholders(many ? pack.outcome.subjectMany : pack.outcome.subject, values),
    text,
    channel: input.channel,
    language,
    ...(fallbackFrom ? { fallbackFrom } : {}),
    templateId: OUTCOME_TEMPLATE_ID,
    templateVersion: OUTCOME_TEMPLATE_VERSION,
  };
}

/**
 * Text messages say only that there is news. Criminal history from the state summary (the RAP
 * sheet) may be given only to people the law authorises (Penal Code 11140-11144), and a text shows
 * on lock screens and shared phones, so no charge, case number or decision goes into an SMS. Nor
 * does it point to an e-mail or letter, which may not be sent with it.
 */
function renderOutcomeSms(
  pack: LanguagePack,
  values: Readonly<Record<string, string | undefined>>,
  many: boolean,
): string {
  return tidyText(fillPlaceholders(many ? pack.outcome.smsMany : pack.outcome.sms, values));
}

function renderOutcomeBody(
  input: OutcomeMessageInput,
  pack: LanguagePack,
  values: Readonly<Record<string, string | undefined>>,
): string {
  const intro = input.convictions.length === 1 ? pack.outcome.introOne : pack.outcome.introMany;
  const paragraphs = [
    fillPlaceholders(intro, values),
    ...namedApart(input.convictions, pack, input.language).map(({ request, name }) =>
      convictionParagraph(request, name, pack, input.language),
    ),
    ...ordersParagraphs(input, pack, values),
    fillPlaceholders(pack.outcome.closing, values),
  ];
  return tidyText(paragraphs.join('\n\n'));
}

/**
 * The sentences about signed orders. Orders that go with the message are always named (e-mail:
 * attached; letter: enclosed). Without one, a decision the court made (granted or denied) gets a
 * sentence on where its order stands; postponements and withdrawals have no order to speak of.
 */
function ordersParagraphs(
  input: Pick<OutcomeMessageInput, 'channel' | 'convictions' | 'signedOrders'>,
  pack: LanguagePack,
  values: Readonly<Record<string, string | undefined>>,
): string[] {
  const { orders } = pack.outcome;
  const { included } = input.signedOrders;
  const awaited = Number(input.signedOrders.awaited);
  if (input.channel === 'sms') return [];
  if (included > 0) {
    const one = included === 1;
    const sentence =
      input.channel === 'email'
        ? one
          ? orders.attachedOne
          : orders.attachedMany
        : one
          ? orders.enclosedOne
          : orders.enclosedMany;
    // "Keep the signed order safe, you may need to show it": of a grant's order, not a denial's.
    const granting = input.convictions.some((c) => c.outcome === 'granted')
      ? (input.signedOrders.granting ?? included)
      : 0;
    return [
      fillPlaceholders(sentence, { count: String(included) }),
      // Another order is still to come from the court: the ones sent are not all there is.
      ...(awaited > 0
        ? [
            fillPlaceholders(awaited === 1 ? orders.awaitedMore : orders.awaitedMoreMany, {
              count: String(awaited),
            }),
          ]
        : []),
      ...(granting > 0 ? [granting === 1 ? orders.keepSafeOne : orders.keepSafeMany] : []),
    ];
  }
  const decided = input.convictions.some((c) => c.outcome === 'granted' || c.outcome === 'denied');
  if (!decided) return [];
  if (awaited > 1) return [fillPlaceholders(orders.awaitedMany, { count: String(awaited) })];
  return [awaited === 1 ? orders.awaited : fillPlaceholders(orders.notOnFile, values)];
}

/** How a request is named: the conviction (with its day) or the arrest, and the court's county. */
function requestName(conviction: ConvictionOutcomeInput, pack: LanguagePack, language: LanguageCode): string {
  const { outcome: wording } = pack;
  const code = conviction.code.trim();
  const section = conviction.section.trim();
  const record = conviction.arrestDate
    ? wording.arrest(code, section, formatClientDate(conviction.arrestDate, language, 'arrestDate'))
    : wording.conviction(
        code,
        section,
        conviction.caseNumber.trim(),
        conviction.convictionDate
          ? formatClientDate(conviction.convictionDate, language, 'convictionDate')
          : null,
      );
  return conviction.county ? `${record}, ${wording.inCounty(conviction.county)}` : record;
}

/**
 * Each request with a name no other request of the message shares (under the same remedy): the client
 * must be able to tell which conviction the court granted and which it denied. Names still alike (two
 * counts of one section, case and day) are numbered in the order given.
 */
function namedApart(
  requests: readonly ConvictionOutcomeInput[],
  pack: LanguagePack,
  language: LanguageCode,
): { request: ConvictionOutcomeInput; name: string }[] {
  const named = requests.map((request) => ({ request, name: requestName(request, pack, language) }));
  const key = (r: { request: ConvictionOutcomeInput; name: string }) => `${r.name}|${r.request.remedy ?? ''}`;
  const counts = new Map<string, number>();
  for (const r of named) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  const seen = new Map<string, number>();
  return named.map((r) => {
    const of = counts.get(key(r)) ?? 1;
    if (of === 1) return r;
    const n = (seen.get(key(r)) ?? 0) + 1;
    seen.set(key(r), n);
    return { ...r, name: `${r.name} ${pack.outcome.nthOf(n, of)}` };
  });
}

function convictionParagraph(
  conviction: ConvictionOutcomeInput,
  name: string,
  pack: LanguagePack,
  language: LanguageCode,
): string {
  const { outcome: wording } = pack;
  const decision =
    conviction.outcome === 'continued' && conviction.hearingDate
      ? fillPlaceholders(wording.continuedTo, {
          hearingDate: formatClientDate(conviction.hearingDate, language, 'hearingDate'),
        })
      : wording.decision[conviction.outcome];
  const meaning = (conviction.arrestDate ? wording.arrestMeaning : wording.meaning)[conviction.outcome];
  return [
    name,
    ...(conviction.remedy ? [wording.request(wording.remedies[conviction.remedy])] : []),
    decision,
    meaning,
  ].join('\n');
}
