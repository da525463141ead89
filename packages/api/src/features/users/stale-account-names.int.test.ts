// A stale save of an account names the administrator whose change it missed, as every other stale
// save names who changed the record: accounts carry no "updated by", so the audit log's latest change
// of the account says who. Two administrators, each change missed in turn, on both databases.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness, TEST_PASSWORD } from '../../testing.ts';
import { PUBLIC_ORIGIN } from '../invitations/fixtures.ts';

describe.each(testDialects())('a stale save of an account names who changed it (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // A second administrator: the supervisor, made one.
    await api.database.db
      .updateTable('users')
      .set({ role: 'admin' })
      .where('id', '=', api.userIds['alameda.supervisor'])
      .execute();
  });
  afterAll(async () => api?.destroy());

  const signedIn = async (email: string) => {
    const ctx = api.context({ publicOrigin: PUBLIC_ORIGIN });
    await createCaller(ctx).auth.signIn({ email, password: TEST_PASSWORD });
    return createCaller(api.context({ sessionToken: ctx.cookieJar.token, publicOrigin: PUBLIC_ORIGIN }));
  };
  const versionOf = async (id: string) =>
    (
      await api.database.db
        .selectFrom('users')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).version;

  it('resetting second factors, changing a role, disabling: each stale save names the other administrator', async () => {
    const first = await signedIn('admin@alameda.test');
    const second = await signedIn('supervisor@alameda.test');
    const intake = api.userIds['alameda.intake'];

    const seen = await versionOf(intake);
    await first.users.resetFactors({ userId: intake, version: seen });
    await expect(second.users.resetFactors({ userId: intake, version: seen })).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
      message: expect.stringMatching(
        /^Admin of Alameda County Public Defender changed Intake of Alameda County Public Defender’s account on /,
      ),
    });

    const again = await versionOf(intake);
    await second.users.setRole({ userId: intake, version: again, role: 'attorney' });
    await expect(
      first.users.setActive({ userId: intake, version: again, active: false }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(
        /^Supervisor of Alameda County Public Defender changed Intake of Alameda County Public Defender’s account on /,
      ),
    });
  });
});
