// Sign-in over HTTP, through every hook: a batch containing sign-in is refused before any password is
// checked, an address that sprays wrong passwords is answered 429 with Retry-After, a locked account
// is answered exactly like a wrong password, and MAX_SESSIONS_PER_USER reaches the sessions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@relief-desk/api';
import { createTestDatabase, type TestDatabase, testDialects } from '@relief-desk/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { DEMO_PASSWORD, seedDemoDataIfEmpty } from '../seed/demo.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

describe.each(testDialects())('sign-in over HTTP (%s)', (dialect) => {
  const clock = fixedClock('2026-11-28T18:00:00Z');
  let database: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await seedDemoDataIfEmpty(database.db, clock, 2);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-sign-in-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', MAX_SESSIONS_PER_USER: '2' });
    app = await buildServer({ config, database, clock });
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // What a browser sends with a POST from the app's own page.
  const headers = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };
  const signIn = (email: string, password: string, remoteAddress = '192.0.2.1') =>
    app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers,
      remoteAddress,
      payload: { email, password },
    });
  const failuresOf = async (email: string) => {
    const users = await database.db.selectFrom('users').select('id').where('email', '=', email).execute();
    const sessions = await database.db
      .selectFrom('sessions')
      .select('id')
      .where(
        'user_id',
        'in',
        users.map((u) => u.id),
      )
      .execute();
    const attempts = await database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'auth.signIn')
      .where(
        'entity_id',
        'in',
        users.map((u) => u.id),
      )
      .execute();
    return {
      sessions: sessions.length,
      attempts: attempts.length,
      counted: await database.db.selectFrom('sign_in_accounts').select('failures').execute(),
    };
  };

  it('refuses a batched request containing sign-in whole, checking no password (8 attempts, the right one among them)', async () => {
    const email = 'attorney@example.org';
    const before = await failuresOf(email);
    const attempts = Array.from({ length: 8 }, (_, i) => ({
      email,
      password: i === 7 ? DEMO_PASSWORD : `guess ${i}`,
    }));
    const response = await app.inject({
      method: 'POST',
      url: `/trpc/${Array(8).fill('auth.signIn').join(',')}?batch=1`,
      headers,
      remoteAddress: '192.0.2.2',
      payload: Object.fromEntries(attempts.map((a, i) => [String(i), a])),
    });
    expect(response.statusCode).toBe(400);
    const body = response.json() as { error: { data: { appCode: string } } }[];
    expect(body).toHaveLength(8);
    expect(body.every((r) => r.error.data.appCode === 'BAD_INPUT')).toBe(true);
    expect(response.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    const after = await failuresOf(email);
    console.log(
      `[${dialect}] batched auth.signIn x8 (right password last): HTTP ${response.statusCode}, ${after.attempts - before.attempts} attempts recorded, ${after.sessions} sessions`,
    );
    expect(after).toEqual(before);
  });

  it('refuses sign-in in any batch: alone, beside another call, or with its name escaped', async () => {
    for (const url of [
      '/trpc/auth.signIn?batch=1',
      '/trpc/auth.me,auth.signIn?batch=1',
      '/trpc/auth%2EsignIn?batch=1',
      '/trpc/auth%252EsignIn?batch=1',
    ]) {
      const response = await app.inject({
        method: 'POST',
        url,
        headers,
        payload: {
          0: { email: 'admin@example.org', password: DEMO_PASSWORD },
          1: { email: 'admin@example.org', password: DEMO_PASSWORD },
        },
      });
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(
        response.cookies.find((c) => c.name === SESSION_COOKIE),
        url,
      ).toBeUndefined();
    }
    // Not batched, the same sign-in works.
    expect((await signIn('admin@example.org', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses the second step of a sign-in in a batch too, before it counts or checks anything', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signInSecondFactor,auth.signInSecondFactor?batch=1',
      headers,
      payload: {
        0: { challengeToken: 'x'.repeat(43), method: 'totp', code: '123456' },
        1: { challengeToken: 'x'.repeat(43), method: 'totp', code: '654321' },
      },
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json())).toContain('never part of a batch');
  });

  it('answers a spray from one address 429 with Retry-After once its 20 failures are spent', async () => {
    const address = '198.51.100.7';
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await signIn(`nobody${i}@example.org`, 'Winter2026!', address)).statusCode);
    expect(statuses).toEqual(Array(20).fill(401));
    const refused = await signIn('intake@example.org', DEMO_PASSWORD, address);
    expect(refused.statusCode).toBe(429);
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(600);
    expect(refused.json()).toMatchObject({
      error: {
        message: expect.stringMatching(/Try again in \d+ minutes?/),
        data: { appCode: 'RATE_LIMITED', httpStatus: 429 },
      },
    });
    // Another address is not held up; after the wait this one may try again.
    expect((await signIn('intake@example.org', DEMO_PASSWORD, '198.51.100.8')).statusCode).toBe(200);
    clock.set(new Date(clock.now().getTime() + wait * 1000));
    expect((await signIn('intake@example.org', DEMO_PASSWORD, address)).statusCode).toBe(200);
  });

  it('answers a locked account exactly as a wrong password and an unknown e-mail', async () => {
    // Locked on the network the wrong passwords came from (a count is kept per network).
    for (let i = 0; i < 5; i++) await signIn('supervisor@example.org', `wrong ${i}`, '203.0.113.51');
    const locked = await signIn('supervisor@example.org', DEMO_PASSWORD, '203.0.113.51');
    const wrong = await signIn('admin@example.org', 'wrong', '203.0.113.51');
    const unknown = await signIn('nobody@example.org', DEMO_PASSWORD, '203.0.113.51');
    for (const response of [locked, wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['retry-after']).toBeUndefined();
    }
    expect(locked.body).toBe(wrong.body);
    expect(unknown.body).toBe(wrong.body);
  });

  it('keeps MAX_SESSIONS_PER_USER live sessions per person, ending the oldest', async () => {
    const cookies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await signIn('intake@legalaid.example.org', DEMO_PASSWORD, '192.0.2.9');
      expect(response.statusCode).toBe(200);
      cookies.push(response.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '');
      clock.set(new Date(clock.now().getTime() + 1000));
    }
    const me = async (token: string) =>
      (await app.inject({ method: 'GET', url: '/trpc/auth.me', cookies: { [SESSION_COOKIE]: token } }))
        .statusCode;
    expect(await Promise.all(cookies.map(me))).toEqual([401, 200, 200]);
  });
});

describe('MAX_SESSIONS_PER_USER', () => {
  const base = { DATA_DIR: '/tmp/relief-desk-settings-test' };
  it('is 5 unless set, and takes a whole number from 1 to 100', () => {
    expect(loadConfig(base).MAX_SESSIONS_PER_USER).toBe(5);
    expect(loadConfig({ ...base, MAX_SESSIONS_PER_USER: '' }).MAX_SESSIONS_PER_USER).toBe(5);
    expect(loadConfig({ ...base, MAX_SESSIONS_PER_USER: '1' }).MAX_SESSIONS_PER_USER).toBe(1);
    for (const wrong of ['0', '101', '2.5', 'many'])
      expect(() => loadConfig({ ...base, MAX_SESSIONS_PER_USER: wrong }), wrong).toThrow(
        /MAX_SESSIONS_PER_USER: Use a whole number from 1 to 100/,
      );
  });

  it('keeps sessions 30 idle minutes unless SESSION_IDLE_MINUTES says otherwise (whole minutes, 1 to 720)', () => {
    expect(loadConfig(base).SESSION_IDLE_MINUTES).toBe(30);
    expect(loadConfig({ ...base, SESSION_IDLE_MINUTES: ' ' }).SESSION_IDLE_MINUTES).toBe(30);
    expect(loadConfig({ ...base, SESSION_IDLE_MINUTES: '1' }).SESSION_IDLE_MINUTES).toBe(1);
    for (const wrong of ['0', '721', '0.5', 'soon'])
      expect(() => loadConfig({ ...base, SESSION_IDLE_MINUTES: wrong }), wrong).toThrow(
        /SESSION_IDLE_MINUTES: Use a whole number of minutes from 1 to 720/,
      );
  });
});
