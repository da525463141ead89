import { templateParityProblems } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../errors.ts';
import { CLIENT_VALUES, TRANSFER_FACTS } from '../test-support.ts';
import {
  CANT_PROCEED_REASONS,
  CHANNELS,
  NEXT_STEPS,
  STATUS_TYPES,
  type StatusType,
  TEMPLATE_LANGUAGES,
} from './catalog.ts';
import { DEFAULT_TEMPLATE_VERSION, DEFAULT_TEMPLATES } from './default-templates.ts';
import { validateTemplate } from './placeholders.ts';
import { renderStatusMessage, type StatusMessageInput } from './render-status.ts';

function input(overrides: Partial<StatusMessageInput> = {}): StatusMessageInput {
  return {
    statusType: 'in_review',
    nextSteps: [],
    language: 'en',
    channel: 'email',
    values: CLIENT_VALUES,
    ...overrides,
  };
}

const reasonFor = (statusType: StatusType) => (statusType === 'cant_proceed' ? 'on_probation' : undefined);

const cases = STATUS_TYPES.flatMap((statusType) =>
  TEMPLATE_LANGUAGES.flatMap((language) => CHANNELS.map((channel) => ({ statusType, language, channel }))),
);

describe('renderStatusMessage: every status type, language and channel', () => {
  it.each(cases)('$statusType in $language by $channel', ({ statusType, language, channel }) => {
    const message = renderStatusMessage(
      input({
        statusType,
        language,
        channel,
        nextSteps: ['contact_us'],
        cantProceedReason: reasonFor(statusType),
        ...(statusType === 'granted' ? { signedOrdersAwaited: 0 } : {}),
        ...(statusType === 'transferred' ? { transfer: TRANSFER_FACTS[1] } : {}),
      }),
    );
    expect(message.text).not.toMatch(/[{}]/);
    expect(message.subject).not.toMatch(/[{}]/);
    expect(message.text).toContain('Begoña Núñez');
    expect(message.text).toContain('(510) 555-0123');
    expect(message).toMatchObject({
      language,
      channel,
      templateId: statusType,
      templateVersion: DEFAULT_TEMPLATE_VERSION,
    });
    expect(message.fallbackFrom).toBeUndefined();
    const greeting =
      language === 'es' ? /Estimado\/a Begoña Núñez:|Begoña Núñez/ : /Dear Begoña Núñez,|Begoña Núñez/;
    expect(message.text).toMatch(greeting);
  });
});

describe('renderStatusMessage: channels', () => {
  it('e-mail opens with the greeting in the language and ends with the office signature', () => {
    const es = renderStatusMessage(input({ language: 'es' }));
    expect(es.text.startsWith('Estimado/a Begoña Núñez:')).toBe(true);
    expect(es.text).toMatch(/Atentamente,\nClean Slate Clinic\n1401 Lakeside Dr\nOakland, CA 94612/);
    expect(es.text).toContain('el condado de Alameda');
    const en = renderStatusMessage(input({ language: 'en' }));
    expect(en.text.startsWith('Dear Begoña Núñez,')).toBe(true);
    expect(en.text).toContain('Alameda County');
  });

  it.each([
    ['Los Angeles', 'Los Ángeles'],
    ['San Joaquin', 'San Joaquín'],
    ['Santa Barbara', 'Santa Bárbara'],
  ])('%s is spelled as Spanish spells it, with its accent, in Spanish only', (county, spanish) => {
    for (const statusType of STATUS_TYPES) {
      const values = { ...CLIENT_VALUES, county };
      const es = renderStatusMessage(
        input({
          language: 'es',
          statusType,
          values,
          cantProceedReason: reasonFor(statusType),
          signedOrdersAwaited: 0,
          transfer: { receivingOffice: 'Golden Gate Legal Aid', staysHere: [county, 'Fresno'] },
        }),
      );
      expect(es.text).not.toContain(county);
      if (es.text.includes('condado')) expect(es.text).toContain(`condado de ${spanish}`);
      const en = renderStatusMessage(
        input({
          language: 'en',
          statusType,
          values,
          cantProceedReason: reasonFor(statusType),
          signedOrdersAwaited: 0,
          transfer: { receivingOffice: 'Golden Gate Legal Aid', staysHere: [county, 'Fresno'] },
        }),
      );
      expect(en.text).not.toContain(spanish);
    }
  });

  it('a letter has no e-mail signature (the PDF draws the signature block)', () => {
    const letter = renderStatusMessage(input({ channel: 'letter' }));
    expect(letter.text).not.toContain('Sincerely');
  });

  it('SMS uses the short text and short next steps', () => {
    const sms = renderStatusMessage(
      input({
        channel: 'sms',
        statusType: 'eligible',
        nextSteps: ['submit_personal_statement', 'submit_letters'],
      }),
    );
    expect(sms.text).toBe(
      'Clean Slate Clinic: Good news, Begoña Núñez. You may be able to clear your record. ' +
        'Next: send us your personal statement; send us letters of recommendation. Questions? Call us at (510) 555-0123.',
    );
  });

  it('SMS without next steps leaves no gap', () => {
    const sms = renderStatusMessage(input({ channel: 'sms', statusType: 'eligible', language: 'es' }));
    expect(sms.text).toContain('sus antecedentes. ¿Preguntas?');
  });
});

describe('renderStatusMessage: next steps and values', () => {
  it.each(NEXT_STEPS)('next step %s renders in both languages as a list item', (step) => {
    for (const language of TEMPLATE_LANGUAGES) {
      const text = renderStatusMessage(input({ language, nextSteps: [step] })).text;
      expect(text).toMatch(language === 'es' ? /Próximos pasos:\n- \S/ : /What happens next:\n- \S/);
      expect(text).not.toMatch(/[{}]/);
    }
  });

  it('wait_for_decision promises an attorney only at a hearing the court holds: it may rule on the papers', () => {
    const en = renderStatusMessage(input({ language: 'en', nextSteps: ['wait_for_decision'] })).text;
    expect(en).toContain(
      'If the court holds a hearing, an attorney from our office will go to the hearing for you; you do not need to go to court unless we tell you otherwise.',
    );
    const es = renderStatusMessage(input({ language: 'es', nextSteps: ['wait_for_decision'] })).text;
    expect(es).toContain(
      'Si la corte celebra una audiencia, un abogado de nuestra oficina irá a la audiencia en su nombre; usted no necesita ir a la corte, a menos que le indiquemos lo contrario.',
    );
  });

  it('no next steps: no heading left behind', () => {
    const text = renderStatusMessage(input()).text;
    expect(text).not.toContain('What happens next');
    expect(text).not.toMatch(/\n{3}/);
  });

  it.each([
    ['en', 'Your court date: March 7, 2027', 'for March 7, 2027.'],
    ['es', 'Fecha de su audiencia: 7 de marzo de 2027', 'para el 7 de marzo de 2027.'],
  ] as const)('court date is formatted in %s', (language, subject, inText) => {
    const message = renderStatusMessage(input({ statusType: 'court_date_set', language }));
    expect(message.subject).toBe(subject);
    expect(message.text).toContain(inText);
  });

  it.each(CANT_PROCEED_REASONS)("can't proceed because of %s explains the reason in e-mail", (reason) => {
    for (const language of TEMPLATE_LANGUAGES) {
      const message = renderStatusMessage(
        input({ statusType: 'cant_proceed', cantProceedReason: reason, language }),
      );
      expect(message.text.split('\n\n')[1]?.length).toBeGreaterThan(80);
    }
  });

  it('an SMS never states the reason a request cannot proceed', () => {
    const sms = renderStatusMessage(
      input({ statusType: 'cant_proceed', cantProceedReason: 'on_probation', channel: 'sms' }),
    );
    expect(sms.text).not.toMatch(/probation/i);
  });

  it('Spanish accents and ñ round-trip exactly', () => {
    const text = renderStatusMessage(input({ language: 'es', nextSteps: ['contact_us'] })).text;
    expect(text).toContain('Begoña Núñez');
    expect(text).toContain('- Comuníquese con nosotros.');
    expect(text).toContain('llámenos al (510) 555-0123 o escríbanos a cleanslate@example.org.');
    expect(text.normalize('NFC')).toBe(text);
  });

  it('braces inside a value are not read as placeholders', () => {
    const text = renderStatusMessage(
      input({ values: { ...CLIENT_VALUES, clientName: 'Ana {county}' } }),
    ).text;
    expect(text).toContain('Dear Ana {county},');
  });
});

describe('renderStatusMessage: languages without templates', () => {
  it.each(['zh', 'vi', 'ko', 'tl'] as const)('%s falls back to English and says so', (language) => {
    const message = renderStatusMessage(input({ language }));
    expect(message.language).toBe('en');
    expect(message.fallbackFrom).toBe(language);
    expect(message.text.startsWith('Dear ')).toBe(true);
  });
});

describe('renderStatusMessage: refusals', () => {
  it('an edited template with unknown placeholders is refused, listing them', () => {
    const render = () =>
      renderStatusMessage(
        input({
          template: {
            subject: 'Hi {clientname}',
            body: 'Dear {clientName}, see {portalLink} and {clientname}.',
          },
        }),
      );
    expect(render).toThrow(TemplateError);
    expect(render).toThrow('Unknown placeholders: {clientname}, {portalLink}.');
    try {
      render();
    } catch (err) {
      expect(err).toMatchObject({ code: 'UNKNOWN_PLACEHOLDER', names: ['clientname', 'portalLink'] });
    }
  });

  it('court_date_set without a court date is refused, even if an edited template omits it', () => {
    const values = { ...CLIENT_VALUES, courtDate: undefined };
    for (const template of [undefined, { subject: 'Hearing', body: 'Dear {clientName}, a date is set.' }]) {
      expect(() => renderStatusMessage(input({ statusType: 'court_date_set', values, template }))).toThrow(
        expect.objectContaining({ code: 'MISSING_VALUE', names: ['courtDate'] }),
      );
    }
  });

  it("can't proceed without a reason is refused", () => {
    expect(() => renderStatusMessage(input({ statusType: 'cant_proceed' }))).toThrow(
      expect.objectContaining({ code: 'MISSING_VALUE', names: ['reason'] }),
    );
  });

  it('a blank value the template needs is refused, naming it', () => {
    expect(() => renderStatusMessage(input({ values: { ...CLIENT_VALUES, clientName: ' ' } }))).toThrow(
      expect.objectContaining({ code: 'MISSING_VALUE', names: ['clientName'] }),
    );
  });

  it('an impossible court date is refused', () => {
    const values = { ...CLIENT_VALUES, courtDate: '2027-02-30' };
    expect(() => renderStatusMessage(input({ statusType: 'court_date_set', values }))).toThrow(
      expect.objectContaining({ code: 'INVALID_VALUE', names: ['courtDate'] }),
    );
  });
});

describe('edited templates', () => {
  it("an office's wording and version are used", () => {
    const message = renderStatusMessage(
      input({
        template: {
          subject: 'Update from {officeName}',
          body: 'Hello {clientName}.\n\n{nextSteps}',
          version: 4,
        },
      }),
    );
    expect(message.subject).toBe('Update from Clean Slate Clinic');
    expect(message.text.startsWith('Hello Begoña Núñez.')).toBe(true);
    expect(message).toMatchObject({ templateId: 'in_review', templateVersion: 4 });
  });

  it('SMS keeps the default short text when the office edited only the e-mail wording', () => {
    const message = renderStatusMessage(
      input({ channel: 'sms', template: { subject: 'S', body: 'B {clientName}' } }),
    );
    expect(message.text).toContain('we are reviewing your record');
  });
});

describe('DEFAULT_TEMPLATES and validateTemplate', () => {
  it('has one template per status type and language, all with known placeholders only', () => {
    expect(DEFAULT_TEMPLATES).toHaveLength(STATUS_TYPES.length * TEMPLATE_LANGUAGES.length);
    for (const t of DEFAULT_TEMPLATES) {
      expect(validateTemplate(`${t.subject}\n${t.body}\n${t.sms}`)).toEqual([]);
    }
  });

  it('each status type says the same in English and Spanish: the parity an office’s edit is held to', () => {
    for (const statusType of STATUS_TYPES) {
      const wording = Object.fromEntries(
        TEMPLATE_LANGUAGES.map((language) => {
          const t = DEFAULT_TEMPLATES.find((d) => d.id === statusType && d.language === language);
          return [language, { subject: t?.subject ?? '', body: t?.body ?? '', sms: t?.sms ?? '' }];
        }),
      ) as Parameters<typeof templateParityProblems>[0];
      expect(templateParityProblems(wording), statusType).toEqual([]);
    }
  });

  it('Spanish templates are in Spanish', () => {
    for (const t of DEFAULT_TEMPLATES.filter((t) => t.language === 'es')) {
      expect(t.body).toMatch(/^Estimado\/a \{clientName\}:/);
    }
  });

  it.each([
    ['Dear {clientName}', []],
    ['Dear {clientName} {foo} {foo}', ['foo']],
    ['{client name} and {}', ['client name', '']],
    ['no placeholders', []],
  ])('validateTemplate(%j) → %j', (body, unknown) => {
    expect(validateTemplate(body)).toEqual(unknown);
  });
});

describe('renderStatusMessage: “granted” says of the signed order only what the office holds', () => {
  const PROMISES = [
    /We will send you a copy of the signed court order/,
    /Le enviaremos una copia de la orden/,
  ];
  it.each(
    TEMPLATE_LANGUAGES.flatMap((language) =>
      CHANNELS.flatMap((channel) =>
        [2, 1, 0].map((signedOrdersAwaited) => ({ language, channel, signedOrdersAwaited })),
      ),
    ),
  )(
    '$language by $channel, orders awaited: $signedOrdersAwaited',
    ({ language, channel, signedOrdersAwaited }) => {
      const { text } = renderStatusMessage(
        input({ statusType: 'granted', language, channel, signedOrdersAwaited, nextSteps: ['contact_us'] }),
      );
      const signedOrderAwaited = signedOrdersAwaited === 1;
      const several = signedOrdersAwaited > 1;
      const awaitedWords = {
        en: {
          full: 'We have asked the court for the signed order, and we will send you a copy when we receive it. Please keep it in a safe place; it is your proof of what the court granted.',
          sms: 'We will send you the signed order when we receive it.',
          onRequest:
            "The court's signed order is your proof of what the court granted. If you need a copy, call us at (510) 555-0123.",
        },
        es: {
          full: 'Pedimos a la corte la orden firmada y le enviaremos una copia cuando la recibamos. Guárdela en un lugar seguro; es la prueba de lo que la corte le concedió.',
          sms: 'Le enviaremos la orden firmada cuando la recibamos.',
          onRequest:
            'La orden firmada por la corte es la prueba de lo que la corte le concedió. Si necesita una copia, llámenos al (510) 555-0123.',
        },
      }[language];
      const severalWords = {
        en: {
          full: 'We have asked the court for the signed orders, and we will send you a copy of each when we receive it. Please keep them in a safe place; they are your proof of what the court granted.',
          sms: 'We will send you the signed orders when we receive them.',
        },
        es: {
          full: 'Pedimos a la corte las órdenes firmadas y le enviaremos una copia de cada una cuando la recibamos. Guárdelas en un lugar seguro; son la prueba de lo que la corte le concedió.',
          sms: 'Le enviaremos las órdenes firmadas cuando las recibamos.',
        },
      }[language];
      for (const promise of PROMISES) expect(text).not.toMatch(promise);
      if (channel === 'sms') {
        // A text message promises the order only when it is asked for, and otherwise says nothing of it.
        expect(text.includes(awaitedWords.sms)).toBe(signedOrderAwaited);
        expect(text.includes(severalWords.sms)).toBe(several);
        if (signedOrdersAwaited === 0) expect(text).not.toMatch(/order|orden/);
      } else {
        expect(text.includes(awaitedWords.full)).toBe(signedOrderAwaited);
        expect(text.includes(severalWords.full)).toBe(several);
        expect(text.includes(awaitedWords.onRequest)).toBe(signedOrdersAwaited === 0);
        // "We will send" / "le enviaremos" only of an order the court was asked for.
        expect(/[Ww]e will send you|[Ll]e enviaremos/.test(text)).toBe(signedOrdersAwaited > 0);
      }
      expect(text).not.toMatch(/[{}]/);
    },
  );

  it('is refused without the facts of the signed order, rather than promising one', () => {
    expect(() => renderStatusMessage(input({ statusType: 'granted' }))).toThrow(TemplateError);
  });
});
