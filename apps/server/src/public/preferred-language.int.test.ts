import { type ApiHarness, createApiHarness, openOnlineApplications } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeForm,
  PUBLIC_TEST_ORIGIN,
  type PublicServer,
  startPublicServer,
} from '../test-support/public-server.ts';
import { TRAP_FIELD } from './apply-page.ts';

const ORIGIN = PUBLIC_TEST_ORIGIN;
let people = 0;

/** A number as a word of two letters or more (0 aa, 1 ab, …, 26 ba): a name on the form holds no digits. */
const inLetters = (n: number) =>
  n
    .toString(26)
    .padStart(2, '0')
    .replace(/[0-9a-p]/g, (digit) => String.fromCharCode(97 + Number.parseInt(digit, 26)));

function applicationForm(overrides: Record<string, string | string[]>) {
  people++;
  return {
    submission: `language-key-${people}-${Date.now()}`,
    [TRAP_FIELD]: '',
    legalName: `Rosa Elena Lara ${inLetters(people)}`,
    otherNames: '',
    birthMonth: '4',
    birthDay: '9',
    birthYear: '1979',
    phone: '',
    email: `rosa.lara${people}.${Date.now()}@example.org`,
    addressLine1: '',
    addressLine2: '',
    city: '',
    state: '',
    postalCode: '',
    counties: ['Alameda', 'Los Angeles'],
    notes: '',
    ...overrides,
  };
}

describe.each(testDialects())('the applicant’s chosen language (%s)', (dialect) => {
  let api: ApiHarness;
  let server: PublicServer;
  let app: FastifyInstance;
  let slug = '';
  let address = 0;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Set up as an office must be before its online application opens.
    await openOnlineApplications(api.database.db);
    server = await startPublicServer(api, 'relief-desk-language-');
    ({ app, slug } = server);
  });
  afterAll(async () => {
    await server.close();
    await api.destroy();
  });

  const nextAddress = () => `10.44.${Math.floor(++address / 250)}.${address % 250}`;
  /** The form posted from the page in `page`'s language. */
  const apply = (page: 'en' | 'es', form: Record<string, string | string[]>) =>
    app.inject({
      method: 'POST',
      url: `/apply/${slug}?lang=${page}`,
      remoteAddress: nextAddress(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      payload: encodeForm({ lang: page, ...form }),
    });
  const messagesTo = (recipient: string) =>
    api.database.db
      .selectFrom('messages')
      .select(['body', 'subject', 'language', 'client_id'])
      .where('recipient', '=', recipient)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  const linkIn = (body: string) => {
    const link = /http:\/\/desk\.test(\/status\/[A-Za-z0-9_-]{43})/.exec(body)?.[1];
    if (!link) throw new Error(`No status link in: ${body}`);
    return link;
  };
  const preferredOf = async (clientId: string) =>
    (
      await api.database.db
        .selectFrom('clients')
        .select('preferred_language')
        .where('id', '=', clientId)
        .executeTakeFirstOrThrow()
    ).preferred_language;

  it('the Spanish form with English chosen: the confirmation, the page saying so and the status page are in English', async () => {
    const form = applicationForm({ language: 'en' });
    const response = await apply('es', form);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="en">');
    expect(response.body).toContain('Application received');
    expect(response.body).toContain('Alameda County: we will review your records there.');
    const [message] = await messagesTo(String(form.email));
    if (!message) throw new Error('no confirmation');
    expect(await preferredOf(message.client_id ?? '')).toBe('en');
    expect(message.language).toBe('en');
    expect(message.subject).toBe('We received your application');
    expect(message.body).toContain('Dear Rosa Elena Lara');
    expect(message.body).toContain(`/status/new?office=${slug}&lang=en`);
    const status = await app.inject({ url: linkIn(message.body), remoteAddress: nextAddress() });
    expect(status.statusCode).toBe(200);
    expect(status.body).toContain('<html lang="en">');
    expect(status.body).toContain('Alameda County');
    // The page still offers the other language for this view.
    expect(status.body).toContain('>Español</a>');
    const switched = await app.inject({
      url: `${linkIn(message.body)}?lang=es`,
      remoteAddress: nextAddress(),
    });
    expect(switched.body).toContain('<html lang="es">');
  });

  it('the English form with Spanish chosen: all of it in Spanish, the county names as Spanish spells them', async () => {
    const form = applicationForm({ language: 'es' });
    const response = await apply('en', form);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="es">');
    expect(response.body).toContain('Recibimos su solicitud');
    expect(response.body).toContain('Condado de Los Ángeles: ninguna de las oficinas');
    const [message] = await messagesTo(String(form.email));
    if (!message) throw new Error('no confirmation');
    expect(await preferredOf(message.client_id ?? '')).toBe('es');
    expect(message.language).toBe('es');
    expect(message.subject).toBe('Recibimos su solicitud');
    expect(message.body).toContain('Condado de Los Ángeles');
    expect(message.body).toContain(`/status/new?office=${slug}&lang=es`);
    const status = await app.inject({ url: linkIn(message.body), remoteAddress: nextAddress() });
    expect(status.body).toContain('<html lang="es">');
    expect(status.body).toContain('Condado de Los Ángeles');
    expect(status.body).toContain('Próximo paso');
  });

  it('a language the messages are not written in (Chinese): the form page’s', async () => {
    const form = applicationForm({ language: 'zh', counties: ['Alameda'] });
    const response = await apply('es', form);
    expect(response.body).toContain('<html lang="es">');
    const [message] = await messagesTo(String(form.email));
    expect(message?.language).toBe('es');
  });

  it('as staff change the client’s preferred language, the status page and a new link follow it', async () => {
    const form = applicationForm({ language: 'es', counties: ['Alameda'] });
    await apply('es', form);
    const [confirmation] = await messagesTo(String(form.email));
    if (!confirmation) throw new Error('no confirmation');
    const link = linkIn(confirmation.body);
    expect((await app.inject({ url: link, remoteAddress: nextAddress() })).body).toContain(
      '<html lang="es">',
    );

    const matter = await api.database.db
      .selectFrom('matters')
      .select('id')
      .where('client_id', '=', confirmation.client_id ?? '')
      .executeTakeFirstOrThrow();
    const intake = await api.signedIn('alameda.intake');
    const before = await intake.matters.get({ matterId: matter.id });
    await intake.clients.update({
      clientId: confirmation.client_id ?? '',
      version: before.client.version,
      client: { ...before.client.details, preferredLanguage: 'en' },
    });

    // The link sent in Spanish now opens the page in English.
    const after = await app.inject({ url: link, remoteAddress: nextAddress() });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('<html lang="en">');
    expect(after.body).toContain('Your application to Alameda County Public Defender');

    // A new link asked for from the Spanish page goes in English, and opens in English.
    const asked = await app.inject({
      method: 'POST',
      url: '/status/new?lang=es',
      remoteAddress: nextAddress(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      payload: encodeForm({ lang: 'es', office: slug, contact: String(form.email) }),
    });
    expect(asked.statusCode).toBe(200);
    // The page answering the request stays in the language it was asked in.
    expect(asked.body).toContain('Recibimos su pedido');
    const [fresh] = await messagesTo(String(form.email));
    if (!fresh || fresh.body === confirmation.body) throw new Error('no new link');
    expect(fresh.language).toBe('en');
    expect(fresh.subject).toBe('Your new link to your application');
    const opened = await app.inject({ url: linkIn(fresh.body), remoteAddress: nextAddress() });
    expect(opened.body).toContain('<html lang="en">');

    // Changed back to Spanish: both links open in Spanish again.
    const again = await intake.matters.get({ matterId: matter.id });
    await intake.clients.update({
      clientId: confirmation.client_id ?? '',
      version: again.client.version,
      client: { ...again.client.details, preferredLanguage: 'es' },
    });
    for (const url of [link, linkIn(fresh.body)])
      expect((await app.inject({ url, remoteAddress: nextAddress() })).body).toContain('<html lang="es">');
  });
});
