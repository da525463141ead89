import { NEW_LINK_ANSWER_MS } from '@relief-desk/api';
import {
  type ApiHarness,
  applicationFormFields,
  createApiHarness,
  openOnlineApplications,
  referralInput,
} from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { APPLICATION_LIMITS, APPLICATION_MAXLENGTH, californiaDate } from '@relief-desk/domain';
import { formatClientDate } from '@relief-desk/notify';
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

const ORIGIN = PUBLIC_TEST_ORIGIN;
let people = 0;

/** A number as a word of two letters or more (0 aa, 1 ab, …, 26 ba): a name on the form holds no digits. */
const inLetters = (n: number) =>
  n
    .toString(26)
    .padStart(2, '0')
    .replace(/[0-9a-p]/g, (digit) => String.fromCharCode(97 + Number.parseInt(digit, 26)));

/** A complete application as the form posts it. */
function applicationForm(overrides: Record<string, string | string[]> = {}) {
  people++;
  return {
    lang: 'es',
    submission: `submission-key-${people}-${Date.now()}`,
    [TRAP_FIELD]: '',
    ...applicationFormFields({
      legalName: `María José Núñez ${inLetters(people)}`,
      otherNames: 'María Nuñez\nMaría J. Núñez',
      phone: '(510) 555-0142',
      email: `maria${people}@example.org`,
      consentToText: 'yes',
      language: 'es',
      counties: ['Alameda', 'San Francisco'],
      notes: 'Prefiero que me llamen por la tarde.',
    }),
    ...overrides,
  };
}

describe.each(testDialects())('online application and status page (%s)', (dialect) => {
  let api: ApiHarness;
  let server: PublicServer;
  let app: FastifyInstance;
  let slug = '';
  let address = 0;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Set up as an office must be before its online application opens.
    await openOnlineApplications(api.database.db);
    server = await startPublicServer(api, 'relief-desk-apply-');
    ({ app, slug } = server);
  });
  afterAll(async () => {
    await server.close();
    await api.destroy();
  });

  /** Each application from an address of its own, unless a test is about one address. */
  const post = (
    form: Record<string, string | string[]>,
    options: { origin?: string | null; ip?: string; url?: string; headers?: Record<string, string> } = {},
  ) =>
    app.inject({
      method: 'POST',
      url: options.url ?? `/apply/${slug}`,
      remoteAddress: options.ip ?? `10.0.${Math.floor(++address / 250)}.${address % 250}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(options.origin === null ? {} : { origin: options.origin ?? ORIGIN }),
        ...options.headers,
      },
      payload: encodeForm(form),
    });
  /** The office's clients of that name (a county another office serves is passed on to it too). */
  const clientsNamed = (name: string, office: 'alameda' | 'bayLegal' = 'alameda') =>
    api.database.db
      .selectFrom('clients')
      .select(['id'])
      .where('legal_name', '=', name)
      .where('office_id', '=', api.officeIds[office])
      .execute();
  const messageTo = (recipient: string) =>
    api.database.db
      .selectFrom('messages')
      .innerJoin('outbox', 'outbox.message_id', 'messages.id')
      .select([
        'messages.body',
        'messages.language',
        'messages.channel',
        'messages.client_id',
        'outbox.state',
      ])
      .where('messages.recipient', '=', recipient)
      .orderBy('messages.created_at', 'desc')
      .orderBy('messages.id', 'desc')
      .execute();
  /** A request for a new status link, as the form at /status/new sends it. */
  const askNewLink = (contact: string, options: { lang?: string; ip: string }) =>
    app.inject({
      method: 'POST',
      url: '/status/new',
      remoteAddress: options.ip,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      payload: encodeForm({ lang: options.lang ?? 'en', office: slug, contact }),
    });
  const linkIn = (body: string) => {
    const link = /http:\/\/desk\.test(\/status\/[A-Za-z0-9_-]{43})/.exec(body)?.[1];
    if (!link) throw new Error(`No status link in: ${body}`);
    return link;
  };

  it('every office has a slug, and the form opens in English or Spanish with lang set', async () => {
    const slugs = await api.database.db.selectFrom('offices').select('slug').execute();
    expect(slugs.map((s) => s.slug)).toEqual(
      expect.arrayContaining(['alameda-county-public-defender', 'bay-area-legal-aid']),
    );
    const english = await app.inject({ url: `/apply/${slug}` });
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('Apply to Alameda County Public Defender');
    expect(english.body).toContain(
      '<a href="/apply/alameda-county-public-defender?lang=es" lang="es" hreflang="es">Español</a>',
    );
    expect(english.headers['referrer-policy']).toBe('same-origin');
    const spanish = await app.inject({ url: `/apply/${slug}?lang=es` });
    expect(spanish.body).toContain('<html lang="es">');
    expect(spanish.body).toContain('Condados donde tiene condenas');
    // A county the office does not serve says which office does.
    expect(spanish.body).toContain('Lo atiende Bay Area Legal Aid');
    const byBrowser = await app.inject({
      url: `/apply/${slug}`,
      headers: { 'accept-language': 'es-MX,es;q=0.9' },
    });
    expect(byBrowser.body).toContain('<html lang="es">');
    expect((await app.inject({ url: '/apply/no-such-office' })).statusCode).toBe(404);
  });

  it('any other address under /apply/ and /status/ is the public “not found” page in the person’s language, never the staff app or JSON', async () => {
    const addresses = [`/apply/${slug}/x`, `/status/${'a'.repeat(43)}/x`, '/status/'];
    for (const url of addresses)
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH'] as const) {
        const page = await app.inject({ method, url, headers: { 'accept-language': 'es' } });
        // Another method without our page's Origin is refused first (403), as a page too.
        expect([url, method, page.statusCode]).toEqual([
          url,
          method,
          method === 'GET' ? 404 : expect.any(Number),
        ]);
        expect([403, 404]).toContain(page.statusCode);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        expect(page.body).toContain('<html lang="es">');
        expect(page.body).not.toContain('Sign in to Relief Desk');
      }
  });

  it('a status link, or the page asking for a new one, with a slash after it leads to the page without it', async () => {
    const token = 'a'.repeat(43);
    for (const [url, to] of [
      [`/status/${token}/`, `/status/${token}`],
      [`/status/${token}/?lang=es`, `/status/${token}?lang=es`],
      ['/status/new/', '/status/new'],
      [`/status/new/?office=${slug}&lang=es`, `/status/new?office=${slug}&lang=es`],
    ] as const) {
      const page = await app.inject({ method: 'GET', url, headers: { 'accept-language': 'es' } });
      expect([url, page.statusCode, page.headers.location]).toEqual([url, 301, to]);
    }
    const followed = await app.inject({ url: `/status/new?office=${slug}&lang=es` });
    expect(followed.statusCode).toBe(200);
  });

  it('records the client and a matter per county as a staff referral does, and confirms in Spanish through the outbox', async () => {
    const form = applicationForm();
    const response = await post(form);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Recibimos su solicitud');
    expect(response.body).toContain('Condado de San Francisco: Bay Area Legal Aid atiende este condado');
    const [client] = await clientsNamed(String(form.legalName));
    if (!client) throw new Error('no client');
    const matters = await api.database.db
      .selectFrom('matters')
      .select(['county', 'stage', 'referral_source', 'referral_note', 'office_id'])
      .where('client_id', '=', client.id)
      .orderBy('county')
      .execute();
    expect(matters).toEqual([
      expect.objectContaining({
        county: 'Alameda',
        stage: 'referral_received',
        referral_source: 'online_application',
      }),
      expect.objectContaining({
        county: 'San Francisco',
        stage: 'referred_out',
        referral_source: 'online_application',
      }),
    ]);
    expect(matters[0]?.referral_note).toBe('Prefiero que me llamen por la tarde.');
    const details = await api.database.db
      .selectFrom('clients')
      .selectAll()
      .where('id', '=', client.id)
      .executeTakeFirstOrThrow();
    expect(details).toMatchObject({
      date_of_birth: '1985-03-07',
      preferred_language: 'es',
      consent_to_text: 1,
      contact_sms: 1,
      contact_email: 1,
    });
    expect(JSON.parse(details.other_names)).toEqual(['María Nuñez', 'María J. Núñez']);
    const confirmations = await messageTo(String(form.email));
    const message = confirmations.find((m) => m.client_id === client.id);
    expect(message).toMatchObject({
      language: 'es',
      channel: 'email',
      state: 'pending',
      client_id: client.id,
    });
    expect(message?.body).toContain('Gracias por presentar su solicitud a Alameda County Public Defender');
    expect(message?.body).toContain('/status/new?office=alameda-county-public-defender&lang=es');
    linkIn(message?.body ?? '');
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['action', 'office_id', 'entity_id', 'outcome'])
      .where('entity_id', '=', client.id)
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'referrals.record', office_id: api.officeIds.alameda, entity_id: client.id, outcome: 'ok' },
        {
          action: 'applications.submit',
          office_id: api.officeIds.alameda,
          entity_id: client.id,
          outcome: 'ok',
        },
      ]),
    );
    const tokens = await api.database.db
      .selectFrom('application_status_links')
      .select('token_hash')
      .where('client_id', '=', client.id)
      .execute();
    expect(tokens).toHaveLength(1);
    expect(message?.body).not.toContain(tokens[0]?.token_hash);
  });

  it('the same form sent again is recorded once and answered the same', async () => {
    const form = applicationForm({ lang: 'en', language: 'en', counties: ['Alameda'] });
    const [a, b] = await Promise.all([post(form), post(form)]);
    const c = await post(form);
    for (const r of [a, b, c]) {
      expect(r.statusCode).toBe(200);
      expect(r.body).toContain('Alameda County: we will review your records there.');
    }
    expect(await clientsNamed(String(form.legalName))).toHaveLength(1);
    expect(await messageTo(String(form.email))).toHaveLength(1);
  });

  it('the same form sent again with changes records none of them: the applicant is told so and how to correct it, and staff once', async () => {
    const form = applicationForm({ counties: ['Alameda'] });
    expect((await post(form)).statusCode).toBe(200);
    // Spaces around or within a value are not a change.
    const spaced = await post({ ...form, legalName: `  ${String(form.legalName).replace(' ', '   ')} ` });
    expect(spaced.body).toContain(PAGE_TEXT.es.receivedLead('Alameda County Public Defender'));
    const office = await api.database.db
      .selectFrom('offices')
      .select(['name', 'phone', 'email'])
      .where('id', '=', api.officeIds.alameda)
      .executeTakeFirstOrThrow();
    const today = await api.database.db
      .selectFrom('application_submissions')
      .select('created_at')
      .where('submission_key', '=', String(form.submission))
      .executeTakeFirstOrThrow();
    const changed = { ...form, phone: '(510) 555-0199', counties: ['Alameda', 'San Francisco'] };
    const [first, again] = await Promise.all([post(changed), post(changed)]);
    for (const response of [first, again]) {
      expect(response.statusCode).toBe(200);
      const told = PAGE_TEXT.es.changesNotAdded(
        formatClientDate(californiaDate(new Date(today.created_at)), 'es'),
        office.name,
        PAGE_TEXT.es.contactOffice(office.phone, office.email),
      );
      expect(response.body).toContain(escapeHtml(told));
      expect(response.body).toContain(escapeHtml(office.phone));
      expect(response.body).not.toContain(PAGE_TEXT.es.receivedLead(office.name));
      // No second confirmation goes: the page says the first one has the link, and promises none.
      expect(response.body).toContain(escapeHtml(PAGE_TEXT.es.confirmedBefore.email));
      expect(response.body).not.toContain(escapeHtml(PAGE_TEXT.es.confirmedBy.email));
    }
    // Nothing of the changed form was recorded: one client, with the first phone, one matter.
    const clients = await clientsNamed(String(form.legalName));
    expect(clients).toHaveLength(1);
    const client = await api.database.db
      .selectFrom('clients')
      .select('phone')
      .where('id', '=', clients[0]?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(client.phone).toBe('(510) 555-0142');
    const matters = await api.database.db
      .selectFrom('matters')
      .select('id')
      .where('client_id', '=', clients[0]?.id ?? '')
      .execute();
    expect(matters).toHaveLength(1);
    expect(await messageTo(String(form.email))).toHaveLength(1);
    // Staff learn of it once, however often it came.
    const told = await api.database.db
      .selectFrom('matter_events')
      .select('summary')
      .where('matter_id', '=', matters[0]?.id ?? '')
      .where('summary', 'like', '%sent again with changes%')
      .execute();
    expect(told).toHaveLength(1);
    expect(told[0]?.summary).toContain('told to call the office');
    // The unchanged form still answers as it first did.
    expect((await post(form)).body).toContain(PAGE_TEXT.es.receivedLead(office.name));
  });

  it('says what to fix beside each field, in the page’s language, and keeps what was typed', async () => {
    const response = await post(
      applicationForm({
        legalName: 'Ana Ruiz',
        birthMonth: '13',
        phone: '',
        email: 'no',
        counties: [],
        consentToText: 'yes',
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error:');
    expect(response.body).toContain('Escriba una fecha de nacimiento real');
    expect(response.body).toContain('Escriba un correo electrónico como nombre@ejemplo.org.');
    expect(response.body).toContain('Elija al menos un condado donde tiene una condena.');
    expect(response.body).toMatch(/id="email"[^>]*aria-describedby="email-error"[^>]*aria-invalid="true"/);
    expect(response.body).toContain('value="Ana Ruiz"');
    expect(await clientsNamed('Ana Ruiz')).toHaveLength(0);
  });

  it('a day the month does not have (31 February, 31 June) is named as such beside the date of birth, in both languages', async () => {
    const said = {
      en: ['February has 28 days, or 29 in a leap year', 'April, June, September and November have 30 days'],
      es: [
        'Febrero tiene 28 días, o 29 en un año bisiesto',
        'Abril, junio, septiembre y noviembre tienen 30 días',
      ],
    } as const;
    for (const lang of ['en', 'es'] as const)
      for (const [month, expected] of [
        ['2', said[lang][0]],
        ['6', said[lang][1]],
      ] as const) {
        const response = await post(
          applicationForm({ lang, language: lang, birthMonth: month, birthDay: '31', birthYear: '1970' }),
        );
        expect(response.statusCode).toBe(400);
        const body = response.body;
        const error = body.slice(body.indexOf('id="birth-error"'), body.indexOf('<div class="date">'));
        expect(error).toContain(expected);
        // Not the ranges 31 and 2 already keep to.
        expect(error).not.toMatch(/1 to 31|del 1 al 31/);
      }
  });

  it('a mailing address without its state is not taken for California: the state is asked for, beside its field and at the top, in both languages', async () => {
    for (const [lang, beside, fixed] of [
      ['en', 'Your mailing address has no state: enter its two-letter code, for example CA or NV', 'NV'],
      ['es', 'Falta el estado en su dirección postal: escriba su código de dos letras', 'nv'],
    ] as const) {
      const reno = { addressLine1: '9 Sierra St', city: 'Reno', postalCode: '89501' };
      const form = applicationForm({ lang, language: lang, ...reno, counties: ['Alameda'] });
      const response = await post(form, { url: `/apply/${slug}?lang=${lang}` });
      expect(response.statusCode, lang).toBe(400);
      // Listed at the top (announced: role="alert"), linked to the field, and said beside it.
      const summary = response.body.slice(response.body.indexOf('class="summary" role="alert"'));
      expect(summary.slice(0, summary.indexOf('</ul>')), lang).toContain(`<a href="#state">${beside}`);
      expect(response.body, lang).toMatch(
        /id="state" name="state" value=""[^>]*aria-describedby="state-hint state-error"[^>]*aria-invalid="true"/,
      );
      expect(response.body, lang).toContain(`<span class="error" id="state-error">`);
      // What was typed is kept; nothing is recorded.
      expect(response.body, lang).toContain('value="Reno"');
      expect(await clientsNamed(String(form.legalName))).toHaveLength(0);

      // With the state, it is recorded as given.
      const sent = await post({ ...form, state: fixed }, { url: `/apply/${slug}?lang=${lang}` });
      expect(sent.statusCode, lang).toBe(200);
      const stored = await api.database.db
        .selectFrom('clients')
        .select(['city', 'state', 'contact_letter'])
        .where('legal_name', '=', String(form.legalName))
        .where('office_id', '=', api.officeIds.alameda)
        .executeTakeFirstOrThrow();
      expect(stored, lang).toEqual({ city: 'Reno', state: 'NV', contact_letter: 1 });
    }
  });

  it('control characters typed or pasted into the form are dropped (one between two words a space, as in the staff forms), not refused by the database', async () => {
    const form = applicationForm({
      legalName: 'Ana\u0000 Beatriz\u0007Ruiz',
      notes: 'Llamar\u0000 por la tarde.\nGracias.',
      counties: ['Alameda'],
    });
    const response = await post(form);
    expect(response.statusCode).toBe(200);
    const client = await api.database.db
      .selectFrom('clients as c')
      .innerJoin('matters as m', 'm.client_id', 'c.id')
      .select(['c.legal_name', 'm.referral_note'])
      .where('c.email', '=', String(form.email))
      .executeTakeFirstOrThrow();
    expect(client).toEqual({
      legal_name: 'Ana Beatriz Ruiz',
      referral_note: 'Llamar por la tarde.\nGracias.',
    });
  });

  it('passes a county another office serves on to that office, as the applicant is told: a referral there, confirmed with its own link', async () => {
    const form = applicationForm({ lang: 'en', language: 'en', counties: ['Alameda', 'San Francisco'] });
    const response = await post(form);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(
      'San Francisco County: Bay Area Legal Aid serves this county, and we have passed your application on to them.',
    );
    const [ours] = await clientsNamed(String(form.legalName));
    const [theirs] = await clientsNamed(String(form.legalName), 'bayLegal');
    if (!ours || !theirs) throw new Error('the application is not in both offices');
    const matterOf = (clientId: string) =>
      api.database.db
        .selectFrom('matters')
        .select([
          'id',
          'office_id',
          'county',
          'stage',
          'referral_source',
          'referral_source_detail',
          'referral_note',
          'passed_on_to_matter_id',
        ])
        .where('client_id', '=', clientId)
        .orderBy('county')
        .execute();
    const ourMatters = await matterOf(ours.id);
    expect(ourMatters.map((m) => [m.county, m.stage])).toEqual([
      ['Alameda', 'referral_received'],
      ['San Francisco', 'referred_out'],
    ]);
    expect(await matterOf(theirs.id)).toEqual([
      expect.objectContaining({
        office_id: api.officeIds.bayLegal,
        county: 'San Francisco',
        stage: 'referral_received',
        referral_source: 'online_application',
        referral_source_detail: 'passed on by Alameda County Public Defender',
        referral_note: 'Prefiero que me llamen por la tarde.',
      }),
    ]);
    // Their staff find it in their own queue; ours do not see their client.
    const bayIntake = await api.signedIn('bayLegal.intake');
    const [theirMatter] = await matterOf(theirs.id);
    // Linked to the matter it was passed on to: "transferred" holds while that office works it.
    expect(ourMatters.map((m) => m.passed_on_to_matter_id)).toEqual([null, theirMatter?.id]);
    const listed = await bayIntake.matters.list({ queue: 'new_referrals', limit: 100 });
    expect(JSON.stringify(listed.items)).toContain(theirMatter?.id ?? 'none');
    const alamedaIntake = await api.signedIn('alameda.intake');
    await expect(alamedaIntake.clients.get({ clientId: theirs.id })).rejects.toThrow();

    // Two confirmations, each from the office that holds the matter, each with its own link.
    const confirmations = await messageTo(String(form.email));
    const fromThem = confirmations.find((m) => m.client_id === theirs.id);
    const fromUs = confirmations.find((m) => m.client_id === ours.id);
    // Theirs says the person applied to us and was passed on: not "thank you for applying to" them.
    expect(fromThem?.body).toContain(
      'You applied to Alameda County Public Defender to clear your record, and they passed your application on to us, Bay Area Legal Aid, for the counties below.',
    );
    expect(fromUs?.body).toContain('Thank you for applying to Alameda County Public Defender');
    expect(fromThem?.body).toContain('/status/new?office=bay-area-legal-aid&lang=en');
    const theirPage = await app.inject({ url: linkIn(fromThem?.body ?? '') });
    expect(theirPage.statusCode).toBe(200);
    expect(theirPage.body).toContain('San Francisco County');
    expect(theirPage.body).not.toContain('Alameda County</h2>');
    const ourPage = await app.inject({ url: linkIn(fromUs?.body ?? '') });
    expect(ourPage.body).toContain('We passed your application on to Bay Area Legal Aid');

    // Each office's log has its own part, and the one it came through.
    const theirAudit = await api.database.db
      .selectFrom('audit_log')
      .select(['action', 'office_id', 'detail'])
      .where('entity_id', '=', theirs.id)
      .where('action', 'in', ['referrals.record', 'applications.submit'])
      .orderBy('seq')
      .execute();
    expect(theirAudit.map((r) => [r.action, r.office_id])).toEqual([
      ['referrals.record', api.officeIds.bayLegal],
      ['applications.submit', api.officeIds.bayLegal],
    ]);
    expect(JSON.parse(theirAudit[0]?.detail ?? '{}')).toMatchObject({ passedOnBy: api.officeIds.alameda });

    // Later the applicant calls about Contra Costa, which Bay Area Legal Aid also serves: staff record
    // it on the same record, only marked referred out. Their page names that office without saying
    // it has the case, until staff pass it on.
    const { client: clientNow } = await alamedaIntake.clients.get({ clientId: ours.id });
    const called = await alamedaIntake.referrals.record({
      existingClient: { id: ours.id, version: clientNow.version },
      notSamePersonAs: [],
      client: clientNow.details,
      counties: ['Contra Costa'],
      source: { kind: 'phone', detail: '' },
      receivedOn: '2026-11-27',
      note: '',
    });
    const contraCosta = called.matters[0];
    expect(contraCosta).toMatchObject({ stage: 'referred_out', referredTo: 'Bay Area Legal Aid' });
    const sectionOf = (page: string, county: string) => {
      const start = page.indexOf(`${county} County</h2>`);
      return page.slice(start, page.indexOf('</section>', start));
    };
    const notYet = sectionOf((await app.inject({ url: linkIn(fromUs?.body ?? '') })).body, 'Contra Costa');
    expect(notYet).toContain(
      'Bay Area Legal Aid serves this county. Please contact them to ask for help there.',
    );
    expect(notYet).not.toContain('We passed your application on');
    const matter = await alamedaIntake.matters.get({ matterId: contraCosta?.id ?? '' });
    await alamedaIntake.matters.passOn({
      matterId: matter.id,
      version: matter.version,
      officeId: api.officeIds.bayLegal,
      clientAgreed: true,
    });
    const passed = sectionOf((await app.inject({ url: linkIn(fromUs?.body ?? '') })).body, 'Contra Costa');
    expect(passed).toContain('We passed your application on to Bay Area Legal Aid');

    // San Francisco brought back, then moved to Referred out by hand: no office is recorded on it,
    // but the page still names the one that serves the county rather than saying none does.
    const sf = (await matterOf(ours.id)).find((m) => m.county === 'San Francisco');
    const attorney = await api.signedIn('alameda.attorney');
    const sfNow = await attorney.matters.get({ matterId: sf?.id ?? '' });
    await attorney.matters.moveStage({ matterId: sfNow.id, version: sfNow.version, to: 'referral_received' });
    const back = await attorney.matters.get({ matterId: sfNow.id });
    await attorney.matters.moveStage({ matterId: back.id, version: back.version, to: 'referred_out' });
    expect(await attorney.matters.get({ matterId: back.id })).toMatchObject({
      referredTo: null,
      passedOnAt: null,
    });
    const byHand = sectionOf((await app.inject({ url: linkIn(fromUs?.body ?? '') })).body, 'San Francisco');
    expect(byHand).toContain(
      'Bay Area Legal Aid serves this county. Please contact them to ask for help there.',
    );
    expect(byHand).not.toContain('No office that works with us serves this county');

    // Alameda, which this office serves itself, referred out by hand (a conflict of interest): the
    // person is asked to call, not sent to Alameda's public defender, which is this office.
    const alameda = (await matterOf(ours.id)).find((m) => m.county === 'Alameda');
    const open = await attorney.matters.get({ matterId: alameda?.id ?? '' });
    await attorney.matters.moveStage({ matterId: open.id, version: open.version, to: 'referred_out' });
    const conflict = sectionOf((await app.inject({ url: linkIn(fromUs?.body ?? '') })).body, 'Alameda');
    expect(conflict).toContain(
      'We cannot take this request ourselves. Please call us, and we will tell you whom to contact.',
    );
    expect(conflict).not.toContain('Contact the public defender');
  });

  it('a filled hidden field records nothing and tells the sender nothing; a cross-site post is refused', async () => {
    const form = applicationForm({ [TRAP_FIELD]: 'http://spam.example' });
    const response = await post(form);
    expect(response.statusCode).toBe(200);
    expect(await clientsNamed(String(form.legalName))).toHaveLength(0);
    // A website field, as a browser's autofill may add to a form, is not the trap: the person is recorded.
    const autofilled = applicationForm({ website: 'https://maria.example' });
    expect((await post(autofilled)).statusCode).toBe(200);
    expect(await clientsNamed(String(autofilled.legalName))).toHaveLength(1);
    const denied = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'applications.submit')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.map((d) => JSON.parse(d.detail).reason)).toContain('hidden field filled in');
    const forged = applicationForm();
    for (const origin of ['https://evil.example', null]) {
      // Refused with a page in the person's language that leads back to the form, never the API's JSON.
      const refused = await post(forged, { origin, url: `/apply/${slug}?lang=es` });
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('text/html');
      expect(refused.body).toContain(escapeHtml(PAGE_TEXT.es.notFromOurPage));
      expect(refused.body).toContain(`href="/apply/${slug}?lang=es"`);
    }
    expect(await clientsNamed(String(forged.legalName))).toHaveLength(0);
    const newLink = await app.inject({
      method: 'POST',
      url: '/status/new',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      payload: encodeForm({ lang: 'en', office: slug, contact: 'someone@example.org' }),
    });
    expect(newLink.statusCode).toBe(403);
    expect(newLink.body).toContain(escapeHtml(PAGE_TEXT.en.notFromOurPage));
  });

  it('the form is found however its address is written: in capitals, with a slash after it; /apply alone lists the offices', async () => {
    const capitals = await app.inject({ method: 'GET', url: `/apply/${slug.toUpperCase()}?lang=es` });
    expect(capitals.statusCode).toBe(200);
    expect(capitals.body).toContain(`action="/apply/${slug}?lang=es"`);
    const slashed = await app.inject({ method: 'GET', url: `/apply/${slug}/?lang=es` });
    expect(slashed.statusCode).toBe(301);
    expect(slashed.headers.location).toBe(`/apply/${slug}?lang=es`);
    for (const url of ['/apply', '/apply/', '/apply?lang=es']) {
      const offices = await app.inject({ method: 'GET', url });
      expect(offices.statusCode, url).toBe(200);
      const language = url.endsWith('es') ? 'es' : 'en';
      expect(offices.body, url).toContain(escapeHtml(PAGE_TEXT[language].chooseOffice));
      expect(offices.body, url).toContain(`href="/apply/${slug}?lang=${language}"`);
    }
    const form = applicationForm({ counties: ['Alameda'] });
    const sent = await post(form, { url: `/apply/${slug.toUpperCase()}` });
    expect(sent.statusCode).toBe(200);
    expect(await clientsNamed(String(form.legalName))).toHaveLength(1);
  });

  it('a filled hidden field is answered as the same form would be without it: the counties and how the confirmation goes, or the errors', async () => {
    const real = await post(applicationForm({ lang: 'en' }), { ip: '192.0.2.61' });
    const trapped = await post(applicationForm({ [TRAP_FIELD]: 'http://spam.example', lang: 'en' }), {
      ip: '192.0.2.62',
    });
    expect(real.statusCode).toBe(200);
    expect(trapped.statusCode).toBe(200);
    expect(trapped.body).toBe(real.body);
    expect(real.body).toContain('San Francisco');
    const incomplete = { legalName: '', email: '', phone: '' };
    const realInvalid = await post(
      applicationForm({ ...incomplete, lang: 'en', submission: 'form-a-1234567890' }),
    );
    const trappedInvalid = await post(
      applicationForm({ ...incomplete, [TRAP_FIELD]: 'x', lang: 'en', submission: 'form-a-1234567890' }),
    );
    expect(realInvalid.statusCode).toBe(400);
    expect(trappedInvalid.statusCode).toBe(400);
    expect(trappedInvalid.body).toBe(realInvalid.body);
  });

  it('a program filling the hidden field again and again is answered the same each time, and recorded only as often as an address may apply', async () => {
    const ip = '192.0.2.47';
    const answers = new Set<string>();
    for (let i = 0; i < APPLICATION_LIMITS.perAddressPerHour + 3; i++) {
      const response = await post(applicationForm({ [TRAP_FIELD]: 'http://spam.example', lang: 'en' }), {
        ip,
      });
      expect(response.statusCode).toBe(200);
      answers.add(response.body);
    }
    expect(answers.size).toBe(1);
    const recorded = await api.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'applications.submit')
      .where('ip', '=', ip)
      .execute();
    expect(recorded).toHaveLength(APPLICATION_LIMITS.perAddressPerHour);
  });

  it(`takes ${APPLICATION_LIMITS.perAddressPerHour} applications an hour from one address, and refuses a body too large`, async () => {
    const answers = [];
    for (let i = 0; i <= APPLICATION_LIMITS.perAddressPerHour; i++)
      answers.push((await post(applicationForm({ counties: ['Alameda'] }), { ip: '192.0.2.7' })).statusCode);
    expect(answers.filter((s) => s === 200)).toHaveLength(APPLICATION_LIMITS.perAddressPerHour);
    const typed = applicationForm();
    const refused = await post(typed, { ip: '192.0.2.7' });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.body).toContain('Se enviaron demasiadas solicitudes');
    // At a clinic on one network the eleventh applicant loses nothing: the form again, as typed, with
    // its key, so sending it later is recorded once.
    expect(refused.body).toContain('Lo que escribió sigue abajo: envíelo de nuevo más tarde.');
    expect(refused.body).toContain(`value="${String(typed.legalName)}"`);
    expect(refused.body).toContain(`value="${String(typed.submission)}"`);
    expect(refused.body).toContain('Prefiero que me llamen por la tarde.');
    expect(await clientsNamed(String(typed.legalName))).toHaveLength(0);
    // Each refusal is answered; the address being stopped is recorded once, not once per post.
    const refusals = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'applications.submit')
      .where('outcome', '=', 'denied')
      .where('ip', '=', '192.0.2.7')
      .execute();
    expect(refusals.map((r) => JSON.parse(r.detail).reason)).toEqual([
      'too many applications from one address',
    ]);
  });

  it('a body larger than any the form can send is answered with a page in the form’s language: too long, shorten the notes or other names, back to the form', async () => {
    const huge = applicationForm({ notes: '😀'.repeat(APPLICATION_LIMITS.bodyBytes / 12 + 1) });
    const spanish = await post(huge, { url: `/apply/${slug}?lang=es` });
    expect(spanish.statusCode).toBe(413);
    expect(spanish.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(spanish.body).toContain('<html lang="es">');
    expect(spanish.body).toContain('Su solicitud es demasiado larga');
    expect(spanish.body).toContain(
      'Acorte lo que escribió en “Algo más que quiera decirnos” o en “Otros nombres',
    );
    expect(spanish.body).toContain(`<a href="/apply/${slug}?lang=es">Volver a la solicitud</a>`);
    const english = await post({ ...huge, lang: 'en' }, { url: `/apply/${slug}?lang=en` });
    expect(english.statusCode).toBe(413);
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('Your application is too long');
    expect(english.body).toContain('“Anything else you want us to know” or “Other names you have used”');
    expect(english.body).toContain(`<a href="/apply/${slug}?lang=en">Back to the application</a>`);
    // A form drawn before its address carried the language: the browser's.
    const byBrowser = await post(huge, { headers: { 'accept-language': 'es-US,es;q=0.9' } });
    expect(byBrowser.statusCode).toBe(413);
    expect(byBrowser.body).toContain('Su solicitud es demasiado larga');
    expect(await clientsNamed(String(huge.legalName))).toHaveLength(0);
    // Any other refusal of the request itself is a page too, with a way back, never the API's JSON.
    const notAForm = await app.inject({
      method: 'POST',
      url: `/apply/${slug}?lang=es`,
      headers: { 'content-type': 'text/csv', origin: ORIGIN },
      payload: 'a,b',
    });
    expect(notAForm.statusCode).toBe(415);
    expect(notAForm.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(notAForm.body).toContain('No pudimos leer lo que se envió');
    expect(notAForm.body).toContain(`<a href="/apply/${slug}?lang=es">Volver a la página</a>`);
    // Nor JSON, however well formed: the form's own limit is the only one that applies here.
    for (const url of [`/apply/${slug}?lang=es`, '/status/new?lang=es']) {
      const json = await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        payload: JSON.stringify({
          ...applicationForm(),
          notes: 'x'.repeat(APPLICATION_LIMITS.bodyBytes * 4),
        }),
      });
      expect(json.statusCode, url).toBe(415);
      expect(json.body).toContain('No pudimos leer lo que se envió');
    }
    expect(await clientsNamed(String(applicationForm().legalName))).toHaveLength(0);
  });

  it('every page that says one thing (not found, an unknown link, a refusal) offers the same address in the other language', async () => {
    const pages = [
      { url: '/apply/no-such-office?lang=es', status: 404 },
      { url: '/status/nonsense?lang=es', status: 404 },
      { url: `/status/${'B'.repeat(43)}?lang=en`, status: 404 },
      { url: '/apply/x/y?lang=en', status: 404 },
    ];
    for (const { url, status } of pages) {
      const answer = await app.inject({ url });
      expect(answer.statusCode, url).toBe(status);
      const asked = new URL(url, 'http://x');
      const other = asked.searchParams.get('lang') === 'es' ? 'en' : 'es';
      const switchTo = `${asked.pathname}?lang=${other}`;
      expect(answer.body, url).toContain(`<nav class="lang"`);
      expect(answer.body, url).toContain(`href="${switchTo}"`);
      // And the page it opens is in that language.
      const switched = await app.inject({ url: switchTo });
      expect(switched.body, switchTo).toContain(`<html lang="${other}">`);
    }
    // A form's refusal offers its form's address in the other language.
    const notAForm = await app.inject({
      method: 'POST',
      url: `/apply/${slug}?lang=es`,
      headers: { 'content-type': 'text/csv', origin: ORIGIN },
      payload: 'a,b',
    });
    expect(notAForm.body).toContain(`href="/apply/${slug}?lang=en"`);
  });

  it('an address longer than any the pages have (a mangled link) is answered with a page in the person’s language, not the API’s JSON', async () => {
    const long = 'a'.repeat(5000);
    for (const [url, headers, words, back] of [
      [
        `/status/${long}`,
        { 'accept-language': 'es-MX,es;q=0.9' },
        'No pudimos leer lo que se envió',
        'Volver a la página',
      ],
      [`/status/${long}?lang=en`, {}, 'We could not read what was sent', 'Back to the page'],
      [`/apply/${long}?lang=es`, {}, 'No pudimos leer lo que se envió', 'Volver a la página'],
    ] as const) {
      const page = await app.inject({ method: 'GET', url, headers });
      expect(page.statusCode, url.slice(0, 20)).toBe(414);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toBeDefined();
      expect(page.body).toContain(words);
      expect(page.body).toMatch(new RegExp(`<a href="/status/new\\?lang=(es|en)">${back}</a>`));
    }
    // The API's addresses keep the API's answer.
    const api = await app.inject({ method: 'GET', url: `/api/files/${long}` });
    expect(api.statusCode).toBe(414);
    expect(api.json()).toMatchObject({ error: { appCode: 'BAD_INPUT' } });
    // The router refuses it before any hook, and it still carries every answer's headers.
    expect(api.headers['x-frame-options']).toBe('DENY');
    expect(api.headers['cache-control']).toBe('no-store');
  });

  it('the form posts to an address that names its language', async () => {
    for (const lang of ['en', 'es']) {
      const form = await app.inject({ url: `/apply/${slug}?lang=${lang}` });
      expect(form.body).toContain(`<form method="post" action="/apply/${slug}?lang=${lang}" novalidate>`);
    }
  });

  it('takes an application in Chinese with every text field at its maxlength', async () => {
    const chinese = (n: number, from = 0x4e00) =>
      Array.from({ length: n }, (_, i) => String.fromCodePoint(from + ((i * 7 + people) % 10000))).join('');
    // Ten names (as many as the form takes) of at most 200 characters: 2,000 with the line breaks.
    const otherNames = Array.from({ length: 10 }, (_, i) => chinese(i === 0 ? 200 : 199, 0x5000 + i)).join(
      '\n',
    );
    expect(otherNames).toHaveLength(APPLICATION_MAXLENGTH.otherNames);
    const form = applicationForm({
      lang: 'en',
      legalName: chinese(APPLICATION_MAXLENGTH.legalName),
      // The browser sends a textarea's line breaks as CR LF.
      otherNames: otherNames.replace(/\n/g, '\r\n'),
      email: `${chinese(APPLICATION_MAXLENGTH.email - 6)}@例子.中国`,
      phone: '(510) 555-0142'.padEnd(APPLICATION_MAXLENGTH.phone, ' '),
      addressLine1: chinese(APPLICATION_MAXLENGTH.addressLine1),
      addressLine2: chinese(APPLICATION_MAXLENGTH.addressLine2),
      city: chinese(APPLICATION_MAXLENGTH.city),
      state: 'CA',
      postalCode: '94612-1234',
      language: 'zh',
      counties: ['Alameda'],
      notes: chinese(APPLICATION_MAXLENGTH.notes, 0x6000),
    });
    expect(String(form.email)).toHaveLength(APPLICATION_MAXLENGTH.email);
    expect(Buffer.byteLength(encodeForm(form))).toBeGreaterThan(32 * 1024);
    const response = await post(form, { url: `/apply/${slug}?lang=en` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Application received');
    const [client] = await clientsNamed(String(form.legalName));
    if (!client) throw new Error('not recorded');
    const details = await api.database.db
      .selectFrom('clients')
      .select(['other_names', 'address_line1', 'city', 'preferred_language'])
      .where('id', '=', client.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(details.other_names)).toEqual(otherNames.split('\n'));
    expect(details).toMatchObject({
      address_line1: form.addressLine1,
      city: form.city,
      preferred_language: 'zh',
    });
    const matter = await api.database.db
      .selectFrom('matters')
      .select('referral_note')
      .where('client_id', '=', client.id)
      .executeTakeFirstOrThrow();
    expect(matter.referral_note).toBe(form.notes);
  });

  it('a likely existing client is flagged for staff on the new matter, never merged and never told', async () => {
    const intake = await api.signedIn('alameda.intake');
    const existing = referralInput({
      client: {
        ...referralInput().client,
        legalName: 'Rosa Elena Delgado',
        dateOfBirth: '1979-11-02',
        otherNames: [],
      },
      counties: ['Alameda'],
    });
    await intake.referrals.record(existing);
    const form = applicationForm({
      legalName: 'Rosa Elena Delgado',
      birthMonth: '11',
      birthDay: '2',
      birthYear: '1979',
      counties: ['Alameda'],
    });
    const response = await post(form);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toMatch(/already|ya tenemos|duplic/i);
    const clients = await clientsNamed('Rosa Elena Delgado');
    expect(clients).toHaveLength(2);
    const events = await api.database.db
      .selectFrom('matter_events as e')
      .innerJoin('matters as m', 'm.id', 'e.matter_id')
      .select(['e.kind', 'm.client_id'])
      .where('e.kind', '=', 'possible_duplicate')
      .where(
        'm.client_id',
        'in',
        clients.map((c) => c.id),
      )
      .execute();
    expect(events).toHaveLength(1);
  });

  it('an applicant whose record staff merged into the one they already had can still ask for a new link', async () => {
    const intake = await api.signedIn('alameda.intake');
    const email = 'lucia.merged@example.org';
    const staffRecord = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Lucía Merged Ferrer',
          dateOfBirth: '1974-09-21',
          otherNames: [],
          email,
        },
        counties: ['Alameda'],
      }),
    );
    const form = applicationForm({
      legalName: 'Lucía Merged Ferrer',
      birthMonth: '9',
      birthDay: '21',
      birthYear: '1974',
      email,
      counties: ['Alameda'],
    });
    expect((await post(form)).statusCode).toBe(200);
    const [applicant] = await api.database.db
      .selectFrom('clients')
      .select(['id', 'version'])
      .where('legal_name', '=', 'Lucía Merged Ferrer')
      .where('id', '!=', staffRecord.clientId)
      .execute();
    if (!applicant) throw new Error('no applicant record');
    const survivor = await api.database.db
      .selectFrom('clients')
      .select(['id', 'version'])
      .where('id', '=', staffRecord.clientId)
      .executeTakeFirstOrThrow();
    const supervisor = await api.signedIn('alameda.supervisor');
    await supervisor.clients.merge({ survivingClient: survivor, mergedClient: applicant });

    const before = (await messageTo(email)).length;
    const asked = await askNewLink(email, { ip: '192.0.2.46' });
    expect(asked.statusCode).toBe(200);
    const messages = await messageTo(email);
    expect(messages).toHaveLength(before + 1);
    // In the language the kept record prefers (the staff referral's, Spanish), not the asking page's.
    expect(messages[0]?.body).toContain('Usted pidió un nuevo enlace');
    const page = await app.inject({ url: linkIn(messages[0]?.body ?? '') });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Condado de Alameda');
  });

  // Anyone can apply in a client's name with their own e-mail: the application's record is flagged as
  // a likely duplicate on name and birth date, and staff may merge the two records either way round.
  // The link the application sent must go on showing that application's matter alone, never the case
  // of the client it was merged with; nor may a new link asked for from the contact the application
  // gave. A new link goes to the kept record's contact and shows the matters of the records that gave
  // it. Keeping the application's record is warned against before the merge.
  it.each([
    ['the client’s record kept', 'existing'],
    ['the application’s record kept', 'applicant'],
  ] as const)(
    'a merge made after a link was sent never shows the link another record’s matters (%s)',
    async (_, kept) => {
      const intake = await api.signedIn('alameda.intake');
      const name = kept === 'existing' ? 'Kiona Merge Álvarez' : 'Kiona Kept Álvarez';
      const clientEmail = `${kept}.client@example.org`;
      const strangerEmail = `${kept}.stranger@example.org`;
      const existing = await intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName: name,
            dateOfBirth: kept === 'existing' ? '1963-09-01' : '1963-09-02',
            otherNames: [],
            email: clientEmail,
          },
          counties: ['Alameda'],
        }),
      );
      const form = applicationForm({
        legalName: name,
        birthMonth: '9',
        birthDay: '1',
        birthYear: '1963',
        email: strangerEmail,
        counties: ['Alameda'],
      });
      // Two days on: the application's matter is received on another day than the client's.
      api.clock.advanceMinutes(2 * 24 * 60);
      expect((await post(form, { ip: '192.0.2.61' })).statusCode).toBe(200);
      const link = linkIn((await messageTo(strangerEmail))[0]?.body ?? '');
      const matterSections = async (url: string) => {
        const page = await app.inject({ url });
        expect(page.statusCode).toBe(200);
        return page.body.split('<section class="matter"').length - 1;
      };
      const before = await app.inject({ url: link });
      expect(await matterSections(link)).toBe(1);

      const [applicant] = await api.database.db
        .selectFrom('clients')
        .select(['id', 'version'])
        .where('legal_name', '=', name)
        .where('id', '!=', existing.clientId)
        .execute();
      if (!applicant) throw new Error('no applicant record');
      const client = await api.database.db
        .selectFrom('clients')
        .select(['id', 'version'])
        .where('id', '=', existing.clientId)
        .executeTakeFirstOrThrow();
      api.clock.advanceMinutes(5);
      const supervisor = await api.signedIn('alameda.supervisor');
      const preview = await supervisor.clients.mergePreview(
        kept === 'existing'
          ? { survivingClientId: client.id, mergedClientId: applicant.id }
          : { survivingClientId: applicant.id, mergedClientId: client.id },
      );
      const warned = preview.warnings.some((w) => w.includes('came from an online application'));
      expect(warned).toBe(kept === 'applicant');
      await supervisor.clients.merge(
        kept === 'existing'
          ? { survivingClient: client, mergedClient: applicant }
          : { survivingClient: applicant, mergedClient: client },
      );
      const survivorId = kept === 'existing' ? client.id : applicant.id;
      const held = await api.database.db
        .selectFrom('matters')
        .select('id')
        .where('client_id', '=', survivorId)
        .execute();
      expect(held).toHaveLength(2);

      // The link sent to whoever applied: the same one matter, the same page, as before the merge.
      const after = await app.inject({ url: link });
      expect(after.statusCode).toBe(200);
      expect(await matterSections(link)).toBe(1);
      expect(after.body).toBe(before.body);

      // A new link goes to the contact on file of the record kept, and shows the matters of the
      // records that gave it: the client's own matter when theirs was kept, the application's alone
      // when the application's was kept (the page the application's link shows).
      api.clock.advanceMinutes(5);
      const contactOnFile = kept === 'existing' ? clientEmail : strangerEmail;
      const asked = await askNewLink(contactOnFile, { ip: '192.0.2.62' });
      expect(asked.statusCode).toBe(200);
      const fresh = linkIn((await messageTo(contactOnFile))[0]?.body ?? '');
      expect(fresh).not.toBe(link);
      expect(await matterSections(fresh)).toBe(1);
      // The same page but for the link's own address in it (the language switch).
      const withoutLink = (url: string, body: string) => body.replaceAll(url, '/status/…');
      const freshPage = withoutLink(fresh, (await app.inject({ url: fresh })).body);
      if (kept === 'applicant') expect(freshPage).toBe(withoutLink(link, after.body));
      else expect(freshPage).not.toBe(withoutLink(link, after.body));
      // The other contact is not the kept record's: nothing goes to it.
      const otherContact = kept === 'existing' ? strangerEmail : clientEmail;
      const sentBefore = (await messageTo(otherContact)).length;
      expect((await askNewLink(otherContact, { ip: '192.0.2.63' })).statusCode).toBe(200);
      expect(await messageTo(otherContact)).toHaveLength(sentBefore);
    },
  );

  it('the status link opens the page in the applicant’s language: stage, what was asked, next step; each view audited', async () => {
    const form = applicationForm({ counties: ['Alameda'] });
    await post(form);
    const [message] = await messageTo(String(form.email));
    const link = linkIn(message?.body ?? '');
    const matter = await api.database.db
      .selectFrom('matters')
      .select(['id'])
      .where('client_id', '=', message?.client_id ?? '')
      .executeTakeFirstOrThrow();
    const intake = await api.signedIn('alameda.intake');
    // Staff see that the confirmation went, not the applicant's link.
    const listed = await intake.messages.forMatter({ matterId: matter.id });
    expect(listed.some((m) => m.kind === 'application' && m.body.includes('/status/…'))).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(link);
    await intake.documents.request({
      matterId: matter.id,
      kind: 'photo_id',
      requestedFrom: 'client',
      requestedOn: '2026-11-28',
    });
    await intake.messages.logStatus({
      choice: { matterId: matter.id, statusType: 'in_review', nextSteps: ['submit_personal_statement'] },
    });
    const page = await app.inject({ url: link });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="es">');
    expect(page.body).toContain('Condado de Alameda');
    expect(page.body).toContain(
      'Recibimos su solicitud. Una persona de nuestro equipo se comunicará con usted.',
    );
    expect(page.body).toContain('Una identificación con foto: Pendiente.');
    expect(page.body).toContain('Estamos revisando sus antecedentes');
    expect(page.body).toContain('Escriba una declaración personal');
    expect(page.headers['cache-control']).toBe('no-store');
    const english = await app.inject({ url: `${link}?lang=en` });
    expect(english.body).toContain('A photo ID: Still missing.');
    const views = () =>
      api.database.db
        .selectFrom('audit_log')
        .select(['entity_id', 'office_id'])
        .where('action', '=', 'applications.viewStatus')
        .where('outcome', '=', 'ok')
        .where('entity_id', '=', message?.client_id ?? '')
        .execute();
    // Views from one address within ten minutes are one read on record; another address's, or a view
    // ten minutes on, another.
    expect(await views()).toHaveLength(1);
    expect((await views())[0]?.office_id).toBe(api.officeIds.alameda);
    await app.inject({ url: link, remoteAddress: '198.51.100.31' });
    expect(await views()).toHaveLength(2);
    api.clock.advanceMinutes(10);
    await app.inject({ url: link });
    expect(await views()).toHaveLength(3);
    expect((await app.inject({ url: '/status/nonsense' })).statusCode).toBe(404);
    expect((await app.inject({ url: `/status/${'A'.repeat(43)}` })).statusCode).toBe(404);

    // Closed, the link works for 90 days more, then says so.
    const closedAt = api.clock.now();
    await api.database.db
      .updateTable('matters')
      .set({ stage: 'closed', closed_at: closedAt.toISOString() })
      .where('id', '=', matter.id)
      .execute();
    api.clock.set(new Date(closedAt.getTime() + 89 * 86_400_000));
    expect((await app.inject({ url: link })).statusCode).toBe(200);
    api.clock.set(new Date(closedAt.getTime() + 91 * 86_400_000));
    const expired = await app.inject({ url: link });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Este enlace ya no funciona');
    // No new link is sent for it: the page names whom to ask, and offers none.
    expect(expired.body).toContain(
      'No se envían enlaces nuevos para un caso cerrado hace tanto tiempo. Si tiene preguntas sobre su caso, comuníquese con Alameda County Public Defender.',
    );
    await api.database.db
      .updateTable('offices')
      .set({ phone: '(510) 272-6600', email: 'pd@acgov.example' })
      .where('id', '=', api.officeIds.alameda)
      .execute();
    expect((await app.inject({ url: link })).body).toContain(
      '<p>Teléfono: (510) 272-6600 · Correo electrónico: pd@acgov.example</p>',
    );
    expect(expired.body).not.toContain('/status/new');
    api.clock.set(closedAt);
  });

  it('a new link is answered the same whether or not the address is known, and sent only to a known one', async () => {
    const form = applicationForm({ counties: ['Alameda'] });
    await post(form);
    const ask = (contact: string) =>
      askNewLink(contact, { lang: 'es', ip: `10.9.${Math.floor(++address / 250)}.${address % 250}` });
    const timed = async (contact: string) => {
      const started = performance.now();
      const answer = await ask(contact);
      return { answer, ms: performance.now() - started };
    };
    const { answer: known, ms: knownMs } = await timed(String(form.email).toUpperCase());
    const { answer: unknown, ms: unknownMs } = await timed('nobody@example.org');
    // Nor does the time it took: every answer takes the same least time, above the work's.
    expect(Math.min(knownMs, unknownMs)).toBeGreaterThanOrEqual(NEW_LINK_ANSWER_MS);
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(known.body).toBe(unknown.body);
    const messages = await messageTo(String(form.email));
    expect(messages).toHaveLength(2);
    expect(messages[0]?.body).toContain('Usted pidió un nuevo enlace');
    expect((await app.inject({ url: linkIn(messages[0]?.body ?? '') })).statusCode).toBe(200);
    expect(await messageTo('nobody@example.org')).toHaveLength(0);
    // By phone: a text (the applicant agreed to texts) with the link kept in it.
    await ask('510.555.0142');
    const texts = await messageTo('(510) 555-0142');
    expect(texts.some((t) => t.channel === 'sms' && /\/status\/[A-Za-z0-9_-]{43}/.test(t.body))).toBe(true);
    expect((await ask('not an address')).statusCode).toBe(400);
  });

  it('the new-link answer is true where no link goes: a phone that did not agree to texts, an application closed more than 90 days ago', async () => {
    const ask = (contact: string, lang: 'en' | 'es') =>
      askNewLink(contact, { lang, ip: `10.8.${Math.floor(++address / 250)}.${address % 250}` });
    const noTexts = applicationForm({ counties: ['Alameda'], phone: '(510) 555-0177', consentToText: '' });
    expect((await post(noTexts)).statusCode).toBe(200);
    const closing = applicationForm({ counties: ['Alameda'], phone: '(510) 555-0178' });
    expect((await post(closing)).statusCode).toBe(200);
    const [closingClient] = await clientsNamed(String(closing.legalName));
    const closedAt = api.clock.now();
    await api.database.db
      .updateTable('matters')
      .set({ stage: 'closed', closed_at: closedAt.toISOString() })
      .where('client_id', '=', closingClient?.id ?? '')
      .execute();
    api.clock.set(new Date(closedAt.getTime() + 91 * 86_400_000));
    try {
      const before = {
        texts: (await messageTo('(510) 555-0177')).length,
        closed: (await messageTo(String(closing.email))).length,
      };
      for (const lang of ['en', 'es'] as const) {
        // Each answer, the same whatever was found, must be true of what was done: nothing was sent.
        for (const contact of ['510-555-0177', String(closing.email)]) {
          const answer = await ask(contact, lang);
          expect(answer.statusCode).toBe(200);
          expect(answer.body).toContain(PAGE_TEXT[lang].newLinkSent);
        }
        expect(PAGE_TEXT[lang].newLinkSent).toMatch(lang === 'en' ? /by text message/ : /mensaje de texto/);
        expect(PAGE_TEXT[lang].newLinkSent).toMatch(
          lang === 'en' ? /closed more than 90 days/ : /más de 90 días/,
        );
      }
      expect((await messageTo('(510) 555-0177')).length).toBe(before.texts);
      expect((await messageTo(String(closing.email))).length).toBe(before.closed);
    } finally {
      api.clock.set(closedAt);
    }
  });

  it('a link that does not work leads, by its links, to the new-link form of the office chosen, in English and in Spanish', async () => {
    const words = {
      en: {
        ask: 'Ask for a new link',
        choose: 'Which office did you apply to?',
        contact: 'E-mail address or phone number',
      },
      es: {
        ask: 'Pedir un nuevo enlace',
        choose: '¿A qué oficina presentó su solicitud?',
        contact: 'Correo electrónico o número de teléfono',
      },
    };
    const open = (url: string) => app.inject({ url, remoteAddress: '192.0.2.91' });
    /** The address of the link whose text is given, as a browser follows it. */
    const follow = async (body: string, text: string) => {
      const links = [...body.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)];
      const href = links.find((l) => l[2] === text)?.[1];
      if (!href) throw new Error(`No link "${text}" in: ${body}`);
      return open(href.replaceAll('&amp;', '&'));
    };
    for (const lang of ['en', 'es'] as const) {
      const broken = await open(`/status/${'E'.repeat(20)}?lang=${lang}`);
      expect(broken.statusCode).toBe(404);
      const chooser = await follow(broken.body, words[lang].ask);
      expect(chooser.statusCode).toBe(200);
      expect(chooser.body).toContain(`<html lang="${lang}">`);
      expect(chooser.body).toContain(`<h2 id="offices-title">${words[lang].choose}</h2>`);
      expect(chooser.body).toContain('<ul aria-labelledby="offices-title">');
      // Every office that takes online applications, by name; no script needed.
      expect(chooser.body).toContain('>Bay Area Legal Aid</a>');
      expect(chooser.body).not.toContain('<script');
      const form = await follow(chooser.body, 'Alameda County Public Defender');
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain(`<html lang="${lang}">`);
      expect(form.body).toContain(`<input type="hidden" name="office" value="${slug}">`);
      expect(form.body).toContain(`<label for="contact">${words[lang].contact}</label>`);
      expect(form.body).toContain(`<form method="post" action="/status/new?lang=${lang}" novalidate>`);
    }
    // An office that is not there is chosen again, not a dead end.
    expect((await open('/status/new?office=no-such-office&lang=en')).body).toContain(words.en.choose);
  });

  it(`an address opening more than ${APPLICATION_LIMITS.unknownLinksPerHour} links that are not links in an hour is stopped, and fills the audit log no more; a real link still opens`, async () => {
    const form = applicationForm({ counties: ['Alameda'] });
    await post(form);
    const [message] = await messageTo(String(form.email));
    const link = linkIn(message?.body ?? '');
    const ip = '192.0.2.44';
    const open = (url: string) => app.inject({ url, remoteAddress: ip });
    const refusedRows = () =>
      api.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'applications.viewStatus')
        .where('outcome', '=', 'denied')
        .where('ip', '=', ip)
        .execute();
    for (let i = 0; i < APPLICATION_LIMITS.unknownLinksPerHour; i++)
      expect((await open(`/status/${String(i).padStart(43, 'B')}`)).statusCode).toBe(404);
    expect(await refusedRows()).toHaveLength(APPLICATION_LIMITS.unknownLinksPerHour);
    const stopped = await open(`/status/${'C'.repeat(43)}`);
    expect(stopped.statusCode).toBe(429);
    expect(stopped.headers['retry-after']).toBeDefined();
    expect(stopped.body).toContain('Too many links that do not work were opened from this connection');
    const spanish = await open(`/status/${'D'.repeat(43)}?lang=es`);
    expect(spanish.body).toContain('Se abrieron demasiados enlaces que no funcionan');
    expect(await refusedRows()).toHaveLength(APPLICATION_LIMITS.unknownLinksPerHour);
    expect((await open(link)).statusCode).toBe(200);
  });

  it('a new-link request that is neither an e-mail address nor a phone number says how to ask again, in the page’s language', async () => {
    for (const [lang, summary, wrong] of [
      ['en', 'Please correct the following, then ask for the link again:', 'send the application again'],
      ['es', 'Corrija lo siguiente y vuelva a pedir el enlace:', 'vuelva a enviar la solicitud'],
    ] as const) {
      const asked = await askNewLink('not a way to reach anyone', { lang, ip: '192.0.2.47' });
      expect(asked.statusCode, lang).toBe(400);
      expect(asked.body, lang).toContain(summary);
      expect(asked.body, lang).not.toContain(wrong);
    }
  });

  it(`more than ${APPLICATION_LIMITS.linkRequestsPerHour} new-link requests from one address in an hour are refused as such, not as applications`, async () => {
    // A contact of each request's own: the limit per phone number or e-mail address is not this one.
    let asked = 0;
    const ask = (lang: string) => askNewLink(`someone${++asked}@example.org`, { lang, ip: '192.0.2.45' });
    for (let i = 0; i < APPLICATION_LIMITS.linkRequestsPerHour; i++)
      expect((await ask('en')).statusCode).toBe(200);
    const refused = await ask('en');
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain(
      'Too many new links were asked for from this connection in the last hour.',
    );
    expect(refused.body).not.toContain('application');
    expect((await ask('es')).body).toContain('Se pidieron demasiados enlaces nuevos desde esta conexión');
    // The address being stopped is on the office's audit log, once.
    const refusals = await api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'detail'])
      .where('action', '=', 'applications.requestStatusLink')
      .where('outcome', '=', 'denied')
      .where('ip', '=', '192.0.2.45')
      .execute();
    expect(refusals).toEqual([
      {
        office_id: api.officeIds.alameda,
        detail: JSON.stringify({ reason: 'too many requests from one address' }),
      },
    ]);
  });

  it('the dashboard splits the week’s referrals by source: staff, partners, online applications', async () => {
    const supervisor = await api.signedIn('alameda.supervisor');
    const { weeks } = await supervisor.dashboard.get();
    const sum = (key: 'staff' | 'partner' | 'online' | 'passedOn') =>
      weeks.reduce((n, w) => n + w.receivedBySource[key], 0);
    const bySource = await api.database.db
      .selectFrom('matters')
      .select(['referral_source', (eb) => eb.fn.countAll<number>().as('n')])
      .where('office_id', '=', api.officeIds.alameda)
      .groupBy('referral_source')
      .execute();
    const count = (source: string) => Number(bySource.find((r) => r.referral_source === source)?.n ?? 0);
    expect(sum('online')).toBe(count('online_application'));
    expect(sum('online')).toBeGreaterThan(10);
    expect(sum('staff')).toBe(
      count('phone') + count('walk_in') + count('web_form') + count('court') + count('other'),
    );
    expect(sum('partner')).toBe(count('partner'));
    expect(sum('passedOn')).toBe(count('another_office'));
    for (const w of weeks) {
      const { staff, partner, online, passedOn } = w.receivedBySource;
      expect(staff + partner + online + passedOn).toBe(w.received);
    }
  });
});
