// Renders what staff see before sending: the status update or court outcome, per channel the client
// allows, in the client's language. Template problems become field errors staff can act on.
import type { Db, Tx } from '@relief-desk/db';
import {
  type County,
  type LanguageCode,
  languageLabel,
  type MessageChannel,
  type StatusChoice,
} from '@relief-desk/domain';
import {
  type ConvictionOutcomeInput,
  type RenderedMessage,
  renderOutcomeMessage,
  renderSignedOrderCopy,
  renderStatusMessage,
  type SignedOrderCopy,
  type SignedOrderFacts,
  shapeSms,
  TemplateError,
} from '@relief-desk/notify';
import { AppError, badInput } from '../../errors.ts';
import { type Addressee, messageValues, reachOf, recipientFor } from './addressee.ts';
import { orderFactsFor, signedOrdersAwaited } from './signedOrders.ts';
import { transferFacts } from './statusFacts.ts';
import { overrideOf, templateLanguage, templateToWrite } from './templates.ts';

export interface ComposedMessage {
  channel: MessageChannel;
  recipient: string;
  subject: string;
  text: string;
  templateId: string;
  templateVersion: number;
  /** Text messages: how many parts it takes, and whether it had to be shortened. */
  smsParts: number | null;
  shortened: boolean;
  /**
   * A letter that cannot be printed as composed: which character, where, and what to correct. Set by
   * the previews (previewLetterCheck); sending such a letter is refused.
   */
  cannotPrint: string | null;
}

export interface Composition {
  language: LanguageCode;
  /** Set when the client's language has no templates and English was used. */
  fallbackFrom: string | null;
  messages: ComposedMessage[];
  unreachable: { channel: MessageChannel; reason: string }[];
  /**
   * Set when the office's own wording of this status lacks a placeholder it must use (it may predate
   * it) and the built-in wording was used instead: says so, and that an administrator must update it.
   */
  templateSetAside: string | null;
}

/** A message as rendered, with what the composition says of all of them. */
type Rendered = ComposedMessage & {
  language: LanguageCode;
  fallbackFrom: string | null;
  templateSetAside?: string | null;
};

/**
 * Texts composed in one language are not sent, nor recorded, as another: when the client's language
 * changed after the preview was made, staff preview again (a colleague may have just learnt it). A
 * conflict with what the page showed, as a version's; said without claiming a change, since a script
 * may name the wrong language with nothing changed.
 */
export function requireWrittenInLanguageNow(
  writtenIn: LanguageCode | undefined,
  now: LanguageCode,
  clientName: string,
): void {
  if (writtenIn === undefined || writtenIn === now) return;
  throw new AppError(
    'VERSION_CONFLICT',
    `This message was written in ${languageLabel(writtenIn)}, but ${clientName}’s messages are written in ${languageLabel(now)}: preview it again to send it in ${languageLabel(now)}.`,
  );
}

/** What a status message was made from, kept with it to render again for another channel. */
export type RenderInput =
  | {
      kind: 'status';
      choice: Omit<StatusChoice, 'matterId'>;
      /** The county it names (messages written before it was kept lack it, and are not compared). */
      county?: County;
    }
  | {
      kind: 'outcome';
      convictions: (ConvictionOutcomeInput | StoredDescription)[];
      /** How many of its orders may be of a granted request (SignedOrderFacts.granting); kept since 2026-12. */
      ordersGranting?: number;
    }
  /** A copy of signed orders sent after the outcome (signedOrderCopies.ts): the orders and their files. */
  | { kind: 'signed_order_copy'; orders: SignedOrderCopy[]; fileIds: string[] }
  /** An online application's confirmation or status link: the link cannot be written again. */
  | { kind: 'application' };

const FIELD_OF: Record<string, string> = {
  courtDate: 'choice.courtDate',
  reason: 'choice.cantProceedReason',
  officePhone: 'office',
  officeEmail: 'office',
  officeAddress: 'office',
  officeName: 'office',
};

/** A template that cannot be filled, said in terms staff can fix. */
export function templateProblem(error: unknown): AppError {
  if (!(error instanceof TemplateError)) throw error;
  const office = error.names.filter((n) => n.startsWith('office'));
  const message =
    office.length > 0
      ? `The office’s ${office.map((n) => n.replace('office', '').toLowerCase()).join(', ')} is not set: an administrator must add it before messages can be sent.`
      : error.code === 'UNKNOWN_PLACEHOLDER'
        ? `The office’s template uses unknown placeholders: ${error.names.map((n) => `{${n}}`).join(', ')}.`
        : `Missing: ${error.names.join(', ')}.`;
  const path = FIELD_OF[error.names[0] ?? ''] ?? 'choice';
  return new AppError('BAD_INPUT', message, { fieldErrors: [{ path, message }] });
}

/**
 * Every message carries the office's address, phone and e-mail (its signature, its letterhead, how
 * to reach the office): none is written until an administrator has set them in the office profile.
 */
function requireOfficeDetails(office: Addressee['office']): void {
  const missing = (
    [
      ['mailing address', office.address],
      ['phone', office.phone],
      ['e-mail', office.email],
    ] as const
  ).flatMap(([name, value]) => (value.trim() ? [] : [name]));
  if (missing.length === 0) return;
  const named = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}` : missing[0];
  const message = `The office’s ${named} ${missing.length > 1 ? 'are' : 'is'} not set: an administrator must add ${missing.length > 1 ? 'them' : 'it'} at Office settings before messages can be sent.`;
  throw new AppError('BAD_INPUT', message, { fieldErrors: [{ path: 'office', message }] });
}

function withSmsShape(
  rendered: RenderedMessage,
  addressee: Addressee,
): Pick<ComposedMessage, 'text' | 'smsParts' | 'shortened'> {
  if (rendered.channel !== 'sms') return { text: rendered.text, smsParts: null, shortened: false };
  const shaped = shapeSms(rendered.text, {
    language: addressee.language,
    officePhone: addressee.office.phone,
  });
  return { text: shaped.text, smsParts: shaped.segments.length, shortened: shaped.shortened };
}

/** `county` is the county the message names, as requireBackedStatus found it. */
export async function renderStatusFor(
  db: Db | Tx,
  addressee: Addressee,
  choice: Omit<StatusChoice, 'matterId'>,
  channel: MessageChannel,
  county: County,
): Promise<Rendered> {
  requireOfficeDetails(addressee.office);
  // The office's wording, unless it lacks what must come from the records: then the built-in wording.
  const { template, setAside } = await templateToWrite(
    db,
    addressee.office.id,
    choice.statusType,
    templateLanguage(addressee.language),
  );
  // "Granted" says of the court's signed order only what the office holds: asked for, or not.
  const signedOrder =
    choice.statusType === 'granted'
      ? { signedOrdersAwaited: await signedOrdersAwaited(db, addressee.matter.id) }
      : {};
  // "Transferred" names the office the matter went to, and the person's requests that stay here.
  const transfer =
    choice.statusType === 'transferred' ? { transfer: await transferFacts(db, addressee.matter) } : {};
  try {
    const rendered = renderStatusMessage({
      statusType: choice.statusType,
      ...signedOrder,
      ...transfer,
      ...(choice.cantProceedReason ? { cantProceedReason: choice.cantProceedReason } : {}),
      nextSteps: choice.nextSteps,
      language: addressee.language,
      channel,
      values: { ...messageValues(addressee, choice.courtDate), county },
      template: overrideOf(template),
    });
    return {
      channel,
      recipient: recipientFor(addressee.client, channel),
      subject: rendered.subject,
      ...withSmsShape(rendered, addressee),
      cannotPrint: null,
      templateId: template.id,
      templateVersion: template.version,
      language: rendered.language,
      fallbackFrom: rendered.fallbackFrom ?? null,
      templateSetAside: setAside,
    };
  } catch (error) {
    throw templateProblem(error);
  }
}

/**
 * A message the records word in full (no office wording), rendered for the addressee on one channel:
 * its recipient, and a text message shaped to its parts.
 */
function renderedFromRecords(
  addressee: Addressee,
  channel: MessageChannel,
  render: (values: ReturnType<typeof messageValues>) => RenderedMessage,
): Rendered {
  requireOfficeDetails(addressee.office);
  try {
    const rendered = render(messageValues(addressee, null));
    return {
      channel,
      recipient: recipientFor(addressee.client, channel),
      subject: rendered.subject,
      ...withSmsShape(rendered, addressee),
      cannotPrint: null,
      templateId: rendered.templateId,
      templateVersion: rendered.templateVersion,
      language: rendered.language,
      fallbackFrom: rendered.fallbackFrom ?? null,
    };
  } catch (error) {
    throw templateProblem(error);
  }
}

export function renderOutcomeFor(
  addressee: Addressee,
  convictions: ConvictionOutcomeInput[],
  channel: MessageChannel,
  signedOrders: SignedOrderFacts,
): Rendered {
  return renderedFromRecords(addressee, channel, (values) =>
    renderOutcomeMessage({ language: addressee.language, channel, values, convictions, signedOrders }),
  );
}

/**
 * A copy of the court's signed orders (signedOrderCopies.ts). A text message says only that they were
 * sent by `carriedBy` (e-mail, letter).
 */
export function renderSignedOrderCopyFor(
  addressee: Addressee,
  orders: SignedOrderCopy[],
  channel: MessageChannel,
  carriedBy: MessageChannel[],
): Rendered {
  return renderedFromRecords(addressee, channel, (values) =>
    renderSignedOrderCopy({ language: addressee.language, channel, values, orders, carriedBy }),
  );
}

/**
 * Renders a sent message again for another channel. An outcome says of the signed orders only what
 * holds now: the files that go with the new message, or whether the office still waits for one.
 */
export async function renderAgain(
  db: Db | Tx,
  addressee: Addressee,
  input: RenderInput,
  channel: MessageChannel,
  attachments: number,
  county: County,
) {
  if (input.kind === 'status') return renderStatusFor(db, addressee, input.choice, channel, county);
  if (input.kind === 'application')
    throw badInput(
      'channel',
      'This message carries the applicant’s status link, which is kept only as a hash, so it cannot be sent another way. The applicant can ask for a new link on the status page.',
    );
  if (input.kind === 'signed_order_copy') {
    // The copy is the order itself: a text message carries none, and says only that one was sent.
    if (channel === 'sms')
      throw badInput(
        'channel',
        'A text message carries no court papers, so the signed order cannot be sent by text: send it by e-mail or letter.',
      );
    return renderSignedOrderCopyFor(addressee, input.orders, channel, []);
  }
  const awaited = await signedOrdersAwaited(db, addressee.matter.id);
  const facts = orderFactsFor(channel, attachments, awaited);
  return renderOutcomeFor(
    addressee,
    input.convictions.map(storedConviction),
    channel,
    channel !== 'sms' && input.ordersGranting !== undefined
      ? { ...facts, granting: input.ordersGranting }
      : facts,
  );
}

/**
 * Outcome messages stored before convictions were kept as fields held one English description,
 * "PC 484(a) — case 16CR01234": read it back into its parts so it renders in the client's language.
 */
function storedConviction(stored: ConvictionOutcomeInput | StoredDescription): ConvictionOutcomeInput {
  if (!('description' in stored)) return stored;
  const { description, ...rest } = stored;
  const [, code = '', section = '', caseNumber = ''] = /^(\S+) (.+?) — case (.+)$/.exec(description) ?? [];
  return { ...rest, code, section, caseNumber };
}

interface StoredDescription extends Omit<ConvictionOutcomeInput, 'code' | 'section' | 'caseNumber'> {
  description: string;
}

export function compositionOf(addressee: Addressee, rendered: Rendered[]): Composition {
  const first = rendered[0];
  return {
    language: first?.language ?? templateLanguage(addressee.language),
    fallbackFrom:
      first?.fallbackFrom ??
      (addressee.language === templateLanguage(addressee.language) ? null : addressee.language),
    messages: rendered.map(({ language: _l, fallbackFrom: _f, templateSetAside: _s, ...m }) => m),
    unreachable: reachOf(addressee.client).unreachable,
    templateSetAside: rendered.find((m) => m.templateSetAside)?.templateSetAside ?? null,
  };
}
