// Need to know over plain HTTP: every route of the server's route table (read from the running server,
// so a route is walked the day it is added) is called by every role, with and without the RAP sheet
// permission, on its own office's records and on the other office's, with sentinel criminal history
// seeded in both (a RAP sheet, a petition packet, a signed order and a docket among the files). No
// body, PDF text or CSV may carry a sentinel, or a criminal-history file's id, its caller should not
// see; and no caller without the permission may add a file to a criminal-history document. Among
// the seeded records is a status update about the record held by the outbox worker (sentinels.ts).
// (The tRPC procedures are walked the same way in the API package: need-to-know.int.test.ts.)
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  forbiddenValues,
  OFFICES,
  type Records,
  ROLES,
  SENTINELS,
  seedSentinels,
} from '../../../../packages/api/src/sentinels.ts';
import { loadConfig } from '../config.ts';
import { isPublicPage, readAnswer, requestsFor, statusToken } from '../test-support/route-walk.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';
import { routesOf } from './edge.ts';
import { isPartnerApiRoute } from './partner-api.ts';

const ORIGIN = 'http://localhost';

describe.each(testDialects())(
  'need to know over HTTP: the sentinel walk of the route table (%s)',
  (dialect) => {
    let api: ApiHarness;
    let app: FastifyInstance;
    let dataDir: string;
    const records = {} as Record<(typeof OFFICES)[number], Records>;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-need-to-know-'));
      // The harness stores uploads where the server reads them.
      api = await createApiHarness(dialect, { filesDir: join(dataDir, 'files') });
      Object.assign(records, await seedSentinels(api));
      for (const r of Object.values(records))
        for (const clientId of [r.clientId, r.outcomeClientId]) {
          const office = await api.database.db
            .selectFrom('clients')
            .select('office_id')
            .where('id', '=', clientId)
            .executeTakeFirstOrThrow();
          await api.database.db
            .insertInto('application_status_links')
            .values({
              token_hash: createHash('sha256').update(statusToken(clientId), 'utf8').digest('hex'),
              office_id: office.office_id,
              client_id: clientId,
              language: 'en',
              created_at: api.clock.now().toISOString(),
            })
            .execute();
        }
      const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      app = await buildServer({ config, database: api.database, clock: api.clock });
    }, 120_000);
    afterAll(async () => {
      await app.close();
      await api.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('no route shows criminal history to a caller without the permission, or to another office', async () => {
      const routes = routesOf(app).filter(
        (r) => (r.url.startsWith('/api/') || isPublicPage(r.url)) && !['HEAD', 'OPTIONS'].includes(r.method),
      );
      expect(routes.length).toBeGreaterThan(3);
      const leaks: string[] = [];
      let calls = 0;
      let pdfs = 0;
      let ownSeen = 0;
      let ownCourtFilesSeen = 0;
      for (const office of OFFICES) {
        for (const role of ROLES) {
          const user = await api.database.db
            .selectFrom('users')
            .select('can_view_rap_sheets')
            .where('id', '=', api.userIds[`${office}.${role}`])
            .executeTakeFirstOrThrow();
          const permitted = user.can_view_rap_sheets === 1;
          const session = await sessionCookieOf(app, `${role}@${office.toLowerCase()}.test`);
          const other = OFFICES.find((o) => o !== office) ?? office;
          for (const target of [office, other]) {
            for (const route of routes) {
              for (const request of requestsFor(
                route.method,
                route.url,
                records[target],
                SENTINELS[target].cases[1],
              )) {
                const { status, text, isPdf } = await readAnswer(app, request, {
                  origin: ORIGIN,
                  cookie: { [SESSION_COOKIE]: session },
                });
                calls++;
                if (isPdf) pdfs++;
                const who = `${office}.${role} (${permitted ? 'with' : 'without'} permission) ${route.method} ${request.url} on ${target}`;
                const forbidden = forbiddenValues(records, office, permitted && !isPublicPage(route.url));
                for (const value of forbidden) if (text.includes(value)) leaks.push(`${who}: ${value}`);
                // The documents uploaded to are criminal history (a signed order, a docket).
                if (
                  !permitted &&
                  request.method === 'POST' &&
                  route.url.startsWith('/api/documents/') &&
                  status < 400
                )
                  leaks.push(`${who}: file accepted (${status})`);
                const [orderText, docketText] = SENTINELS[office].courtFiles;
                const own = records[office];
                if (
                  permitted &&
                  target === office &&
                  ((request.url === `/api/files/${own.orderFileId}` && text.includes(orderText)) ||
                    (request.url === `/api/files/${own.docketFileId}` && text.includes(docketText)))
                )
                  ownCourtFilesSeen++;
                if (
                  permitted &&
                  target === office &&
                  route.url === '/api/files/:fileId' &&
                  text.includes(SENTINELS[office].cases[0])
                )
                  ownSeen++;
              }
            }
          }
        }
      }
      console.log(
        `need-to-know HTTP walk: ${routes.length} routes × ${OFFICES.length * ROLES.length} callers × 2 offices = ${calls} requests (${pdfs} PDFs read); ${leaks.length} leaks`,
      );
      expect(leaks).toEqual([]);
      // The walk can fail: those with the permission do open their own office's RAP sheet, and its
      // signed order and docket.
      expect(ownSeen).toBe(4);
      expect(ownCourtFilesSeen).toBe(4 * 2);
    }, 300_000);

    it('every route refuses another office’s record and puts the attempt on record in both offices, under the route’s name', async () => {
      // As for the procedures (packages/api/src/features/audit/refusals.int.test.ts): the office that
      // tried sees its refusal, and the office that owns the record sees who tried. Supervisors may use
      // every route (an attorney may not read the audit log: a refusal by role, which concerns no
      // record); Alameda's holds the RAP sheet permission and Bay Area's does not, so both refusals are
      // walked: the record is not theirs, and the record is criminal history they may not see.
      const routes = routesOf(app).filter(
        (r) => r.url.startsWith('/api/') && !['HEAD', 'OPTIONS'].includes(r.method),
      );
      // Each signed-in person's route is registered with the name its audit rows carry
      // (config.onRecordAs), read below; the partner API (/api/v1 and other versions, a key's, not a person's) names none.
      const unnamed = routes.filter((r) => !r.onRecordAs && !isPartnerApiRoute(r.url));
      expect(unnamed.map((r) => `${r.method} ${r.url}`)).toEqual([]);
      const problems: string[] = [];
      let refused = 0;
      for (const office of OFFICES) {
        const other = OFFICES.find((o) => o !== office) ?? office;
        const userId = api.userIds[`${office}.supervisor`];
        const session = await sessionCookieOf(app, `supervisor@${office.toLowerCase()}.test`);
        const officeIdOf = async (key: string) =>
          (
            await api.database.db
              .selectFrom('users')
              .select('office_id')
              .where('id', '=', api.userIds[`${key}.supervisor` as keyof typeof api.userIds])
              .executeTakeFirstOrThrow()
          ).office_id;
        const [ownOffice, ownerOffice] = [await officeIdOf(office), await officeIdOf(other)];
        const recordIds = Object.values(records[other]).filter(
          (v): v is string => typeof v === 'string' && v.length > 20,
        );
        // The caller's refusals in an office: all of them, and those under one action.
        const denials = async (officeId: string, action?: string) =>
          Number(
            (
              await api.database.db
                .selectFrom('audit_log')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .where('office_id', '=', officeId)
                .where('actor_id', '=', userId)
                .where('outcome', '=', 'denied')
                .$if(action !== undefined, (q) => q.where('action', '=', action ?? ''))
                .executeTakeFirstOrThrow()
            ).n,
          );
        for (const route of routes)
          for (const request of requestsFor(
            route.method,
            route.url,
            records[other],
            SENTINELS[other].cases[1],
          )) {
            // Only requests that name a record of the other office: a search for their case number
            // names none (it finds nothing, or is refused by permission, concerning no record of theirs).
            const sent = `${request.url} ${JSON.stringify(request.payload ?? '')}`;
            if (!recordIds.some((id) => sent.includes(id))) continue;
            // The name the route is registered as on record under (config.onRecordAs).
            const action = route.onRecordAs ?? '(none registered)';
            const counts = async () => ({
              own: await denials(ownOffice),
              owner: await denials(ownerOffice),
              ownNamed: await denials(ownOffice, action),
              ownerNamed: await denials(ownerOffice, action),
            });
            const before = await counts();
            const response = await app.inject({
              ...request,
              headers: { origin: ORIGIN, ...request.headers },
              cookies: { [SESSION_COOKIE]: session },
            });
            const what = `${office}.supervisor ${route.method} ${request.url} (${response.statusCode})`;
            if (response.statusCode < 400 || response.statusCode >= 500) {
              problems.push(`${what}: not refused`);
              continue;
            }
            refused++;
            const after = await counts();
            const own = after.own - before.own;
            const owner = after.owner - before.owner;
            const ownNamed = after.ownNamed - before.ownNamed;
            const ownerNamed = after.ownerNamed - before.ownerNamed;
            if (own < 1 || owner < 1)
              problems.push(`${what}: ${own} row(s) in their office, ${owner} in the owner's`);
            else if (ownNamed !== own || ownerNamed !== owner)
              problems.push(
                `${what}: ${ownNamed} of ${own} row(s) in their office and ${ownerNamed} of ${owner} in the owner's name ${action}`,
              );
          }
      }
      console.log(
        `refusals over HTTP: ${refused} requests naming the other office's records refused, ${problems.length} problems`,
      );
      expect(problems).toEqual([]);
      // The walk can fail: it reached the routes that name a record (files, documents, letters, the
      // mailing run, filing runs, the audit log's export), from both offices.
      expect(refused).toBeGreaterThanOrEqual(2 * 7);
    }, 120_000);
  },
);
