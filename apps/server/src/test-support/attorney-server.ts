// The server as the tests of staff uploads use it: built on a test harness's database and clock, with
// a data folder of its own for the uploaded files, and Alameda's attorney signed in (an attorney may
// record a referral, request a document and upload its file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiHarness } from '@relief-desk/api/testing';
import { expect } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildServer, SESSION_COOKIE } from '../http/app.ts';
import { sessionCookieOf } from './session.ts';

/** The staff app's own origin, which every request from its pages carries. */
export const STAFF_ORIGIN = { origin: 'http://localhost' };

/** A real PDF of no pages: the least file an upload takes. */
export const EMPTY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export type AttorneyServer = Awaited<ReturnType<typeof startAttorneyServer>>;

export async function startAttorneyServer(api: ApiHarness, dirPrefix: string) {
  const dataDir = mkdtempSync(join(tmpdir(), dirPrefix));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const app = await buildServer({ config, database: api.database, clock: api.clock });
  const cookie = await sessionCookieOf(app, 'attorney@alameda.test');

  /** A tRPC mutation as the attorney, which must succeed: its result. */
  const trpc = async (path: string, payload: Record<string, unknown>) => {
    const response = await app.inject({
      method: 'POST',
      url: `/trpc/${path}`,
      headers: STAFF_ORIGIN,
      cookies: { [SESSION_COOKIE]: cookie },
      payload,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().result.data;
  };

  /** The attorney uploads `EMPTY_PDF` as `filename` to a requested document, with a request key or none. */
  const upload = (documentId: string, filename: string, key: string | null) =>
    app.inject({
      method: 'POST',
      url: `/api/documents/${documentId}/files`,
      headers: {
        ...STAFF_ORIGIN,
        'content-type': 'application/pdf',
        'x-filename': filename,
        ...(key ? { 'idempotency-key': key } : {}),
      },
      cookies: { [SESSION_COOKIE]: cookie },
      payload: EMPTY_PDF,
    });

  const close = async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { app, cookie, trpc, upload, close };
}
