import { testDialects } from '@relief-desk/db/testing';
import { SIGN_IN_REFUSED_MESSAGE } from '@relief-desk/domain';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness, TEST_PASSWORD } from '../../testing.ts';
import { capSessionIdleMinutes } from './sessions.ts';
import { accountKey, clearAccount, signInKey } from './throttle.ts';

// Every argon2 verification sign-in runs, sorted by what it checks: a real account's hash, or the
// dummy hash that keeps the time of a refusal the same as that of a real check. `afterCheck` runs
// once a check has answered (what happens between the check and the session).
const checks = vi.hoisted(() => ({ real: 0, dummy: 0 }));
const between = vi.hoisted(() => ({ afterCheck: null as null | (() => Promise<void>) }));
vi.mock('./passwords.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./passwords.ts')>();
  return {
    ...actual,
    verifyPassword: async (hash: string, password: string) => {
      if (hash === (await actual.hashForTiming())) checks.dummy++;
      else checks.real++;
      const matches = await actual.verifyPassword(hash, password);
      const after = between.afterCheck;
      between.afterCheck = null;
      await after?.();
      return matches;
    },
  };
});

describe.each(testDialects())('signing in and sessions (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());
  beforeEach(() => {
    checks.real = 0;
    checks.dummy = 0;
  });

  const signInFrom = (ip: string, email: string, password: string, userAgent = 'vitest') =>
    createCaller(api.context({ ip, userAgent })).auth.signIn({ email, password });
  const sessionsOf = async (userId: string) =>
    Number(
      (
        await api.database.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const keyOf = async (email: string) => accountKey(await signInKey(api.database.db), email);
  /** The failure counts kept for an address typed: across networks, and one per network; sorted. */
  const countsOf = async (email: string) => {
    const key = await keyOf(email);
    const rows = await api.database.db
      .selectFrom('sign_in_accounts')
      .selectAll()
      .where((eb) => eb.or([eb('account_key', '=', key), eb('account_key', 'like', `${key}:%`)]))
      .execute();
    return rows
      .map((r) => [
        r.account_key === key ? 'account' : r.account_key === `${key}:*` ? 'across networks' : 'one network',
        Number(r.failures),
        r.locked_until !== null,
      ])
      .sort((a, b) => String(a).localeCompare(String(b)));
  };

  it('signs in with the right password, sets a session cookie, and knows who you are', async () => {
    const ctx = api.context();
    const me = await createCaller(ctx).auth.signIn({
      email: ' Intake@Alameda.test ',
      password: TEST_PASSWORD,
    });
    expect(me).toMatchObject({
      status: 'signed_in',
      role: 'intake',
      officeName: 'Alameda County Public Defender',
    });
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

  it('gives one answer, after one password check, for an unknown e-mail, a wrong password, a disabled account and a locked one', async () => {
    await api.database.db
      .updateTable('users')
      .set({ active: 0 })
      .where('id', '=', api.userIds['bayLegal.attorney'])
      .execute();
    // Lock the account of bayLegal's intake user with five wrong passwords.
    for (let i = 0; i < 5; i++)
      await signInFrom('10.1.0.1', 'intake@baylegal.test', 'wrong password!').catch(() => {});
    checks.real = 0;
    checks.dummy = 0;

    const answers = [];
    for (const [email, password] of [
      ['nobody@alameda.test', TEST_PASSWORD],
      ['admin@baylegal.test', 'not the password'],
      ['attorney@baylegal.test', TEST_PASSWORD],
      ['intake@baylegal.test', TEST_PASSWORD],
    ] as const) {
      const before = checks.real + checks.dummy;
      const error = await signInFrom('10.1.0.1', email, password).catch((e: unknown) => e);
      answers.push({ error, checks: checks.real + checks.dummy - before });
    }
    for (const { error, checks: verifications } of answers) {
      expect(error).toMatchObject({
        code: 'UNAUTHORIZED',
        appCode: 'BAD_CREDENTIALS',
        message: SIGN_IN_REFUSED_MESSAGE,
      });
      expect(verifications).toBe(1);
    }
    // Only the wrong password was checked against a real hash; the rest against the dummy one.
    expect(checks).toEqual({ real: 1, dummy: 3 });
    await api.database.db
      .updateTable('users')
      .set({ active: 1 })
      .where('id', '=', api.userIds['bayLegal.attorney'])
      .execute();
  });

  it('opens no session for a sign-in whose password was checked just before the password changed', async () => {
    const email = 'admin@baylegal.test';
    const { id: userId } = await api.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const own = await api.signedIn('bayLegal.admin');
    const newPassword = 'a new pass phrase of the administrator';
    // The person changes their password (signing everyone else out) while a sign-in with the old
    // one is between its check and its session.
    between.afterCheck = async () => {
      await own.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword });
    };
    const ctx = api.context({ ip: '10.77.0.1' });
    await expect(createCaller(ctx).auth.signIn({ email, password: TEST_PASSWORD })).rejects.toMatchObject({
      message: SIGN_IN_REFUSED_MESSAGE,
    });
    expect(ctx.cookieJar.token).toBeFalsy();
    // Only the session that changed the password is left.
    expect(await sessionsOf(userId)).toBe(1);
    const refused = await api.database.db
      .selectFrom('audit_log')
      .select(['outcome', 'detail'])
      .where('action', '=', 'auth.signIn')
      .where('entity_id', '=', userId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(refused.outcome).toBe('failed');
    expect(JSON.parse(refused.detail)).toMatchObject({ reason: 'password_changed_meanwhile' });
    // The new password signs in; put the old one back for the other tests.
    await expect(signInFrom('10.77.0.2', email, newPassword)).resolves.toMatchObject({ status: 'signed_in' });
    await own.auth.changePassword({ currentPassword: newPassword, newPassword: TEST_PASSWORD });
    await api.database.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  });

  it('starts no second step for a sign-in whose password was checked just before it changed', async () => {
    const email = 'supervisor@baylegal.test';
    const userId = api.userIds['bayLegal.supervisor'];
    // An authenticator app set up: the password step would hand out the second step's challenge.
    const own = await api.signedIn('bayLegal.supervisor');
    const started = await own.auth.mfa.startTotp();
    const codeAt = (at: Date) =>
      new TOTP({
        secret: Secret.fromBase32(started.secret),
        digits: 6,
        period: 30,
        algorithm: 'SHA1',
      }).generate({
        timestamp: at.getTime(),
      });
    await own.auth.mfa.confirmTotp({ code: codeAt(api.clock.now()) });
    const newPassword = 'a new pass phrase of the supervisor';
    between.afterCheck = async () => {
      await own.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword });
    };
    await expect(signInFrom('10.78.0.1', email, TEST_PASSWORD)).rejects.toMatchObject({
      message: SIGN_IN_REFUSED_MESSAGE,
    });
    const challenges = await api.database.db
      .selectFrom('mfa_challenges')
      .select('id')
      .where('user_id', '=', userId)
      .where('kind', '=', 'sign_in')
      .execute();
    expect(challenges).toEqual([]);
    const refused = await api.database.db
      .selectFrom('audit_log')
      .select(['outcome', 'detail'])
      .where('action', '=', 'auth.signIn')
      .where('entity_id', '=', userId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect([refused.outcome, JSON.parse(refused.detail).reason]).toEqual([
      'failed',
      'password_changed_meanwhile',
    ]);
    // As the other tests expect the account: its password, no second factor, no session.
    await own.auth.changePassword({ currentPassword: newPassword, newPassword: TEST_PASSWORD });
    const db = api.database.db;
    for (const table of ['mfa_totp', 'mfa_recovery_codes', 'mfa_challenges', 'sessions'] as const)
      await db.deleteFrom(table).where('user_id', '=', userId).execute();
  });

  it('locks the account for 15 minutes after five failed sign-ins, even for the right password', async () => {
    const email = 'intake@baylegal.test';
    // Locked by the test above on its network: the right password is refused there like a wrong one,
    // without a check.
    await expect(signInFrom('10.1.0.1', email, TEST_PASSWORD)).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
      message: SIGN_IN_REFUSED_MESSAGE,
    });
    expect(checks.real).toBe(0);

    api.clock.advanceMinutes(15);
    await expect(signInFrom('10.1.0.1', email, TEST_PASSWORD)).resolves.toMatchObject({ role: 'intake' });
    const attempts = await api.database.db
      .selectFrom('audit_log')
      .select(['outcome', 'detail'])
      .where('action', '=', 'auth.signIn')
      .where('entity_id', '=', api.userIds['bayLegal.intake'])
      .orderBy('id')
      .execute();
    expect(attempts.map((a) => [a.outcome, JSON.parse(a.detail).reason])).toEqual([
      ['failed', 'wrong_password'],
      ['failed', 'wrong_password'],
      ['failed', 'wrong_password'],
      ['failed', 'wrong_password'],
      ['failed', 'wrong_password'],
      ['denied', 'locked'],
      ['denied', 'locked'],
      ['ok', undefined],
    ]);
    expect(JSON.parse(attempts[4]?.detail ?? '{}')).toMatchObject({ failures: 5, locked: true });
    // The success cleared the count.
    expect(await countsOf(email)).toEqual([]);
  });

  it('a lock set by wrong passwords from one network does not hold the person on theirs', async () => {
    const email = 'admin@alameda.test';
    for (let i = 0; i < 6; i++)
      await signInFrom('198.51.100.7', email, `someone else's guess ${i}`).catch(() => {});
    expect(await countsOf(email)).toEqual([
      ['across networks', 5, false],
      ['one network', 5, true],
    ]);
    await expect(signInFrom('198.51.100.7', email, TEST_PASSWORD)).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
    });
    await expect(signInFrom('10.20.0.1', email, TEST_PASSWORD)).resolves.toMatchObject({ role: 'admin' });
    // An administrator's unlock (or a sign-in link, or a new password) clears every network's count.
    await clearAccount(api.database.db, await keyOf(email));
    expect(await countsOf(email)).toEqual([]);
  });

  it('locks unfamiliar networks after twenty failures across them; the networks the person signs in from are not held', async () => {
    const email = 'attorney@alameda.test';
    await signInFrom('10.21.0.1', email, TEST_PASSWORD);
    // Four guesses from each of five networks: no network reaches its own five.
    for (let n = 0; n < 5; n++)
      for (let i = 0; i < 4; i++)
        await signInFrom(`203.0.113.${n}`, email, `guess ${n}.${i}`).catch(() => {});
    expect(await countsOf(email)).toEqual([
      ['across networks', 20, true],
      ...Array.from({ length: 5 }, () => ['one network', 4, false]),
    ]);
    checks.real = 0;
    await expect(signInFrom('203.0.113.99', email, TEST_PASSWORD)).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
    });
    expect(checks.real).toBe(0);
    await expect(signInFrom('10.21.0.1', email, TEST_PASSWORD)).resolves.toMatchObject({ role: 'attorney' });
    await clearAccount(api.database.db, await keyOf(email));
  });

  it('counts and locks an unknown e-mail address like a known one, keyed by a hash, never in clear', async () => {
    const email = 'Not.A.User@Alameda.test';
    for (let i = 0; i < 7; i++)
      await expect(signInFrom('10.3.0.1', email, `guess ${i}`)).rejects.toMatchObject({
        appCode: 'BAD_CREDENTIALS',
      });
    expect(checks).toEqual({ real: 0, dummy: 7 });
    const key = await keyOf('not.a.user@alameda.test');
    expect(await countsOf(email)).toEqual([
      ['across networks', 5, false],
      ['one network', 5, true],
    ]);
    const rows = await api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'actor_id', 'entity_type', 'outcome', 'detail'])
      .where('entity_id', '=', key)
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(7);
    expect(
      rows.every((r) => r.office_id === null && r.actor_id === null && r.entity_type === 'sign_in_account'),
    ).toBe(true);
    expect(rows.map((r) => r.outcome)).toEqual([
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
      'denied',
      'denied',
    ]);
    const everything = await api.database.db.selectFrom('audit_log').select('detail').execute();
    expect(everything.some((r) => r.detail.toLowerCase().includes('not.a.user'))).toBe(false);
  });

  it('shows failed sign-ins of unknown accounts to administrators of every office, and only to them', async () => {
    const key = await keyOf('not.a.user@alameda.test');
    const attempts = await api.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('entity_id', '=', key)
      .execute();
    expect(attempts).toHaveLength(7);
    const ids = new Set(attempts.map((a) => a.id));
    for (const admin of ['alameda.admin', 'bayLegal.admin'] as const) {
      const log = await (await api.signedIn(admin)).audit.list({ person: 'unknown', limit: 200 });
      const shown = log.lines.flatMap((l) => l.entries).filter((e) => ids.has(e.id));
      expect(shown).toHaveLength(7);
      expect(shown.every((e) => e.unknownAccount && e.actorName === 'Unknown account')).toBe(true);
    }
    const supervisor = await api.signedIn('alameda.supervisor');
    expect((await supervisor.audit.list({ person: 'unknown' })).lines).toEqual([]);
    const everything = await supervisor.audit.list({ limit: 200 });
    expect(everything.lines.flatMap((l) => l.entries).some((e) => ids.has(e.id))).toBe(false);
    // An administrator's own office's rows are not marked.
    const own = await (await api.signedIn('alameda.admin')).audit.list({ limit: 5 });
    expect(own.lines.flatMap((l) => l.entries).some((e) => !e.unknownAccount)).toBe(true);
  });

  it('lets at most five of 50 parallel wrong passwords from one network and the right one be checked, and signs no one in', async () => {
    const email = 'supervisor@baylegal.test';
    const userId = api.userIds['bayLegal.supervisor'];
    expect(await sessionsOf(userId)).toBe(0);
    // From one network, spread over its /64 (the per-address limit counts the same network too, but
    // allows 20): this is the lock of the account on that network.
    const from = (i: number) => `2001:db8:4:4::${(i + 1).toString(16)}`;
    const wrong = Array.from({ length: 50 }, (_, i) => signInFrom(from(i), email, `wrong ${i}`));
    const right = signInFrom(from(50), email, TEST_PASSWORD);
    const results = await Promise.allSettled([...wrong, right]);
    const sessions = await sessionsOf(userId);
    console.log(
      `[${dialect}] 50 parallel wrong + right: ${checks.real} password checks, ${checks.dummy} dummy checks, ${sessions} sessions`,
    );
    expect(checks.real).toBeLessThanOrEqual(5);
    expect(sessions).toBe(0);
    expect(
      results.every(
        (r) => r.status === 'rejected' && ['BAD_CREDENTIALS', 'RATE_LIMITED'].includes(r.reason.appCode),
      ),
    ).toBe(true);
    expect((await countsOf(email)).find(([which]) => which === 'one network')).toEqual([
      'one network',
      5,
      true,
    ]);
  });

  it('lets at most twenty of 50 parallel wrong passwords from 50 networks be checked', async () => {
    const email = 'intake@alameda.test';
    const wrong = Array.from({ length: 50 }, (_, i) =>
      signInFrom(`10.40.${i >> 8}.${i & 255}`, email, `wrong ${i}`),
    );
    await Promise.allSettled(wrong);
    expect(checks.real).toBeLessThanOrEqual(20);
    expect((await countsOf(email)).find(([which]) => which === 'across networks')).toEqual([
      'across networks',
      20,
      true,
    ]);
    await clearAccount(api.database.db, await keyOf(email));
  });

  it('refuses a spray from one address after 20 failures in 10 minutes, with when to try again', async () => {
    const ip = '203.0.113.9';
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => signInFrom(ip, `someone${i}@alameda.test`, 'Summer2026!')),
    );
    const codes = results.map((r) => (r.status === 'rejected' ? r.reason.appCode : 'signed in'));
    console.log(
      `[${dialect}] 60 parallel from one address: ${codes.filter((c) => c === 'BAD_CREDENTIALS').length} checked, ${codes.filter((c) => c === 'RATE_LIMITED').length} refused 429`,
    );
    expect(codes.filter((c) => c === 'BAD_CREDENTIALS')).toHaveLength(20);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(40);
    expect(checks.real + checks.dummy).toBe(20);
    const refused = results.find((r) => r.status === 'rejected' && r.reason.appCode === 'RATE_LIMITED');
    expect(refused).toMatchObject({
      reason: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) },
    });
    const retryAfter = (refused as PromiseRejectedResult).reason.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Even the right password waits; the refusal is on record once per window.
    await expect(signInFrom(ip, 'admin@alameda.test', TEST_PASSWORD)).rejects.toMatchObject({
      appCode: 'RATE_LIMITED',
    });
    const noted = await api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'detail'])
      .where('entity_type', '=', 'address')
      .where('ip', '=', ip)
      .execute();
    expect(noted).toHaveLength(1);
    expect(noted[0]?.office_id).toBeNull();

    api.clock.advanceMinutes(Math.ceil(retryAfter / 60));
    await expect(signInFrom(ip, 'admin@alameda.test', TEST_PASSWORD)).resolves.toMatchObject({
      role: 'admin',
    });
  });

  it('gives a successful sign-in its address claim back, so colleagues behind one address are not held up', async () => {
    const ip = '198.51.100.20';
    for (let i = 0; i < 19; i++) await signInFrom(ip, `typo${i}@alameda.test`, 'nope').catch(() => {});
    for (let i = 0; i < 6; i++)
      await expect(signInFrom(ip, 'attorney@alameda.test', TEST_PASSWORD)).resolves.toMatchObject({
        role: 'attorney',
      });
    await expect(signInFrom(ip, 'typo@alameda.test', 'nope')).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
    });
    await expect(signInFrom(ip, 'typo@alameda.test', 'nope')).rejects.toMatchObject({
      appCode: 'RATE_LIMITED',
    });
  });

  it('lists your own live sessions with device, address and times, and ends one or all the others', async () => {
    const laptop = api.context({ ip: '10.5.0.1', userAgent: 'Mozilla/5.0 (Windows NT 10.0) Firefox/140.0' });
    await createCaller(laptop).auth.signIn({ email: 'attorney@baylegal.test', password: TEST_PASSWORD });
    api.clock.advanceMinutes(2);
    const phone = api.context({ ip: '10.5.0.2', userAgent: 'Mozilla/5.0 (iPhone) Safari/604.1' });
    await createCaller(phone).auth.signIn({ email: 'attorney@baylegal.test', password: TEST_PASSWORD });
    const tablet = api.context({ ip: '10.5.0.3', userAgent: 'Tablet' });
    await createCaller(tablet).auth.signIn({ email: 'attorney@baylegal.test', password: TEST_PASSWORD });
    const onPhone = createCaller(api.context({ sessionToken: phone.cookieJar.token }));

    const listed = await onPhone.auth.sessions();
    expect(listed.map((s) => [s.ip, s.userAgent, s.current])).toEqual([
      ['10.5.0.3', 'Tablet', false],
      ['10.5.0.2', 'Mozilla/5.0 (iPhone) Safari/604.1', true],
      ['10.5.0.1', 'Mozilla/5.0 (Windows NT 10.0) Firefox/140.0', false],
    ]);
    expect(listed[2]).toMatchObject({ createdAt: expect.any(String), lastUsedAt: expect.any(String) });
    expect(JSON.stringify(listed)).not.toContain(String(laptop.cookieJar.token));

    const laptopId = listed[2]?.id ?? '';
    await expect(onPhone.auth.endSession({ sessionId: laptopId })).resolves.toEqual({
      ended: true,
      current: false,
    });
    await expect(
      createCaller(api.context({ sessionToken: laptop.cookieJar.token })).auth.me(),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    // Someone else's session is not yours to end, and the try is on record.
    const othersSession = await api.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '!=', api.userIds['bayLegal.attorney'])
      .executeTakeFirstOrThrow();
    await expect(onPhone.auth.endSession({ sessionId: othersSession.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const refused = await api.database.db
      .selectFrom('audit_log')
      .select('outcome')
      .where('action', '=', 'auth.endSession')
      .where('entity_id', '=', othersSession.id)
      .executeTakeFirstOrThrow();
    expect(refused.outcome).toBe('denied');

    await expect(onPhone.auth.endOtherSessions()).resolves.toEqual({ ended: 1 });
    expect((await onPhone.auth.sessions()).map((s) => s.current)).toEqual([true]);
    await expect(
      createCaller(api.context({ sessionToken: tablet.cookieJar.token })).auth.me(),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    const audited = await api.database.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('actor_id', '=', api.userIds['bayLegal.attorney'])
      .where('action', 'in', ['auth.endSession', 'auth.endOtherSessions'])
      .where('outcome', '=', 'ok')
      .orderBy('id')
      .execute();
    expect(audited.map((a) => a.action)).toEqual(['auth.endSession', 'auth.endOtherSessions']);

    // Ending the current session signs out here.
    const ctx = api.context({ sessionToken: phone.cookieJar.token });
    const currentId = (await createCaller(ctx).auth.sessions())[0]?.id ?? '';
    await expect(createCaller(ctx).auth.endSession({ sessionId: currentId })).resolves.toEqual({
      ended: true,
      current: true,
    });
    expect(ctx.cookieJar.token).toBeNull();
  });

  it('keeps at most the configured number of live sessions per person, ending the oldest', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) {
      const ctx = api.context({ maxSessionsPerUser: 3, ip: '10.6.0.1' });
      await createCaller(ctx).auth.signIn({ email: 'admin@baylegal.test', password: TEST_PASSWORD });
      tokens.push(ctx.cookieJar.token ?? '');
      api.clock.advanceMinutes(1);
    }
    const alive = await Promise.all(
      tokens.map((sessionToken) =>
        createCaller(api.context({ sessionToken }))
          .auth.me()
          .then(
            () => true,
            () => false,
          ),
      ),
    );
    expect(alive).toEqual([false, true, true, true]);
    expect(await sessionsOf(api.userIds['bayLegal.admin'])).toBe(3);
    const last = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'auth.signIn')
      .where('entity_id', '=', api.userIds['bayLegal.admin'])
      .where('outcome', '=', 'ok')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(last.detail)).toEqual({ oldestSessionsEnded: 1 });
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

  it('a lowered idle limit holds for the sessions already open from the next start; a raised one does not lengthen them', async () => {
    const caller = await api.signedIn('alameda.supervisor');
    // The server starts again with SESSION_IDLE_MINUTES=45: open sessions keep their 30.
    await capSessionIdleMinutes(api.database.db, 45);
    api.clock.advanceMinutes(31);
    await expect(caller.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    const again = await api.signedIn('alameda.supervisor');
    // Then with 5: the session begun under 30 now ends after 5 idle minutes.
    expect(await capSessionIdleMinutes(api.database.db, 5)).toBeGreaterThan(0);
    api.clock.advanceMinutes(4);
    await expect(again.auth.me()).resolves.toBeTruthy();
    api.clock.advanceMinutes(6);
    await expect(again.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
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
