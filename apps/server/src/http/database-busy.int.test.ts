// A database that cannot take a request just then (PostgreSQL: every pooled connection busy past the
// wait; SQLite: another process holding the write lock past the busy timeout) is answered 503 with
// Retry-After on every kind of door (tRPC, the plain HTTP routes, the partner API, the public pages),
// never a bare 500; and a request sent again with its key once the database is free is done once.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { type AppDatabase, openDatabase, POSTGRES_POOL_SIZE } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

/** What fastify's inject sends as Host, as a browser on that page writes it in Origin. */
const OWN = 'http://localhost';

/** Holds the database busy until released: every pooled connection, or SQLite's write lock. */
interface Hold {
  release(): Promise<void>;
}

/** Opens a gate when released; `closed` is what a holder waits on. */
function gate() {
  let open: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { closed, open };
}

/**
 * Takes every connection of a PostgreSQL pool, each waiting on a gate. One at a time, and again when
 * one fails: the pool's short connection timeout (200 ms) also bounds opening a new connection, which
 * a loaded machine may take longer than.
 */
async function holdEveryConnection(database: AppDatabase): Promise<Hold> {
  const { closed, open } = gate();
  const held: Promise<void>[] = [];
  // Settles once the connection is held (wrapped: a promise settled with a promise would wait for it).
  const take = () =>
    new Promise<{ holding: Promise<void> } | null>((taken) => {
      const holding: Promise<void> = database.db.connection().execute(async () => {
        taken({ holding });
        await closed;
      });
      holding.catch(() => taken(null));
    });
  for (let tries = 0; held.length < POSTGRES_POOL_SIZE; tries++) {
    if (tries === 100) throw new Error(`Could not take the pool's connections: ${held.length} taken`);
    const taken = await take();
    if (taken) held.push(taken.holding);
  }
  return {
    release: async () => {
      open();
      await Promise.all(held);
    },
  };
}

/**
 * Takes SQLite's write lock on a connection of its own, as a second process would (a second server,
 * the CLI): a transaction begun on it (BEGIN IMMEDIATE) that waits on a gate.
 */
async function holdWriteLock(url: string): Promise<Hold> {
  const other = openDatabase(url);
  const { closed, open } = gate();
  let locked: () => void = () => {};
  const lockTaken = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const held = other.db.transaction().execute(async () => {
    locked();
    await closed;
  });
  await lockTaken;
  return {
    release: async () => {
      open();
      await held;
      await other.close();
    },
  };
}

describe.each(testDialects())('a database that cannot take the request just then (%s)', (dialect) => {
  let api: ApiHarness;
  let database: AppDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  let cookie = '';
  let partnerKey = '';

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-busy-'));
    // The server's own connections, with short waits so the test does not sit through the defaults.
    database = openDatabase(api.database.url, { connectTimeoutMs: 200, sqliteBusyTimeoutMs: 100 });
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      database,
      clock: api.clock,
    });
    cookie = await sessionCookieOf(app, 'intake@alameda.test');
    partnerKey = (await (await api.signedIn('alameda.admin')).partnerKeys.create({ name: 'Busy partner' }))
      .key;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const hold = (): Promise<Hold> =>
    dialect === 'postgres' ? holdEveryConnection(database) : holdWriteLock(api.database.url);

  let people = 0;
  /** A staff referral (referrals.record) and the partner API's body for the same person. */
  const newReferral = () => {
    people += 1;
    const staff = referralInput({
      client: {
        ...referralInput().client,
        legalName: `Ocupada Número ${people}`,
        otherNames: [],
        dateOfBirth: `1971-02-${String(people).padStart(2, '0')}`,
      },
    });
    const { client, counties, note } = staff;
    return { staff, partner: { client, counties, note }, legalName: client.legalName, counties };
  };
  const mattersOf = async (legalName: string) =>
    api.database.db
      .selectFrom('matters')
      .innerJoin('clients', 'clients.id', 'matters.client_id')
      .select('matters.id')
      .where('clients.legal_name', '=', legalName)
      .execute();

  const recordReferral = (input: unknown, key: string) =>
    app.inject({
      method: 'POST',
      url: '/trpc/referrals.record',
      headers: { origin: OWN, 'idempotency-key': key },
      cookies: { [SESSION_COOKIE]: cookie },
      payload: input as Record<string, unknown>,
    });
  const partnerReferral = (input: unknown, key: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/referrals',
      headers: { authorization: `Bearer ${partnerKey}`, 'idempotency-key': key },
      payload: input as Record<string, unknown>,
    });

  const expectUnavailable = (answer: { statusCode: number; headers: Record<string, unknown> }) => {
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['retry-after']).toBe('2');
  };

  it('answers a change 503 with Retry-After while busy, and does it once when sent again with its key', async () => {
    const staff = newReferral();
    const partner = newReferral();
    const staffKey = randomUUID();
    const partnerCallKey = randomUUID();
    const busy = await hold();
    try {
      const refused = await recordReferral(staff.staff, staffKey);
      expectUnavailable(refused);
      expect(refused.json().error).toMatchObject({
        message: expect.stringMatching(/database is busy.*Try again in a few seconds/),
        data: { appCode: 'UNAVAILABLE', httpStatus: 503 },
      });
      const partnerRefused = await partnerReferral(partner.partner, partnerCallKey);
      expectUnavailable(partnerRefused);
      expect(partnerRefused.json().error.appCode).toBe('UNAVAILABLE');
    } finally {
      await busy.release();
    }
    expect(await mattersOf(staff.legalName)).toHaveLength(0);
    expect(await mattersOf(partner.legalName)).toHaveLength(0);

    const done = await recordReferral(staff.staff, staffKey);
    expect(done.statusCode, done.body).toBe(200);
    expect((await recordReferral(staff.staff, staffKey)).json()).toEqual(done.json());
    const received = await partnerReferral(partner.partner, partnerCallKey);
    expect(received.statusCode, received.body).toBe(201);
    expect((await partnerReferral(partner.partner, partnerCallKey)).json()).toEqual(received.json());
    expect(await mattersOf(staff.legalName)).toHaveLength(staff.counties.length);
    expect(await mattersOf(partner.legalName)).toHaveLength(partner.counties.length);
  });

  // PostgreSQL with no connection free cannot read either; SQLite reads beside a writer (WAL).
  it('answers reads while busy: 503 on every door on PostgreSQL, as usual on SQLite', async () => {
    const read = () =>
      app.inject({
        url: '/trpc/queues.counts',
        headers: { origin: OWN },
        cookies: { [SESSION_COOKIE]: cookie },
      });
    const busy = await hold();
    try {
      if (dialect === 'sqlite') {
        expect((await read()).statusCode).toBe(200);
        return;
      }
      const refused = await read();
      expectUnavailable(refused);
      expect(refused.json().error.data.appCode).toBe('UNAVAILABLE');
      const exported = await app.inject({
        url: '/api/queues/export.csv?queue=all',
        headers: { origin: OWN },
        cookies: { [SESSION_COOKIE]: cookie },
      });
      expectUnavailable(exported);
      expect(exported.json().error.appCode).toBe('UNAVAILABLE');
      // The public pages answer with a page in the applicant's language, not the staff API's JSON.
      const page = await app.inject({
        url: '/apply/alameda-county-public-defender',
        headers: { 'accept-language': 'es' },
      });
      expectUnavailable(page);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('Vuelva a intentarlo dentro de unos minutos');
    } finally {
      await busy.release();
    }
    expect((await read()).statusCode).toBe(200);
  });
});
