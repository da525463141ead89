// Document files over HTTP, through every fastify hook: upload checked from the bytes, stored by hash
// under DATA_DIR, downloaded as an attachment, refused without a session, permission or office.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { chainAuditJournal } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import {
  DOCUMENT_KINDS,
  type DocumentKind,
  isCriminalHistoryKind,
  MAX_UPLOAD_BYTES,
} from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

/** Browsers send Origin with every POST; the server refuses one without it. */
const ORIGIN = { origin: 'http://localhost' };

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe.each(testDialects())('document files over HTTP (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-files-http-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    app = await buildServer({ config, database: api.database, clock: api.clock });
    for (const who of ['alameda.intake', 'alameda.attorney', 'bayLegal.attorney']) {
      const [office = '', role = ''] = who.split('.');
      cookies[who] = await sessionCookieOf(app, `${role}@${office.toLowerCase()}.test`);
    }
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const trpc = async (who: string, path: string, payload: unknown) => {
    const response = await app.inject({
      method: 'POST',
      url: `/trpc/${path}`,
      headers: ORIGIN,
      cookies: { [SESSION_COOKIE]: cookies[who] ?? '' },
      payload: payload as Record<string, unknown>,
    });
    expect(response.statusCode).toBe(200);
    return response.json().result.data;
  };

  let people = 0;
  /** A new matter with a request of this kind, made through the tRPC endpoints. */
  async function documentRequest(kind: DocumentKind) {
    people += 1;
    const recorded = await trpc(
      'alameda.intake',
      'referrals.record',
      referralInput({
        client: {
          ...referralInput().client,
          otherNames: [],
          dateOfBirth: `1971-01-${String(people).padStart(2, '0')}`,
        },
      }),
    );
    const matterId = recorded.matters[0].id as string;
    const request = await trpc('alameda.intake', 'documents.request', {
      matterId,
      kind,
      requestedFrom: kind === 'rap_sheet' ? 'doj' : 'client',
      ...(kind === 'other' ? { label: 'Consent to represent' } : {}),
      requestedOn: '2026-11-28',
    });
    return request.id as string;
  }

  const upload = (who: string | null, documentId: string, bytes: Buffer, filename = 'scan.pdf') =>
    app.inject({
      method: 'POST',
      url: `/api/documents/${documentId}/files`,
      cookies: who ? { [SESSION_COOKIE]: cookies[who] ?? '' } : {},
      headers: { ...ORIGIN, 'content-type': 'application/pdf', 'x-filename': encodeURIComponent(filename) },
      payload: bytes,
    });
  const download = (who: string | null, fileId: string) =>
    app.inject({
      method: 'GET',
      url: `/api/files/${fileId}`,
      cookies: who ? { [SESSION_COOKIE]: cookies[who] ?? '' } : {},
    });
  const auditOf = async (action: string, entityId: string) => {
    await chainAuditJournal(api.database.db);
    return api.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'outcome'])
      .where('action', '=', action)
      .where('entity_id', '=', entityId)
      .execute();
  };
  const fileCount = async () =>
    (await api.database.db.selectFrom('document_files').select('id').execute()).length;

  it('uploads a small PDF (201), stores it under DATA_DIR/files by its SHA-256, and downloads it byte-identical as an attachment', async () => {
    const documentId = await documentRequest('rap_sheet');
    const uploaded = await upload('alameda.attorney', documentId, PDF, 'RAP sheet – Núñez.pdf');
    expect(uploaded.statusCode).toBe(201);
    const file = uploaded.json();
    expect(file).toMatchObject({
      filename: 'RAP sheet – Núñez.pdf',
      size: PDF.length,
      contentType: 'application/pdf',
    });

    const sha256 = createHash('sha256').update(PDF).digest('hex');
    const stored = join(dataDir, 'files', sha256.slice(0, 2), sha256);
    expect(existsSync(stored)).toBe(true);
    expect(readFileSync(stored).equals(PDF)).toBe(true);

    const downloaded = await download('alameda.attorney', file.id);
    expect(downloaded.statusCode).toBe(200);
    expect(downloaded.rawPayload.equals(PDF)).toBe(true);
    expect(downloaded.headers['content-type']).toBe('application/pdf');
    expect(downloaded.headers['content-disposition']).toBe(
      `attachment; filename="RAP sheet _ Nunez.pdf"; filename*=UTF-8''${encodeURIComponent('RAP sheet – Núñez.pdf')}`,
    );

    const attorneyId = api.userIds['alameda.attorney'];
    expect(await auditOf('documents.upload', file.id)).toEqual([{ actor_id: attorneyId, outcome: 'ok' }]);
    expect(await auditOf('documents.download', file.id)).toEqual([{ actor_id: attorneyId, outcome: 'ok' }]);
  });

  it('refuses a file named .pdf whose bytes are not a PDF, PNG or JPEG (400), saying what to do, and stores nothing', async () => {
    const documentId = await documentRequest('photo_id');
    const before = await fileCount();
    const response = await upload(
      'alameda.intake',
      documentId,
      Buffer.from('MZ\x90\x00 not really a pdf'),
      'id.pdf',
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        appCode: 'BAD_INPUT',
        message:
          'Only PDF, PNG and JPEG files can be attached. Save or scan the document as a PDF and try again.',
      },
    });
    expect(await fileCount()).toBe(before);
  });

  it('regression: refuses a file over 20 MB (413) with the product’s message, not fastify’s bare one, and stores nothing', async () => {
    const documentId = await documentRequest('photo_id');
    const before = await fileCount();
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_UPLOAD_BYTES)]);
    const response = await upload('alameda.intake', documentId, big);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.message).toBe(
      'The file is larger than 20 MB. Scan at a lower resolution, or split it into parts.',
    );
    expect(await fileCount()).toBe(before);
  });

  it('answers 401 to an upload or a download without a session', async () => {
    const documentId = await documentRequest('photo_id');
    const uploaded = await upload('alameda.intake', documentId, PDF);
    const refusedUpload = await upload(null, documentId, PDF);
    expect(refusedUpload.statusCode).toBe(401);
    expect(refusedUpload.json().error.message).toContain('Sign in again');
    expect((await download(null, uploaded.json().id)).statusCode).toBe(401);
  });

  it('answers 403 to intake (no RAP sheet permission) uploading or downloading a RAP sheet file, and audits the refusals', async () => {
    const documentId = await documentRequest('rap_sheet');
    const before = await fileCount();
    const refusedUpload = await upload('alameda.intake', documentId, PDF);
    expect(refusedUpload.statusCode).toBe(403);
    expect(refusedUpload.json().error.message).toContain(
      'RAP sheets and criminal history need their own permission',
    );
    expect(await fileCount()).toBe(before);

    const file = (await upload('alameda.attorney', documentId, PDF)).json();
    const refusedDownload = await download('alameda.intake', file.id);
    expect(refusedDownload.statusCode).toBe(403);
    expect(refusedDownload.body).not.toContain('%PDF');
    const denied = await api.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_id', '=', api.userIds['alameda.intake'])
      .where('outcome', '=', 'denied')
      .where((eb) => eb.or([eb('entity_id', '=', documentId), eb('entity_id', '=', file.id)]))
      .execute();
    expect(denied.map((d) => d.action).sort()).toEqual(['documents.download', 'documents.upload']);
  });

  it('answers 403 to intake on the files of every kind that is criminal history (a signed order, a docket…), and lets intake work the others', async () => {
    // The court's records are criminal history as a RAP sheet is.
    expect(isCriminalHistoryKind('signed_order') && isCriminalHistoryKind('court_docket')).toBe(true);
    const problems: string[] = [];
    for (const kind of DOCUMENT_KINDS) {
      const documentId = await documentRequest(kind);
      const gated = isCriminalHistoryKind(kind);
      const byIntake = await upload('alameda.intake', documentId, PDF, `${kind}.pdf`);
      if (byIntake.statusCode !== (gated ? 403 : 201))
        problems.push(`${kind}: intake's upload answered ${byIntake.statusCode}`);
      const file = (await upload('alameda.attorney', documentId, PDF, `${kind}.pdf`)).json();
      const opened = await download('alameda.intake', file.id);
      if (opened.statusCode !== (gated ? 403 : 200))
        problems.push(`${kind}: intake's download answered ${opened.statusCode}`);
      if (gated && opened.body.includes('%PDF')) problems.push(`${kind}: the file's bytes went out`);
      if (gated) {
        const denied = await api.database.db
          .selectFrom('audit_log')
          .select(['action', 'entity_type'])
          .where('actor_id', '=', api.userIds['alameda.intake'])
          .where('outcome', '=', 'denied')
          .where((eb) => eb.or([eb('entity_id', '=', documentId), eb('entity_id', '=', file.id)]))
          .orderBy('id')
          .execute();
        if (
          JSON.stringify(denied) !==
          JSON.stringify([
            { action: 'documents.upload', entity_type: 'rap_sheet_data' },
            { action: 'documents.download', entity_type: 'rap_sheet_data' },
          ])
        )
          problems.push(`${kind}: refusals on record ${JSON.stringify(denied)}`);
      }
      expect((await download('alameda.attorney', file.id)).statusCode, kind).toBe(200);
    }
    expect(problems).toEqual([]);
  });

  it('lets intake upload and download files of requests that are not RAP sheets', async () => {
    const documentId = await documentRequest('photo_id');
    const uploaded = await upload('alameda.intake', documentId, PDF, 'id.pdf');
    expect(uploaded.statusCode).toBe(201);
    expect((await download('alameda.intake', uploaded.json().id)).statusCode).toBe(200);
  });

  it('answers 404 to another office uploading to the request or downloading its file, and stores nothing', async () => {
    const documentId = await documentRequest('rap_sheet');
    const file = (await upload('alameda.attorney', documentId, PDF)).json();
    const before = await fileCount();
    const refusedUpload = await upload('bayLegal.attorney', documentId, PDF);
    expect(refusedUpload.statusCode).toBe(404);
    expect(refusedUpload.json().error.appCode).toBe('NOT_FOUND');
    const refusedDownload = await download('bayLegal.attorney', file.id);
    expect(refusedDownload.statusCode).toBe(404);
    expect(refusedDownload.body).not.toContain('%PDF');
    expect(await fileCount()).toBe(before);
    // On record in the caller's office (the owning office hears of it too).
    const denied = await api.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'office_id', 'outcome'])
      .where('action', '=', 'documents.download')
      .where('entity_id', '=', file.id)
      .where('office_id', '=', api.officeIds.bayLegal)
      .execute();
    expect(denied).toEqual([
      { actor_id: api.userIds['bayLegal.attorney'], office_id: api.officeIds.bayLegal, outcome: 'denied' },
    ]);
  });
});
