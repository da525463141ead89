// The partner API and what a program sends it besides the referral's fields: the body's bytes and
// character set, its size (any referral within the schema's limits fits), the addresses it calls,
// and what the office sees of it (the audit log's reasons, a key's last use, a revoke's refusals).
// And the OpenAPI document, which takes the bodies the server takes. Over HTTP, on both databases.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { auditSentenceText, COUNTIES } from '@relief-desk/domain';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildServer } from './app.ts';
import { openApiDocument, PARTNER_BODY_LIMIT } from './partner-api.ts';
import { largestJson, referralJsonSchema } from './partner-schema.ts';

let people = 0;
/** A partner's referral of a new person each time (no likely match among the others). */
function partnerBody() {
  people++;
  const { client, counties, note } = referralInput();
  return {
    client: {
      ...client,
      legalName: `Request Person ${'abcdefghij'[people % 10]}${people} Ocampo`,
      dateOfBirth: `1971-02-${String((people % 28) + 1).padStart(2, '0')}`,
      otherNames: [],
    },
    counties,
    note,
  };
}

/** JSON as Python's json.dumps writes it: every character past ASCII as a \uXXXX escape. */
const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** JSON with every character of every string and key as a \uXXXX escape, indented by four. */
function escapedJson(value: unknown, depth = 0): string {
  const pad = (n: number) => `\n${'    '.repeat(n)}`;
  if (typeof value === 'string')
    return `"${value
      .split('')
      .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join('')}"`;
  if (Array.isArray(value))
    return `[${value.map((v) => pad(depth + 1) + escapedJson(v, depth + 1)).join(',')}${pad(depth)}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .map(([k, v]) => `${pad(depth + 1)}${escapedJson(k)}: ${escapedJson(v, depth + 1)}`)
      .join(',')}${pad(depth)}}`;
  return JSON.stringify(value);
}

describe.each(testDialects())('partner API requests (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-partner-requests-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      database: api.database,
      clock: api.clock,
    });
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A fresh key, so the tests do not share a minute's allowance. */
  const newKey = async (name: string) => {
    const admin = await api.signedIn('alameda.admin');
    return admin.partnerKeys.create({ name });
  };
  const raw = (
    key: string,
    payload: string | Buffer,
    options: { contentType?: string; idempotencyKey?: string | null; url?: string } = {},
  ) =>
    app.inject({
      method: 'POST',
      url: options.url ?? '/api/v1/referrals',
      headers: {
        authorization: `Bearer ${key}`,
        ...(options.idempotencyKey === null
          ? {}
          : { 'idempotency-key': options.idempotencyKey ?? randomUUID() }),
        'content-type': options.contentType ?? 'application/json',
      },
      payload,
    });
  const clientsNamed = (prefix: string) =>
    api.database.db
      .selectFrom('clients')
      .select('legal_name')
      .where('legal_name', 'like', `${prefix}%`)
      .execute();

  it('regression: a body that is not UTF-8 is refused 400, not saved with U+FFFD; another charset 415; the Idempotency-Key stays unused', async () => {
    const { key } = await newKey('Latin Partner');
    const body = partnerBody();
    body.client.legalName = 'Plain Latin Peña';
    const idempotencyKey = randomUUID();
    const latin1 = await raw(key, Buffer.from(JSON.stringify(body), 'latin1'), { idempotencyKey });
    expect(latin1.statusCode).toBe(400);
    expect(latin1.json().error).toEqual({
      appCode: 'BAD_INPUT',
      message: expect.stringMatching(/^The body is not UTF-8: send JSON encoded in UTF-8/),
    });
    expect(await clientsNamed('Plain Latin')).toEqual([]);

    // A declared character set other than UTF-8 is refused as such, whatever the bytes.
    for (const contentType of [
      'application/json; charset=iso-8859-1',
      'application/json; charset="UTF-16"',
    ]) {
      const declared = await raw(key, JSON.stringify(body), { contentType, idempotencyKey });
      expect([contentType, declared.statusCode]).toEqual([contentType, 415]);
      expect(declared.json().error.message).toMatch(
        /send JSON encoded in UTF-8.*charset=utf-8 \(or no charset\)/,
      );
    }
    const utf16 = await raw(key, Buffer.from(`\ufeff${JSON.stringify(body)}`, 'utf16le'), {
      contentType: 'application/json; charset=utf-16',
      idempotencyKey,
    });
    expect(utf16.statusCode).toBe(415);
    expect(await clientsNamed('Plain Latin')).toEqual([]);

    // The same Idempotency-Key, now with UTF-8 (declared or not): recorded, not a replay of a refusal.
    const sent = await raw(key, Buffer.from(JSON.stringify(body), 'utf8'), {
      contentType: 'application/json; charset=UTF-8',
      idempotencyKey,
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.headers['idempotent-replayed']).toBeUndefined();
    expect(await clientsNamed('Plain Latin')).toEqual([{ legal_name: 'Plain Latin Peña' }]);
  });

  it('regression: the audit log says what was wrong with a refused request, not that fields needed fixing', async () => {
    const made = await newKey('Reasons Partner');
    const admin = await api.signedIn('alameda.admin');
    const prefix = (await admin.partnerKeys.list()).find((k) => k.id === made.id)?.prefix;
    const supervisor = await api.signedIn('alameda.supervisor');
    const lastLine = async () => {
      const page = await supervisor.audit.list({ action: 'partnerApi.referrals.create', limit: 1 });
      return auditSentenceText(page.lines[0]?.sentence ?? []);
    };
    const refusedFor = (why: string) =>
      `The partner API key “Reasons Partner” (${prefix}…) was refused: ${why}`;
    const body = JSON.stringify(partnerBody());
    // Sent one after another: each line is the last call's.
    const cases: [() => Promise<{ statusCode: number }>, number, string][] = [
      [
        () => raw(made.key, JSON.stringify({ note: 'x'.repeat(PARTNER_BODY_LIMIT) })),
        413,
        'the body was larger than the largest referral needs; the partner was told to send one referral a request',
      ],
      [
        () => raw(made.key, 'legalName=Ana', { contentType: 'application/x-www-form-urlencoded' }),
        415,
        'the body was not sent as JSON (another Content-Type); the partner was told to send application/json',
      ],
      [
        () => raw(made.key, body, { contentType: 'application/json; charset=iso-8859-1' }),
        415,
        'the body was declared in a character set other than UTF-8; the partner was told to send UTF-8',
      ],
      [
        () => raw(made.key, Buffer.from([0x7b, 0xf1, 0x7d])),
        400,
        'the body was not UTF-8 text; the partner was told to send JSON encoded in UTF-8',
      ],
      [
        () => raw(made.key, '{"client":'),
        400,
        'the body was not valid JSON; the partner was told where it breaks',
      ],
      [
        () => raw(made.key, ''),
        400,
        'the body was empty; the partner was told to send the referral as a JSON object',
      ],
      [
        () => raw(made.key, body, { idempotencyKey: null }),
        400,
        'it came without an Idempotency-Key header; the partner was told to send one',
      ],
      [
        () => raw(made.key, body, { idempotencyKey: 'short' }),
        400,
        'its Idempotency-Key header was not in the form the API takes; the partner was told the form',
      ],
      [
        () => raw(made.key, JSON.stringify({})),
        400,
        'the referral was incomplete or not valid; the partner was told which fields to fix',
      ],
    ];
    for (const [sending, status, why] of cases) {
      expect((await sending()).statusCode).toBe(status);
      expect(await lastLine()).toBe(refusedFor(why));
    }
  });

  it('regression: a refused call counts as a use of its key, and the keys list says it was refused', async () => {
    const made = await newKey('Broken Integration');
    const admin = await api.signedIn('alameda.admin');
    const shown = async () => (await admin.partnerKeys.list()).find((k) => k.id === made.id);
    expect((await shown())?.lastUsedAt).toBeNull();

    expect((await raw(made.key, JSON.stringify({}))).statusCode).toBe(400);
    const refused = await shown();
    expect(refused?.lastUsedAt).not.toBeNull();
    expect(refused?.lastCallRefused).toBe(true);

    expect((await raw(made.key, JSON.stringify(partnerBody()))).statusCode).toBe(201);
    expect(await shown()).toMatchObject({ lastCallRefused: false });
  });

  it('regression: a revoke says what is true: a version the key never had, or already revoked with nothing to try again', async () => {
    const made = await newKey('Tester Revoke');
    const admin = await api.signedIn('alameda.admin');
    const shown = (await admin.partnerKeys.list()).find((k) => k.id === made.id);
    expect(shown?.version).toBe(1);
    const never = admin.partnerKeys.revoke({ keyId: made.id, version: 2 });
    await expect(never).rejects.toMatchObject({
      message: expect.stringMatching(
        /^The revoke named version 2 of the key for Tester Revoke \(.+…\), which it never had: no one has changed the key since it was made, and it is still live/,
      ),
    });
    await expect(never).rejects.not.toMatchObject({
      message: expect.stringContaining('after you opened it'),
    });
    expect((await admin.partnerKeys.list()).find((k) => k.id === made.id)?.revokedAt).toBeNull();

    await admin.partnerKeys.revoke({ keyId: made.id, version: 1 });
    const again = admin.partnerKeys.revoke({ keyId: made.id, version: 1 });
    await expect(again).rejects.toMatchObject({
      message: expect.stringMatching(/is already revoked: .+\. There is nothing more to do: /),
    });
    await expect(again).rejects.not.toMatchObject({ message: expect.stringContaining('try again') });
  });

  it('regression: the phone refusal says the numbers it takes: a US number, or another country’s from +', async () => {
    const { key } = await newKey('Phone Partner');
    const body = partnerBody();
    const refused = await raw(key, JSON.stringify({ ...body, client: { ...body.client, phone: '555-01' } }));
    expect(refused.statusCode).toBe(400);
    const message = refused.json().error.fieldErrors[0]?.message as string;
    expect(message).toContain('"+52 55 1234 5678"');
    // What it says it takes, it takes.
    const mexican = await raw(
      key,
      JSON.stringify({ ...body, client: { ...body.client, phone: '+52 55 1234 5678' } }),
    );
    expect(mexican.statusCode).toBe(201);
  });

  it('regression: a referral within every field’s limit is never too large, each character written as \\u escapes', async () => {
    const { key } = await newKey('Python Partner');
    const body = partnerBody();
    // Every field at its longest, every county, and every character (ASCII too) written as a \uXXXX
    // escape, pretty-printed: as large as a referral the server takes can be written.
    const largest = {
      ...body,
      client: {
        ...body.client,
        legalName: '王'.repeat(200),
        otherNames: Array.from({ length: 20 }, () => ({ name: '李'.repeat(200) })),
        phone: '+52 55 1234 5678',
        email: `${'a'.repeat(242)}@example.org`,
        address: {
          line1: '王'.repeat(200),
          line2: '李'.repeat(200),
          city: '王'.repeat(100),
          state: 'CA',
          postalCode: '94612-1234',
        },
      },
      counties: [...COUNTIES],
      note: '😀'.repeat(4000),
    };
    const payload = escapedJson(largest);
    expect(payload.length).toBeGreaterThan(80 * 1024);
    const answer = await raw(key, payload);
    expect(answer.statusCode).toBe(201);
    expect(answer.json().matters).toHaveLength(COUNTIES.length);
    // The tester's: Python's json.dumps of the longest names and a note of 4000 emoji, 73,770 bytes.
    const tester = asciiJson({
      ...largest,
      client: { ...body.client, legalName: '王'.repeat(200), otherNames: largest.client.otherNames },
      counties: body.counties,
      note: '😀'.repeat(4000),
    });
    expect(tester.length).toBeGreaterThan(72 * 1024);
    expect((await raw(key, tester)).statusCode).toBe(201);
    // And the limit holds the largest body the document's schema allows, however it is written.
    expect(PARTNER_BODY_LIMIT).toBeGreaterThan(largestJson(referralJsonSchema()));
  });

  it('regression: /api/v1 and other versions answer in the API’s shape (404 NOT_FOUND), not the web app’s 403', async () => {
    const { key } = await newKey('Version Partner');
    for (const [method, url] of [
      ['POST', '/api/v1'],
      ['POST', '/api/v2/referrals'],
      ['GET', '/api/v2/openapi.json'],
      ['POST', '/api/v10'],
    ] as const) {
      const answer = await app.inject({ method, url, headers: { authorization: `Bearer ${key}` } });
      expect([url, answer.statusCode]).toEqual([url, 404]);
      expect(answer.json()).toEqual({
        error: { appCode: 'NOT_FOUND', message: expect.stringContaining('POST /api/v1/referrals') },
      });
    }
  });

  it('regression: the OpenAPI document takes a body exactly when the server does', async () => {
    const { key } = await newKey('Schema Partner');
    // The document's schema as a validator reads it (fastify's Ajv, nothing removed or coerced).
    const checker = Fastify({
      ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
    });
    const schema = (openApiDocument() as { components: { schemas: { Referral: object } } }).components.schemas
      .Referral;
    checker.post('/', { schema: { body: schema } }, async () => 'taken');
    const documentTakes = async (body: unknown) =>
      (await checker.inject({ method: 'POST', url: '/', payload: body as object })).statusCode === 200;

    const base = partnerBody();
    const withClient = (change: Record<string, unknown>) => ({
      ...base,
      client: { ...base.client, ...change },
    });
    const samples: [string, unknown][] = [
      ['as sent', base],
      ['an unknown key in client', withClient({ nickname: 'Bo' })],
      ['an unknown key in address', withClient({ address: { ...base.client.address, county: 'Alameda' } })],
      ['an unknown key in contact', withClient({ contact: { ...base.client.contact, fax: false } })],
      ['an unknown key in an other name', withClient({ otherNames: [{ name: 'Bo Ocampo', since: 2001 }] })],
      ['a county twice', { ...base, counties: ['Alameda', 'Alameda'] }],
      ['a date of birth as MM/DD/YYYY', withClient({ dateOfBirth: '03/07/1985' })],
      ['a state that is no state', withClient({ address: { ...base.client.address, state: 'ZZ' } })],
      ['a state', withClient({ address: { ...base.client.address, state: 'NV' } })],
      ['a legal name too long', withClient({ legalName: 'a'.repeat(201) })],
      ['no counties', { ...base, counties: [] }],
    ];
    for (const [what, body] of samples) {
      const server = await raw(key, JSON.stringify(body));
      expect([what, server.statusCode === 201]).toEqual([what, await documentTakes(body)]);
    }
    await checker.close();
  });
});
