// Someone disabled between the password step and the second step, who then sends a correct code: the
// refusal stands, and says truly that the sign-in can no longer finish (it used to say it took longer
// than 5 minutes, a minute in), without saying the account is disabled, which the password step never
// tells (it answers a disabled account as a wrong password).
import { testDialects } from '@relief-desk/db/testing';
import { SIGN_IN_CANNOT_FINISH_MESSAGE, SIGN_IN_REFUSED_MESSAGE } from '@relief-desk/domain';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../../router.ts';
import { type ApiHarness, createApiHarness, TEST_PASSWORD } from '../../../testing.ts';

describe.each(testDialects())('a sign-in whose account is disabled at its second step (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const codeAt = (secret: string, at: Date) =>
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
      timestamp: at.getTime(),
    });

  it('is refused as one that can no longer finish, not as one that took too long', async () => {
    const userId = api.userIds['alameda.attorney'];
    const attorney = await api.signedIn('alameda.attorney');
    const started = await attorney.auth.mfa.startTotp();
    await attorney.auth.mfa.confirmTotp({ code: codeAt(started.secret, api.clock.now()) });
    api.clock.advanceMinutes(0.5);

    const answer = await createCaller(api.context({ ip: '10.31.0.1' })).auth.signIn({
      email: 'attorney@alameda.test',
      password: TEST_PASSWORD,
    });
    if (answer.status !== 'second_factor') throw new Error(`expected a second step, got ${answer.status}`);
    const admin = await api.signedIn('alameda.admin');
    const version = (await admin.users.list()).find((u) => u.id === userId)?.version ?? 0;
    await admin.users.setActive({ userId, version, active: false });

    // A correct code, a minute into the 5 minutes the step has.
    api.clock.advanceMinutes(1);
    const refused = await createCaller(api.context({ ip: '10.31.0.1' }))
      .auth.signInSecondFactor({
        challengeToken: answer.challengeToken,
        method: 'totp',
        code: codeAt(started.secret, api.clock.now()),
      })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ appCode: 'SIGN_IN_EXPIRED', message: SIGN_IN_CANNOT_FINISH_MESSAGE });
    expect(String((refused as Error).message)).not.toMatch(/minutes|disabled/);
    // Starting again, the password step answers as it answers a wrong password.
    await expect(
      createCaller(api.context({ ip: '10.31.0.1' })).auth.signIn({
        email: 'attorney@alameda.test',
        password: TEST_PASSWORD,
      }),
    ).rejects.toMatchObject({ appCode: 'BAD_CREDENTIALS', message: SIGN_IN_REFUSED_MESSAGE });
  });
});
