// Password links sent several times at once to one person, on both databases: one link is left
// working, as when they are sent one after another, and each send's record counts what it replaced.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness, TEST_PASSWORD } from '../../testing.ts';

const ORIGIN = 'https://desk.example.org';

describe.each(testDialects())('password links sent at once (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('eight sends at once leave one working link', async () => {
    const ctx = api.context({ publicOrigin: ORIGIN, ip: '10.80.0.1' });
    await createCaller(ctx).auth.signIn({ email: 'admin@alameda.test', password: TEST_PASSWORD });
    const admin = createCaller(api.context({ sessionToken: ctx.cookieJar.token, publicOrigin: ORIGIN }));
    const userId = api.userIds['alameda.intake'];
    const { version } = await api.database.db
      .selectFrom('users')
      .select('version')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    const sent = await Promise.all(
      Array.from({ length: 8 }, () => admin.users.sendPasswordReset({ userId, version })),
    );
    expect(sent).toHaveLength(8);
    const live = await api.database.db
      .selectFrom('password_reset_links')
      .select('token_hash')
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', api.clock.now().toISOString())
      .execute();
    expect(live).toHaveLength(1);
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'users.sendPasswordReset')
      .where('entity_id', '=', userId)
      .orderBy('seq')
      .execute();
    // In the order they took turns: the first replaced nothing, each later one the link before it.
    expect(audit.map((r) => JSON.parse(r.detail).linksReplaced)).toEqual([0, 1, 1, 1, 1, 1, 1, 1]);
  });
});
