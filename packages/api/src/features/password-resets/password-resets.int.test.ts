// Password links, through the router on both databases: an administrator sends a person of their
// office a link (read from the e-mail the outbox carries); the old password works until the new one is
// chosen; choosing it uses the link up, ends every session, leaves the second factor as it was and
// lifts the lock failed sign-ins set. Sent again, the earlier link stops working; it runs out after an hour. Other roles,
// other offices, one's own account, a stale page and a disabled account are refused.
import { testDialects } from '@relief-desk/db/testing';
import { STAFF_ACCESS_RULES } from '@relief-desk/domain';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness, TEST_PASSWORD } from '../../testing.ts';

const ORIGIN = 'https://desk.example.org';
const NEW_PASSWORD = 'a heron over the marsh';
const UNUSABLE =
  'This link does not work: it was used already, it ran out, or a newer one was sent. Ask an administrator of your office to send you a new one.';

describe.each(testDialects())('password links (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  /** A caller signed in as an office's administrator, on a server that knows its public address. */
  const adminOf = async (office: 'alameda' | 'bayLegal') => {
    const ctx = api.context({ publicOrigin: ORIGIN, ip: '10.60.0.1' });
    await createCaller(ctx).auth.signIn({
      email: `admin@${office.toLowerCase()}.test`,
      password: TEST_PASSWORD,
    });
    return createCaller(api.context({ sessionToken: ctx.cookieJar.token, publicOrigin: ORIGIN }));
  };
  const anonymous = () => createCaller(api.context({ ip: '10.60.0.2' }));
  const signIn = (email: string, password: string) =>
    createCaller(api.context({ ip: '10.60.0.3' })).auth.signIn({ email, password });
  const versionOf = async (userId: string) =>
    (
      await api.database.db
        .selectFrom('users')
        .select('version')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
    ).version;
  /** The newest password e-mail to an address: its outbox row and the token in its link. */
  const resetMail = async (email: string) => {
    const row = await api.database.db
      .selectFrom('staff_notices')
      .innerJoin('outbox', 'outbox.staff_notice_id', 'staff_notices.id')
      .select(['staff_notices.subject', 'staff_notices.body', 'outbox.state'])
      .where('staff_notices.recipient', '=', email)
      .where('staff_notices.kind', '=', 'password_reset')
      .orderBy('staff_notices.created_at', 'desc')
      .orderBy('staff_notices.id', 'desc')
      .executeTakeFirstOrThrow();
    const token = /\/password-reset#([A-Za-z0-9_-]{43})/.exec(row.body)?.[1] ?? '';
    return { ...row, token };
  };
  const auditOf = (action: string, userId: string) =>
    api.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'office_id', 'outcome', 'detail'])
      .where('action', '=', action)
      .where('entity_id', '=', userId)
      .orderBy('seq')
      .execute();

  it('sends a link; the old password works until the new one is chosen, which ends every session', async () => {
    const userId = api.userIds['alameda.intake'];
    const admin = await adminOf('alameda');
    const session = await api.signedIn('alameda.intake');
    const version = await versionOf(userId);
    const sent = await admin.users.sendPasswordReset({ userId, version });
    expect(Date.parse(sent.expiresAt) - api.clock.now().getTime()).toBe(
      STAFF_ACCESS_RULES.passwordResetMinutes * 60_000,
    );
    // Sending changes no column of the account: its version stays.
    expect(await versionOf(userId)).toBe(version);
    const mail = await resetMail('intake@alameda.test');
    expect(mail).toMatchObject({ subject: 'Choose a new Relief Desk password', state: 'pending' });
    expect(mail.body).toContain(`${ORIGIN}/password-reset#`);
    expect(mail.body).toContain('Admin of Alameda County Public Defender, an administrator at');
    expect(mail.body).toContain('Your password keeps working until you choose a new one.');
    const stored = await api.database.db.selectFrom('password_reset_links').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(mail.token);
    expect(stored).toMatchObject([
      { user_id: userId, office_id: api.officeIds.alameda, sent_by: api.userIds['alameda.admin'] },
    ]);

    await expect(signIn('intake@alameda.test', TEST_PASSWORD)).resolves.toMatchObject({
      status: 'signed_in',
    });
    await expect(session.auth.me()).resolves.toMatchObject({ id: userId });
    await expect(anonymous().passwordResets.details({ token: mail.token })).resolves.toEqual({
      state: 'open',
      email: 'intake@alameda.test',
      officeName: 'Alameda County Public Defender',
      expiresAt: sent.expiresAt,
    });
    await expect(
      anonymous().passwordResets.setPassword({ token: mail.token, password: 'password1234' }),
    ).rejects.toThrow(/common passwords/);
    await expect(
      anonymous().passwordResets.setPassword({ token: mail.token, password: NEW_PASSWORD }),
    ).resolves.toEqual({ email: 'intake@alameda.test' });

    await expect(session.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const left = await api.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', userId)
      .execute();
    expect(left).toEqual([]);
    await expect(signIn('intake@alameda.test', TEST_PASSWORD)).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
    });
    await expect(signIn('intake@alameda.test', NEW_PASSWORD)).resolves.toMatchObject({ status: 'signed_in' });
    expect(await versionOf(userId)).toBe(version + 1);

    // Once.
    await expect(
      anonymous().passwordResets.setPassword({ token: mail.token, password: 'a second heron entirely' }),
    ).rejects.toThrow(UNUSABLE);
    await expect(anonymous().passwordResets.details({ token: mail.token })).resolves.toEqual({
      state: 'unusable',
      message: UNUSABLE,
    });
    await expect(signIn('intake@alameda.test', NEW_PASSWORD)).resolves.toMatchObject({ status: 'signed_in' });

    expect(
      (await auditOf('users.sendPasswordReset', userId)).map((r) => [r.actor_id, r.office_id, r.outcome]),
    ).toEqual([[api.userIds['alameda.admin'], api.officeIds.alameda, 'ok']]);
    expect(
      (await auditOf('passwordResets.setPassword', userId)).map((r) => `${r.outcome} ${r.detail}`),
    ).toEqual(['ok {"sessionsEnded":2,"unlocked":false}', 'denied {"reason":"used"}']);
    const told = await api.database.db
      .selectFrom('staff_notices')
      .select('body')
      .where('recipient', '=', 'intake@alameda.test')
      .where('kind', '=', 'password_changed')
      .execute();
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toContain('with the link an administrator sent you');
  });

  it('ends the earlier link when sent again; a link runs out after an hour', async () => {
    const userId = api.userIds['alameda.attorney'];
    const admin = await adminOf('alameda');
    await admin.users.sendPasswordReset({ userId, version: await versionOf(userId) });
    const first = await resetMail('attorney@alameda.test');
    await admin.users.sendPasswordReset({ userId, version: await versionOf(userId) });
    const second = await resetMail('attorney@alameda.test');
    expect(second.token).not.toBe(first.token);
    await expect(
      anonymous().passwordResets.setPassword({ token: first.token, password: NEW_PASSWORD }),
    ).rejects.toThrow(UNUSABLE);
    expect(JSON.parse((await auditOf('users.sendPasswordReset', userId)).at(-1)?.detail ?? '{}')).toEqual({
      linksReplaced: 1,
    });
    api.clock.advanceMinutes(STAFF_ACCESS_RULES.passwordResetMinutes + 1);
    await expect(anonymous().passwordResets.details({ token: second.token })).resolves.toMatchObject({
      state: 'unusable',
    });
    await expect(
      anonymous().passwordResets.setPassword({ token: second.token, password: NEW_PASSWORD }),
    ).rejects.toThrow(UNUSABLE);
    await expect(signIn('attorney@alameda.test', TEST_PASSWORD)).resolves.toMatchObject({
      status: 'signed_in',
    });
  });

  it('sets one password when two tabs use the link at once', async () => {
    const userId = api.userIds['bayLegal.intake'];
    const admin = await adminOf('bayLegal');
    await admin.users.sendPasswordReset({ userId, version: await versionOf(userId) });
    const { token } = await resetMail('intake@baylegal.test');
    const results = await Promise.allSettled(
      ['a heron over the marsh one', 'a heron over the marsh two'].map((password) =>
        anonymous().passwordResets.setPassword({ token, password }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const ok = (await auditOf('passwordResets.setPassword', userId)).filter((r) => r.outcome === 'ok');
    expect(ok).toHaveLength(1);
  });

  it('does not get past the second factor; the new password ends the lock the old one set', async () => {
    const email = 'supervisor@baylegal.test';
    const userId = api.userIds['bayLegal.supervisor'];
    // The supervisor sets up an authenticator app.
    const ctx = api.context({ ip: '10.60.0.4' });
    await createCaller(ctx).auth.signIn({ email, password: TEST_PASSWORD });
    const supervisor = createCaller(api.context({ sessionToken: ctx.cookieJar.token }));
    const started = await supervisor.auth.mfa.startTotp();
    const code = new TOTP({
      secret: Secret.fromBase32(started.secret),
      digits: 6,
      period: 30,
      algorithm: 'SHA1',
    });
    await supervisor.auth.mfa.confirmTotp({ code: code.generate({ timestamp: api.clock.now().getTime() }) });
    // Locked by five wrong passwords.
    for (let i = 0; i < 5; i++) await signIn(email, 'not the password').catch(() => {});

    const admin = await adminOf('bayLegal');
    await admin.users.sendPasswordReset({ userId, version: await versionOf(userId) });
    const { token } = await resetMail(email);
    await anonymous().passwordResets.setPassword({ token, password: NEW_PASSWORD });
    // Unlocked at once (no waiting for the lock to run out), and on record as such; the new password
    // is the first step only: the second factor is still asked for.
    await expect(signIn(email, NEW_PASSWORD)).resolves.toMatchObject({ status: 'second_factor' });
    expect((await auditOf('passwordResets.setPassword', userId)).map((r) => JSON.parse(r.detail))).toEqual([
      { sessionsEnded: 1, unlocked: true },
    ]);
    // The lock's count starts again: five more wrong passwords lock the address again.
    for (let i = 0; i < 5; i++) await signIn(email, 'not the password').catch(() => {});
    await expect(signIn(email, NEW_PASSWORD)).rejects.toMatchObject({ appCode: 'BAD_CREDENTIALS' });
  });

  it('refuses other roles, other offices, one’s own account, a stale page and a disabled account', async () => {
    const userId = api.userIds['alameda.supervisor'];
    const version = await versionOf(userId);
    const mailsBefore = await api.database.db
      .selectFrom('staff_notices')
      .select('id')
      .where('kind', '=', 'password_reset')
      .orderBy('id')
      .execute();
    // (Alameda's intake user chose a new password above.)
    for (const [role, password] of [
      ['intake', NEW_PASSWORD],
      ['attorney', TEST_PASSWORD],
      ['supervisor', TEST_PASSWORD],
    ] as const) {
      const ctx = api.context({ ip: '10.60.0.5' });
      await createCaller(ctx).auth.signIn({ email: `${role}@alameda.test`, password });
      const caller = createCaller(api.context({ sessionToken: ctx.cookieJar.token }));
      await expect(caller.users.sendPasswordReset({ userId, version })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    const other = await adminOf('bayLegal');
    await expect(other.users.sendPasswordReset({ userId, version })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const admin = await adminOf('alameda');
    const adminId = api.userIds['alameda.admin'];
    await expect(
      admin.users.sendPasswordReset({ userId: adminId, version: await versionOf(adminId) }),
    ).rejects.toThrow(
      'Change your own password on your account page (Sign-in security), with your current one. Forgot it? Ask another administrator to send you a link.',
    );
    await expect(admin.users.sendPasswordReset({ userId, version: version + 7 })).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
    });
    await admin.users.setActive({ userId, version, active: false });
    await expect(admin.users.sendPasswordReset({ userId, version: version + 1 })).rejects.toThrow(
      'Supervisor of Alameda County Public Defender’s account is disabled.',
    );
    const mailsAfter = await api.database.db
      .selectFrom('staff_notices')
      .select('id')
      .where('kind', '=', 'password_reset')
      .orderBy('id')
      .execute();
    expect(mailsAfter).toEqual(mailsBefore);
    // The other office's attempt is on record in both offices.
    const refusals = (await auditOf('users.sendPasswordReset', userId)).filter((r) => r.outcome === 'denied');
    // (In either order: rows put on record get their place in the log when the journal is chained.)
    expect(
      refusals
        .filter((r) => r.actor_id === api.userIds['bayLegal.admin'])
        .map((r) => r.office_id)
        .sort(),
    ).toEqual([api.officeIds.bayLegal, api.officeIds.alameda].sort());
  });

  it('refuses a link whose account was disabled after it was sent', async () => {
    const userId = api.userIds['bayLegal.attorney'];
    const admin = await adminOf('bayLegal');
    const version = await versionOf(userId);
    await admin.users.sendPasswordReset({ userId, version });
    const { token } = await resetMail('attorney@baylegal.test');
    await admin.users.setActive({ userId, version, active: false });
    const matchingNone = () =>
      api.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'passwordResets.setPassword')
        .where('entity_type', '=', 'request')
        .where('detail', '=', JSON.stringify({ reason: 'unknown' }))
        .execute();
    const before = (await matchingNone()).length;
    await expect(anonymous().passwordResets.details({ token })).resolves.toMatchObject({ state: 'unusable' });
    await expect(anonymous().passwordResets.setPassword({ token, password: NEW_PASSWORD })).rejects.toThrow(
      UNUSABLE,
    );
    // Disabling voided the link: it matches none now, and is refused (on record) as such.
    expect(await auditOf('passwordResets.setPassword', userId)).toEqual([]);
    expect((await matchingNone()).length).toBe(before + 1);
  });

  // Disabling an account is how an office shuts someone out at once (a colleague who left, a
  // compromised mailbox): a link sent before must not open it again once it is enabled.
  it('a password link or a sign-in link sent before the account was disabled stays dead after it is enabled again', async () => {
    const userId = api.userIds['alameda.attorney'];
    const email = 'attorney@alameda.test';
    const admin = await adminOf('alameda');
    await admin.users.sendPasswordReset({ userId, version: await versionOf(userId) });
    const password = await resetMail(email);
    // A sign-in link goes only to a locked account: five wrong passwords lock it.
    for (let i = 0; i < 5; i++) await signIn(email, 'not the password').catch(() => {});
    await createCaller(api.context({ ip: '10.60.0.4', publicOrigin: ORIGIN })).auth.requestSignInLink({
      email,
    });
    const signInMail = await api.database.db
      .selectFrom('staff_notices')
      .innerJoin('outbox', 'outbox.staff_notice_id', 'staff_notices.id')
      .select(['staff_notices.body', 'outbox.state'])
      .where('staff_notices.recipient', '=', email)
      .where('staff_notices.kind', '=', 'sign_in_link')
      .executeTakeFirstOrThrow();
    const signInToken = /\/sign-in\/link#([A-Za-z0-9_-]{43})/.exec(signInMail.body)?.[1] ?? '';
    expect(signInToken).not.toBe('');

    const version = await versionOf(userId);
    await admin.users.setActive({ userId, version, active: false });
    await admin.users.setActive({ userId, version: version + 1, active: true });

    await expect(anonymous().passwordResets.details({ token: password.token })).resolves.toMatchObject({
      state: 'unusable',
    });
    await expect(
      anonymous().passwordResets.setPassword({ token: password.token, password: NEW_PASSWORD }),
    ).rejects.toThrow(UNUSABLE);
    await expect(anonymous().auth.useSignInLink({ token: signInToken })).rejects.toMatchObject({
      appCode: 'SIGN_IN_EXPIRED',
    });
    // The e-mails still waiting in the outbox went no further, and keep no link.
    const waiting = await api.database.db
      .selectFrom('staff_notices')
      .innerJoin('outbox', 'outbox.staff_notice_id', 'staff_notices.id')
      .select(['staff_notices.kind', 'staff_notices.body', 'outbox.state'])
      .where('staff_notices.user_id', '=', userId)
      .where('staff_notices.kind', 'in', ['password_reset', 'sign_in_link'])
      .execute();
    expect(waiting.map((w) => w.state)).not.toContain('pending');
    expect(waiting.some((w) => w.body.includes(password.token) || w.body.includes(signInToken))).toBe(false);
    // The disabling's row says what it ended.
    const [disabled] = await auditOf('users.setActive', userId);
    expect(JSON.parse(disabled?.detail ?? '{}')).toMatchObject({ from: true, to: false, linksEnded: 2 });
    // The lock is the administrator's to lift: the old password works once it is.
    await admin.users.unlock({ userId, version: version + 2 });
    await expect(signIn(email, TEST_PASSWORD)).resolves.toMatchObject({ status: 'signed_in' });
  });
});
