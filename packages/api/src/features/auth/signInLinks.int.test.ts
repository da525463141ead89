// Asking for a sign-in link writes the same rows whether or not the account is locked, so neither the
// answer nor the work behind it tells whether someone locked it; a request that sends no link is kept
// already run out, so its row opens nothing. (The links themselves, e-mailed and used, are tested
// with the outbox in apps/server.)
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { SIGN_IN_LINK_ANSWER_MS } from './signInLinks.ts';

const ORIGIN = 'https://relief.example.org';
const TABLES = ['sign_in_links', 'staff_notices', 'outbox', 'audit_log', 'rate_limits'] as const;

describe.each(testDialects())('asking for a sign-in link (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const anonymous = (ip: string) => createCaller(api.context({ ip, publicOrigin: ORIGIN }));
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await api.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      out[table] = Number(row.n);
    }
    return out;
  };
  const writesOf = async (email: string, ip: string) => {
    const before = await counts();
    await anonymous(ip).auth.requestSignInLink({ email });
    const after = await counts();
    return Object.fromEntries(TABLES.map((t) => [t, (after[t] ?? 0) - (before[t] ?? 0)]));
  };
  const linksOf = (userId: string) =>
    api.database.db
      .selectFrom('sign_in_links')
      .select(['created_at', 'expires_at'])
      .where('user_id', '=', userId)
      .execute();

  it('writes the same rows for a locked account as for one that is not, and records both', async () => {
    for (let i = 0; i < 5; i++)
      await anonymous('10.41.9.9')
        .auth.signIn({ email: 'attorney@alameda.test', password: 'not the password' })
        .catch(() => {});

    const notLocked = await writesOf('supervisor@alameda.test', '10.41.0.1');
    const locked = await writesOf('attorney@alameda.test', '10.41.0.2');
    expect(locked).toEqual(notLocked);
    expect(notLocked).toMatchObject({ sign_in_links: 1, staff_notices: 1, outbox: 1, audit_log: 1 });

    const [kept] = await linksOf(api.userIds['alameda.supervisor']);
    expect(kept?.expires_at).toBe(kept?.created_at);
    const [link] = await linksOf(api.userIds['alameda.attorney']);
    expect(Date.parse(link?.expires_at ?? '') - Date.parse(link?.created_at ?? '')).toBe(30 * 60_000);
  });

  it(`takes at least ${SIGN_IN_LINK_ANSWER_MS} ms for an address with an account and one without, so the time does not tell which`, async () => {
    const timed = async (email: string, ip: string) => {
      const started = performance.now();
      const answer = await anonymous(ip).auth.requestSignInLink({ email });
      return { ms: performance.now() - started, answer };
    };
    const known = await timed('intake@alameda.test', '10.42.0.1');
    const unknown = await timed('nobody-here@alameda.test', '10.42.0.2');
    expect(known.answer).toEqual(unknown.answer);
    expect(Math.min(known.ms, unknown.ms)).toBeGreaterThanOrEqual(SIGN_IN_LINK_ANSWER_MS);
  });

  it('says how to get a new password: from an administrator, or for the only one, from the server', async () => {
    const bodyTo = async (email: string) =>
      (
        await api.database.db
          .selectFrom('staff_notices')
          .select('body')
          .where('recipient', '=', email)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow()
      ).body;
    await anonymous('10.42.0.1').auth.requestSignInLink({ email: 'intake@baylegal.test' });
    expect(await bodyTo('intake@baylegal.test')).toContain(
      'Forgot your password? Ask an administrator of your office to send you a link to choose a new one. If you did not ask, you can ignore this e-mail.',
    );
    await anonymous('10.42.0.2').auth.requestSignInLink({ email: 'admin@baylegal.test' });
    expect(await bodyTo('admin@baylegal.test')).toContain(
      'You are the only administrator of your office, and nobody can send themselves a link to choose a new one',
    );
    // Locked: the link unlocks, and the e-mail says the same about a forgotten password.
    for (let i = 0; i < 5; i++)
      await anonymous('10.42.9.9')
        .auth.signIn({ email: 'intake@alameda.test', password: 'not the password' })
        .catch(() => {});
    await anonymous('10.42.0.3').auth.requestSignInLink({ email: 'intake@alameda.test' });
    const locked = await bodyTo('intake@alameda.test');
    expect(locked).toContain('Open this link to unlock your account');
    expect(locked).toContain('Ask an administrator of your office to send you a link to choose a new one.');
  });
});
