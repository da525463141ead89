// What the online application does with what it cannot take as typed: bytes that are no text (the
// form says it could not read them and asks for them again), a "name" that is a message or a link
// (the confirmation would carry it to any address), a name of letters that draw nothing; a form sent
// again that means the same is the same form; an address with a slash doubled is the page's address.
import {
  type ApiHarness,
  applicationFormFields,
  createApiHarness,
  openOnlineApplications,
} from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { APPLICATION_ERRORS } from '@relief-desk/domain';
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

let people = 0;
function applicationForm(overrides: Record<string, string | string[]> = {}) {
  people++;
  return {
    lang: 'en',
    submission: `submission-key-input-${people}-${Date.now()}`,
    [TRAP_FIELD]: '',
    ...applicationFormFields({
      legalName: `Pat Example ${'abcdefghij'[people % 10]}`,
      email: `pat${people}@example.org`,
      consentToText: '',
    }),
    ...overrides,
  };
}

describe.each(testDialects())('what the online application cannot take as typed (%s)', (dialect) => {
  let api: ApiHarness;
  let server: PublicServer;
  let app: FastifyInstance;
  let slug = '';
  let address = 0;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await openOnlineApplications(api.database.db);
    server = await startPublicServer(api, 'relief-desk-form-input-');
    ({ app, slug } = server);
  });
  afterAll(async () => {
    await server.close();
    await api.destroy();
  });

  const post = (payload: string | Buffer, url = `/apply/${slug}`) =>
    app.inject({
      method: 'POST',
      url,
      remoteAddress: `10.9.${Math.floor(++address / 250)}.${address % 250}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PUBLIC_TEST_ORIGIN },
      payload,
    });
  /** Nothing recorded for this applicant: no client, no application, no message to their address. */
  const nothingRecordedFor = async (email: string) => {
    const db = api.database.db;
    const clients = await db.selectFrom('clients').select('id').where('email', '=', email).execute();
    const messages = await db.selectFrom('messages').select('id').where('recipient', '=', email).execute();
    return clients.length === 0 && messages.length === 0;
  };
  const withoutName = (form: Record<string, string | string[]>) => {
    const { legalName: _name, ...rest } = form;
    return encodeForm(rest);
  };

  it.each([
    [
      'en',
      'a bad percent-escape (%F1, Latin-1’s ñ)',
      (rest: string) => `${rest}&legalName=Form+Pe%F1a+Latin`,
    ],
    [
      'es',
      'raw bytes that are not UTF-8',
      (rest: string) =>
        Buffer.concat([
          Buffer.from(`${rest}&legalName=Form+Pe`),
          Buffer.from([0xf1]),
          Buffer.from('a+Latin'),
        ]),
    ],
  ] as const)(
    'a name sent as bytes that are no text (%s: %s) is asked for again, in the page’s language, and nothing is recorded',
    async (lang, _how, body) => {
      const form = applicationForm({ lang });
      const answer = await post(body(withoutName(form)));
      expect(answer.statusCode).toBe(400);
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.body).toContain(`lang="${lang}"`);
      expect(answer.body).toContain(escapeHtml(APPLICATION_ERRORS.legalNameUnreadable[lang]));
      // What was typed is kept: the name as far as it could be read, the other fields as they were.
      expect(answer.body).toContain('value="Form Pe\ufffda Latin"');
      expect(answer.body).toContain(`value="${form.email}"`);
      expect(await nothingRecordedFor(String(form.email))).toBe(true);
    },
  );

  it.each([
    ['Your record is cleared, pay the fee at https://evil.example/pay', ':'],
    ['=HYPERLINK("http://x","y")', '='],
    ['<script>alert(1)</script>', '<'],
  ])(
    'a “name” that is a message, a formula or markup (%j) is refused on its field, and no e-mail goes',
    async (legalName, character) => {
      for (const lang of ['en', 'es'] as const) {
        const form = applicationForm({ lang, legalName, email: `victim-${people}@example.org` });
        const answer = await post(encodeForm(form));
        expect(answer.statusCode).toBe(400);
        const said = APPLICATION_ERRORS.legalNameCharacter[lang].replace('{character}', `“${character}”`);
        expect(answer.body).toContain(`id="legalName-error"`);
        expect(answer.body).toContain(escapeHtml(said));
        expect(await nothingRecordedFor(String(form.email))).toBe(true);
      }
    },
  );

  it('real names are taken as typed: accents, Vietnamese, Chinese, Arabic, apostrophes and hyphens, “St. John, Jr.”', async () => {
    for (const legalName of [
      'José Núñez',
      'Nguyễn Thị Minh Khai',
      '王小明',
      'محمد عبد الله',
      'O’Brien-Łukasik',
      "O'Brien-Łukasik",
      'Mary-Jane St. John, Jr.',
    ]) {
      const form = applicationForm({ legalName, otherNames: 'Mary Jane\nM. J. O’Brien' });
      const answer = await post(encodeForm(form));
      expect(answer.statusCode, legalName).toBe(200);
      const client = await api.database.db
        .selectFrom('clients')
        .select('legal_name')
        .where('email', '=', String(form.email))
        .executeTakeFirstOrThrow();
      expect(client.legal_name).toBe(legalName);
    }
  });

  it('a name of blank letters (Hangul fillers) is no name: asked for, nothing sent', async () => {
    const form = applicationForm({ legalName: '\u3164\u3164' });
    const answer = await post(encodeForm(form));
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain(escapeHtml(APPLICATION_ERRORS.legalNameMissing.en));
    expect(await nothingRecordedFor(String(form.email))).toBe(true);
  });

  it('a state code that is no US state’s or territory’s says so, in both languages', async () => {
    for (const lang of ['en', 'es'] as const) {
      const form = applicationForm({
        lang,
        addressLine1: '1 Main St',
        city: 'Reno',
        state: 'ZZ',
        postalCode: '89501',
      });
      const answer = await post(encodeForm(form));
      expect(answer.statusCode).toBe(400);
      expect(answer.body).toContain(escapeHtml(APPLICATION_ERRORS.stateNotValid[lang]));
      expect(APPLICATION_ERRORS.stateNotValid[lang]).toMatch(/state or territory|estado o territorio/);
    }
  });

  it('the same form sent again with the month written "03" or the counties in another order is the same form', async () => {
    const form = applicationForm({ lang: 'es', language: 'es', counties: ['Alameda', 'San Francisco'] });
    const first = await post(encodeForm(form));
    expect(first.statusCode).toBe(200);
    const lead = PAGE_TEXT.es.receivedLead('Alameda County Public Defender');
    expect(first.body).toContain(lead);
    const same = { ...form, birthMonth: '03', birthDay: '07', counties: ['San Francisco', 'Alameda'] };
    const again = await post(encodeForm(same));
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain(lead);
    const flagged = await api.database.db
      .selectFrom('application_submissions')
      .select('changed_sent_at')
      .where('submission_key', '=', String(form.submission))
      .executeTakeFirstOrThrow();
    expect(flagged.changed_sent_at).toBeNull();
  });

  it('an address of the pages with a slash doubled leads to the page, never the staff app’s JSON', async () => {
    for (const [url, to] of [
      [`//apply/${slug}`, `/apply/${slug}`],
      [`//apply/${slug}?lang=es`, `/apply/${slug}?lang=es`],
      [`/apply//${slug}`, `/apply/${slug}`],
      ['//status/new?lang=es', '/status/new?lang=es'],
      ['///apply', '/apply'],
    ]) {
      const answer = await app.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(301);
      expect(answer.headers.location, url).toBe(to);
    }
    const opened = await app.inject({ method: 'GET', url: `/apply/${slug}` });
    expect(opened.statusCode).toBe(200);
    // A form posted there: the pages' "not found" page, not JSON.
    const posted = await post(encodeForm(applicationForm()), `//apply/${slug}`);
    expect(posted.statusCode).toBe(404);
    expect(posted.headers['content-type']).toMatch(/^text\/html/);
    expect(posted.body).toContain(PAGE_TEXT.en.notFoundTitle);
  });
});
