// The partner API over HTTP: keys made by an administrator, referrals recorded as staff record them,
// Idempotency-Key as the IETF draft describes, a rate limit per key, every call on record, no Origin
// needed (the API is not cookie-authenticated), and the OpenAPI document.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PARTNER_CALLS_WITHOUT_KEY_PER_HOUR } from '@relief-desk/api';
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { PARTNER_REQUESTS_PER_MINUTE } from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';
import { PARTNER_BODY_LIMIT } from './partner-api.ts';

/** A partner's referral: the staff form's fields without the staff-only ones. */
function partnerBody(overrides: { legalName?: string; dateOfBirth?: string; counties?: string[] } = {}) {
  const { client, counties, note } = referralInput();
  return {
    client: {
      ...client,
      legalName: overrides.legalName ?? client.legalName,
      dateOfBirth: overrides.dateOfBirth ?? client.dateOfBirth,
      otherNames: [],
    },
    counties: overrides.counties ?? counties,
    note,
  };
}

describe.each(testDialects())('partner API (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  let key = '';
  let keyId = '';
  let people = 0;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-partner-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      database: api.database,
      clock: api.clock,
    });
    const admin = await api.signedIn('alameda.admin');
    const made = await admin.partnerKeys.create({ name: 'Root & Rebound' });
    key = made.key;
    keyId = made.id;
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (body: unknown, options: { key?: string | null; idempotencyKey?: string | null } = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: {
        ...(options.key === null ? {} : { authorization: `Bearer ${options.key ?? key}` }),
        ...(options.idempotencyKey === null
          ? {}
          : { 'idempotency-key': options.idempotencyKey ?? randomUUID() }),
      },
      payload: body as Record<string, unknown>,
    });
  const newPerson = () => {
    people++;
    return partnerBody({
      legalName: `Partner Person ${'abcdefghij'[people % 10]}${people} Quintero`,
      dateOfBirth: `1970-01-${String(people).padStart(2, '0')}`,
    });
  };
  const callRows = () =>
    api.database.db
      .selectFrom('audit_log')
      .select(['outcome', 'office_id', 'entity_id', 'detail'])
      .where('action', '=', 'partnerApi.referrals.create')
      .orderBy('id')
      .execute();

  it('an administrator makes a key that is shown once and kept only as a hash; other roles cannot', async () => {
    expect(key).toMatch(/^rdp_[A-Za-z0-9_-]{43}$/);
    const admin = await api.signedIn('alameda.admin');
    const listed = await admin.partnerKeys.list();
    expect(listed).toEqual([
      expect.objectContaining({
        id: keyId,
        name: 'Root & Rebound',
        prefix: key.slice(0, 10),
        revokedAt: null,
      }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(key);
    const row = await api.database.db
      .selectFrom('partner_api_keys')
      .selectAll()
      .where('id', '=', keyId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(key.slice(10));
    const intake = await api.signedIn('alameda.intake');
    await expect(intake.partnerKeys.create({ name: 'Someone' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(intake.partnerKeys.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const otherAdmin = await api.signedIn('bayLegal.admin');
    expect(await otherAdmin.partnerKeys.list()).toEqual([]);
    await expect(otherAdmin.partnerKeys.revoke({ keyId, version: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a key made from the web app (with its Idempotency-Key) is not kept with the request key either', async () => {
    const cookies = { [SESSION_COOKIE]: await sessionCookieOf(app, 'admin@alameda.test') };
    const create = () =>
      app.inject({
        method: 'POST',
        url: '/trpc/partnerKeys.create',
        headers: { origin: 'http://localhost', 'idempotency-key': 'make-key-once-1' },
        cookies,
        payload: { name: 'Legal Link' },
      });
    const made = (await create()).json<{ result: { data: { id: string; key: string } } }>().result.data;
    expect(made.key).toMatch(/^rdp_/);
    const kept = await api.database.db.selectFrom('idempotency_keys').selectAll().execute();
    expect(JSON.stringify(kept)).not.toContain(made.key.slice(10));
    // Sent again, it is not shown again: a second key is made, and the first still works.
    const again = (await create()).json<{ result: { data: { id: string; key: string } } }>().result.data;
    expect(again.key).not.toBe(made.key);
    expect((await send(newPerson(), { key: made.key })).statusCode).toBe(201);
  });

  it('records the referral as staff do: a client, a matter per county, source partner, audited', async () => {
    const body = newPerson();
    const response = await send({ ...body, counties: ['Alameda', 'San Francisco'] });
    expect(response.statusCode).toBe(201);
    const answer = response.json<{
      matters: { reference: string; county: string; status: string; referredTo: string | null }[];
    }>();
    expect(answer.matters.map((m) => [m.county, m.status, m.referredTo])).toEqual([
      ['Alameda', 'received', null],
      ['San Francisco', 'referred_out', 'Bay Area Legal Aid'],
    ]);
    const matter = await api.database.db
      .selectFrom('matters')
      .innerJoin('clients', 'clients.id', 'matters.client_id')
      .select([
        'matters.id',
        'matters.office_id',
        'matters.referral_source',
        'matters.referral_source_detail',
        'clients.legal_name',
      ])
      .where('matters.reference', '=', answer.matters[0]?.reference ?? '')
      .executeTakeFirstOrThrow();
    expect(matter).toMatchObject({
      office_id: api.officeIds.alameda,
      referral_source: 'partner',
      referral_source_detail: 'Root & Rebound',
      legal_name: body.client.legalName,
    });
    const intake = await api.signedIn('alameda.intake');
    const seen = await intake.matters.get({ matterId: matter.id });
    expect(seen.timeline.at(-1)?.summary).toContain('partner organisation (Root & Rebound)');
    const recorded = await api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'actor_id', 'detail'])
      .where('action', '=', 'referrals.record')
      .where('detail', 'like', `%${matter.id}%`)
      .executeTakeFirstOrThrow();
    expect(recorded.office_id).toBe(api.officeIds.alameda);
    expect(recorded.actor_id).toBeNull();
    expect(JSON.parse(recorded.detail)).toMatchObject({ partnerKeyId: keyId, possibleDuplicateOf: [] });
    expect((await callRows()).at(-1)).toMatchObject({
      outcome: 'ok',
      office_id: api.officeIds.alameda,
      entity_id: keyId,
    });
  });

  it('a repeated Idempotency-Key answers the first answer; another body 422; no key 400', async () => {
    const body = newPerson();
    const idempotencyKey = randomUUID();
    const first = await send(body, { idempotencyKey });
    const again = await send(body, { idempotencyKey });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const clients = await api.database.db
      .selectFrom('clients')
      .select('id')
      .where('legal_name', '=', body.client.legalName)
      .execute();
    expect(clients).toHaveLength(1);

    const other = await send({ ...body, note: 'Something else.' }, { idempotencyKey });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({
      error: {
        appCode: 'REQUEST_KEY_REUSED',
        // Said to a system, not a person on a page: what to send instead.
        message: expect.stringContaining('Send a new referral with a new Idempotency-Key'),
      },
    });
    expect(other.json().error.message).not.toContain('Reload the page');

    const none = await send(newPerson(), { idempotencyKey: null });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toContain('Idempotency-Key');
    const bad = await send(newPerson(), { idempotencyKey: 'short' });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses a body that does not fit the schema, naming the fields, and staff-only fields', async () => {
    const body = newPerson();
    const wrong = await send({ ...body, client: { ...body.client, legalName: '' }, counties: [] });
    expect(wrong.statusCode).toBe(400);
    const paths = wrong
      .json<{ error: { fieldErrors: { path: string }[] } }>()
      .error.fieldErrors.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['client.legalName', 'counties']));
    const staffOnly = await send({ ...body, existingClient: { id: 'x', version: 1 } });
    expect(staffOnly.statusCode).toBe(400);
  });

  it('control characters in a field are dropped (one between words a space), not refused by the database', async () => {
    const body = newPerson();
    const name = body.client.legalName;
    const response = await send({
      ...body,
      // A direction override and a zero-width space (the queue showed the name reversed) go too.
      client: { ...body.client, legalName: `\u202e${name.replace(' ', '\u0000')}\u200b\u0000` },
      note: 'Two\u0000 old cases.\nCall after 5.',
    });
    expect(response.statusCode).toBe(201);
    const stored = await api.database.db
      .selectFrom('clients as c')
      .innerJoin('matters as m', 'm.client_id', 'c.id')
      .select(['c.legal_name', 'm.referral_note'])
      .where(
        'm.reference',
        '=',
        response.json<{ matters: { reference: string }[] }>().matters[0]?.reference ?? '',
      )
      .where('m.office_id', '=', api.officeIds.alameda)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ legal_name: name, referral_note: 'Two old cases.\nCall after 5.' });
  });

  it('a key it does not take is refused at any depth, not dropped; other names are sent as objects, as it says', async () => {
    const body = newPerson();
    const fieldErrors = async (sent: unknown) => {
      const refused = await send(sent);
      expect(refused.statusCode).toBe(400);
      return Object.fromEntries(
        refused
          .json<{ error: { fieldErrors: { path: string; message: string }[] } }>()
          .error.fieldErrors.map((f) => [f.path, f.message]),
      );
    };
    expect(
      await fieldErrors({
        ...body,
        client: {
          ...body.client,
          emial: 'typo@example.org',
          address: { ...body.client.address, adress2: 'Apt 4' },
          otherNames: [{ name: 'Bob Smith', alias: true }],
        },
      }),
    ).toEqual({
      client: 'Remove "emial" from "client": the partner API does not take it.',
      'client.address': 'Remove "adress2" from "client.address": the partner API does not take it.',
      'client.otherNames.0': 'Remove "alias" from "client.otherNames.0": the partner API does not take it.',
    });
    expect(await fieldErrors({ ...body, client: { ...body.client, otherNames: ['Bob'] } })).toEqual({
      'client.otherNames.0':
        'Send each other name as an object with its name, for example {"name": "Robert Smith"}, not the name alone.',
    });
    // Nothing of either was recorded.
    expect(
      await api.database.db
        .selectFrom('clients')
        .select('id')
        .where('legal_name', '=', body.client.legalName)
        .execute(),
    ).toEqual([]);
  });

  it('each refused field says what to send instead, in the API’s terms', async () => {
    const body = newPerson();
    const { sms: _, ...contact } = body.client.contact;
    const refused = await send({
      ...body,
      client: { ...body.client, dateOfBirth: '03/07/1985', preferredLanguage: 'Spanish', contact },
      counties: ['alameda'],
      receivedOn: '2026-11-20',
    });
    expect(refused.statusCode).toBe(400);
    const said = Object.fromEntries(
      refused
        .json<{ error: { fieldErrors: { path: string; message: string }[] } }>()
        .error.fieldErrors.map((f) => [f.path, f.message]),
    );
    expect(said).toEqual({
      'client.dateOfBirth': 'Send the date of birth as YYYY-MM-DD, for example "1985-03-07".',
      'client.preferredLanguage': 'Send one of "en", "es", "zh", "vi", "ko", "tl".',
      'client.contact.sms': 'Missing: send "client.contact.sms" as true or false.',
      'counties.0':
        'Send a California county by its name as the OpenAPI document lists it, for example "Alameda" or "San Francisco".',
      '': 'Remove "receivedOn" from the body: the partner API does not take it.',
    });
    // The contact rules name the flag to set, not a box to untick.
    const unreachable = await send({
      ...body,
      client: {
        ...body.client,
        email: '',
        phone: '',
        consentToText: false,
        contact: { email: true, sms: true, letter: false, phone: false },
      },
    });
    const rules = Object.fromEntries(
      unreachable
        .json<{ error: { fieldErrors: { path: string; message: string }[] } }>()
        .error.fieldErrors.map((f) => [f.path, f.message]),
    );
    expect(rules).toEqual({
      'client.email':
        'Send "client.email" as an address like name@example.org, or set "client.contact.email" to false.',
      'client.phone':
        'Send "client.phone" with its area code, or set "client.contact.sms" and "client.contact.phone" to false.',
      'client.consentToText':
        'Set "client.consentToText" to true only if the person agreed to text messages; otherwise set "client.contact.sms" to false.',
    });
    expect(JSON.stringify(rules)).not.toContain('untick');
    // A detail sent but not valid is told what is wrong with it: setting a flag false would not fix it.
    const notValid = await send({
      ...body,
      client: {
        ...body.client,
        legalName: '😀',
        email: 'foo@bar',
        phone: '555',
        consentToText: false,
        address: { ...body.client.address, state: 'ZZ' },
        contact: { email: false, sms: false, letter: false, phone: true },
      },
    });
    const told = notValid
      .json<{ error: { fieldErrors: { path: string; message: string }[] } }>()
      .error.fieldErrors.map((f) => [f.path, f.message]);
    expect(Object.fromEntries(told)).toMatchObject({
      'client.email': 'Send "client.email" as an address like name@example.org, or "" to leave it out.',
      'client.phone':
        'Send "client.phone" as a US number with its area code, for example "(555) 555-0123", or another country\'s number starting with + and its country code, for example "+52 55 1234 5678"; or "" to leave it out.',
      'client.address.state':
        'Send "client.address.state" as the two-letter code of a US state or territory, for example "CA" or "NV".',
    });
    // One message a field: the name of emoji alone is told once.
    expect(told.filter(([path]) => path === 'client.legalName')).toHaveLength(1);
    const wrongType = await send({ ...body, client: { ...body.client, consentToText: 'yes' } });
    expect(wrongType.json().error.fieldErrors).toEqual([
      { path: 'client.consentToText', message: 'Send "client.consentToText" as true or false, not text.' },
    ]);
  });

  it('regression: says what a body or field was sent as in the same words, and each refusal once', async () => {
    // A list was "object" (typeof): "Send the body as an object, not object."
    const fieldErrorsOf = async (body: unknown) =>
      (await send(body)).json<{ error: { fieldErrors: { path: string; message: string }[] } }>().error
        .fieldErrors;
    for (const body of [[], [newPerson()]])
      expect(await fieldErrorsOf(body)).toEqual([
        { path: '', message: 'Send the body as an object, not a list.' },
      ]);
    const sentNull = await app.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: {
        authorization: `Bearer ${key}`,
        'idempotency-key': randomUUID(),
        'content-type': 'application/json',
      },
      payload: 'null',
    });
    expect(sentNull.json().error.fieldErrors).toEqual([
      { path: '', message: 'Send the body as an object, not null.' },
    ]);
    const body = newPerson();
    expect(await fieldErrorsOf({ ...body, note: 42 })).toEqual([
      { path: 'note', message: 'Send "note" as text, not a number.' },
    ]);
    // "03/07/1984" was refused twice in the same words: as no date, and as no date after 1900.
    expect(await fieldErrorsOf({ ...body, client: { ...body.client, dateOfBirth: '03/07/1984' } })).toEqual([
      {
        path: 'client.dateOfBirth',
        message: 'Send the date of birth as YYYY-MM-DD, for example "1985-03-07".',
      },
    ]);
    // A date sent as asked, but before 1900, is not told to be sent as YYYY-MM-DD.
    expect(await fieldErrorsOf({ ...body, client: { ...body.client, dateOfBirth: '1899-12-31' } })).toEqual([
      { path: 'client.dateOfBirth', message: 'Send a date of birth from 1900-01-01 on.' },
    ]);
    // Many refusals at once: none said twice.
    const many = await fieldErrorsOf({
      ...body,
      client: {
        ...body.client,
        dateOfBirth: '',
        phone: 'x'.repeat(50),
        email: 'not an address',
        preferredLanguage: 'Spanish',
        address: { postalCode: 'x'.repeat(20) },
      },
      counties: ['alameda', 'alameda', 'Narnia'],
    });
    expect(many.length).toBeGreaterThan(6);
    expect(new Set(many.map((f) => JSON.stringify(f))).size).toBe(many.length);
  });

  it('regression: a body that cannot be read is told to the program as what is wrong with it, not "Reload the page"', async () => {
    const raw = (payload: string, contentType = 'application/json') =>
      app.inject({
        method: 'POST',
        url: '/api/v1/referrals',
        headers: {
          authorization: `Bearer ${key}`,
          'idempotency-key': randomUUID(),
          'content-type': contentType,
        },
        payload,
      });
    const broken = await raw('{"client":{"legalName":"Ana Ruiz",}');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error).toEqual({
      appCode: 'BAD_INPUT',
      message: expect.stringMatching(/^The body is not valid JSON: .+\.$/),
    });
    expect(broken.body).not.toContain('Reload the page');
    const empty = await raw('');
    expect([empty.statusCode, empty.json().error.message]).toEqual([
      400,
      'The body is empty: send the referral as a JSON object.',
    ]);
    // The parser that refuses prototype keys still does.
    const poisoned = await raw('{"__proto__":{"admin":true}}');
    expect([poisoned.statusCode, poisoned.json().error.message]).toEqual([
      400,
      'The body is not valid JSON: it has a "__proto__" or "constructor.prototype" key, which the API does not take.',
    ]);
    const form = await raw('legalName=Ana', 'application/x-www-form-urlencoded');
    expect([form.statusCode, form.json().error.message]).toEqual([
      415,
      'Send the body as JSON, with the header Content-Type: application/json.',
    ]);
    const huge = await raw(JSON.stringify({ note: 'x'.repeat(PARTNER_BODY_LIMIT) }));
    expect([huge.statusCode, huge.json().error.message]).toEqual([
      413,
      `The body is larger than the ${PARTNER_BODY_LIMIT / 1024} KB the API takes, more than the largest referral needs: send one referral a request.`,
    ]);
    // The web app's addresses keep their own words.
    const staff = await app.inject({
      method: 'POST',
      url: '/api/letters/mailing-run/pdf',
      headers: { origin: 'http://localhost', 'content-type': 'application/json' },
      payload: '{"messageIds":[',
    });
    expect(staff.json().error.message).toBe('The request could not be read. Reload the page and try again.');
  });

  it('regression: a body that cannot be read is on record as a refused call of its key, and needs a live key first', async () => {
    const before = (await callRows()).length;
    const raw = (payload: string, contentType: string, authorization?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/referrals',
        headers: {
          ...(authorization ? { authorization } : {}),
          'idempotency-key': randomUUID(),
          'content-type': contentType,
        },
        payload,
      });
    const answers = [
      await raw('{"client":', 'application/json', `Bearer ${key}`),
      await raw('', 'application/json', `Bearer ${key}`),
      await raw('legalName=Ana', 'application/x-www-form-urlencoded', `Bearer ${key}`),
      await raw(
        JSON.stringify({ note: 'x'.repeat(PARTNER_BODY_LIMIT) }),
        'application/json',
        `Bearer ${key}`,
      ),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([400, 400, 415, 413]);
    const rows = (await callRows()).slice(before);
    // Each says what was wrong with it (the audit log words the reason), and what it was answered.
    expect(rows.map((r) => [r.outcome, r.entity_id, JSON.parse(r.detail ?? '{}')])).toEqual(
      ['not_json', 'empty_body', 'wrong_content_type', 'body_too_large'].map((reason) => [
        'denied',
        keyId,
        { reason, answered: 'BAD_INPUT' },
      ]),
    );
    // Without a key, the key is asked for first, as for any body.
    const keyless = await raw('{"client":', 'application/json');
    expect([keyless.statusCode, keyless.json().error.appCode]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await callRows()).at(-1)).toMatchObject({ outcome: 'denied', entity_id: null });
  });

  it('regression: a date of birth in the asked shape that does not exist is told so, not to use the shape', async () => {
    const body = newPerson();
    const refused = await send({ ...body, client: { ...body.client, dateOfBirth: '1984-02-30' } });
    expect(refused.json().error.fieldErrors).toEqual([
      {
        path: 'client.dateOfBirth',
        message: 'There is no day 1984-02-30: check the month and day of the date of birth.',
      },
    ]);
  });

  it('regression: a referral that chooses letters needs the state of its address, as the refusal says', async () => {
    // line1, city and postalCode (all the refusal asked for) were taken, and letters read "Oakland,  94601".
    const body = newPerson();
    const byLetter = (address: Record<string, string>) =>
      send({
        ...body,
        client: { ...body.client, address, contact: { ...body.client.contact, letter: true } },
      });
    const street = { line1: '2100 Telegraph Ave', city: 'Oakland', postalCode: '94601' };
    const noStreet = await byLetter({});
    expect(noStreet.json().error.fieldErrors).toEqual([
      {
        path: 'client.address.line1',
        message:
          'Send "client.address" with line1, city, state and postalCode, or set "client.contact.letter" to false.',
      },
    ]);
    const noState = await byLetter(street);
    expect([noState.statusCode, noState.json().error.fieldErrors]).toEqual([
      400,
      [
        {
          path: 'client.address.state',
          message:
            'Send "client.address.state" as two letters, for example "CA", or set "client.contact.letter" to false.',
        },
      ],
    ]);
    const notAState = await byLetter({ ...street, state: 'Calif' });
    expect(notAState.json().error.fieldErrors).toEqual([
      { path: 'client.address.state', message: 'Enter the state as two letters, for example CA.' },
    ]);
    const taken = await byLetter({ ...street, state: 'ca' });
    expect(taken.statusCode).toBe(201);
    const reference = taken.json<{ matters: { reference: string }[] }>().matters[0]?.reference ?? '';
    const stored = await api.database.db
      .selectFrom('clients as c')
      .innerJoin('matters as m', 'm.client_id', 'c.id')
      .select(['c.city', 'c.state', 'c.postal_code'])
      .where('m.reference', '=', reference)
      .where('m.office_id', '=', api.officeIds.alameda)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ city: 'Oakland', state: 'CA', postal_code: '94601' });
  });

  it('a likely existing client is flagged for staff, never merged, and never told to the partner', async () => {
    const intake = await api.signedIn('alameda.intake');
    const known = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Teodora Villanueva',
          dateOfBirth: '1979-05-05',
          otherNames: [],
        },
      }),
    );
    const body = partnerBody({ legalName: 'Teodora Villanueva', dateOfBirth: '1979-05-05' });
    const response = await send(body);
    expect(response.statusCode).toBe(201);
    expect(response.body).not.toContain(known.clientId);
    expect(response.body).not.toMatch(/already|existing|duplicate/i);
    const reference = response.json<{ matters: { reference: string }[] }>().matters[0]?.reference ?? '';
    const matter = await api.database.db
      .selectFrom('matters')
      .select(['id', 'client_id'])
      .where('reference', '=', reference)
      .where('office_id', '=', api.officeIds.alameda)
      .executeTakeFirstOrThrow();
    expect(matter.client_id).not.toBe(known.clientId);
    const seen = await intake.matters.get({ matterId: matter.id });
    const flag = seen.timeline.find((e) => e.kind === 'possible_duplicate');
    expect(flag?.summary).toContain('Teodora Villanueva');
    const survivor = await api.database.db
      .selectFrom('clients')
      .select('merged_into_client_id')
      .where('id', '=', known.clientId)
      .executeTakeFirstOrThrow();
    expect(survivor.merged_into_client_id).toBeNull();
  });

  it('needs a live key: none, unknown, a staff session or a revoked key are refused 401 and put on record', async () => {
    const before = (await callRows()).length;
    expect((await send(newPerson(), { key: null })).statusCode).toBe(401);
    const unknown = await send(newPerson(), { key: `rdp_${'x'.repeat(43)}` });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.headers['www-authenticate']).toBe('Bearer');

    const cookie = await sessionCookieOf(app, 'admin@alameda.test');
    const withCookie = await app.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: { 'idempotency-key': randomUUID(), origin: 'https://elsewhere.example' },
      cookies: { [SESSION_COOKIE]: cookie },
      payload: newPerson(),
    });
    expect(withCookie.statusCode).toBe(401);

    const admin = await api.signedIn('alameda.admin');
    const spare = await admin.partnerKeys.create({ name: 'Spare partner' });
    expect((await send(newPerson(), { key: spare.key })).statusCode).toBe(201);
    const shown = (await admin.partnerKeys.list()).find((k) => k.id === spare.id);
    const listed = await admin.partnerKeys.revoke({ keyId: spare.id, version: shown?.version ?? 0 });
    expect(listed.find((k) => k.id === spare.id)?.revokedAt).not.toBeNull();
    expect((await send(newPerson(), { key: spare.key })).statusCode).toBe(401);

    const rows = (await callRows()).slice(before);
    expect(rows.map((r) => r.outcome)).toEqual(['denied', 'denied', 'denied', 'ok', 'denied']);
  });

  it(`an address sending more than ${PARTNER_CALLS_WITHOUT_KEY_PER_HOUR} calls an hour without a live key is stopped before it fills the audit log; a live key still works`, async () => {
    const from = '192.0.2.61';
    const body = newPerson();
    const call = (withKey: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/referrals',
        remoteAddress: from,
        headers: { authorization: `Bearer ${withKey}`, 'idempotency-key': randomUUID() },
        payload: body,
      });
    const before = (await callRows()).length;
    for (let i = 0; i < PARTNER_CALLS_WITHOUT_KEY_PER_HOUR; i++)
      expect((await call(`rdp_${String(i).padStart(43, 'y')}`)).statusCode).toBe(401);
    const stopped = await call(`rdp_${'z'.repeat(43)}`);
    expect(stopped.statusCode).toBe(429);
    expect(Number(stopped.headers['retry-after'])).toBeGreaterThan(0);
    expect(stopped.json().error).toMatchObject({ appCode: 'RATE_LIMITED' });
    expect(stopped.json().error.message).toContain('Check the key you send');
    expect((await callRows()).length - before).toBe(PARTNER_CALLS_WITHOUT_KEY_PER_HOUR);
    expect((await call(key)).statusCode).toBe(201);
  });

  it('takes a request from any origin, or none: it is not cookie-authenticated', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: {
        authorization: `Bearer ${key}`,
        'idempotency-key': randomUUID(),
        origin: 'https://partner.example',
      },
      payload: newPerson(),
    });
    expect(response.statusCode).toBe(201);
  });

  it(`allows ${PARTNER_REQUESTS_PER_MINUTE} requests a minute per key, then answers 429 with Retry-After`, async () => {
    const admin = await api.signedIn('alameda.admin');
    const busy = await admin.partnerKeys.create({ name: 'Busy partner' });
    for (let i = 0; i < PARTNER_REQUESTS_PER_MINUTE; i++)
      expect((await send({}, { key: busy.key })).statusCode).toBe(400);
    const refused = await send(newPerson(), { key: busy.key });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another key has its own allowance.
    expect((await send(newPerson())).statusCode).toBe(201);
  });

  it('a revoke counts at once, even for a key used a moment ago: every kind of call is refused 401', async () => {
    const admin = await api.signedIn('alameda.admin');
    const soon = await admin.partnerKeys.create({ name: 'Soon revoked' });
    expect((await send(newPerson(), { key: soon.key })).statusCode).toBe(201);
    const shown = (await admin.partnerKeys.list()).find((k) => k.id === soon.id);
    await admin.partnerKeys.revoke({ keyId: soon.id, version: shown?.version ?? 0 });
    const clients = async () => (await api.database.db.selectFrom('clients').select('id').execute()).length;
    const before = await clients();
    expect((await send(newPerson(), { key: soon.key })).statusCode).toBe(401);
    expect((await send({}, { key: soon.key })).statusCode).toBe(401);
    expect((await send(newPerson(), { key: soon.key, idempotencyKey: null })).statusCode).toBe(401);
    expect(await clients()).toBe(before);
  });

  it('referrals sent together are each saved once, and one refused among them undoes no other', async () => {
    const admin = await api.signedIn('alameda.admin');
    const crowded = await admin.partnerKeys.create({ name: 'Crowded partner' });
    const extra = 5;
    const answers = await Promise.all(
      Array.from({ length: PARTNER_REQUESTS_PER_MINUTE + extra }, (_, i) =>
        send(
          partnerBody({
            legalName: `Crowd Person ${'abcdefghij'[i % 10]}${i} Ybarra`,
            dateOfBirth: `1980-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
          }),
          { key: crowded.key },
        ),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    // Anything but saved or over the limit, with what it said.
    const others = answers.filter((a) => a.statusCode !== 201 && a.statusCode !== 429);
    expect(others.map((a) => `${a.statusCode} ${a.body}`)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(PARTNER_REQUESTS_PER_MINUTE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(extra);
    const references = answers
      .filter((a) => a.statusCode === 201)
      .map((a) => a.json().matters[0].reference as string);
    const saved = await api.database.db
      .selectFrom('matters')
      .select('reference')
      .where('reference', 'in', references)
      .execute();
    expect(saved).toHaveLength(PARTNER_REQUESTS_PER_MINUTE);
    const rows = (await callRows()).filter((r) => r.entity_id === crowded.id);
    expect(rows.filter((r) => r.outcome === 'ok')).toHaveLength(PARTNER_REQUESTS_PER_MINUTE);
    expect(rows.filter((r) => r.outcome === 'denied')).toHaveLength(extra);
  });

  it('serves an OpenAPI 3.1 document generated from the referral schema', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    const referral = doc.components.schemas.Referral;
    expect(Object.keys(referral.properties).sort()).toEqual(['client', 'counties', 'note']);
    expect(referral.properties.client.properties.legalName).toMatchObject({ type: 'string', maxLength: 200 });
    // What a letter needs of the address, which the schema's rules check but JSON Schema cannot say.
    const address = referral.properties.client.properties.address;
    expect(address.description).toContain('line1, city, state (two letters, for example CA) and postalCode');
    // The codes the server takes, not any two letters.
    expect(address.properties.state).toMatchObject({
      type: 'string',
      enum: expect.arrayContaining(['', 'CA']),
    });
    expect(address.properties.state.enum).not.toContain('ZZ');
    expect(doc.paths['/api/v1/referrals'].post.responses).toHaveProperty('422');
  });

  it('any other address or method under /api/v1/ is refused in the API’s own shape', async () => {
    for (const [method, url, status, appCode] of [
      ['GET', '/api/v1/referral', 404, 'NOT_FOUND'],
      ['POST', '/api/v1/nothing-here?x=1', 404, 'NOT_FOUND'],
      ['GET', '/api/v1/referrals', 405, 'METHOD_NOT_ALLOWED'],
      ['DELETE', '/api/v1/openapi.json', 405, 'METHOD_NOT_ALLOWED'],
    ] as const) {
      const answer = await app.inject({ method, url, headers: { authorization: `Bearer ${key}` } });
      expect([url, answer.statusCode]).toEqual([url, status]);
      expect(answer.json()).toEqual({ error: { message: expect.any(String), appCode } });
      if (status === 405) expect(answer.headers.allow).toBe(url.endsWith('referrals') ? 'POST' : 'GET');
    }
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/referral' });
    expect(unknown.json().error.message).toContain('POST /api/v1/referrals');
  });

  it('too many other names are refused naming the field', async () => {
    const body = newPerson();
    const refused = await send({
      ...body,
      client: { ...body.client, otherNames: Array.from({ length: 21 }, (_, i) => ({ name: `Name ${i}` })) },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fieldErrors).toEqual([
      { path: 'client.otherNames', message: 'Send at most 20 items in "client.otherNames", not 21.' },
    ]);
  });
});
