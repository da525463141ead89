// How to reach the office ({reachUs}, {reachUsAll}) is a phrase ("call us at …", "llámenos al …") that
// takes a capital where it begins a sentence of the text the client reads. An office's wording may put
// it after any placeholder, so whether a sentence has ended is read from the filled text: after next
// steps ending "… cleanslate@example.org." the client reads "Call us", not "call us". Generated over
// every placeholder, every status type (each reason, each state of the signed order, next steps),
// every channel, each language with templates and each kind of office (a phone, an e-mail, both,
// neither).
import { NEXT_STEPS_FOR } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../errors.ts';
import { CLIENT_VALUES, TRANSFER_FACTS } from '../test-support.ts';
import {
  CANT_PROCEED_REASONS,
  CHANNELS,
  CONTACT_PLACEHOLDERS,
  type MessageValues,
  PLACEHOLDERS,
  STATUS_TYPES,
  TEMPLATE_LANGUAGES,
} from './catalog.ts';
import { contactValues } from './contact.ts';
import { resolveLanguage } from './languages.ts';
import { renderStatusMessage, type StatusMessageInput } from './render-status.ts';

const OFFICES: MessageValues[] = [true, false].flatMap((phone) =>
  [true, false].map((email) => ({
    ...CLIENT_VALUES,
    officePhone: phone ? CLIENT_VALUES.officePhone : '',
    officeEmail: email ? CLIENT_VALUES.officeEmail : '',
  })),
);

/** Each status type with each of its reasons and states of the signed order, and next steps: none, each, all. */
const CHOICES = STATUS_TYPES.flatMap((statusType) =>
  (statusType === 'cant_proceed' ? CANT_PROCEED_REASONS : [undefined]).flatMap((cantProceedReason) =>
    (statusType === 'granted' ? [2, 1, 0] : [undefined]).flatMap((signedOrdersAwaited) =>
      (statusType === 'transferred' ? TRANSFER_FACTS : [undefined]).flatMap((transfer) =>
        [[], ...NEXT_STEPS_FOR[statusType].map((s) => [s]), NEXT_STEPS_FOR[statusType]].map((nextSteps) => ({
          statusType,
          nextSteps,
          ...(cantProceedReason ? { cantProceedReason } : {}),
          ...(signedOrdersAwaited === undefined ? {} : { signedOrdersAwaited }),
          ...(transfer ? { transfer } : {}),
        })),
      ),
    ),
  ),
);

/** Literal text before the phrase, and whether a sentence begins after it. */
const LITERAL_BEFORE: [string, boolean][] = [
  ['Thank you. ', true],
  ['Good news! ', true],
  ['Questions? ', true],
  ['To reach us: ', true],
  ['Thank you.\n', true],
  ['¿', true],
  ['¡', true],
  ['', true],
  ['If you have questions, ', false],
  ['Please ', false],
];

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The message written from one body (the office's wording of e-mail/letter text and text message). */
function render(
  choice: Omit<StatusMessageInput, 'language' | 'channel' | 'values' | 'template'>,
  base: Pick<StatusMessageInput, 'language' | 'channel' | 'values'>,
  body: string,
): string | null {
  try {
    const input = { ...choice, ...base, template: { subject: 'Update', body, sms: body } };
    const { text } = renderStatusMessage(input);
    // E-mail adds the office's signature after a blank line: the body is what came before it.
    return base.channel === 'email' ? text.slice(0, text.lastIndexOf('\n\n')) : text;
  } catch (error) {
    // A placeholder this message has no value for (an office without a phone, no reason given).
    if (error instanceof TemplateError && error.code === 'MISSING_VALUE') return null;
    throw error;
  }
}

describe('{reachUs} and {reachUsAll} take a capital where they begin a sentence of the filled text', () => {
  for (const language of TEMPLATE_LANGUAGES)
    for (const channel of CHANNELS)
      it(`${language} ${channel}: after every placeholder and after sentence ends, for every office`, {
        timeout: 60_000,
      }, () => {
        const { pack } = resolveLanguage(language);
        const wrong: string[] = [];
        let checked = 0;
        for (const values of OFFICES)
          for (const choice of CHOICES)
            for (const phrase of CONTACT_PLACEHOLDERS) {
              const words = contactValues(values, pack)[phrase];
              const base = { language, channel, values };
              const expect1 = (body: string, before: string, startsSentence: boolean) => {
                const text = render(choice, base, body);
                if (text === null) return;
                checked += 1;
                const want = startsSentence ? capital(words) : words;
                if (!text.includes(`${before}${want}.`.trim()))
                  wrong.push(`${channel} ${choice.statusType} [${choice.nextSteps}] ${body}: ${text}`);
              };
              // After each placeholder: whether a sentence begins is what its value ends with.
              for (const name of PLACEHOLDERS) {
                const value = render(choice, base, `{${name}}`);
                if (value === null) continue;
                const ends = value.trim() === '' || /[.!?:]$/.test(value.trim());
                expect1(`{${name}} {${phrase}}.`, value.trim() === '' ? '' : `${value} `, ends);
              }
              for (const [before, startsSentence] of LITERAL_BEFORE)
                expect1(`${before}{${phrase}}.`, before, startsSentence);
            }
        expect(wrong).toEqual([]);
        expect(checked).toBeGreaterThan(OFFICES.length * CHOICES.length);
      });

  it('the office wording the tester used: next steps, then how to reach us', () => {
    const values = CLIENT_VALUES;
    const email = renderStatusMessage({
      statusType: 'eligible',
      nextSteps: ['contact_us'],
      language: 'es',
      channel: 'letter',
      values,
      template: { subject: 'x', body: 'Hola.\n\n{nextSteps} {reachUsAll}.', sms: 'x' },
    });
    expect(email.text).toContain(`${values.officeEmail}. Llámenos al ${values.officePhone}`);
    const sms = renderStatusMessage({
      statusType: 'eligible',
      nextSteps: ['contact_us'],
      language: 'en',
      channel: 'sms',
      values,
      template: { subject: 'x', body: 'x', sms: '{officeName}: {nextSteps} {reachUsAll}.' },
    });
    expect(sms.text).toContain(`Next: contact us. Call us at ${values.officePhone}`);
  });
});
