// An upload whose file was removed since (attached by mistake) keeps no answer with its request key:
// the name of the removed file is not kept there, and the same upload sent again with the same key is
// a new upload (the file attached again), not told it succeeded with the removed file's id.
import { randomUUID } from 'node:crypto';
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttorneyServer, startAttorneyServer } from '../test-support/attorney-server.ts';

describe.each(testDialects())('an upload sent again after its file was removed (%s)', (dialect) => {
  let api: ApiHarness;
  let server: AttorneyServer;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    server = await startAttorneyServer(api, 'relief-desk-upload-removed-');
  });
  afterAll(async () => {
    await server.close();
    await api.destroy();
  });

  const upload = (documentId: string, key: string) => server.upload(documentId, 'Walker Jones ID.pdf', key);

  it('forgets the answer naming the file, and a retry with the same key attaches it again', async () => {
    const recorded = await server.trpc('referrals.record', { ...referralInput() });
    const request = await server.trpc('documents.request', {
      matterId: recorded.matters[0].id,
      kind: 'photo_id',
      requestedFrom: 'client',
      requestedOn: '2026-11-28',
    });
    const key = randomUUID();
    const first = await upload(request.id, key);
    expect(first.statusCode, first.body).toBe(201);
    const firstId = first.json().id as string;
    await server.trpc('documents.removeFile', { fileId: firstId, version: 2, reason: 'Another client’s ID' });

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
