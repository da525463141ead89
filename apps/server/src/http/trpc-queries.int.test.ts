// Queries answered directly (trpc-queries.ts) answer as tRPC's own handler does: for every query of
// the router (read from the router, so a new one is compared the day it is added), alone and batched,
// with its walk input (the need-to-know walk's, on seeded records), without input, with input that is
// not JSON or not of its shape, beside a mutation or a path that names nothing, with headers and
// addresses the handler reads its own way (another parser's content type, a second "?", a tab), asked
// by no one, with a cookie that names no session, and by people of each role in both offices, two
// servers on one database answer the same request: the
// real one, and one whose handler answers everything. Status, headers and body must be the same.
// A query whose answer changes by being asked (a first opening, say) is asked of the handler twice;
// when those two differ, the case is set aside and counted, not compared.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appRouter } from '@relief-desk/api';
import { type ApiHarness, createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputsFor } from '../../../../packages/api/src/procedure-fixtures.ts';
import { type Records, seedSentinels } from '../../../../packages/api/src/sentinels.ts';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

const ORIGIN = 'http://localhost';
// The router's flat record of procedures by path (its type is the nested router's).
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const QUERIES = Object.entries(procedures)
  .filter(([, procedure]) => procedure._def.type === 'query')
  .map(([path]) => path)
  .sort();
/** Who asks: no one, someone whose session cookie names no session, and people of each role, one of them in the other office. */
const NO_SUCH_SESSION = 'no-such-session';
const CALLERS = [
  null,
  NO_SUCH_SESSION,
  'intake@alameda.test',
  'attorney@alameda.test',
  'admin@alameda.test',
  'supervisor@baylegal.test',
] as const;

const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));

/** The addresses (and extra headers) asked for one query, its walk input `input`. */
function requestsFor(path: string, input: unknown): { url: string; headers?: Record<string, string> }[] {
  const withInput = input === undefined ? '' : `?input=${q(input)}`;
  return [
    { url: `/trpc/${path}${withInput}` },
    { url: `/trpc/${path}` },
    { url: `/trpc/${path}?input=%7Bnot%20json` },
    { url: `/trpc/${path}?input=${q('a string')}` },
    { url: `/trpc/${path},auth.me?batch=1${input === undefined ? '' : `&input=${q({ 0: input })}`}` },
    { url: `/trpc/auth.me,${path}?batch=1&input=${q([input])}` },
    { url: `/trpc/${path},auth.signOut?batch=1` },
    { url: `/trpc/${path},no.such.query?batch=1` },
    { url: `/trpc/${path}${withInput}`, headers: { 'trpc-accept': 'application/jsonl' } },
    {
      url: `/trpc/${path}${withInput}`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    },
    // Read by the handler as it reads them: another parser's type, a second "?", a tab in the query.
    {
      url: `/trpc/${path}${withInput}`,
      headers: { 'content-type': 'multipart/form-data; boundary=application/json' },
    },
    { url: `/trpc/${path}?${withInput || '?batch=1'}` },
    { url: `/trpc/${path},auth.me?ba\ttch=1` },
  ];
}

/** What must be the same: the status, the headers a client reads, and the body. */
function answerOf(response: LightMyRequestResponse) {
  const { headers } = response;
  return {
    status: response.statusCode,
    contentType: headers['content-type'],
    vary: headers.vary,
    retryAfter: headers['retry-after'],
    body: response.body,
  };
}

describe.each(testDialects())("queries answered directly, as tRPC's handler answers them (%s)", (dialect) => {
  let api: ApiHarness;
  let direct: FastifyInstance;
  let reference: FastifyInstance;
  let dataDir: string;
  let records: Record<'alameda' | 'bayLegal', Records>;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-trpc-queries-'));
    api = await createApiHarness(dialect, { filesDir: join(dataDir, 'files') });
    records = await seedSentinels(api);
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    direct = await buildServer({ config, database: api.database, clock: api.clock });
    reference = await buildServer({ config, database: api.database, clock: api.clock, trpcDirect: false });
    cookies.set(NO_SUCH_SESSION, 'x'.repeat(43));
    for (const email of CALLERS)
      if (email && email !== NO_SUCH_SESSION)
        cookies.set(email, await sessionCookieOf(direct, email, { origin: ORIGIN }));
  }, 180_000);
  afterAll(async () => {
    await direct?.close();
    await reference?.close();
    await api?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every query, every caller, every shape of request: the same answer', { timeout: 600_000 }, async () => {
    const inputs = inputsFor(records.alameda);
    const missing = QUERIES.filter((path) => !(path in inputs));
    expect(missing, 'queries with no walk input: add them to inputsFor').toEqual([]);
    let compared = 0;
    let setAside = 0;
    const statuses = new Set<number>();
    const differences: string[] = [];
    for (const path of QUERIES)
      for (const request of requestsFor(path, inputs[path]))
        for (const email of CALLERS) {
          const cookie = email ? cookies.get(email) : undefined;
          const ask = async (app: FastifyInstance) =>
            answerOf(
              await app.inject({
                method: 'GET',
                url: request.url,
                headers: {
                  origin: ORIGIN,
                  ...request.headers,
                  ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}),
                },
              }),
            );
          const before = await ask(reference);
          const answered = await ask(direct);
          const after = await ask(reference);
          if (JSON.stringify(before) !== JSON.stringify(after)) {
            setAside++;
            continue;
          }
          compared++;
          statuses.add(answered.status);
          if (JSON.stringify(answered) !== JSON.stringify(before))
            differences.push(
              `${email ?? 'no one'} GET ${request.url}\n  handler: ${JSON.stringify(before)}\n  direct:  ${JSON.stringify(answered)}`,
            );
        }
    console.log(
      `direct queries (${dialect}): ${QUERIES.length} queries, ${compared} answers compared, ${setAside} set aside (changed by being asked), statuses ${[...statuses].sort().join(', ')}`,
    );
    expect(differences.slice(0, 5)).toEqual([]);
    // The comparison is of real answers and refusals, not of cases set aside.
    expect(setAside).toBeLessThan(compared / 20);
    expect([...statuses]).toEqual(expect.arrayContaining([200, 207, 400, 401, 404]));
  });
});
