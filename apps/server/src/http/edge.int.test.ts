// The HTTP edge, through every fastify hook against a real database: forged cross-site requests are
// refused and put on record, each route takes only the bodies it reads, malformed requests are
// answered 4xx (never 500), and the headers that keep the browser on HTTPS and the cookie short-lived.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness, referralInput, TEST_PASSWORD } from '@relief-desk/api/testing';
import { chainAuditJournal } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { matterViewSchema } from '@relief-desk/domain';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';
import { TRPC_BODY_LIMIT } from './trpc-route.ts';

/** What fastify's inject sends as Host (localhost:80), as a browser on that page writes it in Origin. */
const OWN = 'http://localhost';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe.each(testDialects())('the HTTP edge (%s)', (dialect) => {
  let api: ApiHarness;
  let dataDir: string;
  let app: FastifyInstance;
  const apps: FastifyInstance[] = [];
  let cookie = '';
  let officeId = '';

  async function server(env: Record<string, string> = {}) {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
    const built = await buildServer({ config, database: api.database, clock: api.clock });
    apps.push(built);
    return built;
  }

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-edge-'));
    app = await server();
    cookie = await sessionCookieOf(app, 'supervisor@alameda.test');
    officeId = api.officeIds.alameda;
  });
  afterAll(async () => {
    for (const built of apps) await built.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const asSupervisor = (options: InjectOptions, on = app) =>
    on.inject({ ...options, cookies: { [SESSION_COOKIE]: cookie } });
  const clientCount = async () => (await api.database.db.selectFrom('clients').select('id').execute()).length;
  const refusals = () =>
    api.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'office_id', 'outcome', 'detail'])
      .where('action', '=', 'http.crossOriginRefused')
      .orderBy('id')
      .execute();
  let people = 0;
  const newReferral = () => {
    people += 1;
    return referralInput({
      client: {
        ...referralInput().client,
        otherNames: [],
        dateOfBirth: `1962-02-${String(people).padStart(2, '0')}`,
      },
    });
  };

  describe('forged requests', () => {
    it('refuses a POST from another site, an opaque origin, or with neither Origin nor Sec-Fetch-Site: same-origin (403), records nothing, and audits each refusal with the person whose cookie came with it', async () => {
      const before = await clientCount();
      const already = (await refusals()).length;
      const forged: [string, Record<string, string>][] = [
        ['no Origin, no Sec-Fetch-Site', {}],
        ['another site', { origin: 'https://evil.example' }],
        ['a look-alike host', { origin: 'http://localhost.evil.example' }],
        ['another port', { origin: 'http://localhost:8080' }],
        ['another scheme', { origin: 'https://localhost' }],
        ['an opaque origin (sandboxed frame, file:)', { origin: 'null' }],
        ['not an origin at all', { origin: 'javascript:alert(1)' }],
        ['two origins', { origin: `${OWN}, https://evil.example` }],
        ['a cross-site fetch without Origin', { 'sec-fetch-site': 'cross-site' }],
        ['a same-site (sibling subdomain) fetch without Origin', { 'sec-fetch-site': 'same-site' }],
        [
          'Sec-Fetch-Site same-origin with a foreign Origin',
          { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
        ],
      ];
      for (const [what, headers] of forged) {
        const response = await asSupervisor({
          method: 'POST',
          url: '/trpc/referrals.record',
          headers,
          payload: newReferral(),
        });
        expect(response.statusCode, what).toBe(403);
        expect(response.json(), what).toEqual({
          error: { message: expect.stringContaining('did not come from Relief Desk'), appCode: 'FORBIDDEN' },
        });
      }
      expect(await clientCount()).toBe(before);
      const rows = (await refusals()).slice(already);
      expect(rows).toHaveLength(forged.length);
      for (const row of rows) {
        expect(row).toMatchObject({
          actor_id: api.userIds['alameda.supervisor'],
          office_id: officeId,
          outcome: 'denied',
        });
        expect(JSON.parse(row.detail)).toMatchObject({ method: 'POST', path: '/trpc/referrals.record' });
      }
      expect(JSON.parse(rows[1]?.detail ?? '{}')).toMatchObject({ origin: 'https://evil.example' });
    });

    it('refuses a forged sign-in (no session is started) and records it without a person; a stale cookie names no one either', async () => {
      const before = (await api.database.db.selectFrom('sessions').select('token_hash').execute()).length;
      const already = (await refusals()).length;
      const response = await app.inject({
        method: 'POST',
        url: '/trpc/auth.signIn',
        headers: { origin: 'https://evil.example' },
        payload: { email: 'supervisor@alameda.test', password: TEST_PASSWORD },
        remoteAddress: '192.0.2.61',
      });
      expect(response.statusCode).toBe(403);
      expect(response.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
      const stale = await app.inject({
        method: 'POST',
        url: '/trpc/auth.signOut',
        headers: { origin: 'https://evil.example' },
        cookies: { [SESSION_COOKIE]: 'not-a-session-anyone-has' },
        remoteAddress: '192.0.2.61',
      });
      expect(stale.statusCode).toBe(403);
      expect((await api.database.db.selectFrom('sessions').select('token_hash').execute()).length).toBe(
        before,
      );
      const rows = (await refusals()).slice(already);
      expect(rows.map((r) => [r.actor_id, r.office_id])).toEqual([
        [null, null],
        [null, null],
      ]);
    });

    it('puts the first ten refused requests from an address in ten minutes on record, then one row saying the rest are not', async () => {
      const already = (await refusals()).length;
      const send = () =>
        app.inject({
          method: 'POST',
          url: '/apply/x',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'a=b',
          remoteAddress: '192.0.2.77',
        });
      const answers = [];
      for (let i = 0; i < 30; i++) answers.push((await send()).statusCode);
      // Every one refused, recorded or not.
      expect(new Set(answers)).toEqual(new Set([403]));
      const rows = (await refusals()).slice(already);
      expect(rows).toHaveLength(11);
      expect(JSON.parse(rows[10]?.detail ?? '{}').furtherNotRecorded).toMatch(
        /^More refused requests from this address in the next \d+ minutes are refused without a row each\.$/,
      );
      // Another address is on record as before; ten minutes on, this one is again.
      await app.inject({
        method: 'POST',
        url: '/apply/x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'a=b',
        remoteAddress: '192.0.2.78',
      });
      api.clock.advanceMinutes(10);
      await send();
      expect((await refusals()).slice(already)).toHaveLength(13);
    });

    it('lets the same POST through from its own origin, or with Sec-Fetch-Site: same-origin from a browser that sends no Origin', async () => {
      for (const headers of [{ origin: OWN }, { origin: `${OWN}:80` }, { 'sec-fetch-site': 'same-origin' }]) {
        const response = await asSupervisor({
          method: 'POST',
          url: '/trpc/referrals.record',
          headers,
          payload: newReferral(),
        });
        expect(response.statusCode, JSON.stringify(headers)).toBe(200);
      }
    });

    it('reads (GET, HEAD) without an Origin: links and bookmarks work', async () => {
      const list = await asSupervisor({ method: 'GET', url: '/trpc/matters.list?input=%7B%7D' });
      expect(list.statusCode).toBe(200);
      expect((await app.inject({ method: 'HEAD', url: '/healthz' })).statusCode).toBe(200);
    });

    it('is refused for a signed-out user too, and for an upload and a print, not just tRPC', async () => {
      const documentId = 'any';
      for (const [method, url] of [
        ['POST', `/api/documents/${documentId}/files`],
        ['POST', '/api/letters/mailing-run/pdf'],
        ['POST', '/api/letters/x/pdf'],
        ['DELETE', '/trpc/matters.list'],
        ['PUT', '/api/files/x'],
      ] as const) {
        const response = await asSupervisor({
          method,
          url,
          headers: { origin: 'https://evil.example', 'content-type': 'application/pdf' },
          payload: PDF,
        });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
      }
    });

    it('behind a reverse proxy: trusts X-Forwarded-Proto and -Host only under TRUST_PROXY, and PUBLIC_ORIGIN always', async () => {
      const proxied = {
        host: '127.0.0.1:3000',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'desk.example.org',
        origin: 'https://desk.example.org',
      };
      const request = (headers: Record<string, string>, on: FastifyInstance) =>
        asSupervisor({ method: 'POST', url: '/trpc/referrals.record', headers, payload: newReferral() }, on);
      // Without TRUST_PROXY the forwarded headers are anyone's to send: the request's origin is
      // http://127.0.0.1:3000, and the page's is not it.
      expect((await request(proxied, app)).statusCode).toBe(403);
      const trusting = await server({ TRUST_PROXY: 'true' });
      expect((await request(proxied, trusting)).statusCode).toBe(200);
      expect((await request({ ...proxied, origin: 'https://evil.example' }, trusting)).statusCode).toBe(403);

      // A proxy that passes neither: the public address is configured instead.
      const configured = await server({ PUBLIC_ORIGIN: 'https://desk.example.org/' });
      const plain = { host: '127.0.0.1:3000', origin: 'https://desk.example.org' };
      expect((await request(plain, configured)).statusCode).toBe(200);
      expect(
        (await request({ ...plain, origin: 'https://desk.example.org:8443' }, configured)).statusCode,
      ).toBe(403);
      expect((await request({ ...plain, origin: 'http://desk.example.org' }, configured)).statusCode).toBe(
        403,
      );
    });
  });

  describe('bodies each route reads', () => {
    it('answers 415 to a form post or any body but JSON at /trpc, before reading it, and starts no session', async () => {
      for (const contentType of [
        'text/plain',
        'text/plain;charset=UTF-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=----x',
        'application/jsonp',
        'application/octet-stream',
      ]) {
        const response = await app.inject({
          method: 'POST',
          url: '/trpc/auth.signIn',
          headers: { origin: OWN, 'content-type': contentType },
          payload: JSON.stringify({ email: 'supervisor@alameda.test', password: TEST_PASSWORD }),
        });
        expect(response.statusCode, contentType).toBe(415);
        expect(response.json().error.appCode, contentType).toBe('BAD_INPUT');
        expect(
          response.cookies.find((c) => c.name === SESSION_COOKIE),
          contentType,
        ).toBeUndefined();
      }
      // JSON with its charset is JSON.
      const json = await app.inject({
        method: 'POST',
        url: '/trpc/auth.signIn',
        headers: { origin: OWN, 'content-type': 'application/json; charset=utf-8' },
        payload: JSON.stringify({ email: 'supervisor@alameda.test', password: TEST_PASSWORD }),
      });
      expect(json.statusCode).toBe(200);
    });

    async function documentRequest(): Promise<string> {
      const recorded = await asSupervisor({
        method: 'POST',
        url: '/trpc/referrals.record',
        headers: { origin: OWN },
        payload: newReferral(),
      });
      const matterId = recorded.json().result.data.matters[0].id as string;
      const requested = await asSupervisor({
        method: 'POST',
        url: '/trpc/documents.request',
        headers: { origin: OWN },
        payload: { matterId, kind: 'photo_id', requestedFrom: 'client', requestedOn: '2026-11-28' },
      });
      return requested.json().result.data.id as string;
    }
    const upload = (documentId: string, headers: Record<string, string>, payload: Buffer | string = PDF) =>
      asSupervisor({
        method: 'POST',
        url: `/api/documents/${documentId}/files`,
        headers: { origin: OWN, ...headers },
        payload,
      });

    it('uploads only the file types stored (PDF, PNG, JPEG, or bytes of no stated type): 415 for anything else, storing nothing', async () => {
      const documentId = await documentRequest();
      const files = async () =>
        (await api.database.db.selectFrom('document_files').select('id').execute()).length;
      const before = await files();
      for (const contentType of [
        'text/html',
        'text/plain',
        'application/json',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'image/svg+xml',
      ]) {
        const response = await upload(documentId, { 'content-type': contentType, 'x-filename': 'scan.pdf' });
        expect(response.statusCode, contentType).toBe(415);
        expect(response.json().error.appCode, contentType).toBe('BAD_INPUT');
      }
      const untyped = await upload(documentId, { 'x-filename': 'scan.pdf' });
      expect(untyped.statusCode).toBe(415);
      expect(await files()).toBe(before);
    });

    it('names a stored file after what its bytes are: a PDF sent as evil.html is stored and downloaded as evil.pdf', async () => {
      const documentId = await documentRequest();
      for (const [sent, stored] of [
        ['evil.html', 'evil.pdf'],
        ['scan', 'scan.pdf'],
        ['order\u202Efdp.exe', 'orderfdp.pdf'],
      ] as const) {
        const uploaded = await upload(documentId, {
          'content-type': 'application/octet-stream',
          'x-filename': encodeURIComponent(sent),
        });
        expect(uploaded.statusCode, sent).toBe(201);
        expect(uploaded.json()).toMatchObject({ filename: stored, contentType: 'application/pdf' });
        const downloaded = await asSupervisor({ method: 'GET', url: `/api/files/${uploaded.json().id}` });
        expect(downloaded.headers['content-type']).toBe('application/pdf');
        expect(downloaded.headers['content-disposition']).toBe(
          `attachment; filename="${stored}"; filename*=UTF-8''${encodeURIComponent(stored)}`,
        );
      }
    });

    it('answers 400 to an X-Filename that is not percent-encoded UTF-8, storing nothing', async () => {
      const documentId = await documentRequest();
      for (const name of ['%', '%E0%A4%A', '%ZZscan.pdf', '%C3%28.pdf', '%ED%A0%80.pdf']) {
        const response = await upload(documentId, { 'content-type': 'application/pdf', 'x-filename': name });
        expect(response.statusCode, name).toBe(400);
        expect(response.json().error.message, name).toBe(
          'The file name could not be read. Rename the file and try again.',
        );
      }
    });
  });

  describe('malformed requests', () => {
    it('answers each with a 4xx and a readable message, never a 500', async () => {
      const long = 'x'.repeat(5_000);
      const cases: [string, InjectOptions, number][] = [
        [
          'bad JSON to tRPC',
          {
            method: 'POST',
            url: '/trpc/referrals.record',
            headers: { origin: OWN, 'content-type': 'application/json' },
            payload: '{"client":',
          },
          400,
        ],
        [
          'an empty JSON body to tRPC',
          {
            method: 'POST',
            url: '/trpc/referrals.record',
            headers: { origin: OWN, 'content-type': 'application/json' },
            payload: '',
          },
          400,
        ],
        [
          'bad JSON to the upload',
          {
            method: 'POST',
            url: '/api/documents/x/files',
            headers: { origin: OWN, 'content-type': 'application/json' },
            payload: '{',
          },
          415,
        ],
        [
          'bad JSON to a mailing run',
          {
            method: 'POST',
            url: '/api/letters/mailing-run/pdf',
            headers: { origin: OWN, 'content-type': 'application/json' },
            payload: '{"messageIds":[',
          },
          400,
        ],
        [
          'a mailing run as a form',
          {
            method: 'POST',
            url: '/api/letters/mailing-run/pdf',
            headers: { origin: OWN, 'content-type': 'text/plain' },
            payload: 'messageIds=1',
          },
          415,
        ],
        ['a 5,000-character path', { method: 'GET', url: `/api/files/${long}` }, 414],
        ['a 5,000-character page address', { method: 'GET', url: `/matters/${long}` }, 414],
        [
          'a 5,000-character tRPC path',
          {
            method: 'POST',
            url: `/trpc/${long}`,
            headers: { origin: OWN, 'content-type': 'application/json' },
            payload: '{}',
          },
          414,
        ],
        ['a bad percent-encoding in the path', { method: 'GET', url: '/api/files/%ZZ' }, 400],
        [
          'a bad percent-encoding in a tRPC batch',
          { method: 'GET', url: '/trpc/matters.list?batch=1&input=%ZZ' },
          400,
        ],
        [
          'a tRPC batch input that is not JSON',
          { method: 'GET', url: '/trpc/matters.list?batch=1&input=%7B' },
          400,
        ],
        [
          'a tRPC batch of unknown procedures',
          { method: 'GET', url: '/trpc/nope.one,nope.other?batch=1&input=%7B%7D' },
          404,
        ],
        ['a view that is not JSON', { method: 'GET', url: '/api/queues/export.csv?view=%7B%22queue' }, 400],
        ['a view that is a number', { method: 'GET', url: '/api/queues/export.csv?view=12' }, 400],
        ['two views', { method: 'GET', url: '/api/queues/export.csv?view=%7B%7D&view=%7B%7D' }, 400],
        [
          'an unknown method',
          { method: 'PROPFIND', url: '/trpc/matters.list', headers: { origin: OWN } },
          404,
        ],
        ['printing with a GET', { method: 'GET', url: '/api/letters/mailing-run/pdf' }, 404],
        ['a mutation with a GET', { method: 'GET', url: '/trpc/referrals.record?input=%7B%7D' }, 405],
        [
          'a body over the limit',
          {
            method: 'POST',
            url: '/trpc/referrals.record',
            headers: { origin: OWN, 'content-type': 'application/json' },
            payload: `"${'x'.repeat(TRPC_BODY_LIMIT)}"`,
          },
          413,
        ],
      ];
      const answers: [string, number][] = [];
      for (const [what, options] of cases) {
        const response = await asSupervisor(options);
        answers.push([what, response.statusCode]);
        // In words, as JSON, never the server's own trouble.
        expect(response.headers['content-type'], what).toContain('application/json');
        expect(response.body, what).not.toMatch(/Something went wrong on our side|stack|at \//);
      }
      expect(answers).toEqual(cases.map(([what, , status]) => [what, status]));
    });

    it('answers a batch of queries however long their names are together (a matter page asks for several at once)', async () => {
      // The address's tRPC part was once held to 100 characters by the router: a longer batch was 404.
      const names = Array.from({ length: 12 }, () => 'queues.counts');
      const response = await asSupervisor({
        method: 'GET',
        url: `/trpc/${names.join(',')}?batch=1&input=%7B%7D`,
      });
      expect(names.join(',').length).toBeGreaterThan(100);
      expect(response.statusCode).toBe(200);
      const answers = response.json() as { result: { data: Record<string, number> } }[];
      expect(answers).toHaveLength(12);
      for (const answer of answers) expect(answer.result.data).toHaveProperty('new_referrals');
    });

    it('the CSV export of a view the queue page would refuse says which filter and how to put it right', async () => {
      const views = [
        { queue: 'all', search: '02/30/1980' },
        { queue: 'all', stages: ['bogus'] },
        { queue: 'all', daysOpenMin: 5, daysOpenMax: 2 },
      ];
      for (const view of views) {
        // What matters.list says of the same view, beside the page's fields.
        const issues = matterViewSchema.safeParse(view).error?.issues ?? [];
        expect(issues, JSON.stringify(view)).toHaveLength(1);
        const response = await asSupervisor({
          method: 'GET',
          url: `/api/queues/export.csv?view=${encodeURIComponent(JSON.stringify(view))}`,
        });
        expect([response.statusCode, response.json()], JSON.stringify(view)).toEqual([
          400,
          {
            error: {
              message: `That view cannot be exported: the filter “${issues[0]?.path.join('.')}”: ${issues[0]?.message}`,
              appCode: 'BAD_INPUT',
              fieldErrors: [{ path: issues[0]?.path.join('.'), message: issues[0]?.message }],
            },
          },
        ]);
      }
      // As a person reads it: which filter, and what to do.
      const dated = await asSupervisor({
        method: 'GET',
        url: `/api/queues/export.csv?view=${encodeURIComponent(JSON.stringify({ search: '02/30/1980' }))}`,
      });
      expect(dated.json().error.message).toMatch(
        /^That view cannot be exported: the filter “search”: 02\/30\/1980 is not a date/,
      );
    });

    it('the CSV export of a search it cannot run answers 400 before any CSV is sent, and its audit row says it failed', async () => {
      const view = (search: string) =>
        `/api/queues/export.csv?view=${encodeURIComponent(JSON.stringify({ queue: 'all', search }))}`;
      const exports = async () => {
        await chainAuditJournal(api.database.db);
        return api.database.db
          .selectFrom('audit_log')
          .select(['outcome', 'detail'])
          .where('action', '=', 'queues.export')
          .orderBy('id')
          .execute();
      };
      const before = (await exports()).length;
      const refused = await asSupervisor({ method: 'GET', url: view('%') });
      expect(refused.statusCode).toBe(400);
      expect(refused.headers['content-type']).toContain('application/json');
      expect(refused.json().error).toMatchObject({
        appCode: 'BAD_INPUT',
        message: 'Type at least two letters of a name.',
      });
      const [failed] = (await exports()).slice(before);
      expect(failed?.outcome).toBe('failed');
      expect(JSON.parse(failed?.detail ?? '{}')).toMatchObject({
        rows: 0,
        reason: 'BAD_INPUT',
        searched: true,
      });

      // A view that can be read streams every row, and its row says it was exported.
      const matters = (
        await api.database.db.selectFrom('matters').select('id').where('office_id', '=', officeId).execute()
      ).length;
      const streamed = await asSupervisor({ method: 'GET', url: view('') });
      expect(streamed.statusCode).toBe(200);
      const lines = streamed.body
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toMatch(/^Matter,Client,/);
      expect(lines).toHaveLength(matters + 1);
      const [ok] = (await exports()).slice(before + 1);
      expect(ok?.outcome).toBe('ok');
    });
  });

  describe('headers', () => {
    it('sets the session cookie without Expires or Max-Age: it ends when the browser closes', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/trpc/auth.signIn',
        headers: { origin: OWN },
        payload: { email: 'attorney@alameda.test', password: TEST_PASSWORD },
      });
      const header = [response.headers['set-cookie']].flat().find((c) => c?.startsWith(`${SESSION_COOKIE}=`));
      expect(header).toMatch(/HttpOnly/);
      expect(header).not.toMatch(/Expires|Max-Age/i);
    });

    it('tells browsers to stay on HTTPS (HSTS) over HTTPS, with COOKIE_SECURE or an https PUBLIC_ORIGIN, not over plain HTTP', async () => {
      const hsts = 'max-age=31536000; includeSubDomains';
      expect(
        (await app.inject({ method: 'GET', url: '/healthz' })).headers['strict-transport-security'],
      ).toBeUndefined();
      const secure = await server({ COOKIE_SECURE: 'true' });
      expect(
        (await secure.inject({ method: 'GET', url: '/healthz' })).headers['strict-transport-security'],
      ).toBe(hsts);
      // Behind a TLS proxy that is not trusted for X-Forwarded-Proto, the address people open says it.
      const opened = await server({ PUBLIC_ORIGIN: 'https://desk.example.org' });
      const atDesk = { host: 'desk.example.org' };
      expect(
        (await opened.inject({ method: 'GET', url: '/healthz', headers: atDesk })).headers[
          'strict-transport-security'
        ],
      ).toBe(hsts);
      const signInAt = (host: string, origin: string) =>
        opened.inject({
          method: 'POST',
          url: '/trpc/auth.signIn',
          headers: { host, origin },
          payload: { email: 'attorney@alameda.test', password: TEST_PASSWORD },
        });
      const sessionCookie = (answer: Awaited<ReturnType<typeof signInAt>>) =>
        [answer.headers['set-cookie']].flat().find((c) => c?.startsWith(`${SESSION_COOKIE}=`));
      expect(sessionCookie(await signInAt('desk.example.org', 'https://desk.example.org'))).toMatch(
        /; Secure/,
      );
      // The same server opened by its office address over plain HTTP: a cookie the browser sends back.
      const inside = await signInAt('10.0.0.5:3000', 'http://10.0.0.5:3000');
      expect(inside.statusCode).toBe(200);
      expect(sessionCookie(inside)).not.toMatch(/; Secure/);
      expect(inside.headers['strict-transport-security']).toBeUndefined();
      const plain = await server({ PUBLIC_ORIGIN: 'http://desk.internal' });
      expect(
        (await plain.inject({ method: 'GET', url: '/healthz' })).headers['strict-transport-security'],
      ).toBeUndefined();
      const proxied = await server({ TRUST_PROXY: 'true' });
      const overHttps = await proxied.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(overHttps.headers['strict-transport-security']).toBe(hsts);
    });

    it('allows no inline styles or scripts in the Content-Security-Policy', async () => {
      const csp = (await app.inject({ method: 'GET', url: '/healthz' })).headers['content-security-policy'];
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
    });
  });
});
