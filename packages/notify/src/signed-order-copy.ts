// The copy of the court's signed order sent after the outcome: the outcome told the client the order
// would follow, and this is it. E-mail attaches it, a letter encloses it; a text message only says it
// was sent (by e-mail, by mail), never what it is about (Penal Code 11140-11144, as renderOutcomeSms).
// Each order is named as the outcome names the requests it rules on, in the pack's own words.
import type { LanguageCode } from '@relief-desk/domain';
import { TemplateError } from './errors.ts';
import type { Channel, MessageValues, RenderedMessage } from './templates/catalog.ts';
import { formatClientDate, resolveLanguage } from './templates/languages.ts';
import { fillPlaceholders, tidyText } from './templates/placeholders.ts';
import type { ConvictionOutcomeInput } from './templates/render-outcome.ts';
import { baseValues, withChannelFrame } from './templates/render-status.ts';

export const SIGNED_ORDER_COPY_TEMPLATE_ID = 'signed_order_copy';
export const SIGNED_ORDER_COPY_TEMPLATE_VERSION = 1;

/** One signed order: the requests the court ruled on in it (none for an order not tied to a petition). */
export interface SignedOrderCopy {
  requests: readonly ConvictionOutcomeInput[];
}

export interface SignedOrderCopyInput {
  language: LanguageCode;
  channel: Channel;
  values: MessageValues;
  orders: readonly SignedOrderCopy[];
  /** For a text message: the channels that carry the orders with this send (e-mail, letter). */
  carriedBy?: readonly Channel[];
}

interface CopyWording {
  subjectOne: string;
  subjectMany: string;
  greeting: string;
  attachedOne: string;
  attachedMany: string;
  enclosedOne: string;
  enclosedMany: string;
  theOrderOn: string;
  oneByOne: string;
  orderNumber: (n: number, of: number) => string;
  /** An order not tied to a petition the records hold: the copy says what it decides. */
  unnamed: string;
  smsOne: string;
  smsMany: string;
  byEmail: string;
  byMail: string;
  byEmailAndMail: string;
}

const WORDING: Record<'en' | 'es', CopyWording> = {
  en: {
    subjectOne: 'The court’s signed order',
    subjectMany: 'The court’s signed orders',
    greeting: 'Dear {clientName},',
    attachedOne: 'We have received the court’s signed order, and a copy is attached to this e-mail.',
    attachedMany:
      'We have received the court’s {count} signed orders, and a copy of each is attached to this e-mail.',
    enclosedOne: 'We have received the court’s signed order, and a copy is enclosed with this letter.',
    enclosedMany:
      'We have received the court’s {count} signed orders, and a copy of each is enclosed with this letter.',
    theOrderOn: 'It is the order on:',
    oneByOne: 'These are the orders, one by one:',
    orderNumber: (n, of) => `Order ${n} of ${of}:`,
    unnamed: 'See the copy for what this order decides.',
    smsOne:
      '{officeName}: {clientName}, we have sent you a copy of the court’s signed order {by}. If you have questions, {reachUs}.',
    smsMany:
      '{officeName}: {clientName}, we have sent you a copy of each of the court’s signed orders {by}. If you have questions, {reachUs}.',
    byEmail: 'by e-mail',
    byMail: 'by mail',
    byEmailAndMail: 'by e-mail and by mail',
  },
  es: {
    subjectOne: 'La orden firmada por la corte',
    subjectMany: 'Las órdenes firmadas por la corte',
    greeting: 'Estimado/a {clientName}:',
    attachedOne:
      'Recibimos la orden firmada por la corte. Le adjuntamos una copia en este correo electrónico.',
    attachedMany:
      'Recibimos las {count} órdenes firmadas por la corte. Le adjuntamos una copia de cada una en este correo electrónico.',
    enclosedOne: 'Recibimos la orden firmada por la corte. Le enviamos una copia con esta carta.',
    enclosedMany:
      'Recibimos las {count} órdenes firmadas por la corte. Le enviamos una copia de cada una con esta carta.',
    theOrderOn: 'Es la orden sobre:',
    oneByOne: 'Estas son las órdenes, una por una:',
    orderNumber: (n, of) => `Orden ${n} de ${of}:`,
    unnamed: 'Vea en la copia lo que decide esta orden.',
    smsOne:
      '{officeName}: {clientName}, le enviamos una copia de la orden firmada por la corte {by}. Si tiene preguntas, {reachUs}.',
    smsMany:
      '{officeName}: {clientName}, le enviamos una copia de cada una de las órdenes firmadas por la corte {by}. Si tiene preguntas, {reachUs}.',
    byEmail: 'por correo electrónico',
    byMail: 'por correo postal',
    byEmailAndMail: 'por correo electrónico y por correo postal',
  },
};

export function renderSignedOrderCopy(input: SignedOrderCopyInput): RenderedMessage {
  const { language, pack, fallbackFrom } = resolveLanguage(input.language);
  if (input.orders.length === 0)
    throw new TemplateError(
      'MISSING_VALUE',
      ['orders'],
      'A copy of the signed order needs an order to send.',
    );
  const wording = WORDING[language as 'en' | 'es'];
  const values = baseValues(input.values, input.language);
  const one = input.orders.length === 1;
  let text: string;
  if (input.channel === 'sms') {
    const carried = input.carriedBy ?? [];
    const email = carried.includes('email');
    const mail = carried.includes('letter');
    if (!email && !mail)
      throw new TemplateError(
        'MISSING_VALUE',
        ['carriedBy'],
        'A text message carries no court papers: it only says the order was sent by e-mail or mail.',
      );
    const by = email && mail ? wording.byEmailAndMail : email ? wording.byEmail : wording.byMail;
    text = tidyText(fillPlaceholders(one ? wording.smsOne : wording.smsMany, { ...values, by }));
  } else {
    const sent =
      input.channel === 'email'
        ? one
          ? wording.attachedOne
          : wording.attachedMany
        : one
          ? wording.enclosedOne
          : wording.enclosedMany;
    const named = input.orders.map((order) => orderLines(order, pack, input.language));
    const granted = input.orders.some((o) => o.requests.some((r) => r.outcome === 'granted'));
    const paragraphs = [
      fillPlaceholders(wording.greeting, values),
      fillPlaceholders(sent, { count: String(input.orders.length) }),
      // Which orders these are, when they rule on requests the records hold.
      ...(named.every((lines) => lines.length === 0)
        ? []
        : one
          ? [[wording.theOrderOn, ...(named[0] ?? [])].join('\n')]
          : [
              wording.oneByOne,
              ...named.map((lines, index) =>
                [
                  wording.orderNumber(index + 1, named.length),
                  ...(lines.length === 0 ? [wording.unnamed] : lines),
                ].join('\n'),
              ),
            ]),
      // The outcome says so of a granted request's order: the client may need to show it.
      ...(granted ? [one ? pack.outcome.orders.keepSafeOne : pack.outcome.orders.keepSafeMany] : []),
      fillPlaceholders(pack.outcome.closing, values),
    ];
    text = withChannelFrame(tidyText(paragraphs.join('\n\n')), input.channel, pack, values);
  }
  return {
    subject: fillPlaceholders(one ? wording.subjectOne : wording.subjectMany, values),
    text,
    channel: input.channel,
    language,
    ...(fallbackFrom ? { fallbackFrom } : {}),
    templateId: SIGNED_ORDER_COPY_TEMPLATE_ID,
    templateVersion: SIGNED_ORDER_COPY_TEMPLATE_VERSION,
  };
}

type Pack = ReturnType<typeof resolveLanguage>['pack'];

/** An order's requests, as the outcome's lines name them (the record, the county), then its remedy. */
function orderLines(order: SignedOrderCopy, pack: Pack, language: LanguageCode): string[] {
  const { outcome: wording } = pack;
  const names = order.requests.map((r) => {
    const record = r.arrestDate
      ? wording.arrest(
          r.code.trim(),
          r.section.trim(),
          formatClientDate(r.arrestDate, language, 'arrestDate'),
        )
      : wording.conviction(
          r.code.trim(),
          r.section.trim(),
          r.caseNumber.trim(),
          r.convictionDate ? formatClientDate(r.convictionDate, language, 'convictionDate') : null,
        );
    return r.county ? `${record}, ${wording.inCounty(r.county)}` : record;
  });
  const remedy = order.requests.find((r) => r.remedy)?.remedy;
  return [...new Set(names), ...(remedy ? [wording.request(wording.remedies[remedy])] : [])];
}
