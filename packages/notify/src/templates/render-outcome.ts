// Renders the outcome message: per conviction, what the court decided, what it means, and where the
// signed orders are. Every sentence follows from the facts given (the decisions, the hearing dates,
// the orders that go with this message), in each language; text messages carry none, see renderOutcomeSms.
import type { IsoDate, LanguageCode } from '@relief-desk/domain';
import { TemplateError } from '../errors.ts';
import type { Channel, ConvictionOutcome, MessageValues, RenderedMessage } from './catalog.ts';
import type { LanguagePack } from './language-pack.ts';
import { formatClientDate, resolveLanguage } from './languages.ts';
import { fillPlaceholders, tidyText } from './placeholders.ts';
import { baseValues, withChannelFrame } from './render-status.ts';

export const OUTCOME_TEMPLATE_ID = 'outcome';
export const OUTCOME_TEMPLATE_VERSION = 2;

export interface ConvictionOutcomeInput {
  /** The conviction as the court's order names it (never RAP sheet text): code, section, court case. */
  code: string;
  section: string;
  caseNumber: string;
  outcome: ConvictionOutcome;
  /** For a continued petition: the date of the next hearing, when known. */
  hearingDate?: IsoDate;
}

/** What the office holds of the court's signed orders: each sentence about them rests on these. */
export interface SignedOrderFacts {
  /** How many signed orders go with this message (attached to the e-mail, enclosed with the letter). */
  included: number;
  /** The office has asked for a signed order it does not hold yet. */
  awaited: boolean;
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
    input.convictions.some((c) => !c.code.trim() || !c.section.trim() || !c.caseNumber.trim())
  ) {
    throw new TemplateError(
      'MISSING_VALUE',
      ['convictions'],
      'An outcome message needs at least one conviction, each with its code, section and court case.',
    );
  }
  const values = baseValues(input.values, input.language);
  const text =
    input.channel === 'sms'
      ? renderOutcomeSms(pack, values)
      : withChannelFrame(renderOutcomeBody(input, pack, values), input.channel, pack, values);
  return {
    subject: fillPlaceholders(pack.outcome.subject, values),
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
function renderOutcomeSms(pack: LanguagePack, values: Readonly<Record<string, string | undefined>>): string {
  return tidyText(fillPlaceholders(pack.outcome.sms, values));
}

function renderOutcomeBody(
  input: OutcomeMessageInput,
  pack: LanguagePack,
  values: Readonly<Record<string, string | undefined>>,
): string {
  const paragraphs = [
    fillPlaceholders(pack.outcome.intro, values),
    ...input.convictions.map((c) => convictionParagraph(c, pack, input.language)),
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
  const { included, awaited } = input.signedOrders;
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
    const granted = input.convictions.some((c) => c.outcome === 'granted');
    return [
      fillPlaceholders(sentence, { count: String(included) }),
      ...(granted ? [one ? orders.keepSafeOne : orders.keepSafeMany] : []),
    ];
  }
  const decided = input.convictions.some((c) => c.outcome === 'granted' || c.outcome === 'denied');
  if (!decided) return [];
  return [awaited ? orders.awaited : fillPlaceholders(orders.notOnFile, values)];
}

function convictionParagraph(
  conviction: ConvictionOutcomeInput,
  pack: LanguagePack,
  language: LanguageCode,
): string {
  const decision =
    conviction.outcome === 'continued' && conviction.hearingDate
      ? fillPlaceholders(pack.outcome.continuedTo, {
          hearingDate: formatClientDate(conviction.hearingDate, language, 'hearingDate'),
        })
      : pack.outcome.decision[conviction.outcome];
  const name = pack.outcome.conviction(
    conviction.code.trim(),
    conviction.section.trim(),
    conviction.caseNumber.trim(),
  );
  return [name, decision, pack.outcome.meaning[conviction.outcome]].join('\n');
}
