// The request log, read as an operator reads it: the built server runs as a child process, a person
// signs in, records a referral with a name, a date of birth and contact details, searches by name and
// date of birth, and opens the matter. The log has one JSON line per request with its id, the route's
// pattern, the status, the duration and the user's id, and none of what was typed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referralInput } from '@relief-desk/api/testing';
import { createTestDatabase, type TestDatabase } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addIntakeWorker, type BuiltServer, signIn, startBuilt } from './test-support/built-server.ts';
import { freePort, INTAKE_EMAIL, INTAKE_PASSWORD } from './test-support/server-process.ts';

const CLIENT = {
  legalName: 'Xiomara Quintanilla-Bettencourt',
  otherName: 'Xio Bettencourt',
  dateOfBirth: '1979-10-23',
  phone: '(510) 555-0199',
  email: 'xiomara.qb@example.net',
  street: '4417 Telegraph Ave',
  note: 'Two convictions from 2004, one possibly a wobbler',
};

interface RequestLine {
  reqId: string;
  startupMs?: number;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  userId: string | null;
  msg: string;
}

describe('the request log', () => {
  let database: TestDatabase;
  let server: BuiltServer;
  let dataDir: string;
  let userId: string;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    ({ userId } = await addIntakeWorker(database.db));
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-log-'));
    server = await startBuilt(
      // The server the integration set-up built for the run (test-support/global-build.ts).
      inject('serverMain'),
      // No web app (it would answer the unknown page): every request here is the API's or a 404.
      {
        DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        SEED_DEMO_DATA: 'false',
        LOG_LEVEL: 'info',
        WEB_DIST_DIR: dataDir,
      },
      await freePort(),
    );
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await database?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has one line per request with id, route, status, duration and user id, and no personal details', async () => {
    const { origin } = server;
    const cookie = await signIn(origin);
    const headers = { origin, cookie, 'content-type': 'application/json' };
    const input = referralInput({
      client: {
        ...referralInput().client,
        legalName: CLIENT.legalName,
        otherNames: [{ name: CLIENT.otherName }],
        dateOfBirth: CLIENT.dateOfBirth,
        phone: CLIENT.phone,
        email: CLIENT.email,
        address: { line1: CLIENT.street, line2: '', city: 'Oakland', state: 'CA', postalCode: '94609' },
      },
      note: CLIENT.note,
    });
    const recorded = await fetch(`${origin}/trpc/referrals.record`, {
      method: 'POST',
      headers,
      body: JSON.stringify(input),
    });
    expect(recorded.status).toBe(200);
    const matterId = ((await recorded.json()) as { result: { data: { matters: { id: string }[] } } }).result
      .data.matters[0]?.id;
    // Each answer read to its end before the next request, so the log's lines come in request order
    // (a line is written once its answer has gone).
    const read = async (answer: Promise<Response>) => {
      const response = await answer;
      await response.text();
      return response;
    };
    const get = (path: string) => read(fetch(`${origin}${path}`, { headers: { cookie } }));
    const query = (procedure: string, value: unknown) =>
      get(`/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(value))}`);
    const answers = [
      await query('matters.list', { q: CLIENT.legalName }),
      await query('matters.list', { q: '10/23/1979' }),
      await query('matters.get', { matterId }),
      // Batched, as the web app sends queries.
      await get(
        `/trpc/matters.get,matters.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { matterId }, 1: { q: CLIENT.email } }))}`,
      ),
      // An address that names nobody's procedure, with a name in it: logged as the pattern only.
      await get(`/trpc/${encodeURIComponent(CLIENT.legalName)}?input=${encodeURIComponent(CLIENT.phone)}`),
      await get(`/no/such/page/${encodeURIComponent(CLIENT.street)}`),
      // Without a session: no user.
      await read(
        fetch(
          `${origin}/trpc/matters.list?input=${encodeURIComponent(JSON.stringify({ q: CLIENT.legalName }))}`,
        ),
      ),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 404, 404, 401]);
    // Every answer names its request, as the log does.
    const ids = answers.map((a) => a.headers.get('x-request-id'));

    // SIGTERM flushes and ends the log.
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const log = server.stdout();
    const lines = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RequestLine);
    const requests = lines.filter((l) => l.msg === 'request');

    // One line per request made (sign-in, referral, then the seven above; health checks are at debug).
    expect(requests.map((r) => [r.method, r.route, r.status])).toEqual([
      ['POST', '/trpc/auth.signIn', 200],
      ['POST', '/trpc/referrals.record', 200],
      ['GET', '/trpc/matters.list', 200],
      ['GET', '/trpc/matters.list', 200],
      ['GET', '/trpc/matters.get', 200],
      ['GET', '/trpc/matters.get,matters.list', 200],
      ['GET', '/trpc/:path', 404],
      ['GET', '(no route)', 404],
      ['GET', '/trpc/matters.list', 401],
    ]);
    expect(requests.slice(2).map((r) => r.reqId)).toEqual(ids);
    for (const r of requests) {
      expect(r.reqId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(typeof r.durationMs).toBe('number');
    }
    expect(requests.map((r) => r.userId)).toEqual([
      null,
      userId,
      userId,
      userId,
      userId,
      userId,
      null,
      null,
      null,
    ]);

    // Nothing the person typed, and no secret, anywhere in the log. Searched with the values the server
    // makes up itself set aside (request ids, times, durations, how long it took to start, its process,
    // its address and port, the user's id, its folders), which are checked for their form: a random id,
    // a port, a folder's random name or a start of 1,979 ms holds "1979" now and then.
    const startups = lines.filter((line) => 'startupMs' in line);
    expect(startups).toHaveLength(1);
    for (const line of startups) expect(Number.isInteger(line.startupMs)).toBe(true);
    const { port } = new URL(origin);
    const madeUp = new Set(['time', 'pid', 'hostname', 'reqId', 'durationMs', 'startupMs']);
    const searched = lines
      .map((line) => JSON.stringify(Object.entries(line).filter(([key]) => !madeUp.has(key))))
      .join('\n')
      .replaceAll(origin, '<origin>')
      .replaceAll(`:${port}`, ':<port>')
      .replaceAll(userId, '<user id>')
      .replaceAll(dataDir, '<data folder>')
      .replaceAll(database.url.replace(/^(sqlite|file):/, ''), '<database file>');
    const token = cookie.split('=')[1] ?? '';
    const forbidden = [
      CLIENT.legalName,
      'Xiomara',
      'Quintanilla',
      'Bettencourt',
      CLIENT.dateOfBirth,
      '10/23/1979',
      '1979',
      CLIENT.phone,
      '555-0199',
      '5105550199',
      CLIENT.email,
      CLIENT.street,
      'Telegraph',
      CLIENT.note,
      'wobbler',
      INTAKE_EMAIL,
      INTAKE_PASSWORD,
      token,
      'input=',
      '?batch',
    ];
    for (const value of forbidden)
      expect(searched.includes(value), `the log contains "${value}"`).toBe(false);
  });
});
