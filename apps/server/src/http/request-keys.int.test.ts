// Request keys over HTTP: the Idempotency-Key header reaches every mutation, its refusals have their
// statuses (422, 409), and two servers on one database honour each other's keys.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { type AppDatabase, openDatabase } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

/** What fastify's inject sends as Host, as a browser on that page writes it in Origin. */
const OWN = 'http://localhost';

describe.each(testDialects())('request keys over HTTP, two servers on one database (%s)', (dialect) => {
  let api: ApiHarness;
  let second: AppDatabase;
  let dataDir: string;
  let one: FastifyInstance;
  let two: FastifyInstance;
  let cookie = '';

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-keys-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    // Two servers, each with its own connections to the same database, as two machines behind a proxy.
    second = openDatabase(api.database.url);
    one = await buildServer({ config, database: api.database, clock: api.clock });
    two = await buildServer({ config, database: second, clock: api.clock });
    cookie = await sessionCookieOf(one, 'intake@alameda.test');
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await second.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (app: FastifyInstance, procedure: string, payload: unknown, key: string | null) =>
    app.inject({
      method: 'POST',
      url: `/trpc/${procedure}`,
      headers: { origin: OWN, ...(key ? { 'idempotency-key': key } : {}) },
      cookies: { [SESSION_COOKIE]: cookie },
      payload: payload as Record<string, unknown>,
    });
  let people = 0;
  const newReferral = () => {
    people += 1;
    return referralInput({
      client: {
        ...referralInput().client,
        legalName: `Llave Número ${people}`,
        otherNames: [],
        dateOfBirth: `1963-04-${String(people).padStart(2, '0')}`,
      },
    });
  };
  const mattersOf = async (legalName: string) =>
    api.database.db
      .selectFrom('matters')
      .innerJoin('clients', 'clients.id', 'matters.client_id')
      .select(['matters.id', 'clients.id as clientId'])
      .where('clients.legal_name', '=', legalName)
      .execute();
  const notesSaying = async (text: string) =>
    (
      await api.database.db
        .selectFrom('matter_events')
        .select('id')
        .where('kind', '=', 'note')
        .where('summary', '=', text)
        .execute()
    ).length;

  it('answers a referral sent again, to either server, with the first answer and records it once', async () => {
    const input = newReferral();
    const key = randomUUID();
    const first = await post(one, 'referrals.record', input, key);
    expect(first.statusCode).toBe(200);
    const again = await post(one, 'referrals.record', input, key);
    const elsewhere = await post(two, 'referrals.record', input, key);
    expect(again.statusCode).toBe(200);
    expect(elsewhere.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(elsewhere.json()).toEqual(first.json());
    const matters = await mattersOf(input.client.legalName);
    expect(matters).toHaveLength(1);
    expect(first.json().result.data).toMatchObject({
      clientId: matters[0]?.clientId,
      matters: [{ id: matters[0]?.id }],
    });
  });

  it('answers 422 to the same key with a different request, on either server', async () => {
    const key = randomUUID();
    const input = newReferral();
    expect((await post(one, 'referrals.record', input, key)).statusCode).toBe(200);
    const changed = { ...input, note: 'Something else.' };
    for (const app of [one, two]) {
      const refused = await post(app, 'referrals.record', changed, key);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error).toMatchObject({
        message: expect.stringMatching(/already sent once with different details/),
        data: { appCode: 'REQUEST_KEY_REUSED' },
      });
    }
    expect(await mattersOf(input.client.legalName)).toHaveLength(1);
  });

  // Rounds, so that the two servers' requests really do overlap in some of them.
  it('runs one key sent to both servers at once exactly once: the other answers 409 or the same result', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 6; round++) {
      const input = newReferral();
      const key = randomUUID();
      const answers = await Promise.all([
        post(one, 'referrals.record', input, key),
        post(two, 'referrals.record', input, key),
        post(one, 'referrals.record', input, key),
        post(two, 'referrals.record', input, key),
      ]);
      const ok = answers.filter((a) => a.statusCode === 200);
      statuses.push(...answers.map((a) => a.statusCode));
      expect(ok.length).toBeGreaterThanOrEqual(1);
      for (const answer of answers) {
        if (answer.statusCode === 200) expect(answer.json()).toEqual(ok[0]?.json());
        else {
          expect(answer.statusCode).toBe(409);
          expect(answer.json().error.data.appCode).toBe('REQUEST_IN_PROGRESS');
        }
      }
      expect(await mattersOf(input.client.legalName)).toHaveLength(1);
    }
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
  });

  it('answers a stage move sent again to the other server with its result, not a version conflict', async () => {
    const input = newReferral();
    const recorded = await post(one, 'referrals.record', input, randomUUID());
    const matterId = recorded.json().result.data.matters[0].id as string;
    const key = randomUUID();
    const move = { matterId, version: 1, to: 'gathering_records' };
    const first = await post(one, 'matters.moveStage', move, key);
    expect(first.statusCode).toBe(200);
    const again = await post(two, 'matters.moveStage', move, key);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    // Without the key the same move is stale.
    expect((await post(two, 'matters.moveStage', move, null)).statusCode).toBe(409);
  });

  it('adds a note once however often it is sent with its key, and twice without one', async () => {
    const input = newReferral();
    const recorded = await post(one, 'referrals.record', input, randomUUID());
    const matterId = recorded.json().result.data.matters[0].id as string;
    const keyed = { matterId, text: 'Sent with a key.' };
    const key = randomUUID();
    for (const app of [one, two, one])
      expect((await post(app, 'matters.addNote', keyed, key)).statusCode).toBe(200);
    expect(await notesSaying('Sent with a key.')).toBe(1);
    const unkeyed = { matterId, text: 'Sent without a key.' };
    for (const app of [one, two])
      expect((await post(app, 'matters.addNote', unkeyed, null)).statusCode).toBe(200);
    expect(await notesSaying('Sent without a key.')).toBe(2);
  });

  it('answers an upload sent again with its key with the first file, on either server', async () => {
    const recorded = await post(one, 'referrals.record', newReferral(), randomUUID());
    const matterId = recorded.json().result.data.matters[0].id as string;
    const requested = await post(
      one,
      'documents.request',
      { matterId, kind: 'photo_id', requestedFrom: 'client', requestedOn: '2026-11-20' },
      randomUUID(),
    );
    const documentId = requested.json().result.data.id as string;
    const pdf = (text: string) =>
      Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
    const upload = (app: FastifyInstance, bytes: Buffer, key: string | null) =>
      app.inject({
        method: 'POST',
        url: `/api/documents/${documentId}/files`,
        headers: {
          origin: OWN,
          'content-type': 'application/pdf',
          'x-filename': 'photo-id.pdf',
          ...(key ? { 'idempotency-key': key } : {}),
        },
        cookies: { [SESSION_COOKIE]: cookie },
        payload: bytes,
      });
    const filesOf = async () =>
      (
        await api.database.db
          .selectFrom('document_files')
          .select('id')
          .where('request_id', '=', documentId)
          .execute()
      ).length;
    const key = randomUUID();
    const first = await upload(one, pdf('photo id'), key);
    expect(first.statusCode).toBe(201);
    const again = await upload(two, pdf('photo id'), key);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await filesOf()).toBe(1);
    const other = await upload(one, pdf('another photo id'), key);
    expect(other.statusCode).toBe(422);
    expect(other.json().error.appCode).toBe('REQUEST_KEY_REUSED');
    expect(await filesOf()).toBe(1);
    // Without a key, the same file sent twice is attached twice.
    for (let i = 0; i < 2; i++) expect((await upload(one, pdf('photo id'), null)).statusCode).toBe(201);
    expect(await filesOf()).toBe(3);
  });
});
