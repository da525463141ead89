// Renders the outcome message: per conviction, what the court decided, what it means, and where the
// signed orders are. E-mail and letters carry the case descriptions the caller gives (as printed on
// the court's order); text messages carry none, see renderOutcomeSms.
import type { IsoDate, LanguageCode } from '@relief-desk/domain';
import { TemplateError } from '../errors.ts';
import type { Channel, ConvictionOutcome, MessageValues, RenderedMessage } from './catalog.ts';
import type { LanguagePack } from './language-pack.ts';
import { formatClientDate, resolveLanguage } from './languages.ts';
import { fillPlaceholders, tidyText } from './placeholders.ts';
import { baseValues, withChannelFrame } from './render-status.ts';

export const OUTCOME_TEMPLATE_ID = 'outcome';
export const OUTCOME_TEMPLATE_VERSION = 1;

export interface ConvictionOutcomeInput {
  /** How the court's order names the conviction, e.g. "PC 484(a) — case 16CR01234". Never RAP sheet text. */
  description: string;
  outcome: ConvictionOutcome;
  /** For a continued petition: the date of the next hearing, when known. */
  hearingDate?: IsoDate;
}

export interface OutcomeMessageInput {
  language: LanguageCode;
  channel: Channel;
  values: MessageValues;
  convictions: readonly ConvictionOutcomeInput[];
}

export function renderOutcomeMessage(input: OutcomeMessageInput): RenderedMessage {
  const { language, pack, fallbackFrom } = resolveLanguage(input.language);
  if (input.convictions.length === 0 || input.convictions.some((c) => !c.description.trim())) {
    throw new TemplateError(
      'MISSING_VALUE',
      ['convictions'],
      'An outcome message needs at least one conviction, each with a description.',
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
 * Text messages say only that the court acted. Criminal history from the state summary (the RAP
 * sheet) may be given only to people the law authorises (Penal Code 11140-11144), and a text shows
 * on lock screens and shared phones, so no charge, case number or decision goes into an SMS.
 */
function renderOutcomeSms(pack: LanguagePack, values: Readonly<Record<string, string | undefined>>): string {
  return tidyText(fillPlaceholders(pack.outcome.sms, values));
}

function renderOutcomeBody(
  input: OutcomeMessageInput,
  pack: LanguagePack,
  values: Readonly<Record<string, string | undefined>>,
): string {
  const outcomes = new Set(input.convictions.map((c) => c.outcome));
  const ordersLine = input.channel === 'email' ? pack.outcome.ordersAttached : pack.outcome.ordersEnclosed;
  const paragraphs = [
    fillPlaceholders(pack.outcome.intro, values),
    ...input.convictions.map((c) => convictionParagraph(c, pack, input.language)),
    outcomes.has('granted') || outcomes.has('denied') ? ordersLine : '',
    outcomes.has('granted') ? pack.outcome.keepOrdersSafe : '',
    fillPlaceholders(pack.outcome.closing, values),
  ];
  return tidyText(paragraphs.filter((p) => p !== '').join('\n\n'));
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
  return [conviction.description.trim(), decision, pack.outcome.meaning[conviction.outcome]].join('\n');
}
