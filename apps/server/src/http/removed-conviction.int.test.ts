// A removed conviction over plain HTTP: every GET route of the server's route table (read from the
// running server, so a route is walked the day it is added) is called on matters each holding a
// conviction removed as entered by mistake, as the attorney who removed it: no body, CSV or PDF text
// carries its case number, and the queue export searched by it lists no matter. The tRPC procedures are
// walked the same way in the API package (conviction-removal.int.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Records, removedConvictionsOn, seedSentinels } from '../../../../packages/api/src/sentinels.ts';
import { loadConfig } from '../config.ts';
import { isPublicPage, readAnswer, requestsFor } from '../test-support/route-walk.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';
import { routesOf } from './edge.ts';

const ORIGIN = 'http://localhost';
/** The case number of the conviction removed from the i-th matter: nowhere else in the seed. */
const REMOVED_CASE = (i: number) => `RMVD-${i}-8842`;
const ANY_REMOVED = /RMVD-?\d-?8842/i;

describe.each(testDialects())(
  'a removed conviction over HTTP: the walk of the route table (%s)',
  (dialect) => {
    let api: ApiHarness;
    let app: FastifyInstance;
    let dataDir: string;
    let records: Records;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-removed-conviction-'));
      // The harness stores uploads where the server reads them.
      api = await createApiHarness(dialect, { filesDir: join(dataDir, 'files') });
      records = (await seedSentinels(api)).alameda;
      app = await buildServer({
        config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
        database: api.database,
        clock: api.clock,
      });
    }, 120_000);
    afterAll(async () => {
      await app.close();
      await api.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('no GET route answers with it', async () => {
      const { cases: removedCases } = await removedConvictionsOn(api, records, REMOVED_CASE);
      expect(removedCases.length).toBeGreaterThanOrEqual(3);

      const routes = routesOf(app).filter((r) => r.url.startsWith('/api/') && r.method === 'GET');
      expect(routes.length).toBeGreaterThan(5);
      const session = await sessionCookieOf(app, 'attorney@alameda.test');
      const found: string[] = [];
      let calls = 0;
      let pdfs = 0;
      for (const route of routes)
        for (const search of removedCases)
          for (const request of requestsFor(route.method, route.url, records, search)) {
            if (isPublicPage(route.url)) continue;
            const { raw, text, isPdf } = await readAnswer(app, request, {
              origin: ORIGIN,
              cookie: { [SESSION_COOKIE]: session },
            });
            calls++;
            if (isPdf) pdfs++;
            const at = text.search(ANY_REMOVED);
            if (at >= 0) found.push(`GET ${request.url}: …${text.slice(Math.max(0, at - 100), at + 20)}…`);
            // The queue export searched by a removed case number: its header line only.
            const lines = raw.trim().split('\n').length;
            if (String(request.url).includes('search') && lines > 1)
              found.push(`GET ${request.url}: lists ${lines - 1} matters`);
          }
      console.log(
        `removed-conviction HTTP walk (${dialect}): ${routes.length} GET routes, ${calls} requests (${pdfs} PDFs read) on matters holding ${removedCases.length} removed convictions; ${found.length} answers with one`,
      );
      expect(found).toEqual([]);
      expect(pdfs).toBeGreaterThan(0);
    });
  },
);
