// The tRPC API as the browser reaches it: an answer in one piece with its length, compressed as the
// browser accepts; JSON lines streamed when asked for; batches; the edge's headers on every answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type ApiHarness, createApiHarness, referralInput, TEST_PASSWORD } from '@relief-desk/api/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

/** What fastify's inject sends as Host, as a browser on that page writes it in Origin. */
const OWN = 'http://localhost';

describe('tRPC over HTTP', () => {
  let api: ApiHarness;
  let dataDir: string;
  let app: FastifyInstance;
  let cookie = '';
  const references: string[] = [];

  beforeAll(async () => {
    api = await createApiHarness('sqlite');
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-trpc-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      database: api.database,
      clock: api.clock,
    });
    cookie = await sessionCookieOf(app, 'intake@alameda.test');
    // Enough matters that a page is many kilobytes, as a real queue's is.
    const intake = await api.signedIn('alameda.intake');
    for (let i = 0; i < 30; i++) {
      const saved = await intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName: `Persona Número ${i}`,
            otherNames: [],
            dateOfBirth: `1970-05-${String(i + 1).padStart(2, '0')}`,
            phone: `(510) 555-${String(1000 + i)}`,
            email: `persona${i}@example.org`,
          },
        }),
      );
      references.push(saved.matters[0]?.reference ?? '');
    }
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const query = (path: string, input: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'GET',
      url: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
      cookies: { [SESSION_COOKIE]: cookie },
      headers,
    });

  const listedReferences = (body: string) =>
    (JSON.parse(body) as { result: { data: { items: { reference: string }[] } } }).result.data.items.map(
      (item) => item.reference,
    );

  it.each([
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
    ['identity', (bytes: Buffer) => bytes],
  ] as const)('answers a page as one JSON text with its length (%s)', async (encoding, decode) => {
    const answer = await query('matters.list', { queue: 'all', limit: 50 }, { 'accept-encoding': encoding });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.headers['transfer-encoding']).toBeUndefined();
    expect(Number(answer.headers['content-length'])).toBe(answer.rawPayload.length);
    expect(answer.headers['content-encoding']).toBe(encoding === 'identity' ? undefined : encoding);
    expect(listedReferences(decode(answer.rawPayload).toString('utf8')).sort()).toEqual(
      [...references].sort(),
    );
    // The edge's headers reach the API's answers too.
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['x-request-id']).toBeTruthy();
  });

  it('hands tRPC a request that follows no abort signal', async () => {
    // In Node 20 a Request made to follow a signal is held through weak references until a full
    // garbage collection, and every answer's objects with it (docs/queue-benchmark.md, "The server's
    // memory between full collections").
    const signals: unknown[] = [];
    const NodeRequest = globalThis.Request;
    globalThis.Request = class extends NodeRequest {
      constructor(...[input, init]: ConstructorParameters<typeof Request>) {
        signals.push(init?.signal);
        super(input, init);
      }
    };
    try {
      const answer = await query('auth.me', undefined, { 'accept-encoding': 'identity' });
      expect(answer.statusCode).toBe(200);
    } finally {
      globalThis.Request = NodeRequest;
    }
    expect(signals).toEqual([undefined]);
  });

  it('streams JSON lines when the client asks for them', async () => {
    const streamed = await app.inject({
      method: 'GET',
      url: `/trpc/auth.me,queues.counts?batch=1&input=${encodeURIComponent('{}')}`,
      cookies: { [SESSION_COOKIE]: cookie },
      headers: { 'trpc-accept': 'application/jsonl', 'accept-encoding': 'identity' },
    });
    expect(streamed.statusCode).toBe(200);
    expect(streamed.headers['transfer-encoding']).toBe('chunked');
    const lines = streamed.body.trim().split('\n');
    // The head, then a line per piece of each answer as it is ready.
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(streamed.body).toContain('intake@alameda.test');
  });

  it('answers a batch call by call, in order, each with its own outcome', async () => {
    const answer = await app.inject({
      method: 'GET',
      url: `/trpc/auth.me,matters.get?batch=1&input=${encodeURIComponent(JSON.stringify({ 1: { matterId: 'no-such-matter' } }))}`,
      cookies: { [SESSION_COOKIE]: cookie },
      headers: { 'accept-encoding': 'identity' },
    });
    expect(answer.statusCode).toBe(207);
    const [me, matter] = JSON.parse(answer.body) as [
      { result?: { data: { email: string } } },
      { error?: { data: { httpStatus: number } } },
    ];
    expect(me.result?.data.email).toBe('intake@alameda.test');
    expect(matter.error?.data.httpStatus).toBeGreaterThanOrEqual(400);
    expect(answer.headers['content-length']).toBeDefined();
  });

  it('runs the procedures the address was routed to, as it logs them, when the address is percent-encoded', async () => {
    // Routed (and logged) as /trpc/auth.me: tRPC must read the same path, and the answer stay uncached.
    const encoded = await app.inject({
      method: 'GET',
      url: '/%74rpc/auth.me',
      cookies: { [SESSION_COOKIE]: cookie },
      headers: { 'accept-encoding': 'identity' },
    });
    expect(encoded.statusCode).toBe(200);
    expect((JSON.parse(encoded.body) as { result: { data: { email: string } } }).result.data.email).toBe(
      'intake@alameda.test',
    );
    expect(encoded.headers['cache-control']).toBe('no-store');
    // A batch's comma percent-encoded still separates its calls, as the address is read once.
    const batch = await app.inject({
      method: 'GET',
      url: `/trpc/auth.me%2Cqueues.counts?batch=1&input=${encodeURIComponent('{}')}`,
      cookies: { [SESSION_COOKIE]: cookie },
      headers: { 'accept-encoding': 'identity' },
    });
    expect(batch.statusCode).toBe(200);
    expect(JSON.parse(batch.body)).toHaveLength(2);
  });

  it('takes a mutation as a JSON body, and refuses a sign-in sent in a batch', async () => {
    const note = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { origin: OWN },
      payload: { email: 'intake@alameda.test', password: 'not the password at all' },
    });
    expect(note.statusCode).toBe(401);
    expect((JSON.parse(note.body) as { error: { data: { appCode: string } } }).error.data.appCode).toBe(
      'BAD_CREDENTIALS',
    );
    const batched = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn,auth.signIn?batch=1',
      headers: { origin: OWN },
      payload: {
        0: { email: 'intake@alameda.test', password: TEST_PASSWORD },
        1: { email: 'attorney@alameda.test', password: TEST_PASSWORD },
      },
    });
    expect(batched.statusCode).toBe(400);
    expect(batched.body).toContain('Sign in with a request of its own');
    expect(batched.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  });
});
