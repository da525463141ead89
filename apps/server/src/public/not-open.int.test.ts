// A new office whose profile lacks its mailing address, phone or e-mail takes no online application:
// the applicant could not be told how to reach it, and staff could send no status update. Its form's
// address answers 503 with a page saying so (in English or Spanish) and records nothing; once an
// administrator sets the details, the same address opens the form.
import { type ApiHarness, createApiHarness } from '@relief-desk/api/testing';
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
import { escapeHtml } from './html.ts';
import { PAGE_TEXT } from './text.ts';

describe.each(testDialects())('an office not set up yet takes no online application (%s)', (dialect) => {
  let api: ApiHarness;
  let server: PublicServer;
  let app: FastifyInstance;
  let slug = '';
  beforeAll(async () => {
    // The harness's offices are as create-admin makes them: a name and counties, no contact details.
    api = await createApiHarness(dialect);
    server = await startPublicServer(api, 'relief-desk-not-open-');
    ({ app, slug } = server);
  });
  afterAll(async () => {
    await server.close();
    await api.destroy();
  });

  const form = {
    lang: 'en',
    submission: 'submission-key-not-open',
    [TRAP_FIELD]: '',
    legalName: 'Pat Example',
    otherNames: '',
    birthMonth: '3',
    birthDay: '7',
    birthYear: '1985',
    phone: '(555) 555-0142',
    email: 'pat@example.org',
    addressLine1: '',
    addressLine2: '',
    city: '',
    state: '',
    postalCode: '',
    language: 'en',
    counties: ['Alameda'],
    notes: '',
  };

  it('answers the form’s address 503 with a page saying so, in English and Spanish, and records nothing', async () => {
    const office = 'Alameda County Public Defender';
    const english = await app.inject({ method: 'GET', url: `/apply/${slug}` });
    expect(english.statusCode).toBe(503);
    expect(english.headers['content-type']).toMatch(/^text\/html/);
    expect(english.body).toContain(PAGE_TEXT.en.notOpenTitle);
    expect(english.body).toContain(escapeHtml(PAGE_TEXT.en.notOpen(office)));
    expect(english.body).not.toContain('<form');

    const spanish = await app.inject({ method: 'GET', url: `/apply/${slug}?lang=es` });
    expect(spanish.statusCode).toBe(503);
    expect(spanish.body).toContain('lang="es"');
    expect(spanish.body).toContain(escapeHtml(PAGE_TEXT.es.notOpen(office)));

    // A form posted anyway (drawn before, or made by hand) is refused the same way, nothing recorded.
    const posted = await app.inject({
      method: 'POST',
      url: `/apply/${slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PUBLIC_TEST_ORIGIN },
      payload: encodeForm(form),
    });
    expect(posted.statusCode).toBe(503);
    expect(posted.body).toContain(escapeHtml(PAGE_TEXT.en.notOpen(office)));
    const clients = await api.database.db
      .selectFrom('clients')
      .select('id')
      .where('legal_name', '=', 'Pat Example')
      .execute();
    expect(clients).toEqual([]);
    const outbox = await api.database.db.selectFrom('outbox').select('id').execute();
    expect(outbox).toEqual([]);

    // The list of offices taking applications leaves it out.
    const list = await app.inject({ method: 'GET', url: '/apply' });
    expect(list.body).not.toContain(`/apply/${slug}"`);
  });

  it('opens the form once the office’s mailing address, phone and e-mail are set', async () => {
    const admin = await api.signedIn('alameda.admin');
    // The profile's form asks for all three at once.
    const profile = await admin.offices.profile();
    const saved = await admin.offices.saveProfile({
      ...profile,
      address: '1 Example Plaza\nSpringfield, CA 90000',
      phone: '(555) 555-0100',
      email: 'help@office.test',
    });
    expect(saved.phone).toBe('(555) 555-0100');
    const open = await app.inject({ method: 'GET', url: `/apply/${slug}` });
    expect(open.statusCode).toBe(200);
    expect(open.body).toContain('<form');
    const list = await app.inject({ method: 'GET', url: '/apply' });
    expect(list.body).toContain(`/apply/${slug}`);
  });
});
