// E-mail to staff through the outbox, against a real SMTP server on loopback, on both databases: the
// notice that one's second factors were reset, and a locked account's owner getting back in with a
// one-time link read from the e-mail that arrived. Staff notices never count as client messages, name
// no client, and keep no working link once sent.
import { createHmac } from 'node:crypto';
import type { ApiHarness } from '@relief-desk/api/testing';
import { createApiHarness, TEST_PASSWORD } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { SIGN_IN_LINK_SENT_MESSAGE } from '@relief-desk/domain';
import { createEmailSender } from '@relief-desk/notify';
import { startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../../../packages/api/src/router.ts';
import { workerFor } from '../test-support/outbox-worker.ts';

const ORIGIN = 'https://desk.example.org';

describe.each(testDialects())('staff notices through the outbox (%s)', (dialect) => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  let email: ReturnType<typeof createEmailSender>;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    smtp = await startSmtpServer();
    email = createEmailSender({ smtpUrl: smtp.url, from: 'Relief Desk <desk@example.org>', timeoutMs: 3000 });
  });
  afterAll(async () => {
    email.close();
    await smtp.close();
    await api.destroy();
  });

  const deliver = () =>
    workerFor(api, {
      senders: { email, sms: null },
    }).runOnce();
  const mailTo = (address: string) =>
    smtp.received.filter((r) => r.mail.to && JSON.stringify(r.mail.to).includes(address));
  const anonymous = (ip = '10.40.0.1') => createCaller(api.context({ ip, publicOrigin: ORIGIN }));
  /** The authenticator app's code now (RFC 6238: SHA-1, 30 seconds, 6 digits), as a phone computes it. */
  const codeAt = (secret: string) => {
    const bits = [...secret.replace(/=+$/, '')]
      .map((c) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(c).toString(2).padStart(5, '0'))
      .join('');
    const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => Number.parseInt(b, 2)));
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(Math.floor(api.clock.now().getTime() / 30_000)));
    const mac = createHmac('sha1', key).update(counter).digest();
    const offset = (mac.at(-1) ?? 0) & 0xf;
    return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
  };
  const lock = async (address: string) => {
    for (let i = 0; i < 5; i++)
      await anonymous('10.40.9.9')
        .auth.signIn({ email: address, password: 'wrong wrong wrong' })
        .catch(() => undefined);
  };
  const isLocked = async (userId: string) => {
    const admin = await api.signedIn('alameda.admin');
    return (await admin.users.list()).find((u) => u.id === userId)?.locked;
  };

  it('tells a person by e-mail that their factors were reset; clients’ delivery counts do not include it', async () => {
    const admin = await api.signedIn('alameda.admin');
    const intake = (await admin.users.list()).find((u) => u.id === api.userIds['alameda.intake']);
    await admin.users.resetFactors({ userId: intake?.id ?? '', version: intake?.version ?? 0 });
    // Waiting in the outbox, but not one of the clients' messages.
    expect((await admin.messages.deliveryStatus()).email.waiting).toBe(0);
    const pass = await deliver();
    expect(pass.results).toEqual(['sent']);
    const [mail] = mailTo('intake@alameda.test');
    expect(mail?.mail.subject).toBe('Your Relief Desk sign-in factors were reset');
    expect(mail?.mail.text).toContain(
      'Admin of Alameda County Public Defender, an administrator at Alameda County Public Defender, reset your second factors',
    );
    const row = await api.database.db
      .selectFrom('outbox')
      .select(['state', 'matter_id', 'message_id'])
      .where('staff_notice_id', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'sent', matter_id: null, message_id: null });
    expect(await admin.messages.deliveryProblems()).toEqual([]);
  });

  it('lets a locked owner with an authenticator app in with the e-mailed link and a code, once', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const started = await attorney.auth.mfa.startTotp();
    await attorney.auth.mfa.confirmTotp({ code: codeAt(started.secret) });
    api.clock.advanceMinutes(0.5);
    await lock('attorney@alameda.test');
    expect(await isLocked(api.userIds['alameda.attorney'])).toBe(true);

    expect(await anonymous().auth.requestSignInLink({ email: 'attorney@alameda.test' })).toEqual({
      message: SIGN_IN_LINK_SENT_MESSAGE,
    });
    await deliver();
    const mail = mailTo('attorney@alameda.test').at(-1);
    expect(mail?.mail.subject).toBe('Your Relief Desk sign-in link');
    const token =
      new RegExp(`${ORIGIN}/sign-in/link#([A-Za-z0-9_-]{43})`).exec(mail?.mail.text ?? '')?.[1] ?? '';
    expect(token).toHaveLength(43);
    // Once sent, the stored copy holds no working link.
    const stored = await api.database.db
      .selectFrom('staff_notices')
      .select('body')
      .where('kind', '=', 'sign_in_link')
      .executeTakeFirstOrThrow();
    expect(stored.body).not.toContain(token);
    expect(stored.body).toContain(`${ORIGIN}/sign-in/link#…`);

    const step = await anonymous().auth.useSignInLink({ token });
    expect(step.status).toBe('second_factor');
    if (step.status !== 'second_factor') return;
    // A wrong code ends the link's step: one try per link.
    await expect(
      anonymous().auth.signInSecondFactor({
        challengeToken: step.challengeToken,
        method: 'totp',
        code: '000000',
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anonymous().auth.useSignInLink({ token })).rejects.toThrow(
      /This sign-in link does not work/,
    );

    await anonymous().auth.requestSignInLink({ email: 'attorney@alameda.test' });
    await deliver();
    const second =
      /\/sign-in\/link#([A-Za-z0-9_-]{43})/.exec(
        mailTo('attorney@alameda.test').at(-1)?.mail.text ?? '',
      )?.[1] ?? '';
    const again = await anonymous().auth.useSignInLink({ token: second });
    if (again.status !== 'second_factor') throw new Error('expected the second step');
    const ctx = api.context({ ip: '10.40.0.2' });
    const answer = await createCaller(ctx).auth.signInSecondFactor({
      challengeToken: again.challengeToken,
      method: 'totp',
      code: codeAt(started.secret),
    });
    expect(answer).toMatchObject({ status: 'signed_in', id: api.userIds['alameda.attorney'] });
    expect(ctx.cookieJar.token).not.toBeNull();
    expect(await isLocked(api.userIds['alameda.attorney'])).toBe(false);
  });

  it('answers alike for an unknown address, sends no link to an unlocked account, and limits e-mails per address', async () => {
    const before = smtp.received.length;
    expect(await anonymous().auth.requestSignInLink({ email: 'nobody@alameda.test' })).toEqual({
      message: SIGN_IN_LINK_SENT_MESSAGE,
    });
    await deliver();
    expect(smtp.received).toHaveLength(before);

    await anonymous().auth.requestSignInLink({ email: 'supervisor@alameda.test' });
    await deliver();
    const notLocked = mailTo('supervisor@alameda.test').at(-1);
    expect(notLocked?.mail.subject).toBe('About your Relief Desk sign-in');
    expect(notLocked?.mail.text).toContain('Your account is not locked');
    expect(notLocked?.mail.text).not.toMatch(/https?:\/\//);

    // Three e-mails an hour per address; the fourth request gets the same answer and no e-mail.
    await anonymous().auth.requestSignInLink({ email: 'supervisor@alameda.test' });
    await anonymous().auth.requestSignInLink({ email: 'supervisor@alameda.test' });
    await anonymous().auth.requestSignInLink({ email: 'supervisor@alameda.test' });
    await deliver();
    expect(mailTo('supervisor@alameda.test')).toHaveLength(3);
  });

  it('unlocks, without a second factor, only where the office does not require one', async () => {
    await lock('intake@baylegal.test');
    await anonymous().auth.requestSignInLink({ email: 'intake@baylegal.test' });
    await deliver();
    const token =
      /\/sign-in\/link#([A-Za-z0-9_-]{43})/.exec(
        mailTo('intake@baylegal.test').at(-1)?.mail.text ?? '',
      )?.[1] ?? '';
    expect(await anonymous().auth.useSignInLink({ token })).toEqual({
      status: 'unlocked',
      message: 'Your account is unlocked. Sign in with your e-mail address and password.',
    });
    const ctx = api.context({ ip: '10.40.0.3' });
    await expect(
      createCaller(ctx).auth.signIn({ email: 'intake@baylegal.test', password: TEST_PASSWORD }),
    ).resolves.toMatchObject({
      status: 'signed_in',
    });

    const admin = await api.signedIn('bayLegal.admin');
    const settings = await admin.offices.signInSettings();
    await admin.offices.setMfaRequired({ required: true, version: settings.version });
    await lock('attorney@baylegal.test');
    await anonymous().auth.requestSignInLink({ email: 'attorney@baylegal.test' });
    await deliver();
    const mail = mailTo('attorney@baylegal.test').at(-1);
    expect(mail?.mail.subject).toBe('About your Relief Desk sign-in');
    expect(mail?.mail.text).toContain('Ask an administrator of your office to unlock your account.');
    expect(mail?.mail.text).not.toMatch(/https?:\/\//);
  });
});
