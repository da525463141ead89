// Walks the whole router: every procedure but sign-in refuses a caller without a session, and no
// user of one office can read or change another office's matter or client.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procedureAt } from './procedure-fixtures.ts';
import { appRouter, createCaller } from './router.ts';
import { type ApiHarness, createApiHarness, referralInput } from './testing.ts';

// Signing in (both steps, and a passkey's challenge) comes before a session; the session's timing
// answers "not signed in" without one, so the idle warning can say why a tab was signed out. A locked
// account's owner asks for and opens a sign-in link, an invited person accepts their invitation, and
// a person who forgot their password chooses a new one, before they have a session: the link's token
// is what lets them in.
const PUBLIC_PROCEDURES = new Set([
  'auth.signIn',
  'auth.signInSecondFactor',
  'auth.passkeySignInOptions',
  'auth.sessionStatus',
  'auth.requestSignInLink',
  'auth.useSignInLink',
  'invitations.details',
  'invitations.accept',
  'passwordResets.details',
  'passwordResets.setPassword',
]);
const allPaths = Object.keys(appRouter._def.procedures);

describe.each(testDialects())('access control (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('knows the procedures it walks', () => {
    expect(allPaths).toEqual(
      expect.arrayContaining(['auth.me', 'referrals.record', 'matters.list', 'audit.list']),
    );
  });

  it.each(allPaths.filter((p) => !PUBLIC_PROCEDURES.has(p)))(
    '%s refuses a caller with no session',
    async (path) => {
      await expect(procedureAt(api.anonymous(), path)({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    },
  );

  it.each(allPaths.filter((p) => !PUBLIC_PROCEDURES.has(p)))(
    '%s refuses a forged session token',
    async (path) => {
      const caller = createCaller(api.context({ sessionToken: 'forged-token-value-that-was-never-issued' }));
      await expect(procedureAt(caller, path)({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    },
  );

  describe('one office cannot reach another office’s matters', () => {
    let matterId: string;
    let clientId: string;
    beforeAll(async () => {
      const alameda = await api.signedIn('alameda.intake');
      const recorded = await alameda.referrals.record(referralInput());
      clientId = recorded.clientId;
      matterId = recorded.matters[0]?.id ?? '';
    });

    it.each(['intake', 'attorney', 'supervisor', 'admin'] as const)(
      'a %s of another office cannot open it',
      async (role) => {
        const other = await api.signedIn(`bayLegal.${role}`);
        await expect(other.matters.get({ matterId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      },
    );

    it('does not list it, nor offer its client as a possible match', async () => {
      const other = await api.signedIn('bayLegal.supervisor');
      const page = await other.matters.list({});
      expect(page.items.map((m) => m.id)).not.toContain(matterId);
      const possible = await other.referrals.findPossibleClients({
        legalName: 'María José Núñez',
        dateOfBirth: '1984-03-07',
      });
      expect(possible).toEqual([]);
    });

    it('cannot attach a referral to it (and so change it), and nothing is written', async () => {
      const other = await api.signedIn('bayLegal.intake');
      const before = await api.database.db.selectFrom('matters').select('id').execute();
      await expect(
        other.referrals.record(
          referralInput({ existingClient: { id: clientId, version: 1 }, counties: ['San Francisco'] }),
        ),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const after = await api.database.db.selectFrom('matters').select('id').execute();
      expect(after).toHaveLength(before.length);
      const client = await api.database.db
        .selectFrom('clients')
        .select('version')
        .where('id', '=', clientId)
        .executeTakeFirst();
      expect(client?.version).toBe(1);
    });

    it('records the refused read in the audit log', async () => {
      const denied = await api.database.db
        .selectFrom('audit_log')
        .select(['actor_id', 'outcome'])
        .where('entity_id', '=', matterId)
        .where('outcome', '=', 'denied')
        .execute();
      expect(denied.length).toBeGreaterThanOrEqual(4);
    });
  });

  it('lets supervisors and admins page through the audit log, and refuses (and audits) the others', async () => {
    const supervisor = await api.signedIn('alameda.supervisor');
    const page = await supervisor.audit.list({ limit: 2 });
    expect(page.lines).toHaveLength(2);
    expect(page.lines[0]?.entries[0]?.action).toBe('auth.signIn');
    const next = await supervisor.audit.list({ limit: 2, cursor: page.nextCursor });
    expect((next.lines[0]?.entries[0]?.id ?? '') < (page.lines.at(-1)?.entries.at(-1)?.id ?? '')).toBe(true);

    for (const role of ['intake', 'attorney'] as const) {
      const caller = await api.signedIn(`alameda.${role}`);
      await expect(caller.audit.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const refusals = await api.database.db
      .selectFrom('audit_log')
      .select('actor_id')
      .where('action', '=', 'audit.list')
      .where('outcome', '=', 'denied')
      .execute();
    expect(refusals.map((r) => r.actor_id).sort()).toEqual(
      [api.userIds['alameda.intake'], api.userIds['alameda.attorney']].sort(),
    );
  });
});
