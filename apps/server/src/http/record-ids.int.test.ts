// The ids in the plain HTTP routes' addresses (/api/files/:fileId, /api/letters/:messageId/pdf, …):
// every route of the server's route table with one (read from the running server, so a route is
// walked the day it is added) refuses a value that is not an id the desk makes with a 400 that says
// what to do, before looking anything up, and answers a well-formed id as it did.
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { newId } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AttorneyServer,
  EMPTY_PDF,
  STAFF_ORIGIN,
  startAttorneyServer,
} from '../test-support/attorney-server.ts';
import { SESSION_COOKIE } from './app.ts';
import { routesOf } from './edge.ts';

/** What each record id in an address names, as its refusal says. */
const NAMED: Record<string, string> = {
  fileId: 'a file',
  documentId: 'a document request',
  messageId: 'a letter',
  runId: 'a filing run',
};

/** Values that are not ids the desk makes, each made from a real one where it can be. */
function notIds(id: string): [string, string][] {
  return [
    ['one letter', 'x'],
    ['lower case', id.toLowerCase()],
    ['one character short', id.slice(1)],
    ['one character over', `${id}0`],
    ...['I', 'L', 'O', 'U'].map((letter): [string, string] => [
      `with ${letter}`,
      `${id.slice(0, 25)}${letter}`,
    ]),
    ['a space inside', `${id.slice(0, 13)} ${id.slice(13)}`],
    ['a quote and SQL', `${id}' or '1'='1`],
    ['a right-to-left override', `${id.slice(0, 25)}\u202e`],
    ['a slash', `${id.slice(0, 13)}/${id.slice(13)}`],
    ['a file name', `${id}.pdf`],
    ['a space', ' '],
    ['800 characters', 'A'.repeat(800)],
    ['control characters around garbage', 'not\u0007an\u001bid'],
    ['only control characters', '\u0000\u0007'],
  ];
}

describe.each(testDialects())('record ids in the routes’ addresses (%s)', (dialect) => {
  let api: ApiHarness;
  let server: AttorneyServer;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // An attorney may do what every one of these routes does (files, letters, filing runs).
    server = await startAttorneyServer(api, 'relief-desk-record-ids-');
  });
  afterAll(async () => {
    await server.close();
    await api.destroy();
  });

  /** Every route whose address names a record by its id, from the running server's route table. */
  const routesWithIds = () =>
    routesOf(server.app)
      .filter((r) => r.url.startsWith('/api/') && !['HEAD', 'OPTIONS'].includes(r.method))
      .flatMap((r) => {
        const param = /:(\w+Id)\b/.exec(r.url)?.[1];
        return param ? [{ method: r.method as InjectOptions['method'], url: r.url, param }] : [];
      });

  const call = (
    route: { method: InjectOptions['method']; url: string; param: string },
    value: string,
    signedIn = true,
  ) =>
    server.app.inject({
      method: route.method,
      url: route.url.replace(`:${route.param}`, encodeURIComponent(value)),
      cookies: signedIn ? { [SESSION_COOKIE]: server.cookie } : {},
      // An upload sends its file; the others have no body.
      ...(route.param === 'documentId'
        ? {
            headers: { ...STAFF_ORIGIN, 'content-type': 'application/pdf', 'x-filename': 'scan.pdf' },
            payload: EMPTY_PDF,
          }
        : { headers: STAFF_ORIGIN }),
    });

  const written = async () => {
    const db = api.database.db;
    const count = async (table: 'audit_log' | 'document_files' | 'idempotency_keys') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((e) => e.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      audit: await count('audit_log'),
      files: await count('document_files'),
      keys: await count('idempotency_keys'),
    };
  };

  it('regression: refuses every value that is not a record id with a 400 saying what to do, before any lookup', async () => {
    // They were looked up as given: a 404 for any text at all, after a query with it.
    const routes = routesWithIds();
    expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'GET /api/files/:fileId',
      'POST /api/documents/:documentId/files',
      'POST /api/filing-runs/:runId/csv',
      'POST /api/filing-runs/:runId/pdf',
      'POST /api/letters/:messageId/pdf',
    ]);
    const before = await written();
    const wrong: string[] = [];
    for (const route of routes) {
      const what = NAMED[route.param];
      expect(what, `${route.url}: name what :${route.param} is in NAMED`).toBeDefined();
      for (const [name, value] of notIds(newId())) {
        const response = await call(route, value);
        const body = response.json() as { error?: { appCode?: string; message?: string } };
        if (
          response.statusCode !== 400 ||
          body.error?.appCode !== 'BAD_INPUT' ||
          !body.error.message?.startsWith(
            `That address does not name ${what}: the id in it must be 26 letters and digits, as the desk writes it. Open it again from the desk`,
          )
        )
          wrong.push(
            `${route.method} ${route.url} with ${name}: ${response.statusCode} ${response.body.slice(0, 160)}`,
          );
      }
    }
    expect(wrong).toEqual([]);
    // Nothing looked up, nothing on record, nothing kept.
    expect(await written()).toEqual(before);
  });

  it('asks for a session first, as before: signed out, a bad id is answered 401', async () => {
    for (const route of routesWithIds())
      expect((await call(route, 'x', false)).statusCode, route.url).toBe(401);
  });

  it('answers a well-formed id of no record 404, as before, and a pasted id with control characters as the id', async () => {
    for (const route of routesWithIds()) {
      const response = await call(route, newId());
      expect([response.statusCode, response.json().error.appCode], route.url).toEqual([404, 'NOT_FOUND']);
    }
    // A real request's id: uploaded to and downloaded from as ever, however the id was pasted.
    const recorded = await server.trpc('referrals.record', { ...referralInput() });
    const request = await server.trpc('documents.request', {
      matterId: recorded.matters[0].id,
      kind: 'photo_id',
      requestedFrom: 'client',
      requestedOn: '2026-11-28',
    });
    const upload = routesWithIds().find((r) => r.param === 'documentId');
    const download = routesWithIds().find((r) => r.param === 'fileId');
    if (!upload || !download) throw new Error('no upload or download route');
    const uploaded = await call(upload, `\u0007${request.id}\u0000`);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const downloaded = await call(download, uploaded.json().id);
    expect(downloaded.statusCode).toBe(200);
    expect(downloaded.rawPayload.equals(EMPTY_PDF)).toBe(true);
  });
});
