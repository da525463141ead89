// The public pages' sentences say what is so, in both languages: three petitions filed are not "your
// petition", and the form sent again with changes (nothing new is sent) does not promise an e-mail.
import { describe, expect, it } from 'vitest';
import { PAGE_TEXT } from './text.ts';

describe('awaiting the court’s decision', () => {
  it('counts the petitions filed, in English and Spanish', () => {
    expect(PAGE_TEXT.en.awaitingDecisionFor(1)).toBe(
      'We filed your petition. We are waiting for the court’s decision.',
    );
    expect(PAGE_TEXT.en.awaitingDecisionFor(3)).toBe(
      'We filed 3 petitions for you. We are waiting for the court’s decisions.',
    );
    expect(PAGE_TEXT.es.awaitingDecisionFor(1)).toBe(
      'Presentamos su petición. Estamos esperando la decisión de la corte.',
    );
    expect(PAGE_TEXT.es.awaitingDecisionFor(3)).toBe(
      'Presentamos 3 peticiones por usted. Estamos esperando las decisiones de la corte.',
    );
  });

  it('the stage’s own sentence holds for one petition or several', () => {
    expect(PAGE_TEXT.en.stages.awaiting_decision).not.toMatch(/your petition\b/);
    expect(PAGE_TEXT.es.stages.awaiting_decision).not.toMatch(/su petición/);
  });
});

describe('the application form sent again with changes', () => {
  it('does not say a confirmation is on its way, in either language', () => {
    for (const channel of ['email', 'sms', 'letter'] as const) {
      expect(PAGE_TEXT.en.confirmedBefore[channel]).toMatch(/^We are not (sending|mailing) another/);
      expect(PAGE_TEXT.en.confirmedBefore[channel]).not.toMatch(/We are (sending|mailing) you/);
      expect(PAGE_TEXT.es.confirmedBefore[channel]).toMatch(/^No le enviaremos otr[oa]/);
      expect(PAGE_TEXT.es.confirmedBefore[channel]).not.toContain('para confirmarlo');
    }
  });
});
