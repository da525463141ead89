// Reads another site starts. The session cookie is SameSite=Lax, so a link or redirect on another
// site (a top-level navigation) sends it with a GET: every staff read (each tRPC query, each GET route
// under /api but the partner API's) is refused when the browser says another site started it, and
// nothing but the refusal is put on record (no read on the audit log or a disclosure report). Our own
// pages, an address typed or opened from a bookmark or e-mail, and clients that are not browsers read
// as before; the public pages and the partner API open from anywhere. The routes come from the running
// server's route table and the queries from the router, so a route or query added later is walked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appRouter } from '@relief-desk/api';
import { type ApiHarness, createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';
import { routesOf } from './edge.ts';
import { isPartnerApiRoute } from './partner-api.ts';

const REFUSAL = expect.stringContaining('opened from another website, so it was refused');
// The router's flat record of procedures by path (its type is the nested router's).
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const QUERIES = Object.keys(procedures).filter((path) => procedures[path]?._def.type === 'query');
const NAVIGATION_FROM = (site: string) => ({ 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate' });
const queueView = encodeURIComponent(JSON.stringify({}));

describe.each(testDialects())('reads another site starts (%s)', (dialect) => {
  let api: ApiHarness;
  let dataDir: string;
  let app: FastifyInstance;
  let cookie = '';
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-cross-site-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      database: api.database,
      clock: api.clock,
    });
    cookie = await sessionCookieOf(app, 'supervisor@alameda.test');
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every staff read the server answers, one address each: each tRPC query, each GET route under /api. */
  function staffReads(): { method: 'GET' | 'HEAD'; url: string }[] {
    const routes = routesOf(app).filter(
      (r): r is typeof r & { method: 'GET' | 'HEAD' } =>
        (r.method === 'GET' || r.method === 'HEAD') &&
        (r.url.startsWith('/trpc/') || (r.url.startsWith('/api/') && !isPartnerApiRoute(r.url))),
    );
    return routes.flatMap(({ method, url }) =>
      url === '/trpc/:path'
        ? QUERIES.map((query) => ({ method, url: `/trpc/${query}` }))
        : [{ method, url: url.replace(/:\w+/g, 'x') }],
    );
  }

  const auditRows = async () =>
    (await api.database.db.selectFrom('audit_log').select(['action', 'detail']).orderBy('id').execute()).map(
      (r) => ({ action: r.action, detail: JSON.parse(r.detail) as Record<string, unknown> }),
    );

  it('refuses every staff read another site starts, with the cookie, and puts only the refusal on record', async () => {
    const reads = staffReads();
    // The walk can fail: the exports, the files and the queries are all among the reads.
    expect(reads.map((r) => r.url)).toEqual(
      expect.arrayContaining([
        '/api/queues/export.csv',
        '/api/audit/export.csv',
        '/api/files/x',
        '/trpc/messages.composeOutcome',
      ]),
    );
    expect(reads.length).toBeGreaterThan(QUERIES.length);
    const before = (await auditRows()).length;
    const problems: string[] = [];
    let sent = 0;
    for (const site of ['cross-site', 'same-site']) {
      for (const { method, url } of reads) {
        const response = await app.inject({
          method,
          url: url.startsWith('/api/queues/') ? `${url}?view=${queueView}` : url,
          headers: NAVIGATION_FROM(site),
          cookies: { [SESSION_COOKIE]: cookie },
          // Each from an address of its own: the first ten refusals an address sends in a window are
          // each on record (edge.int.test.ts counts past that).
          remoteAddress: `10.66.${++sent >> 8}.${sent & 255}`,
        });
        if (response.statusCode !== 403) problems.push(`${site} ${method} ${url}: ${response.statusCode}`);
        else if (method === 'GET' && !response.json().error.message.includes('another website'))
          problems.push(`${site} ${method} ${url}: ${response.body}`);
      }
    }
    expect(problems).toEqual([]);
    const written = (await auditRows()).slice(before);
    expect(written).toHaveLength(reads.length * 2);
    expect(new Set(written.map((r) => r.action))).toEqual(new Set(['http.crossOriginRefused']));
    expect(written[0]?.detail).toMatchObject({ fetchSite: 'cross-site' });
  });

  it('says why, and how to get there instead', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/trpc/messages.composeOutcome?input=${encodeURIComponent(JSON.stringify({ matterId: 'x' }))}`,
      headers: NAVIGATION_FROM('cross-site'),
      cookies: { [SESSION_COOKIE]: cookie },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: { message: REFUSAL, appCode: 'FORBIDDEN' } });
    expect(response.json().error.message).toContain('Open Relief Desk and go to it from there.');
  });

  it('reads as before from our own pages, an address opened directly, or a client that is not a browser', async () => {
    for (const headers of [{ 'sec-fetch-site': 'same-origin' }, NAVIGATION_FROM('none'), {}]) {
      const what = JSON.stringify(headers);
      const list = await app.inject({
        method: 'GET',
        url: `/trpc/matters.list?input=${encodeURIComponent(JSON.stringify({ queue: 'all' }))}`,
        headers,
        cookies: { [SESSION_COOKIE]: cookie },
      });
      expect(list.statusCode, what).toBe(200);
      const csv = await app.inject({
        method: 'GET',
        url: `/api/queues/export.csv?view=${queueView}`,
        headers,
        cookies: { [SESSION_COOKIE]: cookie },
      });
      expect(csv.statusCode, what).toBe(200);
      expect(csv.headers['content-type'], what).toContain('text/csv');
    }
    // And no staff read is refused as another site's from our own pages.
    const refused: string[] = [];
    for (const { method, url } of staffReads()) {
      const response = await app.inject({
        method,
        url,
        headers: { 'sec-fetch-site': 'same-origin' },
        cookies: { [SESSION_COOKIE]: cookie },
      });
      if (method === 'GET' && response.body.includes('another website')) refused.push(url);
    }
    expect(refused).toEqual([]);
  });

  it('leaves the public pages and the partner API open to links from anywhere, and asks nothing of a signed-out read', async () => {
    for (const url of ['/apply', '/status/new', '/api/v1/openapi.json']) {
      const response = await app.inject({
        method: 'GET',
        url,
        headers: NAVIGATION_FROM('cross-site'),
        cookies: { [SESSION_COOKIE]: cookie },
      });
      expect(response.statusCode, url).toBe(200);
    }
    // Without a session there is nothing to forge: the API answers as it does to anyone signed out.
    const signedOut = await app.inject({
      method: 'GET',
      url: '/trpc/auth.sessionStatus',
      headers: NAVIGATION_FROM('cross-site'),
    });
    expect(signedOut.body).not.toContain('another website');
  });
});
