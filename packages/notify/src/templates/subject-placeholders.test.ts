// A subject is one short line: staff send exactly what they previewed, and a subject of several lines
// or over 300 characters is refused then ("Use at most 300 characters"). Which placeholders an
// office's subject may use (the domain's NOT_IN_SUBJECT refuses the others when wording is saved) is
// held here to what each is filled with: every placeholder, over every status type (each reason, each
// state of the signed order, next steps), e-mail and letters, each language and each kind of office.
import {
  NOT_IN_SUBJECT,
  outgoingMessageSchema,
  TEMPLATE_FIELDS,
  templateTextProblems,
} from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../errors.ts';
import { CLIENT_VALUES, TRANSFER_FACTS } from '../test-support.ts';
import {
  availableFactPlaceholders,
  CANT_PROCEED_REASONS,
  FACT_PLACEHOLDERS,
  type MessageValues,
  NEXT_STEPS,
  PLACEHOLDERS,
  type Placeholder,
  STATUS_TYPES,
  type StatusType,
  TEMPLATE_LANGUAGES,
} from './catalog.ts';
import { defaultTemplate } from './default-templates.ts';
import { renderStatusMessage, type StatusMessageInput } from './render-status.ts';

const OFFICES: MessageValues[] = [true, false].flatMap((phone) =>
  [true, false].map((email) => ({
    ...CLIENT_VALUES,
    officePhone: phone ? CLIENT_VALUES.officePhone : '',
    officeEmail: email ? CLIENT_VALUES.officeEmail : '',
  })),
);

/** Each status type with each reason and state of the signed order, and next steps: none, each, all. */
const CHOICES = STATUS_TYPES.flatMap((statusType) =>
  (statusType === 'cant_proceed' ? CANT_PROCEED_REASONS : [undefined]).flatMap((cantProceedReason) =>
    (statusType === 'granted' ? [2, 1, 0] : [undefined]).flatMap((signedOrdersAwaited) =>
      (statusType === 'transferred' ? TRANSFER_FACTS : [undefined]).flatMap((transfer) =>
        [[], ...NEXT_STEPS.map((s) => [s]), NEXT_STEPS].map((nextSteps) => ({
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

/** Channels with a subject. */
const WITH_SUBJECT = ['email', 'letter'] as const;

/** Every subject a subject template becomes; a placeholder a message has no value for is left out. */
function subjects(template: (statusType: StatusType) => string): { subject: string; case: string }[] {
  const out: { subject: string; case: string }[] = [];
  for (const values of OFFICES)
    for (const language of TEMPLATE_LANGUAGES)
      for (const channel of WITH_SUBJECT)
        for (const choice of CHOICES) {
          const input: StatusMessageInput = {
            ...choice,
            language,
            channel,
            values,
            template: { subject: template(choice.statusType), body: 'x', sms: 'x' },
          };
          try {
            out.push({
              subject: renderStatusMessage(input).subject,
              case: `${language} ${channel} ${choice.statusType} [${choice.nextSteps}] phone:${!!values.officePhone} email:${!!values.officeEmail}`,
            });
          } catch (error) {
            if (!(error instanceof TemplateError && error.code === 'MISSING_VALUE')) throw error;
          }
        }
  return out;
}

const spansLines = (text: string) => text.includes('\n');
/** More than one sentence: a sentence's end followed by more words. */
const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=\S)/).length;
const namesEveryWay = (text: string) =>
  text.includes(CLIENT_VALUES.officePhone) && text.includes(CLIENT_VALUES.officeEmail);

describe('which placeholders a subject may use, from what each is filled with', () => {
  it.each(PLACEHOLDERS.filter((name) => !NOT_IN_SUBJECT[name]))(
    '{%s} fills a subject as one line of one sentence or less',
    { timeout: 60_000 },
    (name) => {
      const all = subjects(() => `{${name}}`);
      expect(all.length).toBeGreaterThan(0);
      const wrong = all.filter(
        ({ subject }) => spansLines(subject) || sentences(subject) > 1 || namesEveryWay(subject),
      );
      expect(wrong).toEqual([]);
    },
  );

  it.each(PLACEHOLDERS.filter((name) => NOT_IN_SUBJECT[name]))(
    '{%s} is refused in a subject: it fills in as lines, a list, several sentences or every way to reach us',
    { timeout: 60_000 },
    (name) => {
      const all = subjects(() => `{${name}}`);
      expect(all.length).toBeGreaterThan(0);
      expect(
        all.some(({ subject }) => spansLines(subject) || sentences(subject) > 1 || namesEveryWay(subject)),
      ).toBe(true);
    },
  );

  it('a subject using every placeholder it may (each status type’s own) is one line of at most 300 characters, as sending requires', {
    timeout: 60_000,
  }, () => {
    const allowed = (statusType: StatusType) =>
      PLACEHOLDERS.filter(
        (name) =>
          !NOT_IN_SUBJECT[name] &&
          (!(name in FACT_PLACEHOLDERS) ||
            availableFactPlaceholders(statusType).includes(name as keyof typeof FACT_PLACEHOLDERS)),
      );
    const template = (statusType: StatusType) =>
      `${defaultTemplate(statusType, 'en').subject} ${allowed(statusType)
        .map((n: Placeholder) => `{${n}}`)
        .join(' ')}`;
    const all = subjects(template);
    expect(all.length).toBeGreaterThan(0);
    const refused = all.filter(
      ({ subject }) => spansLines(subject) || !outgoingMessageSchema.shape.subject.safeParse(subject).success,
    );
    expect(refused).toEqual([]);
  });

  it('the built-in wording passes the checks an office’s wording is saved with', () => {
    for (const statusType of STATUS_TYPES)
      for (const language of TEMPLATE_LANGUAGES) {
        const wording = defaultTemplate(statusType, language);
        for (const field of TEMPLATE_FIELDS)
          expect(
            templateTextProblems(wording[field], field, language),
            `${statusType} ${language} ${field}`,
          ).toEqual([]);
      }
  });
});
