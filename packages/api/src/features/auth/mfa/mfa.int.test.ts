// Second factors, through the router on both databases: setting up an authenticator app, signing in
// with its code or a recovery code (each works once), proving it is you again before a change, an
// office that requires a factor, an administrator's reset, and second-step failures counted like
// wrong passwords. Codes are computed here with otpauth from the secret the server gave.
import { testDialects } from '@relief-desk/db/testing';
import {
  SECOND_FACTOR_REFUSED_MESSAGE,
  SIGN_IN_CANNOT_FINISH_MESSAGE,
  SIGN_IN_REFUSED_MESSAGE,
  SIGN_IN_STEP_EXPIRED_MESSAGE,
} from '@relief-desk/domain';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../../router.ts';
import { type ApiHarness, createApiHarness, TEST_PASSWORD } from '../../../testing.ts';

type Caller = ReturnType<typeof createCaller>;

describe.each(testDialects())('second factors (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const codeAt = (secret: string, at: Date) =>
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
      timestamp: at.getTime(),
    });
  /** Moves the shared clock past the current 30-second step, so a new code is due. */
  const nextStep = () => api.clock.advanceMinutes(0.5);

  /** The password step; its answer and the context it ran in (holding the cookie, if any). */
  const passwordStep = async (email: string, ip = '10.20.0.1', password = TEST_PASSWORD) => {
    const ctx = api.context({ ip });
    const answer = await createCaller(ctx).auth.signIn({ email, password });
    return { answer, ctx };
  };
  /** Signs in with the password only, for someone without a factor: a caller on the new session. */
  const signedIn = async (email: string): Promise<Caller> => {
    const { answer, ctx } = await passwordStep(email);
    expect(answer.status).toBe('signed_in');
    return createCaller(api.context({ sessionToken: ctx.cookieJar.token }));
  };
  const challengeOf = (answer: Awaited<ReturnType<Caller['auth']['signIn']>>) => {
    if (answer.status !== 'second_factor') throw new Error(`expected a second step, got ${answer.status}`);
    return answer.challengeToken;
  };
  const auditOf = (action: string, entityId?: string) =>
    api.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'office_id', 'outcome', 'detail', 'entity_id'])
      .where('action', '=', action)
      .$if(entityId !== undefined, (q) => q.where('entity_id', '=', entityId ?? ''))
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();

  /** Sets up an authenticator app for someone signed in; its secret and their recovery codes. */
  const enrolTotp = async (caller: Caller) => {
    const started = await caller.auth.mfa.startTotp();
    const confirmed = await caller.auth.mfa.confirmTotp({ code: codeAt(started.secret, api.clock.now()) });
    return { secret: started.secret, recoveryCodes: confirmed.recoveryCodes ?? [] };
  };

  it('sets up an authenticator app from its QR code, and gives ten recovery codes once, stored hashed', async () => {
    const caller = await signedIn('attorney@alameda.test');
    expect(await caller.auth.mfa.status()).toMatchObject({
      totp: null,
      passkeys: [],
      recoveryCodesLeft: 0,
      mustSetUpFactor: false,
    });
    const started = await caller.auth.mfa.startTotp();
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.uri).toMatch(/^otpauth:\/\/totp\/Relief%20Desk:attorney%40alameda\.test\?/);
    expect(started.uri).toContain(`secret=${started.secret}`);
    expect(started.qrCode).toMatch(/^data:image\/png;base64,/);
    expect(await caller.auth.mfa.status()).toMatchObject({ totp: null, totpPending: true });

    await expect(caller.auth.mfa.confirmTotp({ code: '000000' })).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      fieldErrors: [{ path: 'code', message: expect.stringContaining('does not match') }],
    });
    // Sent with a request key: an answer shown once is not kept with it.
    const keyed = createCaller(
      api.context({
        sessionToken: (caller as unknown as { _ctx?: never })._ctx ?? null,
      }),
    );
    expect(keyed).toBeDefined();
    const confirmed = await caller.auth.mfa.confirmTotp({ code: codeAt(started.secret, api.clock.now()) });
    expect(confirmed.recoveryCodes).toHaveLength(10);
    for (const code of confirmed.recoveryCodes ?? []) expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);

    const stored = await api.database.db
      .selectFrom('mfa_recovery_codes')
      .select('code_hash')
      .where('user_id', '=', api.userIds['alameda.attorney'])
      .execute();
    expect(stored).toHaveLength(10);
    const plain = (confirmed.recoveryCodes ?? []).flatMap((c) => [c, c.replace('-', '')]);
    for (const row of stored) for (const code of plain) expect(row.code_hash).not.toContain(code);

    const status = await caller.auth.mfa.status();
    expect(status).toMatchObject({ totpPending: false, recoveryCodesLeft: 10 });
    expect(status.totp?.confirmedAt).toBe(api.clock.now().toISOString());
    // Starting another while one is set up is refused: remove it first.
    await expect(caller.auth.mfa.startTotp()).rejects.toMatchObject({ appCode: 'BAD_INPUT' });
    const audit = await auditOf('auth.mfa.confirmTotp', api.userIds['alameda.attorney']);
    expect(audit.map((r) => [r.outcome, JSON.parse(r.detail)])).toEqual([
      ['ok', { firstFactor: true, recoveryCodesMade: 10 }],
    ]);
  });

  it('never keeps an answer shown once with its request key', async () => {
    const { ctx } = await passwordStep('intake@alameda.test');
    const caller = createCaller(
      api.context({ sessionToken: ctx.cookieJar.token, requestKey: 'mfa-key-0001' }),
    );
    await caller.auth.mfa.startTotp();
    const keys = await api.database.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('user_id', '=', api.userIds['alameda.intake'])
      .execute();
    expect(keys).toEqual([]);
    // Asked again with the same key, it runs again: the earlier secret no longer works.
    const again = await caller.auth.mfa.startTotp();
    await caller.auth.mfa.confirmTotp({ code: codeAt(again.secret, api.clock.now()) });
    await caller.auth.mfa.removeFactor({ kind: 'totp' });
  });

  it('asks for the code after the password, accepts each code once, and a recovery code once', async () => {
    const setup = await signedIn('supervisor@alameda.test');
    const { secret, recoveryCodes } = await enrolTotp(setup);

    const step = await passwordStep('supervisor@alameda.test');
    expect(step.answer).toMatchObject({ status: 'second_factor', methods: ['totp', 'recovery'] });
    // No session until the second step.
    expect(step.ctx.cookieJar.token).toBeNull();
    const token = challengeOf(step.answer);

    // The code that set the app up is spent: the same 30 seconds' code is refused.
    const second = api.context({ ip: '10.20.0.1' });
    await expect(
      createCaller(second).auth.signInSecondFactor({
        challengeToken: token,
        method: 'totp',
        code: codeAt(secret, api.clock.now()),
      }),
    ).rejects.toMatchObject({ appCode: 'BAD_SECOND_FACTOR', message: SECOND_FACTOR_REFUSED_MESSAGE });
    nextStep();
    const code = codeAt(secret, api.clock.now());
    const signedInAnswer = await createCaller(second).auth.signInSecondFactor({
      challengeToken: token,
      method: 'totp',
      code: `${code.slice(0, 3)} ${code.slice(3)}`,
    });
    expect(signedInAnswer).toMatchObject({ status: 'signed_in', email: 'supervisor@alameda.test' });
    expect(second.cookieJar.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(
      createCaller(api.context({ sessionToken: second.cookieJar.token })).auth.me(),
    ).resolves.toMatchObject({
      enrolmentOnly: false,
    });
    // The token was for one sign-in.
    await expect(
      createCaller(api.context()).auth.signInSecondFactor({ challengeToken: token, method: 'totp', code }),
    ).rejects.toMatchObject({ appCode: 'SIGN_IN_EXPIRED' });

    // A recovery code signs in once, whatever case and dashes it is typed with.
    const recovery = recoveryCodes[3] ?? '';
    const withRecovery = await passwordStep('supervisor@alameda.test');
    const used = await createCaller(api.context()).auth.signInSecondFactor({
      challengeToken: challengeOf(withRecovery.answer),
      method: 'recovery',
      code: recovery.toLowerCase(),
    });
    expect(used).toMatchObject({ status: 'signed_in', recoveryCodesLeft: 9 });
    const again = await passwordStep('supervisor@alameda.test');
    await expect(
      createCaller(api.context()).auth.signInSecondFactor({
        challengeToken: challengeOf(again.answer),
        method: 'recovery',
        code: recovery.replace('-', ''),
      }),
    ).rejects.toMatchObject({ appCode: 'BAD_SECOND_FACTOR' });
    const audit = await auditOf('auth.signInSecondFactor', api.userIds['alameda.supervisor']);
    expect(audit.map((r) => [r.outcome, JSON.parse(r.detail).method, JSON.parse(r.detail).reason])).toEqual([
      ['failed', 'totp', 'wrong_code'],
      ['ok', 'totp', undefined],
      ['ok', 'recovery', undefined],
      ['failed', 'recovery', 'wrong_code'],
    ]);
  });

  it('refuses an expired second step, and one without the password step', async () => {
    await expect(
      createCaller(api.context()).auth.signInSecondFactor({
        challengeToken: 'x'.repeat(43),
        method: 'totp',
        code: '123456',
      }),
    ).rejects.toMatchObject({ appCode: 'SIGN_IN_EXPIRED', message: SIGN_IN_CANNOT_FINISH_MESSAGE });
    const step = await passwordStep('supervisor@alameda.test');
    api.clock.advanceMinutes(6);
    await expect(
      createCaller(api.context()).auth.signInSecondFactor({
        challengeToken: challengeOf(step.answer),
        method: 'totp',
        code: '123456',
      }),
    ).rejects.toMatchObject({ appCode: 'SIGN_IN_EXPIRED', message: SIGN_IN_STEP_EXPIRED_MESSAGE });
  });

  it('needs the password, or a current factor, in the last five minutes before a factor is added or removed', async () => {
    const step = await passwordStep('supervisor@alameda.test');
    nextStep();
    const secret = await api.database.db
      .selectFrom('mfa_totp')
      .select('secret')
      .where('user_id', '=', api.userIds['alameda.supervisor'])
      .executeTakeFirstOrThrow();
    const ctx = api.context();
    await createCaller(ctx).auth.signInSecondFactor({
      challengeToken: challengeOf(step.answer),
      method: 'totp',
      code: codeAt(secret.secret, api.clock.now()),
    });
    const caller = createCaller(api.context({ sessionToken: ctx.cookieJar.token }));
    expect((await caller.auth.mfa.status()).reauthenticatedUntil).toBe(
      new Date(api.clock.now().getTime() + 5 * 60_000).toISOString(),
    );
    api.clock.advanceMinutes(6);
    await expect(caller.auth.mfa.removeFactor({ kind: 'totp' })).rejects.toMatchObject({
      appCode: 'REAUTHENTICATION_REQUIRED',
    });
    await expect(caller.auth.mfa.newRecoveryCodes()).rejects.toMatchObject({
      appCode: 'REAUTHENTICATION_REQUIRED',
    });
    const refusals = await auditOf('auth.mfa.removeFactor', api.userIds['alameda.supervisor']);
    expect(refusals.map((r) => r.outcome)).toEqual(['denied']);

    await expect(
      caller.auth.mfa.reauthenticate({ method: 'password', password: 'not my password at all' }),
    ).rejects.toMatchObject({ appCode: 'BAD_CREDENTIALS' });
    await caller.auth.mfa.reauthenticate({ method: 'password', password: TEST_PASSWORD });
    const codes = await caller.auth.mfa.newRecoveryCodes();
    expect(codes.recoveryCodes).toHaveLength(10);

    // A current code proves it too (and is spent by it).
    api.clock.advanceMinutes(6);
    await expect(caller.auth.mfa.startTotp()).rejects.toMatchObject({ appCode: 'REAUTHENTICATION_REQUIRED' });
    await caller.auth.mfa.reauthenticate({ method: 'totp', code: codeAt(secret.secret, api.clock.now()) });
    await expect(
      caller.auth.mfa.reauthenticate({ method: 'totp', code: codeAt(secret.secret, api.clock.now()) }),
    ).rejects.toMatchObject({ appCode: 'BAD_CREDENTIALS' });
    await caller.auth.mfa.removeFactor({ kind: 'totp' });
    // The last factor gone (the office does not require one), the recovery codes go with it.
    expect(await caller.auth.mfa.status()).toMatchObject({ totp: null, recoveryCodesLeft: 0 });
    expect((await passwordStep('supervisor@alameda.test')).answer.status).toBe('signed_in');
    const audit = await auditOf('auth.mfa.reauthenticate', api.userIds['alameda.supervisor']);
    expect(audit.map((r) => [r.outcome, JSON.parse(r.detail).method])).toEqual([
      ['failed', 'password'],
      ['ok', 'password'],
      ['ok', 'totp'],
      ['failed', 'totp'],
    ]);
  });

  it('leads everyone without a factor through setting one up once the office requires it', async () => {
    const admin = await signedIn('admin@baylegal.test');
    const intake = await signedIn('intake@baylegal.test');
    expect(await admin.offices.signInSettings()).toEqual({
      version: 0,
      mfaRequired: false,
      withoutFactor: 4,
    });
    await expect(intake.offices.setMfaRequired({ version: 0, required: true })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await admin.offices.setMfaRequired({ version: 0, required: true })).toEqual({
      version: 1,
      mfaRequired: true,
      withoutFactor: 4,
    });
    await expect(admin.offices.setMfaRequired({ version: 0, required: false })).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
    });
    // Sessions already open go on; the next sign-in may only set up a factor.
    await expect(intake.matters.list({})).resolves.toBeDefined();
    const next = await signedIn('intake@baylegal.test');
    expect(await next.auth.me()).toMatchObject({ email: 'intake@baylegal.test', enrolmentOnly: true });
    expect(await next.auth.mfa.status()).toMatchObject({ mustSetUpFactor: true, enrolmentOnly: true });
    await expect(next.matters.list({})).rejects.toMatchObject({
      appCode: 'MFA_ENROLMENT_REQUIRED',
      code: 'FORBIDDEN',
      message:
        'Your office requires a second factor at sign-in: set one up (an authenticator app or a passkey) before you continue.',
    });
    expect(await next.auth.mfa.status()).toMatchObject({ setUpBecause: 'office' });
    await expect(next.auth.sessions()).rejects.toMatchObject({ appCode: 'MFA_ENROLMENT_REQUIRED' });
    const refused = await auditOf('matters.list');
    expect(refused.at(-1)).toMatchObject({ actor_id: api.userIds['bayLegal.intake'], outcome: 'denied' });

    const { secret } = await enrolTotp(next);
    expect(await next.auth.me()).toMatchObject({ enrolmentOnly: false });
    await expect(next.matters.list({})).resolves.toBeDefined();
    expect((await admin.offices.signInSettings()).withoutFactor).toBe(3);
    // The only factor cannot be removed while the office requires one.
    await expect(next.auth.mfa.removeFactor({ kind: 'totp' })).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
    });
    // And from now on a sign-in takes the code.
    nextStep();
    const step = await passwordStep('intake@baylegal.test');
    const ctx = api.context();
    await createCaller(ctx).auth.signInSecondFactor({
      challengeToken: challengeOf(step.answer),
      method: 'totp',
      code: codeAt(secret, api.clock.now()),
    });
    expect(await createCaller(api.context({ sessionToken: ctx.cookieJar.token })).auth.me()).toMatchObject({
      enrolmentOnly: false,
    });
    // Switched off again, sign-in with the password alone works for those without a factor.
    await admin.offices.setMfaRequired({ version: 1, required: false });
    expect((await passwordStep('supervisor@baylegal.test')).answer).toMatchObject({
      status: 'signed_in',
      enrolmentOnly: false,
    });
    const audit = await auditOf('offices.setMfaRequired', api.officeIds.bayLegal);
    expect(audit.map((r) => [r.actor_id, r.outcome, JSON.parse(r.detail)])).toEqual([
      [api.userIds['bayLegal.admin'], 'ok', { from: false, to: true, version: 1 }],
      [api.userIds['bayLegal.admin'], 'ok', { from: true, to: false, version: 2 }],
    ]);
  });

  it('lets an administrator reset a colleague’s factors, in their own office only, on record', async () => {
    const attorney = await signedIn('attorney@baylegal.test');
    await enrolTotp(attorney);
    const admin = await signedIn('admin@baylegal.test');
    const otherAdmin = await signedIn('admin@alameda.test');
    const userId = api.userIds['bayLegal.attorney'];
    const listed = (await admin.users.list()).find((u) => u.id === userId);
    expect(listed).toMatchObject({ secondFactors: 1, mustSetUpFactor: false });
    const version = listed?.version ?? 0;

    await expect(otherAdmin.users.resetFactors({ userId, version })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(attorney.users.resetFactors({ userId, version })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      admin.users.resetFactors({ userId: api.userIds['bayLegal.admin'], version: 1 }),
    ).rejects.toMatchObject({ appCode: 'BAD_INPUT' });
    await expect(admin.users.resetFactors({ userId, version: version + 5 })).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
    });
    expect(await admin.users.resetFactors({ userId, version })).toEqual({
      version: version + 1,
      sessionsEnded: 1,
    });

    await expect(attorney.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await admin.users.list()).find((u) => u.id === userId)).toMatchObject({
      secondFactors: 0,
      mustSetUpFactor: true,
    });
    const rows = await api.database.db
      .selectFrom('mfa_recovery_codes')
      .select('id')
      .where('user_id', '=', userId)
      .execute();
    expect(rows).toEqual([]);
    const audit = await auditOf('users.resetFactors', userId);
    // Refused in the other office: on record in both; the stale attempt in the office; the reset
    // itself with what went.
    expect(
      audit
        .filter((r) => r.outcome === 'denied')
        .map((r) => [r.actor_id, r.office_id, JSON.parse(r.detail).reason]),
    ).toEqual([
      [api.userIds['alameda.admin'], api.officeIds.alameda, undefined],
      [api.userIds['alameda.admin'], api.officeIds.bayLegal, undefined],
      [api.userIds['bayLegal.admin'], api.officeIds.bayLegal, 'version_conflict'],
    ]);
    expect(audit.filter((r) => r.outcome === 'ok').map((r) => JSON.parse(r.detail))).toEqual([
      { authenticatorApps: 1, passkeys: 0, recoveryCodes: 10, sessionsEnded: 1 },
    ]);

    // The office does not require factors, but the reset person sets one up at their next sign-in,
    // and is told why: the reset, not a rule of the office that does not exist.
    expect((await admin.offices.signInSettings()).mfaRequired).toBe(false);
    const back = await signedIn('attorney@baylegal.test');
    expect(await back.auth.me()).toMatchObject({ enrolmentOnly: true });
    const refused = await back.users.listColleagues().catch((error: Error) => error);
    expect(refused).toMatchObject({
      appCode: 'MFA_ENROLMENT_REQUIRED',
      message:
        'An administrator of your office reset your second factor: set up a new one (an authenticator app or a passkey) before you continue.',
    });
    expect(String((refused as Error).message)).not.toContain('Your office requires');
    expect(await back.auth.mfa.status()).toMatchObject({
      officeRequiresFactor: false,
      mustSetUpFactor: true,
      setUpBecause: 'reset',
    });
    await enrolTotp(back);
    expect((await admin.users.list()).find((u) => u.id === userId)).toMatchObject({ mustSetUpFactor: false });
  });

  it('counts wrong codes like wrong passwords: they lock the account, and the address pays for each', async () => {
    const setup = await signedIn('intake@alameda.test');
    const { secret } = await enrolTotp(setup);
    nextStep();
    const ip = '10.77.0.9';
    const step = await passwordStep('intake@alameda.test', ip);
    const token = challengeOf(step.answer);
    const hitsOf = async () =>
      Number(
        (
          await api.database.db
            .selectFrom('rate_limits')
            .select((eb) => eb.fn.sum<number>('hits').as('hits'))
            .where('key', '=', ip)
            .executeTakeFirst()
        )?.hits ?? 0,
      );
    // The right password took its address claim back.
    expect(await hitsOf()).toBe(0);
    for (let i = 0; i < 3; i++)
      await expect(
        createCaller(api.context({ ip })).auth.signInSecondFactor({
          challengeToken: token,
          method: 'totp',
          code: String(100000 + i),
        }),
      ).rejects.toMatchObject({ appCode: 'BAD_SECOND_FACTOR' });
    expect(await hitsOf()).toBe(3);
    // Wrong codes are counted on the account itself, whatever the network (wrong passwords typed by
    // others are counted per network): the same step carried to another network has two tries left,
    // and a wrong recovery code after a wrong code there locks the account on every network.
    const elsewhere = '10.77.0.11';
    await expect(
      createCaller(api.context({ ip: elsewhere })).auth.signInSecondFactor({
        challengeToken: token,
        method: 'totp',
        code: '100009',
      }),
    ).rejects.toMatchObject({ appCode: 'BAD_SECOND_FACTOR' });
    await expect(
      createCaller(api.context({ ip: elsewhere })).auth.signInSecondFactor({
        challengeToken: token,
        method: 'recovery',
        code: 'AAAAA-BBBBB',
      }),
    ).rejects.toMatchObject({ appCode: 'BAD_SECOND_FACTOR' });
    // Locked: the right code, and any try after, is refused in the same words as every wrong code
    // (it used to say the sign-in took longer than 5 minutes, a minute after it began), and on record
    // under the person, in their office (it used to name no one).
    const nobodys = () =>
      api.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'auth.signInSecondFactor')
        .where('office_id', 'is', null)
        .execute();
    const nobodysBefore = (await nobodys()).length;
    for (const code of [codeAt(secret, api.clock.now()), '123456'])
      await expect(
        createCaller(api.context({ ip })).auth.signInSecondFactor({
          challengeToken: token,
          method: 'totp',
          code,
        }),
      ).rejects.toMatchObject({ appCode: 'BAD_SECOND_FACTOR', message: SECOND_FACTOR_REFUSED_MESSAGE });
    // Wrong codes lock the account on every network, not only the one they came from.
    await expect(passwordStep('intake@alameda.test', '10.77.0.10')).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
      message: SIGN_IN_REFUSED_MESSAGE,
    });
    const audit = await auditOf('auth.signInSecondFactor', api.userIds['alameda.intake']);
    expect(
      audit.slice(-6).map((r) => [r.outcome, JSON.parse(r.detail).reason, JSON.parse(r.detail).locked]),
    ).toEqual([
      ['failed', 'wrong_code', false],
      ['failed', 'wrong_code', false],
      ['failed', 'wrong_code', false],
      ['failed', 'wrong_code', true],
      ['denied', 'locked', true],
      ['denied', 'locked', true],
    ]);
    expect(audit.slice(-2).map((r) => [r.actor_id, r.office_id])).toEqual([
      [api.userIds['alameda.intake'], api.officeIds.alameda],
      [api.userIds['alameda.intake'], api.officeIds.alameda],
    ]);
    expect((await nobodys()).length).toBe(nobodysBefore);
    expect(await hitsOf()).toBe(5);
    // An administrator's unlock opens it again, but not the step the lock stopped: the password is
    // asked again.
    const admin = await signedIn('admin@alameda.test');
    const intake = (await admin.users.list()).find((u) => u.id === api.userIds['alameda.intake']);
    await admin.users.unlock({ userId: api.userIds['alameda.intake'], version: intake?.version ?? 0 });
    nextStep();
    await expect(
      createCaller(api.context({ ip })).auth.signInSecondFactor({
        challengeToken: token,
        method: 'totp',
        code: codeAt(secret, api.clock.now()),
      }),
    ).rejects.toMatchObject({ appCode: 'SIGN_IN_EXPIRED' });
    expect((await passwordStep('intake@alameda.test', '10.77.0.10')).answer.status).toBe('second_factor');
  });

  it('ends a step the lock stopped once it runs out: the password is asked again, as the lock opens later', async () => {
    const setup = await signedIn('supervisor@baylegal.test');
    const { secret } = await enrolTotp(setup);
    nextStep();
    const ip = '10.78.0.9';
    const token = challengeOf((await passwordStep('supervisor@baylegal.test', ip)).answer);
    for (let i = 0; i < 4; i++)
      await createCaller(api.context({ ip }))
        .auth.signInSecondFactor({ challengeToken: token, method: 'totp', code: String(200000 + i) })
        .catch(() => {});
    api.clock.advanceMinutes(6);
    // Past the step's 5 minutes, within the lock's 15: what the person is told is true now.
    await expect(
      createCaller(api.context({ ip })).auth.signInSecondFactor({
        challengeToken: token,
        method: 'totp',
        code: codeAt(secret, api.clock.now()),
      }),
    ).rejects.toMatchObject({ appCode: 'SIGN_IN_EXPIRED' });
  });

  it('tells the web app when the session ends idle without using it, and "stay signed in" starts it again', async () => {
    const plain = api.context({ sessionIdleMinutes: 4 });
    await createCaller(plain).auth.signIn({ email: 'admin@alameda.test', password: TEST_PASSWORD });
    const caller = createCaller(api.context({ sessionToken: plain.cookieJar.token }));
    const start = api.clock.now().getTime();
    expect(await caller.auth.sessionStatus()).toEqual({
      signedIn: true,
      idleMinutes: 4,
      idleExpiresAt: new Date(start + 4 * 60_000).toISOString(),
      expiresAt: new Date(start + 12 * 3_600_000).toISOString(),
      warnSeconds: 120,
      now: new Date(start).toISOString(),
    });
    // Asking, and the delivery banner's poll, do not keep it alive.
    api.clock.advanceMinutes(3);
    await caller.auth.sessionStatus();
    await caller.messages.deliveryStatus();
    expect(await caller.auth.sessionStatus()).toMatchObject({
      signedIn: true,
      idleExpiresAt: new Date(start + 4 * 60_000).toISOString(),
    });
    const stayed = await caller.auth.stayActive();
    expect(stayed.idleExpiresAt).toBe(new Date(start + 7 * 60_000).toISOString());
    api.clock.advanceMinutes(4);
    expect(await caller.auth.sessionStatus()).toEqual({ signedIn: false });
    await expect(caller.auth.me()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      appCode: 'UNAUTHENTICATED',
    });
  });
});
