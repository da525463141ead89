// Renders a status update for one channel in the client's language: picks the template (an office's
// edited one, or the default), fills its placeholders, and adds what the channel needs around it.
import { countyNameIn, type LanguageCode } from '@relief-desk/domain';
import { TemplateError } from '../errors.ts';
import type {
  CantProceedReason,
  Channel,
  MessageValues,
  NextStep,
  RenderedMessage,
  StatusType,
  TemplateOverride,
} from './catalog.ts';
import { contactValues, type OfficeContact } from './contact.ts';
import { defaultTemplate } from './default-templates.ts';
import type { LanguagePack } from './language-pack.ts';
import { formatClientDate, resolveLanguage } from './languages.ts';
import { assertKnownPlaceholders, fillPlaceholders, tidyText } from './placeholders.ts';

export interface StatusMessageInput {
  statusType: StatusType;
  /** Required when statusType is cant_proceed. */
  cantProceedReason?: CantProceedReason;
  nextSteps: readonly NextStep[];
  language: LanguageCode;
  channel: Channel;
  values: MessageValues;
  template?: TemplateOverride;
  /**
   * How many signed orders the office has asked the court for and does not hold yet: what
   * {signedOrder} (the "granted" update) says rests on it ("the signed order", or "the signed orders"
   * when several are awaited). Without it, a template using {signedOrder} is refused.
   */
  signedOrdersAwaited?: number;
  /**
   * What the "transferred" update's {transfer} says rests on: the office the matter (of
   * `values.county`) was passed on to, and the person's other open matters here. Without it, a
   * template using {transfer} is refused.
   */
  transfer?: TransferFacts;
}

export interface TransferFacts {
  /** The name of the office the matter was passed on to; null when it is not recorded. */
  receivingOffice: string | null;
  /** The bare county names ("Fresno") of the person's other open matters with this office. */
  staysHere: readonly string[];
}

export function renderStatusMessage(input: StatusMessageInput): RenderedMessage {
  const { language, pack, fallbackFrom } = resolveLanguage(input.language);
  const base = defaultTemplate(input.statusType, language);
  const subjectTemplate = input.template?.subject ?? base.subject;
  const bodyTemplate =
    input.channel === 'sms' ? (input.template?.sms ?? base.sms) : (input.template?.body ?? base.body);
  assertKnownPlaceholders([subjectTemplate, bodyTemplate]);
  requireStatusValues(input);

  const plain = baseValues(input.values, input.language);
  const values = {
    ...plain,
    nextSteps: renderNextSteps(input.nextSteps, input.channel, pack, input.values, language, {
      statusType: input.statusType,
      // The built-in body already says how to reach the office ("If you have questions, call us
      // at…"): the "contact us" step does not say it a second time. An office's own wording keeps
      // the step whole, as it placed it.
      reachGivenElsewhere: !input.template && /\{reachUs(All)?\}/.test(bodyTemplate),
    }),
    reason: input.cantProceedReason && pack.cantProceedReasons[input.cantProceedReason],
    signedOrder: signedOrderSentence(input, pack, plain),
    transfer: transferSentences(input, pack, plain),
  };
  // A text message says nothing of an order not being asked for; e-mail and letters always say something.
  const mayBeEmpty = input.signedOrdersAwaited === undefined ? ['nextSteps'] : ['nextSteps', 'signedOrder'];
  const body = tidyText(fillPlaceholders(bodyTemplate, values, mayBeEmpty));
  return {
    subject: tidyText(fillPlaceholders(subjectTemplate, values, mayBeEmpty)),
    text: withChannelFrame(body, input.channel, pack, values),
    channel: input.channel,
    language,
    ...(fallbackFrom ? { fallbackFrom } : {}),
    templateId: base.id,
    templateVersion: input.template?.version ?? base.version,
  };
}

/**
 * What the "granted" update says of the court's signed order, as the outcome message does: a status
 * update carries no files, so an order asked for is awaited, and otherwise the client asks for a copy.
 * Never "we will send you" an order nobody has asked the court for. Undefined without the facts.
 */
function signedOrderSentence(
  input: Pick<StatusMessageInput, 'channel' | 'signedOrdersAwaited'>,
  pack: LanguagePack,
  values: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const awaited = input.signedOrdersAwaited;
  if (awaited === undefined) return undefined;
  const { grantedOrder } = pack;
  const several = awaited > 1;
  if (input.channel === 'sms')
    return awaited === 0 ? '' : several ? grantedOrder.smsAwaitedSeveral : grantedOrder.smsAwaited;
  if (awaited === 0) return fillPlaceholders(grantedOrder.onRequest, values);
  return several ? grantedOrder.awaitedSeveral : grantedOrder.awaited;
}

/**
 * What the "transferred" update says moved: the matter's county, to the office recorded (or "another
 * office" when none is), and, when the person has other open matters here, that those counties'
 * requests stay with this office. Never "your request moved" of a person whose other request did not.
 * A letter and an e-mail give it a paragraph each; a text message runs them together.
 */
function transferSentences(
  input: Pick<StatusMessageInput, 'channel' | 'transfer' | 'language'>,
  pack: LanguagePack,
  values: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (!input.transfer) return undefined;
  const { transfer } = pack;
  const sms = input.channel === 'sms';
  const { receivingOffice, staysHere } = input.transfer;
  const moved = fillPlaceholders(
    receivingOffice?.trim()
      ? sms
        ? transfer.smsPassedOn
        : transfer.passedOn
      : sms
        ? transfer.smsPassedOnUnnamed
        : transfer.passedOnUnnamed,
    { county: values.county, receivingOffice: receivingOffice?.trim() },
  );
  const counties = [...new Set(staysHere)].sort().map((c) => countyNameIn(input.language, c));
  if (counties.length === 0) return moved;
  const stays = fillPlaceholders(
    counties.length === 1
      ? sms
        ? transfer.smsStaysOne
        : transfer.staysOne
      : sms
        ? transfer.smsStaysMany
        : transfer.staysMany,
    { counties: transfer.list(counties) },
  );
  return sms ? `${moved} ${stays}` : `${moved}\n\n${stays}`;
}

/** Values some status types need whatever their (possibly edited) template says. */
function requireStatusValues(input: StatusMessageInput): void {
  if (input.statusType === 'court_date_set' && !input.values.courtDate) {
    throw new TemplateError('MISSING_VALUE', ['courtDate'], 'A court date is required for court_date_set.');
  }
  if (input.statusType === 'transferred' && !input.transfer) {
    throw new TemplateError(
      'MISSING_VALUE',
      ['transfer'],
      'The transfer facts are required for transferred.',
    );
  }
  if (input.statusType === 'cant_proceed' && !input.cantProceedReason) {
    throw new TemplateError('MISSING_VALUE', ['reason'], 'A cantProceedReason is required for cant_proceed.');
  }
}

/**
 * The caller's values as placeholder text: the court date formatted in the client's language, and how
 * to reach the office worded with the details it has.
 */
export function baseValues(
  values: MessageValues,
  language: LanguageCode,
): Record<string, string | undefined> {
  const { courtDate, ...plain } = values;
  return {
    ...plain,
    county: countyNameIn(language, plain.county),
    ...contactValues(values, resolveLanguage(language).pack),
    courtDate: courtDate && formatClientDate(courtDate, language, 'courtDate'),
  };
}

/**
 * A next step as e-mail, letters and the status page say it, with the office's details filled in; as
 * the update of `statusType` words it (beside "court date set", which has said the hearing is set).
 */
export function nextStepSentence(
  step: NextStep,
  language: LanguageCode,
  office: OfficeContact,
  statusType?: StatusType,
): string {
  const { pack } = resolveLanguage(language);
  return fillPlaceholders(stepWording(step, pack, statusType).full, {
    ...office,
    ...contactValues(office, pack),
  });
}

/** A next step's words beside a status update: its own when the update has said part of it already. */
function stepWording(step: NextStep, pack: LanguagePack, statusType: StatusType | undefined) {
  return (statusType === 'court_date_set' ? pack.hearingSetSteps[step] : undefined) ?? pack.nextSteps[step];
}

function renderNextSteps(
  steps: readonly NextStep[],
  channel: Channel,
  pack: LanguagePack,
  values: MessageValues,
  language: LanguageCode,
  {
    reachGivenElsewhere = false,
    statusType,
  }: { reachGivenElsewhere?: boolean; statusType?: StatusType } = {},
): string {
  const unique = [...new Set(steps)];
  if (unique.length === 0) return '';
  if (channel === 'sms') {
    return `${pack.smsNextStepsPrefix} ${unique.map((s) => stepWording(s, pack, statusType).short).join('; ')}.`;
  }
  const lines = unique.map((s) =>
    s === 'contact_us' && reachGivenElsewhere
      ? `- ${sentenceOf(pack.nextSteps.contact_us.short)}`
      : `- ${nextStepSentence(s, language, values, statusType)}`,
  );
  return [pack.nextStepsHeading, ...lines].join('\n');
}

/** "contact us" as a sentence of its own: "Contact us." */
const sentenceOf = (words: string) => `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;

/**
 * E-mail ends with the office's signature; a letter's signature block is drawn by the PDF renderer.
 * The signature's lines are the office's name and the details it has: a detail it lacks leaves no line.
 */
export function withChannelFrame(
  body: string,
  channel: Channel,
  pack: LanguagePack,
  values: Readonly<Record<string, string | undefined>>,
): string {
  if (channel !== 'email') return body;
  const signature = pack.emailSignature
    .split('\n')
    .map((line) => fillPlaceholders(line, values, ['officeAddress', 'officePhone', 'officeEmail']).trim())
    .filter(Boolean);
  return `${body}\n\n${signature.join('\n')}`;
}
