// The "granted" status update says of the court's signed order only what the records hold, as the
// court outcome does: asked for and awaited ("we will send you a copy when we receive it"), or not
// asked for (the client asks the office for a copy). Never "we will send you a copy of the signed
// order" on a matter whose order nobody has asked the court for, in any language or channel.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { giveOfficesLetterheads, matterAtOutcome } from './fixtures.ts';

const SPANISH_EVERY_WAY = {
  preferredLanguage: 'es' as const,
  contact: { email: true, sms: true, letter: true, phone: true },
  consentToText: true,
};

describe.each(testDialects())('the “granted” status update and the signed order (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  const granted = { withOrder: false, outcomes: ['granted', 'granted'] as ['granted', 'granted'] };
  const composeGranted = async (matterId: string) => {
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeStatus({ matterId, statusType: 'granted' });
    expect(composed.messages.map((m) => m.channel).sort()).toEqual(['email', 'letter', 'sms']);
    return Object.fromEntries(composed.messages.map((m) => [m.channel, m.text]));
  };

  it('closed with no order on file and none asked for: the client is told to ask for a copy, not promised one', async () => {
    const { matterId } = await matterAtOutcome(api, SPANISH_EVERY_WAY, granted);
    const attorney = await api.signedIn('alameda.attorney');
    let matter = await attorney.matters.get({ matterId });
    const request = matter.documents.find((d) => d.kind === 'signed_order');
    if (!request) throw new Error('no signed order request');
    // The office stopped asking for the order, and closed the matter.
    await attorney.documents.update({
      documentId: request.id,
      version: request.version,
      status: 'cancelled',
      dueOn: request.dueOn,
      note: 'The client has the order from the court clerk.',
    });
    matter = await attorney.matters.get({ matterId });
    await attorney.matters.moveStage({
      matterId,
      version: matter.version,
      to: 'closed',
      note: 'Client told by phone.',
    });
    const texts = await composeGranted(matterId);
    for (const channel of ['email', 'letter'] as const) {
      expect(texts[channel]).toContain(
        'Buenas noticias: la corte del condado de Alameda aprobó su petición. La orden firmada por la corte es la prueba de lo que la corte le concedió. Si necesita una copia, llámenos',
      );
      expect(texts[channel]).not.toMatch(/Le enviaremos|Guárdela/);
    }
    expect(texts.sms).toMatch(/La corte aprobó su petición\. ¿Preguntas\?/);
    expect(texts.sms).not.toMatch(/orden|Le enviaremos/);
  });

  it('the order asked for and not yet received: a copy is promised when it comes, in every channel', async () => {
    const { matterId } = await matterAtOutcome(api, SPANISH_EVERY_WAY, granted);
    const texts = await composeGranted(matterId);
    for (const channel of ['email', 'letter'] as const)
      expect(texts[channel]).toContain(
        'Pedimos a la corte la orden firmada y le enviaremos una copia cuando la recibamos. Guárdela en un lugar seguro; es la prueba de lo que la corte le concedió.',
      );
    expect(texts.sms).toContain(
      'La corte aprobó su petición. Le enviaremos la orden firmada cuando la recibamos.',
    );
  });

  it('the order on file: no promise to send it (a status update carries no files); the client may ask for a copy', async () => {
    const { matterId } = await matterAtOutcome(
      api,
      { ...SPANISH_EVERY_WAY, preferredLanguage: 'en' },
      { ...granted, withOrder: true },
    );
    const texts = await composeGranted(matterId);
    for (const channel of ['email', 'letter'] as const) {
      expect(texts[channel]).toContain(
        "The court's signed order is your proof of what the court granted. If you need a copy, call us",
      );
      expect(texts[channel]).not.toContain('We will send you');
    }
    expect(texts.sms).not.toContain('signed order');
  });
});
