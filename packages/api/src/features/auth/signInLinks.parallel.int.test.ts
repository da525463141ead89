// Sign-in links asked for several times at once for one locked account, on both databases: one link
// is left working, as when they are asked for one after another.
import { testDialects } from '@relief-desk/db/testing';
import { STAFF_ACCESS_RULES } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';

const ORIGIN = 'https://relief.example.org';

describe.each(testDialects())('sign-in links asked for at once (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const anonymous = (ip: string) => createCaller(api.context({ ip, publicOrigin: ORIGIN }));

  it('six requests at once leave one working link', async () => {
    for (let i = 0; i < 5; i++)
      await anonymous('10.81.9.9')
        .auth.signIn({ email: 'attorney@alameda.test', password: 'not the password' })
        .catch(() => {});
    const userId = api.userIds['alameda.attorney'];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        anonymous(`10.81.0.${i}`).auth.requestSignInLink({ email: 'attorney@alameda.test' }),
      ),
    );
    const links = await api.database.db
      .selectFrom('sign_in_links')
      .select(['expires_at', 'used_at'])
      .where('user_id', '=', userId)
      .execute();
    const live = links.filter((l) => l.used_at === null && l.expires_at > api.clock.now().toISOString());
    expect(live).toHaveLength(1);
    // Only the address's allowance was sent (the rest refused, and recorded as such).
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['outcome', 'detail'])
      .where('action', '=', 'auth.requestSignInLink')
      .where('entity_id', '=', userId)
      .execute();
    expect(audit.filter((r) => r.outcome === 'ok')).toHaveLength(STAFF_ACCESS_RULES.signInLinksPerAddress);
  });
});
