// An upload sent again with its Idempotency-Key answers the first upload's file, without storing it
// twice; but only to someone who may still make that upload: a replay passes the checks the first
// upload passed (the RAP sheet permission among them), refused and put on record as a first call.
import { randomUUID } from 'node:crypto';
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttorneyServer, startAttorneyServer } from '../test-support/attorney-server.ts';

describe.each(testDialects())('an upload sent again with its key (%s)', (dialect) => {
  let api: ApiHarness;
  let server: AttorneyServer;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    server = await startAttorneyServer(api, 'relief-desk-upload-replays-');
  });
  afterAll(async () => {
    await server.close();
    await api.destroy();
  });

  const attorneyId = () => api.userIds['alameda.attorney'];
  const setRapSheets = (can: boolean) =>
    api.database.db
      .updateTable('users')
      .set({ can_view_rap_sheets: can ? 1 : 0 })
      .where('id', '=', attorneyId())
      .execute();
  const upload = (documentId: string, key: string | null) => server.upload(documentId, 'rap-sheet.pdf', key);
  const refusals = () =>
    api.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'entity_id', 'outcome'])
      .where('actor_id', '=', attorneyId())
      .where('outcome', '=', 'denied')
      .orderBy('id')
      .execute();
  const files = async () =>
    (await api.database.db.selectFrom('document_files').select('id').execute()).length;

  it('regression: is refused and put on record like a first upload once the RAP sheet permission is taken away; answers the first file once it is back', async () => {
    // The stored answer was given before the upload's checks ran: a person whose RAP sheet permission
    // had been taken away replayed the upload of a RAP sheet and was answered its file, unrecorded.
    const recorded = await server.trpc('referrals.record', { ...referralInput() });
    const request = await server.trpc('documents.request', {
      matterId: recorded.matters[0].id,
      kind: 'rap_sheet',
      requestedFrom: 'doj',
      requestedOn: '2026-11-28',
    });
    const key = randomUUID();
    const first = await upload(request.id, key);
    expect(first.statusCode, first.body).toBe(201);
    const stored = await files();
    try {
      await setRapSheets(false);
      const before = await refusals();
      const unkeyed = await upload(request.id, null);
      const afterUnkeyed = await refusals();
      const replayed = await upload(request.id, key);
      expect([replayed.statusCode, replayed.json()]).toEqual([unkeyed.statusCode, unkeyed.json()]);
      expect(replayed.statusCode).toBe(403);
      expect(replayed.json().error.message).toContain('RAP sheets');
      const denied = {
        action: 'documents.upload',
        entity_type: 'rap_sheet_data',
        entity_id: request.id,
        outcome: 'denied',
      };
      expect(afterUnkeyed).toEqual([...before, denied]);
      expect(await refusals()).toEqual([...afterUnkeyed, denied]);
    } finally {
      await setRapSheets(true);
    }
    const again = await upload(request.id, key);
    expect([again.statusCode, again.json()]).toEqual([201, first.json()]);
    expect(await files()).toBe(stored);
  });
});
