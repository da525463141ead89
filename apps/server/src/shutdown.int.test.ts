// A graceful stop, for real: the built server runs as a child process (as `pnpm start` runs it), takes
// 50 concurrent reads and writes through tRPC from a signed-in person, and gets SIGTERM while they are
// in flight. Every request must end with an answer (its own, or a clear 503), never a reset
// connection; every write answered must be in the database afterwards; and the process exits 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referralInput } from '@relief-desk/api/testing';
import { createTestDatabase, type TestDatabase, testDialects } from '@relief-desk/db/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CUT_OFF_MESSAGE, UNAVAILABLE } from './http/lifecycle.ts';
import { addIntakeWorker, type BuiltServer, signIn, startBuilt } from './test-support/built-server.ts';
import { freePort } from './test-support/server-process.ts';

interface Outcome {
  status: number | null;
  body: unknown;
  /** The transport error (ECONNRESET, socket hang up …) when there was no answer. */
  error: string | null;
}

/** One HTTP request on the agent's connections; the body may be held back and sent later. */
function send(
  agent: Agent,
  origin: string,
  options: { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string },
  hold?: Promise<void>,
): { written: Promise<void>; outcome: Promise<Outcome> } {
  let written: () => void = () => {};
  const writtenPromise = new Promise<void>((resolve) => {
    written = resolve;
  });
  const outcome = new Promise<Outcome>((resolve) => {
    const url = new URL(options.path, origin);
    const body = options.body ?? '';
    const req = httpRequest(
      url,
      {
        agent,
        method: options.method,
        headers: {
          ...options.headers,
          ...(options.method === 'POST'
            ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Kept as text.
          }
          resolve({ status: res.statusCode ?? null, body: parsed, error: null });
        });
        res.on('error', (error) =>
          resolve({ status: res.statusCode ?? null, body: text, error: error.message }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: null, body: null, error: error.code ?? error.message }),
    );
    if (hold) {
      // Half the body now, the rest when told: the request is in flight, on the server, until then.
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half), () => written());
      void hold.then(() => req.end(body.slice(half)));
    } else {
      req.end(body, () => written());
    }
  });
  return { written: writtenPromise, outcome };
}

async function recordMatter(origin: string, cookie: string): Promise<string> {
  const response = await fetch(`${origin}/trpc/referrals.record`, {
    method: 'POST',
    headers: { origin, cookie, 'content-type': 'application/json' },
    body: JSON.stringify(referralInput()),
  });
  const body = (await response.json()) as { result?: { data?: { matters?: { id: string }[] } } };
  const matterId = body.result?.data?.matters?.[0]?.id;
  if (!matterId) throw new Error(`Recording a referral answered ${response.status}: ${JSON.stringify(body)}`);
  return matterId;
}

/** Opens `count` connections on the agent and leaves them idle, so no request waits to be accepted. */
async function warmUp(agent: Agent, origin: string, count: number): Promise<void> {
  const answers = await Promise.all(
    Array.from({ length: count }, () => send(agent, origin, { method: 'GET', path: '/healthz' }).outcome),
  );
  expect(answers.every((a) => a.status === 200)).toBe(true);
}

const isClear503 = (o: Outcome) =>
  o.status === 503 &&
  (JSON.stringify(o.body).includes(`"appCode":"${UNAVAILABLE}"`) ||
    JSON.stringify(o.body).includes('"code":"SERVICE_UNAVAILABLE"'));

describe.each(testDialects())('SIGTERM on the built server (%s)', (dialect) => {
  // The server the integration set-up built for the run (test-support/global-build.ts).
  const main = inject('serverMain');
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** A new database with one intake login, and the built server running on it. */
  async function serverOnNewDatabase(env: Record<string, string> = {}): Promise<{
    server: BuiltServer;
    database: TestDatabase;
  }> {
    const database = await createTestDatabase(dialect);
    cleanups.push(() => database.destroy());
    await addIntakeWorker(database.db);
    const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-shutdown-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const server = await startBuilt(
      main,
      { DATA_DIR: dataDir, DATABASE_URL: database.url, SEED_DEMO_DATA: 'false', LOG_LEVEL: 'info', ...env },
      await freePort(),
    );
    cleanups.push(() => {
      server.child.kill('SIGKILL');
    });
    return { server, database };
  }

  it('finishes the 50 requests in flight (or answers 503), keeps every acknowledged write, and exits 0', async () => {
    const { server, database } = await serverOnNewDatabase();
    const { origin } = server;
    const cookie = await signIn(origin);
    const matterId = await recordMatter(origin, cookie);
    const agent = new Agent({ keepAlive: true, maxSockets: 50 });
    await warmUp(agent, origin, 50);

    const headers = { cookie, origin };
    // Ten of the writes are still sending their bodies when the signal comes: in flight on the server
    // for certain, whatever the speed of the machine. They finish sending once the server is stopping.
    let releaseHeld: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      releaseHeld = resolve;
    });
    const requests = Array.from({ length: 50 }, (_, i) => {
      if (i % 2 === 0) {
        const text = `Note ${i} sent before SIGTERM`;
        const body = JSON.stringify({ matterId, text });
        const request = { method: 'POST' as const, path: '/trpc/matters.addNote', headers, body };
        return { kind: 'write' as const, text, ...send(agent, origin, request, i < 20 ? held : undefined) };
      }
      const procedure = i % 4 === 1 ? 'matters.get' : 'matters.list';
      const input = encodeURIComponent(JSON.stringify(i % 4 === 1 ? { matterId } : { limit: 10 }));
      const request = { method: 'GET' as const, path: `/trpc/${procedure}?input=${input}`, headers };
      return { kind: 'read' as const, text: null, ...send(agent, origin, request) };
    });
    await Promise.all(requests.map((r) => r.written));
    server.child.kill('SIGTERM');
    await server.waitForOutput('SIGTERM: stopping');
    releaseHeld();

    const outcomes = await Promise.all(requests.map((r) => r.outcome));
    const code = await server.exited;
    agent.destroy();

    // Every request got an answer: its own, or a clear 503. No reset connection, no hang-up.
    const unanswered = outcomes.filter((o) => o.error !== null || o.status === null);
    expect(unanswered).toEqual([]);
    for (const outcome of outcomes) {
      if (outcome.status !== 200) expect(isClear503(outcome), JSON.stringify(outcome)).toBe(true);
    }
    // The held writes were in flight at the signal, and were finished within the grace period.
    const stopping = JSON.parse(
      server
        .stdout()
        .split('\n')
        .find((line) => line.includes('SIGTERM: stopping')) ?? '{}',
    ) as { inFlight?: number };
    expect(stopping.inFlight).toBeGreaterThanOrEqual(10);
    expect(
      outcomes
        .slice(0, 20)
        .filter((_, i) => i % 2 === 0)
        .map((o) => o.status),
    ).toEqual(Array(10).fill(200));
    expect(code).toBe(0);
    expect(server.stdout()).toContain('"msg":"Stopped."');

    // Every write answered is in the database.
    const acknowledged = requests.flatMap((r, i) =>
      r.kind === 'write' && outcomes[i]?.status === 200 ? [r.text] : [],
    );
    const stored = (
      await database.db
        .selectFrom('matter_events')
        .select('summary')
        .where('kind', '=', 'note')
        .where('matter_id', '=', matterId)
        .execute()
    ).map((r) => r.summary);
    for (const text of acknowledged) expect(stored, text).toContain(text);
    console.log(
      `${dialect}: SIGTERM with 50 requests sent, ${stopping.inFlight} in flight on the server: ` +
        `${outcomes.filter((o) => o.status === 200).length} answered 200, ` +
        `${outcomes.filter((o) => o.status === 503).length} answered 503, ${unanswered.length} unanswered; ` +
        `${acknowledged.length} writes acknowledged, all stored; exit code ${code}.`,
    );
  });

  it('answers a request still running at the end of the grace period 503, saying it may not be saved, and exits 0', async () => {
    const { server } = await serverOnNewDatabase({ SHUTDOWN_GRACE_MS: '300' });
    const { origin } = server;
    const cookie = await signIn(origin);
    const matterId = await recordMatter(origin, cookie);
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    await warmUp(agent, origin, 2);
    // Its body never finishes arriving: the request cannot end by itself.
    const stuck = send(
      agent,
      origin,
      {
        method: 'POST',
        path: '/trpc/matters.addNote',
        headers: { cookie, origin },
        body: JSON.stringify({ matterId, text: 'Never finished' }),
      },
      new Promise<void>(() => {}),
    );
    await stuck.written;
    server.child.kill('SIGTERM');
    const outcome = await stuck.outcome;
    const code = await server.exited;
    agent.destroy();

    expect(outcome.status).toBe(503);
    expect(outcome.body).toMatchObject({
      error: { message: CUT_OFF_MESSAGE, data: { appCode: UNAVAILABLE, httpStatus: 503 } },
    });
    expect(code).toBe(0);
    const stopped =
      server
        .stdout()
        .split('\n')
        .find((line) => line.includes('"msg":"Stopped."')) ?? '{}';
    expect(JSON.parse(stopped)).toMatchObject({ cutOff: 1 });
  });

  it('stops the same way on SIGINT (Ctrl-C), once, even when the signal comes twice', async () => {
    const { server } = await serverOnNewDatabase();
    server.child.kill('SIGINT');
    server.child.kill('SIGINT');
    // Its output with the failure: a stop that failed says why in its log ("Stopping failed").
    expect(await server.exited, `${server.stdout()}\n${server.stderr()}`).toBe(0);
    expect(server.stdout().match(/SIGINT: stopping/g)).toHaveLength(1);
  });
});
