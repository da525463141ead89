// One sign-in's second step, sent several times at once with one token, on both databases: one request
// signs in, whatever the factor; the others are refused as a step that ran out is, use up no recovery
// code and start no session. A passkey's answer is made here as an authenticator would (a P-256 key,
// its COSE public key stored as the browser would have added it), so its replay and a cloned passkey's
// counter can be raced too.
import { createHash, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { testDialects } from '@relief-desk/db/testing';
import { SIGN_IN_CANNOT_FINISH_MESSAGE } from '@relief-desk/domain';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../../router.ts';
import { type ApiHarness, createApiHarness, TEST_PASSWORD } from '../../../testing.ts';
import { accountKey, signInKey } from '../throttle.ts';

const ORIGIN = 'https://desk.example.org';
const RP_ID = 'desk.example.org';
const b64url = (bytes: Buffer | Uint8Array) => Buffer.from(bytes).toString('base64url');

/** A passkey: its key pair and the COSE public key the server keeps. */
function newAuthenticator() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  const y = Buffer.from(jwk.y ?? '', 'base64url');
  // CBOR map {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}.
  const cose = Buffer.concat([
    Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]),
    x,
    Buffer.from([0x22, 0x58, 0x20]),
    y,
  ]);
  return {
    privateKey,
    publicKey: b64url(cose),
    credentialId: b64url(createHash('sha256').update(cose).digest()),
  };
}

/** What the browser answers for this challenge, signed with the passkey at this counter. */
function assertion(key: { privateKey: KeyObject; credentialId: string }, challenge: string, counter: number) {
  const clientData = Buffer.from(
    JSON.stringify({ type: 'webauthn.get', challenge, origin: ORIGIN, crossOrigin: false }),
  );
  const counterBytes = Buffer.alloc(4);
  counterBytes.writeUInt32BE(counter);
  const authData = Buffer.concat([
    createHash('sha256').update(RP_ID).digest(),
    Buffer.from([0x05]), // user present, user verified
    counterBytes,
  ]);
  const signature = createSign('sha256')
    .update(Buffer.concat([authData, createHash('sha256').update(clientData).digest()]))
    .sign(key.privateKey);
  return {
    id: key.credentialId,
    rawId: key.credentialId,
    type: 'public-key' as const,
    clientExtensionResults: {},
    response: {
      clientDataJSON: b64url(clientData),
      authenticatorData: b64url(authData),
      signature: b64url(signature),
    },
  };
}

describe.each(testDialects())('one second step used at once (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const context = (ip: string) => api.context({ ip, webOrigin: ORIGIN, publicOrigin: ORIGIN });
  const codeNow = (secret: string) =>
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
      timestamp: api.clock.now().getTime(),
    });
  const challengeOf = async (email: string, ip: string) => {
    const answer = await createCaller(context(ip)).auth.signIn({ email, password: TEST_PASSWORD });
    if (answer.status !== 'second_factor') throw new Error(`expected a second step, got ${answer.status}`);
    return answer.challengeToken;
  };
  /** An authenticator app set up for the person; their ten recovery codes. */
  const recoveryCodesOf = async (user: 'alameda.intake' | 'alameda.attorney') => {
    const caller = await api.signedIn(user);
    const { secret } = await caller.auth.mfa.startTotp();
    const confirmed = await caller.auth.mfa.confirmTotp({ code: codeNow(secret) });
    return confirmed.recoveryCodes ?? [];
  };
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
  const unusedCodes = async (userId: string) =>
    Number(
      (
        await api.database.db
          .selectFrom('mfa_recovery_codes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', userId)
          .where('used_at', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const secondStepAudit = async (userId: string) =>
    (
      await api.database.db
        .selectFrom('audit_log')
        .select(['outcome', 'detail'])
        .where('action', '=', 'auth.signInSecondFactor')
        .where('entity_id', '=', userId)
        .orderBy('seq')
        .execute()
    ).map((r) => [r.outcome, JSON.parse(r.detail)]);
  /**
   * Refusals on record as a step no longer in progress: the person's, when the request read the step
   * before another took it, and no one's, when it was gone already.
   */
  const stepGoneRows = async () =>
    (
      await api.database.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'auth.signInSecondFactor')
        .where('outcome', '=', 'denied')
        .execute()
    ).filter((r) => JSON.parse(r.detail).reason === 'no_sign_in_in_progress').length;
  /** Fulfilled answers, and the rest's refusals, each as its code and message. */
  const settle = async <T>(attempts: Promise<T>[]) => {
    const results = await Promise.allSettled(attempts);
    const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) =>
      r.status === 'rejected' ? [{ appCode: r.reason?.appCode, message: r.reason?.message }] : [],
    );
    return { ok, refused };
  };
  // The step is gone, used by the copy that won: it can no longer finish (it did not take too long).
  const EXPIRED = { appCode: 'SIGN_IN_EXPIRED', message: SIGN_IN_CANNOT_FINISH_MESSAGE };

  it('recovery codes: one of four sent at once with one token signs in; the others use up no code', async () => {
    // Four, not more: each attempt counts against the account until a success, and the fifth would lock it.
    const userId = api.userIds['alameda.intake'];
    const codes = await recoveryCodesOf('alameda.intake');
    const sessionsBefore = await sessionsOf(userId);
    const goneBefore = await stepGoneRows();
    const token = await challengeOf('intake@alameda.test', '10.70.0.1');
    const { ok, refused } = await settle(
      codes.slice(0, 4).map((code, i) =>
        createCaller(context(`10.70.1.${i}`)).auth.signInSecondFactor({
          challengeToken: token,
          method: 'recovery',
          code,
        }),
      ),
    );
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ status: 'signed_in', recoveryCodesLeft: 9 });
    expect(refused).toEqual([EXPIRED, EXPIRED, EXPIRED]);
    expect(await sessionsOf(userId)).toBe(sessionsBefore + 1);
    expect(await unusedCodes(userId)).toBe(9);
    const audit = await secondStepAudit(userId);
    expect(audit.filter(([outcome]) => outcome === 'ok')).toEqual([['ok', { method: 'recovery' }]]);
    expect(audit.filter(([outcome]) => outcome !== 'ok')).toEqual(
      audit
        .filter(([outcome]) => outcome !== 'ok')
        .map(() => ['denied', { method: 'recovery', reason: 'no_sign_in_in_progress' }]),
    );
    expect((await stepGoneRows()) - goneBefore).toBe(3);
    // The step is used up: sent again, it is refused too, and still uses up no code.
    await expect(
      createCaller(context('10.70.2.1')).auth.signInSecondFactor({
        challengeToken: token,
        method: 'recovery',
        code: codes[5] ?? '',
      }),
    ).rejects.toMatchObject(EXPIRED);
    expect(await unusedCodes(userId)).toBe(9);
  });

  it('after a sign-in link: one of eight recovery codes sent at once with its token signs in', async () => {
    const userId = api.userIds['alameda.attorney'];
    const codes = await recoveryCodesOf('alameda.attorney');
    for (let i = 0; i < 5; i++)
      await createCaller(context('10.71.9.9'))
        .auth.signIn({ email: 'attorney@alameda.test', password: 'not the password' })
        .catch(() => {});
    await createCaller(context('10.71.0.1')).auth.requestSignInLink({ email: 'attorney@alameda.test' });
    const notice = await api.database.db
      .selectFrom('staff_notices')
      .select('body')
      .where('recipient', '=', 'attorney@alameda.test')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const linkToken = /\/sign-in\/link#([A-Za-z0-9_-]{43})/.exec(notice.body)?.[1] ?? '';
    const opened = await createCaller(context('10.71.0.2')).auth.useSignInLink({ token: linkToken });
    if (opened.status !== 'second_factor') throw new Error(`expected a second step, got ${opened.status}`);
    const sessionsBefore = await sessionsOf(userId);
    const goneBefore = await stepGoneRows();
    const { ok, refused } = await settle(
      codes.slice(0, 8).map((code, i) =>
        createCaller(context(`10.71.1.${i}`)).auth.signInSecondFactor({
          challengeToken: opened.challengeToken,
          method: 'recovery',
          code,
        }),
      ),
    );
    expect(ok).toHaveLength(1);
    expect(refused).toEqual(Array(7).fill(EXPIRED));
    expect(await sessionsOf(userId)).toBe(sessionsBefore + 1);
    expect(await unusedCodes(userId)).toBe(9);
    const audit = await secondStepAudit(userId);
    expect(audit.filter(([outcome]) => outcome === 'ok')).toEqual([
      ['ok', { method: 'recovery', viaSignInLink: true, unlocked: true }],
    ]);
    expect(audit.filter(([outcome]) => outcome !== 'ok')).toEqual(
      audit
        .filter(([outcome]) => outcome !== 'ok')
        .map(() => ['denied', { method: 'recovery', reason: 'no_sign_in_in_progress' }]),
    );
    expect((await stepGoneRows()) - goneBefore).toBe(7);
  });

  it('more copies of one step at once than attempts allowed: at most one signs in, and the account is not locked', async () => {
    const email = 'admin@alameda.test';
    const userId = api.userIds['alameda.admin'];
    const admin = await api.signedIn('alameda.admin');
    const { secret } = await admin.auth.mfa.startTotp();
    const codes = (await admin.auth.mfa.confirmTotp({ code: codeNow(secret) })).recoveryCodes ?? [];
    const sessionsBefore = await sessionsOf(userId);
    const token = await challengeOf(email, '10.72.0.1');
    const { ok } = await settle(
      codes.slice(0, 8).map((code, i) =>
        createCaller(context(`10.72.1.${i}`)).auth.signInSecondFactor({
          challengeToken: token,
          method: 'recovery',
          code,
        }),
      ),
    );
    expect(ok.length).toBeLessThanOrEqual(1);
    expect(await sessionsOf(userId)).toBe(sessionsBefore + ok.length);
    // None of the copies was a wrong code: the password opens the second step again at once.
    expect(await challengeOf(email, '10.72.0.2')).toEqual(expect.any(String));
    const key = accountKey(await signInKey(api.database.db), email);
    const counted = await api.database.db
      .selectFrom('sign_in_accounts')
      .select(['failures', 'locked_until'])
      .where((eb) => eb.or([eb('account_key', '=', key), eb('account_key', 'like', `${key}:%`)]))
      .execute();
    expect(counted.filter((row) => row.locked_until !== null)).toEqual([]);
  });

  describe('passkeys', () => {
    const userId = () => api.userIds['alameda.supervisor'];
    const addPasskey = async (id: string, counter: number) => {
      const key = newAuthenticator();
      await api.database.db
        .insertInto('mfa_passkeys')
        .values({
          id,
          user_id: userId(),
          credential_id: key.credentialId,
          public_key: key.publicKey,
          counter,
          label: 'Laptop',
          created_at: api.clock.now().toISOString(),
          last_used_at: null,
        })
        .execute();
      return key;
    };
    // Attempts count against the account until a success clears them; one that lost the race may be
    // counted after the winner cleared, so each test starts from no failures.
    const noFailures = () => api.database.db.deleteFrom('sign_in_accounts').execute();
    const passkeyStep = async (ip: string) => {
      const token = await challengeOf('supervisor@alameda.test', ip);
      const options = await createCaller(context(ip)).auth.passkeySignInOptions({ challengeToken: token });
      return { token, challenge: options.challenge };
    };
    const counterOf = async (id: string) =>
      Number(
        (
          await api.database.db
            .selectFrom('mfa_passkeys')
            .select('counter')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).counter,
      );

    it('one answer sent four times at once (a synced passkey, counter 0): one sign-in', async () => {
      await noFailures();
      const key = await addPasskey('passkey-parallel-synced', 0);
      const { token, challenge } = await passkeyStep('10.72.0.1');
      const answer = assertion(key, challenge, 0);
      const sessionsBefore = await sessionsOf(userId());
      const goneBefore = await stepGoneRows();
      const { ok, refused } = await settle(
        [0, 1, 2, 3].map((i) =>
          createCaller(context(`10.72.1.${i}`)).auth.signInSecondFactor({
            challengeToken: token,
            method: 'passkey',
            response: answer,
          }),
        ),
      );
      expect(ok).toHaveLength(1);
      expect(refused).toEqual(Array(3).fill(EXPIRED));
      expect(await sessionsOf(userId())).toBe(sessionsBefore + 1);
      const audit = await secondStepAudit(userId());
      expect(audit.filter(([outcome]) => outcome === 'ok')).toEqual([['ok', { method: 'passkey' }]]);
      expect(audit.filter(([outcome]) => outcome !== 'ok')).toEqual(
        audit
          .filter(([outcome]) => outcome !== 'ok')
          .map(() => ['denied', { method: 'passkey', reason: 'no_sign_in_in_progress' }]),
      );
      expect((await stepGoneRows()) - goneBefore).toBe(3);
      await api.database.db.deleteFrom('mfa_passkeys').where('id', '=', 'passkey-parallel-synced').execute();
    });

    it('a copied passkey: two sign-ins at once with one counter value, one gets in and the counter moves once', async () => {
      await noFailures();
      const key = await addPasskey('passkey-parallel-counted', 7);
      const first = await passkeyStep('10.73.0.1');
      const second = await passkeyStep('10.73.0.2');
      const sessionsBefore = await sessionsOf(userId());
      const { ok, refused } = await settle(
        [first, second].map((step, i) =>
          createCaller(context(`10.73.1.${i}`)).auth.signInSecondFactor({
            challengeToken: step.token,
            method: 'passkey',
            response: assertion(key, step.challenge, 8),
          }),
        ),
      );
      expect(ok).toHaveLength(1);
      expect(refused).toEqual([{ appCode: 'BAD_SECOND_FACTOR', message: expect.any(String) }]);
      expect(await sessionsOf(userId())).toBe(sessionsBefore + 1);
      expect(await counterOf('passkey-parallel-counted')).toBe(8);
      // A later answer with a larger counter still works.
      const third = await passkeyStep('10.73.0.3');
      await expect(
        createCaller(context('10.73.2.1')).auth.signInSecondFactor({
          challengeToken: third.token,
          method: 'passkey',
          response: assertion(key, third.challenge, 9),
        }),
      ).resolves.toMatchObject({ status: 'signed_in' });
      expect(await counterOf('passkey-parallel-counted')).toBe(9);
    });
  });
});
