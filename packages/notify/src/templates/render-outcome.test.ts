import { describe, expect, it } from 'vitest';
import { CLIENT_VALUES } from '../test-support.ts';
import { CHANNELS, TEMPLATE_LANGUAGES } from './catalog.ts';
import { type OutcomeMessageInput, renderOutcomeMessage } from './render-outcome.ts';

const convictions: OutcomeMessageInput['convictions'] = [
  { description: 'PC 484(a) — case 16CR01234', outcome: 'granted' },
  { description: 'HS 11377(a) — case 17CR04567', outcome: 'denied' },
  { description: 'VC 23152(b) — case 18CR00077', outcome: 'continued', hearingDate: '2027-05-01' },
];

function outcome(overrides: Partial<OutcomeMessageInput> = {}) {
  return renderOutcomeMessage({
    language: 'en',
    channel: 'email',
    values: CLIENT_VALUES,
    convictions,
    ...overrides,
  });
}

describe('renderOutcomeMessage', () => {
  it.each(TEMPLATE_LANGUAGES.flatMap((language) => CHANNELS.map((channel) => ({ language, channel }))))(
    '$language by $channel: no placeholders left, names intact',
    ({ language, channel }) => {
      const message = outcome({ language, channel });
      expect(message.text).not.toMatch(/[{}]/);
      expect(message.text).toContain('Begoña Núñez');
      expect(message).toMatchObject({ language, channel, templateId: 'outcome', templateVersion: 1 });
    },
  );

  it('e-mail explains each conviction and says the signed orders are attached', () => {
    const text = outcome().text;
    expect(text).toContain(
      'PC 484(a) — case 16CR01234\nDecision: granted.\nWhat this means: the court granted relief',
    );
    expect(text).toContain('HS 11377(a) — case 17CR04567\nDecision: denied.');
    expect(text).toContain('VC 23152(b) — case 18CR00077\nDecision: postponed to a hearing on May 1, 2027.');
    expect(text).toContain('The signed court orders are attached to this e-mail.');
    expect(text).toContain('Keep the signed orders in a safe place.');
  });

  it('a Spanish letter says the orders are enclosed and formats dates in Spanish', () => {
    const text = outcome({ language: 'es', channel: 'letter' }).text;
    expect(text.startsWith('Estimado/a Begoña Núñez:')).toBe(true);
    expect(text).toContain('Decisión: aprobada.');
    expect(text).toContain('Decisión: negada.');
    expect(text).toContain('Decisión: aplazada para una audiencia el 1 de mayo de 2027.');
    expect(text).toContain('Incluimos con esta carta las órdenes firmadas por la corte.');
    expect(text).not.toContain('Atentamente');
  });

  it('only continued: no orders to attach', () => {
    const text = outcome({ convictions: [{ description: 'PC 484(a) — case 1', outcome: 'continued' }] }).text;
    expect(text).toContain('Decision: postponed to a later hearing.');
    expect(text).not.toContain('attached');
  });

  it.each(TEMPLATE_LANGUAGES)(
    'SMS in %s carries no conviction details at all (PC 11140-11144)',
    (language) => {
      const sms = outcome({ language, channel: 'sms' }).text;
      for (const detail of ['484', '16CR01234', 'PC ', 'granted', 'denied', 'aprobada', 'negada', '2027']) {
        expect(sms).not.toContain(detail);
      }
      expect(sms).toContain('(510) 555-0123');
    },
  );

  it('refuses an outcome without convictions', () => {
    expect(() => outcome({ convictions: [] })).toThrow(expect.objectContaining({ code: 'MISSING_VALUE' }));
  });

  it('falls back to English for Korean and says so', () => {
    expect(outcome({ language: 'ko' })).toMatchObject({ language: 'en', fallbackFrom: 'ko' });
  });
});
