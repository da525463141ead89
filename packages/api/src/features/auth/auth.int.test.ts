import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness, TEST_PASSWORD } from '../../testing.ts';

describe.each(testDialects())('signing in and sessions (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('signs in with the right password, sets a session cookie, and knows who you are', async () => {
    const ctx = api.context();
    const me = await createCaller(ctx).auth.signIn({
      email: ' Intake@Alameda.test ',
      password: TEST_PASSWORD,
    });
    expect(me.role).toBe('intake');
    expect(me.officeName).toBe('Alameda County Public Defender');
    expect(ctx.cookieJar.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const caller = createCaller(api.context({ sessionToken: ctx.cookieJar.token }));
    expect((await caller.auth.me()).email).toBe('intake@alameda.test');
  });

  it('stores only a hash of the session token', async () => {
    const ctx = api.context();
    await createCaller(ctx).auth.signIn({ email: 'attorney@alameda.test', password: TEST_PASSWORD });
    const rows = await api.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(ctx.cookieJar.token);
  });

  it('issues a new token at every sign-in, and signing out ends the session', async () => {
    const first = api.context();
    await createCaller(first).auth.signIn({ email: 'supervisor@alameda.test', password: TEST_PASSWORD });
    const second = api.context();
    await createCaller(second).auth.signIn({ email: 'supervisor@alameda.test', password: TEST_PASSWORD });
    expect(second.cookieJar.token).not.toBe(first.cookieJar.token);

    const session = api.context({ sessionToken: second.cookieJar.token });
    await createCaller(session).auth.signOut();
    expect(session.cookieJar.token).toBeNull();
    await expect(
      createCaller(api.context({ sessionToken: second.cookieJar.token })).auth.me(),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('gives the same answer for an unknown e-mail and a wrong password', async () => {
    const unknown = createCaller(api.context()).auth.signIn({
      email: 'nobody@alameda.test',
      password: TEST_PASSWORD,
    });
    await expect(unknown).rejects.toMatchObject({ appCode: 'BAD_CREDENTIALS' });
    const wrong = createCaller(api.context()).auth.signIn({
      email: 'admin@baylegal.test',
      password: 'not the password',
    });
    await expect(wrong).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
      message: (await unknown.catch((e) => e)).message,
    });
  });

  it('locks the account for 15 minutes after five failed sign-ins, even for the right password', async () => {
    const attempt = (password: string) =>
      createCaller(api.context()).auth.signIn({ email: 'intake@baylegal.test', password });
    for (let i = 0; i < 4; i++)
      await expect(attempt('wrong password!')).rejects.toMatchObject({ appCode: 'BAD_CREDENTIALS' });
    await expect(attempt('wrong password!')).rejects.toMatchObject({
      appCode: 'ACCOUNT_LOCKED',
      message: expect.stringMatching(/locked for 15 minutes after 5 failed sign-ins/),
    });
    await expect(attempt(TEST_PASSWORD)).rejects.toMatchObject({ appCode: 'ACCOUNT_LOCKED' });

    api.clock.advanceMinutes(15);
    await expect(attempt(TEST_PASSWORD)).resolves.toMatchObject({ role: 'intake' });
    const failures = await api.database.db
      .selectFrom('audit_log')
      .select('outcome')
      .where('action', '=', 'auth.signIn')
      .where('entity_id', '=', api.userIds['bayLegal.intake'])
      .execute();
    expect(failures.filter((f) => f.outcome !== 'ok')).toHaveLength(6);
  });

  it('ends a session after 30 minutes idle', async () => {
    const caller = await api.signedIn('alameda.attorney');
    api.clock.advanceMinutes(29);
    await expect(caller.auth.me()).resolves.toBeTruthy();
    api.clock.advanceMinutes(29);
    await expect(caller.auth.me()).resolves.toBeTruthy();
    api.clock.advanceMinutes(31);
    await expect(caller.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('ends a session after 12 hours even when it is in constant use', async () => {
    const caller = await api.signedIn('alameda.admin');
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      api.clock.advanceMinutes(20);
      await caller.auth.me();
    }
    api.clock.advanceMinutes(20);
    await expect(caller.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
