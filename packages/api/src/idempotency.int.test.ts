// Request keys: a mutation sent again with its key answers what the first did, once, on both databases.
import { randomUUID } from 'node:crypto';
import { type Db, inTransaction, officeScoped, withTransactionHooks } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import type { Role } from '@relief-desk/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, unavailableFrom } from './errors.ts';
import { openMatter } from './features/lifecycle-fixtures.ts';
import { openKeyedRequest, pruneRequestKeys, withRequestKey } from './idempotency.ts';
import { createCaller } from './router.ts';
import { signedIn } from './signed-in.ts';
import {
  type ApiHarness,
  createApiHarness,
  type OfficeKey,
  referralInput,
  TEST_PASSWORD,
} from './testing.ts';

describe.each(testDialects())('request keys (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  /** A signed-in person whose every call carries the key given (a fresh one unless given). */
  async function person(who: `${OfficeKey}.${Role}`) {
    const [office, role] = who.split('.') as [OfficeKey, Role];
    const ctx = api.context();
    await createCaller(ctx).auth.signIn({
      email: `${role}@${office.toLowerCase()}.test`,
      password: TEST_PASSWORD,
    });
    const token = ctx.cookieJar.token;
    return (requestKey: string | null = randomUUID()) =>
      createCaller(api.context({ sessionToken: token, requestKey }));
  }

  const keysOf = (key: string) =>
    api.database.db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).execute();
  const countRows = async (table: 'clients' | 'matters' | 'matter_events', name?: string) => {
    if (table === 'clients' && name) {
      const rows = await api.database.db
        .selectFrom('clients')
        .select('id')
        .where('legal_name', '=', name)
        .execute();
      return rows.length;
    }
    const row = await api.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const refusal = async (call: () => Promise<unknown>) => {
    try {
      await call();
    } catch (error) {
      return error as AppError;
    }
    throw new Error('expected a refusal');
  };
  const referral = (legalName: string, dateOfBirth: string) =>
    referralInput({ client: { ...referralInput().client, legalName, otherNames: [], dateOfBirth } });

  it('records a retried referral once: one client, one matter, the same ids both times', async () => {
    const intake = await person('alameda.intake');
    const key = randomUUID();
    const input = referral('Idempotent Once Alvarez', '1971-02-03');
    const mattersBefore = await countRows('matters');
    const first = await intake(key).referrals.record(input);
    const again = await intake(key).referrals.record(input);
    expect(again).toEqual(first);
    expect(await countRows('clients', 'Idempotent Once Alvarez')).toBe(1);
    expect(await countRows('matters')).toBe(mattersBefore + 1);
    const [row] = await keysOf(key);
    expect(row).toMatchObject({ procedure: 'referrals.record', user_id: api.userIds['alameda.intake'] });
    expect(JSON.parse(row?.response ?? 'null')).toEqual({ data: first });
    // Without a key the same press again is not recognised as a retry: it is refused as a likely
    // duplicate of the client it just created.
    expect((await refusal(() => intake(null).referrals.record(input))).code).toBeTruthy();
    expect(await countRows('matters')).toBe(mattersBefore + 1);
  });

  it('answers a retried stage move with its own result, not a version conflict', async () => {
    const matterId = await openMatter(api);
    const intake = await person('alameda.intake');
    const key = randomUUID();
    const move = { matterId, version: 1, to: 'gathering_records' as const, note: 'RAP sheet asked for.' };
    const first = await intake(key).matters.moveStage(move);
    expect(first).toEqual({ stage: 'gathering_records', version: 2 });
    expect(await intake(key).matters.moveStage(move)).toEqual(first);
    const events = await api.database.db
      .selectFrom('matter_events')
      .select('id')
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'stage_changed')
      .execute();
    expect(events).toHaveLength(1);
    // The same move under a new key is a new request, and is refused as stale.
    expect((await refusal(() => intake().matters.moveStage(move))).appCode).toBe('VERSION_CONFLICT');
  });

  it('refuses the same key with a different request (422) and with another procedure', async () => {
    const matterId = await openMatter(api);
    const intake = await person('alameda.intake');
    const key = randomUUID();
    await intake(key).matters.addNote({ matterId, text: 'First note.' });
    const other = await refusal(() => intake(key).matters.addNote({ matterId, text: 'Another note.' }));
    expect(other).toMatchObject({ appCode: 'REQUEST_KEY_REUSED', code: 'UNPROCESSABLE_CONTENT' });
    expect(other.message).toMatch(/already sent once with different details/);
    const procedure = await refusal(() =>
      intake(key).matters.logCall({ matterId, direction: 'outgoing', result: 'spoke' }),
    );
    expect(procedure.appCode).toBe('REQUEST_KEY_REUSED');
    const notes = await api.database.db
      .selectFrom('matter_events')
      .select('summary')
      .where('matter_id', '=', matterId)
      .where('kind', 'in', ['note', 'phone_call'])
      .execute();
    expect(notes.map((n) => n.summary)).toEqual(['First note.']);
  });

  it('knows a key still running whichever handle of the database the second request comes on', async () => {
    // An upload's key is opened on the request's own handle (office scope, audit hooks): a second
    // request with the key, on a handle of its own, is told the first is still running.
    const userId = api.userIds['alameda.intake'];
    const key = randomUUID();
    const request = {
      key,
      procedure: 'documents.upload',
      input: { bytes: 'same' },
      owner: { userId, scope: '' },
    };
    const on = (db: Db) => ({ db, clock: api.clock, log: { error: () => {} } });
    const first = await openKeyedRequest(on(withTransactionHooks(api.database.db, {})), request);
    expect(first.kind).toBe('run');
    try {
      await expect(
        openKeyedRequest(on(officeScoped(api.database.db, dialect, api.officeIds.alameda)), request),
      ).rejects.toMatchObject({ appCode: 'REQUEST_IN_PROGRESS' });
    } finally {
      if (first.kind === 'run') first.release();
    }
  });

  it('runs concurrent requests with one key once: the others get 409 or the first answer', async () => {
    const matterId = await openMatter(api);
    const intake = await person('alameda.intake');
    const key = randomUUID();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => intake(key).matters.addNote({ matterId, text: 'Pressed five times.' })),
    );
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    for (const r of fulfilled) expect(r.value).toEqual({ ok: true });
    for (const r of rejected)
      expect(r.reason).toMatchObject({ appCode: 'REQUEST_IN_PROGRESS', code: 'CONFLICT' });
    const notes = await api.database.db
      .selectFrom('matter_events')
      .select('id')
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'note')
      .execute();
    expect(notes).toHaveLength(1);
    // Once the first has finished, the key answers its result.
    expect(await intake(key).matters.addNote({ matterId, text: 'Pressed five times.' })).toEqual({
      ok: true,
    });
  });

  it('keeps keys per person: the same key from someone else is their own request', async () => {
    const matterId = await openMatter(api);
    const intake = await person('alameda.intake');
    const supervisor = await person('alameda.supervisor');
    const key = randomUUID();
    await intake(key).matters.addNote({ matterId, text: 'Same key, two people.' });
    await supervisor(key).matters.addNote({ matterId, text: 'Same key, two people.' });
    expect(await keysOf(key)).toHaveLength(2);
    const notes = await api.database.db
      .selectFrom('matter_events')
      .select('id')
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'note')
      .execute();
    expect(notes).toHaveLength(2);
  });

  it('keeps no key for a mutation that failed, so its retry runs again', async () => {
    const matterId = await openMatter(api);
    const intake = await person('alameda.intake');
    const key = randomUUID();
    const stale = { matterId, version: 7, to: 'gathering_records' as const };
    expect((await refusal(() => intake(key).matters.moveStage(stale))).appCode).toBe('VERSION_CONFLICT');
    expect(await keysOf(key)).toHaveLength(0);
    // Refused by role: nothing kept either.
    const refusedKey = randomUUID();
    expect(
      (
        await refusal(() =>
          intake(refusedKey).users.unlock({ userId: api.userIds['alameda.admin'], version: 1 }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(await keysOf(refusedKey)).toHaveLength(0);
    // A failure inside the transaction (the key's row is written there first) leaves no row behind.
    const badMove = { matterId, version: 1, to: 'closed' as const };
    expect((await refusal(() => intake(key).matters.moveStage(badMove))).code).toBe('BAD_REQUEST');
    expect(await keysOf(key)).toHaveLength(0);
  });

  it('says a change was saved when its request fails after the commit, never "busy, send it again"', async () => {
    const signingIn = api.context();
    await createCaller(signingIn).auth.signIn({ email: 'intake@alameda.test', password: TEST_PASSWORD });
    const withKey = (requestKey: string) =>
      signedIn(api.context({ sessionToken: signingIn.cookieJar.token, requestKey }), 'test.savedThenBusy');
    const key = randomUUID();
    const ctx = await withKey(key);
    // The change commits (the key is written with it), then reading back its answer finds the
    // database busy: a 503 would have the web app send it again, with a key no longer kept.
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const failure = await withRequestKey(
      ctx,
      { procedure: 'test.savedThenBusy', input: {} },
      async (keyed) => {
        await inTransaction(keyed.db, async ({ tx }) => {
          await sql`select 1`.execute(tx);
        });
        throw busy;
      },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({
      appCode: 'INTERNAL',
      message: expect.stringMatching(/was saved.*Reload/),
    });
    expect(unavailableFrom(failure)).toBeNull();
    expect(await keysOf(key)).toHaveLength(0);
    // The same failure before anything committed is the busy database it is.
    const before = await withRequestKey(
      await withKey(randomUUID()),
      { procedure: 'test.busyFirst', input: {} },
      async () => {
        throw busy;
      },
    ).catch((error: unknown) => error);
    expect(before).toBe(busy);
    expect(unavailableFrom(before)).toMatchObject({ appCode: 'UNAVAILABLE' });
  });

  it('refuses a malformed key, and leaves queries alone', async () => {
    const matterId = await openMatter(api);
    const intake = await person('alameda.intake');
    const bad = await refusal(() => intake('short').matters.addNote({ matterId, text: 'x' }));
    expect(bad.appCode).toBe('BAD_INPUT');
    const key = randomUUID();
    await intake(key).matters.get({ matterId });
    await intake(key).matters.get({ matterId });
    expect(await keysOf(key)).toHaveLength(0);
  });

  it('honours a key for 24 hours, then forgets it (expired keys are pruned)', async () => {
    const matterId = await openMatter(api);
    const intake = await person('alameda.intake');
    const key = randomUUID();
    const note = { matterId, text: 'Kept a day.' };
    await intake(key).matters.addNote(note);
    api.clock.advanceMinutes(23 * 60);
    await (await person('alameda.intake'))(key).matters.addNote(note);
    const count = async () =>
      (
        await api.database.db
          .selectFrom('matter_events')
          .select('id')
          .where('matter_id', '=', matterId)
          .where('kind', '=', 'note')
          .execute()
      ).length;
    expect(await count()).toBe(1);
    api.clock.advanceMinutes(61);
    expect(await pruneRequestKeys(api.database.db, api.clock.now())).toBeGreaterThanOrEqual(1);
    expect(await keysOf(key)).toHaveLength(0);
    // Forgotten, the key is new again: the request runs.
    await (await person('alameda.intake'))(key).matters.addNote(note);
    expect(await count()).toBe(2);
    api.clock.set('2026-11-28T18:00:00.000Z');
  });
});
