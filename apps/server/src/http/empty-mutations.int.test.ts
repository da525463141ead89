// Mutations without input, as the web app sends them: an empty body, Content-Type: application/json
// and a request key. They used to be refused 400 ("Unexpected end of JSON input") while the request
// key was read, so signing out from the web app did not end the session on the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness } from '@relief-desk/api/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

const OWN = 'http://localhost';

describe('mutations without input over HTTP', () => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  beforeAll(async () => {
    api = await createApiHarness('sqlite');
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-empty-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      database: api.database,
      clock: api.clock,
    });
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (procedure: string, cookie: string, key: string) =>
    app.inject({
      method: 'POST',
      url: `/trpc/${procedure}`,
      headers: { origin: OWN, 'content-type': 'application/json', 'idempotency-key': key },
      cookies: { [SESSION_COOKIE]: cookie },
    });

  it('answers "stay signed in" and sign-out sent with a request key and no body, and signing out ends the session', async () => {
    const cookie = await sessionCookieOf(app, 'intake@alameda.test');
    const stayed = await post('auth.stayActive', cookie, 'stay-key-0001');
    expect(stayed.statusCode).toBe(200);
    expect(stayed.json().result.data).toMatchObject({ idleMinutes: 30 });
    // The same key again answers the same, without running again.
    expect((await post('auth.stayActive', cookie, 'stay-key-0001')).json()).toEqual(stayed.json());

    const out = await post('auth.signOut', cookie, 'sign-out-key-0001');
    expect(out.statusCode).toBe(200);
    expect(out.json().result.data).toEqual({ signedOut: true });
    const me = await app.inject({
      method: 'GET',
      url: '/trpc/auth.me',
      cookies: { [SESSION_COOKIE]: cookie },
    });
    expect(me.statusCode).toBe(401);
  });
});
