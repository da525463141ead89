// Control characters at the HTTP doors that are not tRPC procedures: an upload's file name, the ids
// in the addresses of downloads and printouts, the exports' choices, the public pages' addresses.
// PostgreSQL text cannot hold NUL: each door must answer a clear refusal or clean what it keeps,
// never a 500. (The online application's and the partner API's texts are tested in their own files.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

const ORIGIN = { origin: 'http://localhost' };
/** NUL, BEL, ESC and NEL as they arrive percent-encoded in an address or header. */
const CONTROLS = '%00%07%1B%C2%85';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe.each(testDialects())('control characters at the HTTP doors (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-text-http-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    app = await buildServer({ config, database: api.database, clock: api.clock });
    for (const role of ['intake', 'attorney', 'admin']) {
      cookies[role] = await sessionCookieOf(app, `${role}@alameda.test`);
    }
  });
  afterAll(async () => {
    await app?.close();
    await api?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const trpc = async (path: string, payload: unknown) => {
    const response = await app.inject({
      method: 'POST',
      url: `/trpc/${path}`,
      headers: ORIGIN,
      cookies: { [SESSION_COOKIE]: cookies.intake ?? '' },
      payload: payload as Record<string, unknown>,
    });
    expect(response.statusCode).toBe(200);
    return response.json().result.data;
  };

  it('an uploaded file’s name, and the document id in its address, lose their control characters', async () => {
    const recorded = await trpc('referrals.record', referralInput());
    const request = await trpc('documents.request', {
      matterId: recorded.matters[0].id,
      kind: 'photo_id',
      requestedFrom: 'client',
      requestedOn: '2026-11-28',
    });
    const upload = (documentId: string, filename: string) =>
      app.inject({
        method: 'POST',
        url: `/api/documents/${documentId}/files`,
        headers: { ...ORIGIN, 'content-type': 'application/pdf', 'x-filename': filename },
        cookies: { [SESSION_COOKIE]: cookies.intake ?? '' },
        payload: PDF,
      });

    const named = await upload(request.id, `Licencia${CONTROLS} de Jos%C3%A9.pdf`);
    expect(named.statusCode).toBe(201);
    expect(named.json().filename).toBe('Licencia de José.pdf');
    const stored = await api.database.db
      .selectFrom('document_files')
      .select('filename')
      .where('id', '=', named.json().id)
      .executeTakeFirstOrThrow();
    expect(stored.filename).toBe('Licencia de José.pdf');

    const pastedId = await upload(`${request.id.slice(0, 4)}${CONTROLS}${request.id.slice(4)}`, 'id.pdf');
    expect(pastedId.statusCode).toBe(201);
    expect(pastedId.json().filename).toBe('id.pdf');
  });

  it('an id or choice with control characters in a download’s or printout’s address is refused, not a 500', async () => {
    const get = (url: string, role = 'admin') =>
      app.inject({ method: 'GET', url, headers: ORIGIN, cookies: { [SESSION_COOKIE]: cookies[role] ?? '' } });
    const post = (url: string, payload?: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url,
        headers: ORIGIN,
        cookies: { [SESSION_COOKIE]: cookies.attorney ?? '' },
        ...(payload ? { payload } : {}),
      });
    const filters = encodeURIComponent(JSON.stringify({ person: 'a\u0000b', matter: 'm\u0000' }));
    const view = encodeURIComponent(JSON.stringify({ queue: 'all', search: 'Jos\u0000e' }));
    const answers = {
      download: await get(`/api/files/file${CONTROLS}id`),
      letter: await post(`/api/letters/letter${CONTROLS}id/pdf`),
      mailingRun: await post('/api/letters/mailing-run/pdf', { messageIds: ['m\u0000id'] }),
      filingPdf: await post(`/api/filing-runs/run${CONTROLS}id/pdf`),
      filingCsv: await post(`/api/filing-runs/run${CONTROLS}id/csv`),
      auditExport: await get(`/api/audit/export.csv?filters=${filters}`),
      queueExport: await get(`/api/queues/export.csv?view=${view}`, 'intake'),
      applyPage: await get(`/apply/office${CONTROLS}`),
      statusPage: await get(`/status/token${CONTROLS}${'x'.repeat(40)}`),
    };
    const statuses = Object.fromEntries(Object.entries(answers).map(([door, r]) => [door, r.statusCode]));
    for (const [door, status] of Object.entries(statuses))
      expect(
        status < 500,
        `${door} answered ${status}: ${answers[door as keyof typeof answers].body.slice(0, 200)}`,
      ).toBe(true);
    // The ids are not ids once cleaned, and are refused as such (record-ids.int.test.ts); the exports'
    // choices are cleaned and answered.
    expect(statuses).toMatchObject({
      download: 400,
      letter: 400,
      filingPdf: 400,
      filingCsv: 400,
      queueExport: 200,
    });
  });
});
