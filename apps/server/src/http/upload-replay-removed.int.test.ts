// An upload whose file was removed since (attached by mistake) keeps no answer with its request key:
// the name of the removed file is not kept there, and the same upload sent again with the same key is
// a new upload (the file attached again), not told it succeeded with the removed file's id.
import { randomUUID } from 'node:crypto';
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
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe.each(testDialects())('an upload sent again after its file was removed (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  let cookie: string;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-upload-removed-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    app = await buildServer({ config, database: api.database, clock: api.clock });
    cookie = await sessionCookieOf(app, 'attorney@alameda.test');
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const trpc = async (path: string, payload: Record<string, unknown>) => {
    const response = await app.inject({
      method: 'POST',
      url: `/trpc/${path}`,
      headers: ORIGIN,
      cookies: { [SESSION_COOKIE]: cookie },
      payload,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().result.data;
  };
  const upload = (documentId: string, key: string) =>
    app.inject({
      method: 'POST',
      url: `/api/documents/${documentId}/files`,
      headers: {
        ...ORIGIN,
        'content-type': 'application/pdf',
        'x-filename': 'Walker Jones ID.pdf',
        'idempotency-key': key,
      },
      cookies: { [SESSION_COOKIE]: cookie },
      payload: PDF,
    });

  it('forgets the answer naming the file, and a retry with the same key attaches it again', async () => {
    const recorded = await trpc('referrals.record', { ...referralInput() });
    const request = await trpc('documents.request', {
      matterId: recorded.matters[0].id,
      kind: 'photo_id',
      requestedFrom: 'client',
      requestedOn: '2026-11-28',
    });
    const key = randomUUID();
    const first = await upload(request.id, key);
    expect(first.statusCode, first.body).toBe(201);
    const firstId = first.json().id as string;
    await trpc('documents.removeFile', { fileId: firstId, version: 2, reason: 'Another client’s ID' });

    const kept = await api.database.db.selectFrom('idempotency_keys').select('response').execute();
    expect(kept.map((k) => k.response ?? '').join('\n')).not.toContain('Walker Jones ID.pdf');

    const again = await upload(request.id, key);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().id).not.toBe(firstId);
    const file = await api.database.db
      .selectFrom('document_files')
      .select(['filename', 'removed_at'])
      .where('id', '=', again.json().id)
      .executeTakeFirstOrThrow();
    expect(file).toEqual({ filename: 'Walker Jones ID.pdf', removed_at: null });
  });
});
