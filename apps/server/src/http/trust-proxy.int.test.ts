// TRUST_PROXY over real HTTP: the address a request is counted under (the sign-in limit, the audit
// log) is the one the trusted proxy saw, never one the client wrote into X-Forwarded-For ahead of it.
// A proxy such as nginx's $proxy_add_x_forwarded_for appends the address it sees to whatever the
// client sent, so only the right-most entries are the proxies' word.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@relief-desk/api';
import { createTestDatabase, type TestDatabase, testDialects } from '@relief-desk/db/testing';
import { SESSION_RULES } from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { DEMO_PASSWORD, seedDemoDataIfEmpty } from '../seed/demo.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

const STAFF = 'intake@example.org';

describe.each(testDialects())('TRUST_PROXY over HTTP (%s)', (dialect) => {
  const clock = fixedClock('2026-11-28T18:00:00Z');
  let database: TestDatabase;
  let dataDir: string;
  const apps: FastifyInstance[] = [];
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await seedDemoDataIfEmpty(database.db, clock, 2);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-trust-proxy-'));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The server listening on 127.0.0.1: every request reaches it from 127.0.0.1, as from a proxy on the same host. */
  async function serve(trustProxy: string): Promise<string> {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', TRUST_PROXY: trustProxy });
    const app = await buildServer({ config, database, clock });
    apps.push(app);
    return app.listen({ port: 0, host: '127.0.0.1' });
  }

  const signIn = async (
    origin: string,
    forwarded: Record<string, string>,
    email: string,
    password: string,
    pageOrigin = origin,
  ) => {
    const response = await fetch(`${origin}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { origin: pageOrigin, 'content-type': 'application/json', ...forwarded },
      body: JSON.stringify({ email, password }),
    });
    await response.arrayBuffer();
    return {
      status: response.status,
      signedIn: response.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`)),
    };
  };
  /** The addresses on record for sign-ins, among those given. */
  const recordedAmong = async (...addresses: string[]) =>
    (
      await database.db
        .selectFrom('audit_log')
        .select('ip')
        .distinct()
        .where('action', '=', 'auth.signIn')
        .where('ip', 'in', addresses)
        .execute()
    ).map((row) => row.ip);
  /** One wrong password more than an address may fail, each for another e-mail (no account lock). */
  const spray = async (origin: string, xff: (i: number) => string, tag: string) => {
    const statuses: number[] = [];
    for (let i = 0; i <= SESSION_RULES.signInsPerAddress; i++)
      statuses.push(
        (await signIn(origin, { 'x-forwarded-for': xff(i) }, `${tag}${i}@example.net`, `guess ${i}`)).status,
      );
    return statuses;
  };

  describe('TRUST_PROXY=true: one proxy, the right-most X-Forwarded-For entry', () => {
    let origin = '';
    beforeAll(async () => {
      origin = await serve('true');
    });

    it('counts and records the address the proxy appended, not the one the client wrote ahead of it', async () => {
      // X-Forwarded-Proto and -Host are the proxy's too: a page at the public address may sign in.
      const forwarded = {
        'x-forwarded-for': '198.51.100.66, 203.0.113.10',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'desk.example.org',
      };
      const answer = await signIn(origin, forwarded, STAFF, DEMO_PASSWORD, 'https://desk.example.org');
      expect(answer).toEqual({ status: 200, signedIn: true });
      expect(await recordedAmong('198.51.100.66', '203.0.113.10')).toEqual(['203.0.113.10']);
    });

    it('answers a spray 429 after 20 failures, whatever made-up addresses it writes to the left', async () => {
      const statuses = await spray(origin, (i) => `198.51.100.${i + 1}, 203.0.113.20`, 'spray');
      expect(statuses.slice(0, SESSION_RULES.signInsPerAddress).every((s) => s === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      expect(await recordedAmong('198.51.100.1', '198.51.100.2', '203.0.113.20')).toEqual(['203.0.113.20']);
    });

    it('does not lock an office out when an attacker writes its address ahead of their own', async () => {
      const office = '203.0.113.30';
      const statuses = await spray(origin, () => `${office}, 203.0.113.31`, 'lockout');
      // The attacker's own address is refused...
      expect(statuses.at(-1)).toBe(429);
      // ...and the office's staff, whose requests the proxy forwards with one entry, sign in.
      expect(await signIn(origin, { 'x-forwarded-for': office }, STAFF, DEMO_PASSWORD)).toEqual({
        status: 200,
        signedIn: true,
      });
    });
  });

  it('TRUST_PROXY=2 (a CDN in front of a load balancer): the address the CDN saw', async () => {
    const origin = await serve('2');
    const answer = await signIn(
      origin,
      { 'x-forwarded-for': '198.51.100.77, 203.0.113.40, 10.0.0.9' },
      STAFF,
      DEMO_PASSWORD,
    );
    expect(answer).toEqual({ status: 200, signedIn: true });
    expect(await recordedAmong('198.51.100.77', '203.0.113.40', '10.0.0.9')).toEqual(['203.0.113.40']);
  });

  it('TRUST_PROXY as a list: the first address from the right that is not a listed proxy', async () => {
    const origin = await serve('127.0.0.1, 10.0.0.0/8');
    const forwarded = {
      'x-forwarded-for': '198.51.100.88, 203.0.113.50, 10.0.0.9',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'desk.example.org',
    };
    const answer = await signIn(origin, forwarded, STAFF, DEMO_PASSWORD, 'https://desk.example.org');
    expect(answer).toEqual({ status: 200, signedIn: true });
    expect(await recordedAmong('198.51.100.88', '203.0.113.50', '10.0.0.9')).toEqual(['203.0.113.50']);
  });

  it('TRUST_PROXY as a list without the peer: its X-Forwarded-* headers count for nothing', async () => {
    const origin = await serve('10.9.9.9');
    const forwarded = {
      'x-forwarded-for': '203.0.113.60',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'desk.example.org',
    };
    // Not from a listed proxy: the forwarded host is not the request's own, so the page's origin is foreign.
    expect((await signIn(origin, forwarded, STAFF, DEMO_PASSWORD, 'https://desk.example.org')).status).toBe(
      403,
    );
    expect(await signIn(origin, forwarded, STAFF, DEMO_PASSWORD)).toEqual({ status: 200, signedIn: true });
    expect(await recordedAmong('203.0.113.60')).toEqual([]);
  });
});
