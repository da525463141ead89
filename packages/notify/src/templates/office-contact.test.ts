// An office may have a phone and an e-mail, only one of them, or neither (an office `create-admin`
// made has neither until an administrator sets them). Every text the built-in wording makes is
// generated here from the product's own lists (status types with every set of next steps and each
// reason, court outcomes on a conviction and an arrest with every state of the signed orders, each
// channel, each language with templates) for each of those offices, and read for what a missing
// detail would leave behind: a placeholder, a doubled space, a dangling "or"/"o", an empty link. The
// text says only the details the office has, and without any it names the office.
import { OUTCOMES } from '@relief-desk/domain';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { letterheadContact } from '../letters/draw-letter.ts';
import { renderLetterPdf } from '../letters/render-letter-pdf.ts';
import { shapeSms } from '../sms/shape.ts';
import { CLIENT_VALUES, TRANSFER_FACTS } from '../test-support.ts';
import { textDefects } from '../text-defects.ts';
import {
  CANT_PROCEED_REASONS,
  CHANNELS,
  type MessageValues,
  NEXT_STEPS,
  type RenderedMessage,
  STATUS_TYPES,
  TEMPLATE_LANGUAGES,
  type TemplateLanguage,
} from './catalog.ts';
import { contactKindOf, contactValues } from './contact.ts';
import { resolveLanguage } from './languages.ts';
import { type ConvictionOutcomeInput, renderOutcomeMessage } from './render-outcome.ts';
import { renderStatusMessage } from './render-status.ts';

/** Each office: with and without a phone, with and without an e-mail. */
const OFFICES: MessageValues[] = [true, false].flatMap((phone) =>
  [true, false].map((email) => ({
    ...CLIENT_VALUES,
    officePhone: phone ? CLIENT_VALUES.officePhone : '',
    officeEmail: email ? CLIENT_VALUES.officeEmail : '',
  })),
);

const STEP_SETS = Array.from({ length: 1 << NEXT_STEPS.length }, (_, mask) =>
  NEXT_STEPS.filter((_, i) => mask & (1 << i)),
);

const STATUS_CHOICES = STATUS_TYPES.flatMap((statusType) =>
  (statusType === 'cant_proceed' ? CANT_PROCEED_REASONS : [undefined]).flatMap((cantProceedReason) =>
    // "Granted" says of the signed order what the office holds: asked for, or not.
    (statusType === 'granted' ? [2, 1, 0] : [undefined]).flatMap((signedOrdersAwaited) =>
      (statusType === 'transferred' ? TRANSFER_FACTS : [undefined]).flatMap((transfer) =>
        STEP_SETS.map((nextSteps) => ({
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

const conviction = (outcome: ConvictionOutcomeInput['outcome']): ConvictionOutcomeInput => ({
  code: 'PC',
  section: '484(a)',
  caseNumber: '16CR01234',
  outcome,
  remedy: 'pc1203.4',
  county: 'Alameda',
});
const arrest = (outcome: ConvictionOutcomeInput['outcome']): ConvictionOutcomeInput => ({
  code: 'PC',
  section: '647(f)',
  caseNumber: '',
  outcome,
  remedy: 'pc851.91',
  county: 'Alameda',
  arrestDate: '2015-06-02',
});
const REQUESTS: ConvictionOutcomeInput[][] = [
  ...OUTCOMES.flatMap((outcome) => [[conviction(outcome)], [arrest(outcome)]]),
  OUTCOMES.map(conviction),
];
const ORDERS = [0, 1, 2].flatMap((included) => [true, false].map((awaited) => ({ included, awaited })));

/** The first words of a way to reach the office, as the language says it ("call us at", "llámenos al"). */
const lead = (language: TemplateLanguage, kind: 'phone' | 'email') =>
  (resolveLanguage(language).pack.reachUs[kind].split('{')[0] ?? '').trim().toLowerCase();

/**
 * What is wrong with one rendered message: the defects of its subject and text, a signature with a
 * blank line, and any way to reach the office it does not have (or, having none, not naming it).
 */
function problemsOf(message: RenderedMessage, office: MessageValues): string[] {
  const { language, text } = message;
  const kind = contactKindOf(office);
  const lower = text.toLowerCase();
  const problems = [...textDefects(message.subject), ...textDefects(text)];
  if (message.channel === 'email') {
    const closing = resolveLanguage(language).pack.emailSignature.split('\n')[0] ?? '';
    const signature = text.slice(text.lastIndexOf(closing));
    if (/\n\s*\n/.test(signature)) problems.push(`a blank line in the signature: ${signature}`);
  }
  if (kind !== 'both' && kind !== 'phone' && lower.includes(lead(language, 'phone')))
    problems.push('tells the client to call a phone the office does not have');
  if (kind !== 'both' && kind !== 'email' && lower.includes(lead(language, 'email')))
    problems.push('tells the client to write to an e-mail the office does not have');
  if (office.officePhone && !text.includes(office.officePhone)) problems.push('leaves out the phone');
  if (
    kind === 'neither' &&
    !lower.includes(contactValues(office, resolveLanguage(language).pack).reachUs.toLowerCase())
  )
    problems.push('does not name the office to contact');
  return problems;
}

describe('every client text, for an office with a phone and an e-mail, one of them, or neither', () => {
  it('the offices are each kind of office the wording knows', () => {
    expect(OFFICES.map(contactKindOf).sort()).toEqual(Object.keys(resolveLanguage('en').pack.reachUs).sort());
  });

  it('status updates: every status type, set of next steps and reason, by every channel, in each language', () => {
    const problems: string[] = [];
    let rendered = 0;
    for (const office of OFFICES)
      for (const language of TEMPLATE_LANGUAGES)
        for (const channel of CHANNELS)
          for (const choice of STATUS_CHOICES) {
            const message = renderStatusMessage({ ...choice, language, channel, values: office });
            const found = problemsOf(message, office);
            if (channel === 'sms')
              for (const maxSegments of [1, 3])
                found.push(
                  ...textDefects(
                    shapeSms(message.text, { language, officePhone: office.officePhone, maxSegments }).text,
                  ),
                );
            rendered += 1;
            if (found.length > 0)
              problems.push(
                `${contactKindOf(office)} ${language} ${channel} ${choice.statusType} [${choice.nextSteps}]: ${found.join('; ')}\n${message.text}`,
              );
          }
    expect(rendered).toBe(
      OFFICES.length * TEMPLATE_LANGUAGES.length * CHANNELS.length * STATUS_CHOICES.length,
    );
    expect(problems.slice(0, 5)).toEqual([]);
  }, 120_000);

  it('court outcomes: each decision on a conviction and an arrest, every state of the orders, by every channel, in each language', () => {
    const problems: string[] = [];
    for (const office of OFFICES)
      for (const language of TEMPLATE_LANGUAGES)
        for (const channel of CHANNELS)
          for (const convictions of REQUESTS)
            for (const signedOrders of ORDERS) {
              const message = renderOutcomeMessage({
                language,
                channel,
                values: office,
                convictions,
                signedOrders,
              });
              const found = problemsOf(message, office);
              if (found.length > 0)
                problems.push(
                  `${contactKindOf(office)} ${language} ${channel}: ${found.join('; ')}\n${message.text}`,
                );
            }
    expect(problems.slice(0, 5)).toEqual([]);
  }, 60_000);

  it('the next step "contact us" says each way the office has, and names the office when it has none', () => {
    const said = OFFICES.flatMap((office) =>
      TEMPLATE_LANGUAGES.map(
        (language) =>
          renderStatusMessage({
            statusType: 'in_review',
            nextSteps: ['contact_us'],
            language,
            channel: 'letter',
            values: office,
            // Wording that does not say how to reach the office elsewhere: the step says it.
            template: { subject: 'x', body: 'Hello.\n\n{nextSteps}', sms: 'x' },
          }).text.match(/^- .*$/m)?.[0],
      ),
    );
    expect(said).toEqual([
      '- Call us at (510) 555-0123 or write to us at cleanslate@example.org.',
      '- Llámenos al (510) 555-0123 o escríbanos a cleanslate@example.org.',
      '- Call us at (510) 555-0123.',
      '- Llámenos al (510) 555-0123.',
      '- Write to us at cleanslate@example.org.',
      '- Escríbanos a cleanslate@example.org.',
      '- Contact Clean Slate Clinic.',
      '- Comuníquese con Clean Slate Clinic.',
    ]);
  });
});

describe('the letterhead, for each office', () => {
  it('gives the details the office has, with no separator left alone', () => {
    expect(OFFICES.map((o) => letterheadContact({ phone: o.officePhone, email: o.officeEmail }))).toEqual([
      '(510) 555-0123  |  cleanslate@example.org',
      '(510) 555-0123',
      'cleanslate@example.org',
      '',
    ]);
  });

  it.each(
    TEMPLATE_LANGUAGES.flatMap((language) =>
      OFFICES.map((office) => ({ language, office, kind: contactKindOf(office) })),
    ),
  )('a printed letter in $language from an office with $kind reads whole', async ({ language, office }) => {
    const message = renderStatusMessage({
      statusType: 'eligible',
      nextSteps: [...NEXT_STEPS],
      language,
      channel: 'letter',
      values: office,
    });
    const pdf = await renderLetterPdf({
      language,
      date: '2027-02-15',
      office: {
        name: office.officeName,
        addressLines: office.officeAddress.split('\n'),
        phone: office.officePhone,
        email: office.officeEmail,
      },
      recipient: { name: office.clientName, addressLines: ['742 Evergreen Terrace', 'Oakland, CA 94612'] },
      subject: message.subject,
      body: message.text,
      signer: { name: 'Daniel Okafor', role: 'attorney' },
    });
    const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, verbosity: 0 })
      .promise;
    // pdf.js gives each drawn line as an item, its spaces run together.
    const lines: string[] = [];
    for (let n = 1; n <= document.numPages; n++)
      for (const item of (await (await document.getPage(n)).getTextContent()).items)
        if ('str' in item && item.str.trim()) lines.push(item.str.replace(/\s+/g, ' ').trim());
    await document.destroy();
    const contact = letterheadContact({ phone: office.officePhone, email: office.officeEmail });
    // The letterhead: the office's name, its address lines, then the details it has (if any).
    const addressLines = office.officeAddress.split('\n').length;
    const afterAddress = lines[1 + addressLines];
    if (contact) expect(afterAddress).toBe(contact.replace(/\s+/g, ' '));
    else expect(afterAddress).toBe(office.clientName);
    expect(lines.filter((line) => /^\||\|$/.test(line))).toEqual([]);
    expect(textDefects(lines.join(' '))).toEqual([]);
  });
});
