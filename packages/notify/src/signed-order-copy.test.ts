// The copy of the signed orders sent after the outcome: every sentence true of the orders given (one
// or several, named or not, granted or not), in English and Spanish; a text message never says what
// they are about.
import { describe, expect, it } from 'vitest';
import { renderSignedOrderCopy, type SignedOrderCopy } from './signed-order-copy.ts';
import { CLIENT_VALUES } from './test-support.ts';

const GRANTED: SignedOrderCopy = {
  requests: [
    {
      code: 'VC',
      section: '23152(b)',
      caseNumber: 'AL10CR675523',
      outcome: 'granted',
      remedy: 'pc1203.4',
      county: 'Alameda',
      convictionDate: '2012-03-02',
    },
  ],
};
const DENIED_ARREST: SignedOrderCopy = {
  requests: [
    {
      code: 'PC',
      section: '459',
      caseNumber: '',
      outcome: 'denied',
      remedy: 'pc851.91',
      county: 'Contra Costa',
      arrestDate: '2014-06-09',
    },
  ],
};
const UNNAMED: SignedOrderCopy = { requests: [] };

const render = (language: 'en' | 'es', channel: 'email' | 'letter' | 'sms', orders: SignedOrderCopy[]) =>
  renderSignedOrderCopy({
    language,
    channel,
    values: CLIENT_VALUES,
    orders,
    carriedBy: ['email', 'letter'],
  });

describe('the signed order sent after the outcome', () => {
  it('one granted order by e-mail, in Spanish: attached, named as the outcome names it, kept safe', () => {
    const { subject, text } = render('es', 'email', [GRANTED]);
    expect(subject).toBe('La orden firmada por la corte');
    expect(text).toContain(
      'Recibimos la orden firmada por la corte. Le adjuntamos una copia en este correo electrónico.',
    );
    expect(text).toContain(
      'Es la orden sobre:\nCódigo de Vehículos 23152(b), caso AL10CR675523, condena del 2 de marzo de 2012, condado de Alameda\nSolicitud: desestimación según el Código Penal 1203.4.',
    );
    expect(text).toMatch(/^Estimado\/a Begoña Núñez:/);
    expect(text).toContain('Guarde la orden firmada');
  });

  it('several orders by letter, in English: enclosed, numbered, the unnamed one pointed to its copy; a denial is not "kept safe"', () => {
    const { subject, text } = render('en', 'letter', [DENIED_ARREST, UNNAMED]);
    expect(subject).toBe('The court’s signed orders');
    expect(text).toContain(
      'We have received the court’s 2 signed orders, and a copy of each is enclosed with this letter.',
    );
    expect(text).toContain('Order 1 of 2:\nArrest of June 9, 2014 (PC 459), Contra Costa County');
    expect(text).toContain('Order 2 of 2:\nSee the copy for what this order decides.');
    expect(text).not.toMatch(/safe place|attached/);
  });

  it('a text message says only that the orders were sent, and how; never a case, a charge or a decision', () => {
    for (const language of ['en', 'es'] as const)
      for (const orders of [[GRANTED], [GRANTED, DENIED_ARREST]]) {
        const { text } = render(language, 'sms', orders);
        expect(text).not.toMatch(/AL10CR675523|23152|459|1203|granted|denied|aprob|neg/i);
      }
    expect(render('en', 'sms', [GRANTED]).text).toBe(
      'Clean Slate Clinic: Begoña Núñez, we have sent you a copy of the court’s signed order by e-mail and by mail. If you have questions, call us at (510) 555-0123.',
    );
    const byMail = renderSignedOrderCopy({
      language: 'es',
      channel: 'sms',
      values: CLIENT_VALUES,
      orders: [GRANTED, UNNAMED],
      carriedBy: ['letter'],
    });
    expect(byMail.text).toContain(
      'le enviamos una copia de cada una de las órdenes firmadas por la corte por correo postal.',
    );
    // Nothing carries the orders: no text message claims they were sent.
    expect(() =>
      renderSignedOrderCopy({ language: 'en', channel: 'sms', values: CLIENT_VALUES, orders: [GRANTED] }),
    ).toThrow(/carries no court papers/);
  });
});
