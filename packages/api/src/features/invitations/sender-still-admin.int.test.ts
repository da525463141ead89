// An invitation makes an account in its sender's name, so its link holds only while the sender could
// still send it: an administrator disabled or moved to another role (one who left, an account taken
// over) leaves no link that still makes accounts, and one who lost the RAP sheet permission no longer
// gives it to an administrator. Refused on record, nothing made; re-enabled, the link works again;
// sent again by another administrator, it holds in that one's name.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness, TEST_PASSWORD } from '../../testing.ts';
import { adminSignedIn, PUBLIC_ORIGIN } from './fixtures.ts';

const PASSWORD = 'a lantern by the harbour';
const NO_LONGER =
  'This invitation can no longer be used: the administrator who sent it can no longer give this account at Alameda County Public Defender. Ask Alameda County Public Defender’s administrator to send you a new invitation.';

describe.each(testDialects())('an invitation holds while its sender could send it (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api?.destroy());

  const adminId = () => api.userIds['alameda.admin'];
  const setSender = (values: {
    active?: number;
    role?: 'admin' | 'supervisor';
    can_view_rap_sheets?: number;
  }) => api.database.db.updateTable('users').set(values).where('id', '=', adminId()).execute();
  beforeEach(async () => {
    await setSender({ active: 1, role: 'admin', can_view_rap_sheets: 1 });
  });

  const anonymous = () => createCaller(api.context({ ip: '10.31.0.1' }));
  const tokenFor = async (email: string) => {
    const row = await api.database.db
      .selectFrom('staff_notices')
      .select('body')
      .where('recipient', '=', email)
      .where('kind', '=', 'invitation')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return /\/invitation#([A-Za-z0-9_-]{43})/.exec(row.body)?.[1] ?? '';
  };
  const accountOf = (email: string) =>
    api.database.db
      .selectFrom('users')
      .select(['role', 'can_view_rap_sheets'])
      .where('email', '=', email)
      .execute();
  const refusals = () =>
    api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'invitations.accept')
      .where('outcome', '=', 'denied')
      .execute();

  // SQLite's one connection takes the two in turn, so they cannot interleave there.
  it.skipIf(dialect !== 'postgres')(
    'refuses a link whose sender is disabled while it is being accepted, once that change is committed',
    async () => {
      const email = 'invited.meanwhile@example.org';
      const admin = await adminSignedIn(api, 'alameda');
      await admin.users.invite({ email, role: 'attorney', canViewRapSheets: true });
      const token = await tokenFor(email);
      // The sender disabled in a transaction not yet committed: the acceptance's first checks read the
      // sender as still active, and it goes on to hash the password and write the account.
      let accepting: Promise<unknown> = Promise.resolve();
      await api.database.db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ active: 0 }).where('id', '=', adminId()).execute();
        accepting = anonymous().invitations.accept({ token, name: 'Ada Quill', password: PASSWORD });
        // Refused or not, it is awaited below; not left to reject unheard.
        accepting.catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
      await expect(accepting).rejects.toMatchObject({ appCode: 'BAD_INPUT', message: NO_LONGER });
      expect(await accountOf(email)).toEqual([]);
    },
  );

  it.each([
    ['disabled', { active: 0 }],
    ['made a supervisor', { role: 'supervisor' as const }],
  ])(
    'refuses a link whose sender was %s, on record, making nothing; it works once the sender is again',
    async (what, change) => {
      const email = `invited.${what.replace(/\W/g, '')}@example.org`;
      const admin = await adminSignedIn(api, 'alameda');
      await admin.users.invite({ email, role: 'attorney', canViewRapSheets: true });
      const token = await tokenFor(email);
      const before = (await refusals()).length;
      await setSender(change);

      await expect(anonymous().invitations.details({ token })).resolves.toEqual({
        state: 'sender_cannot_invite',
        message: NO_LONGER,
      });
      await expect(
        anonymous().invitations.accept({ token, name: 'Ada Quill', password: PASSWORD }),
      ).rejects.toMatchObject({ appCode: 'BAD_INPUT', message: NO_LONGER });
      expect(await accountOf(email)).toEqual([]);
      expect((await refusals()).slice(before)).toEqual([
        { detail: JSON.stringify({ reason: 'sender_cannot_invite' }) },
      ]);

      await setSender({ active: 1, role: 'admin' });
      await expect(
        anonymous().invitations.accept({ token, name: `Ada Quill ${what}`, password: PASSWORD }),
      ).resolves.toEqual({ email });
      expect(await accountOf(email)).toEqual([{ role: 'attorney', can_view_rap_sheets: 1 }]);
    },
  );

  it('no longer gives an administrator the RAP sheet permission once its sender lost it', async () => {
    const email = 'second.admin@example.org';
    const admin = await adminSignedIn(api, 'alameda');
    await admin.users.invite({ email, role: 'admin', canViewRapSheets: true });
    const token = await tokenFor(email);
    await setSender({ can_view_rap_sheets: 0 });
    await expect(
      anonymous().invitations.accept({ token, name: 'Second Admin', password: PASSWORD }),
    ).rejects.toMatchObject({ message: NO_LONGER });
    expect(await accountOf(email)).toEqual([]);
  });

  it('holds in the name of the administrator who sent it again', async () => {
    const email = 'sent.again@example.org';
    const admin = await adminSignedIn(api, 'alameda');
    await admin.users.invite({ email, role: 'intake', canViewRapSheets: false });
    // A second administrator (the supervisor, made one) sends it again; then the first leaves.
    const otherAdminId = api.userIds['alameda.supervisor'];
    await api.database.db
      .updateTable('users')
      .set({ role: 'admin' })
      .where('id', '=', otherAdminId)
      .execute();
    const ctx = api.context({ publicOrigin: PUBLIC_ORIGIN });
    await createCaller(ctx).auth.signIn({ email: 'supervisor@alameda.test', password: TEST_PASSWORD });
    const other = createCaller(
      api.context({ sessionToken: ctx.cookieJar.token, publicOrigin: PUBLIC_ORIGIN }),
    );
    const [listed] = (await other.users.invitations()).filter((i) => i.email === email);
    await other.users.resendInvitation({ invitationId: listed?.id ?? '', version: listed?.version ?? 0 });
    await setSender({ active: 0 });

    await expect(
      anonymous().invitations.accept({
        token: await tokenFor(email),
        name: 'Sent Again',
        password: PASSWORD,
      }),
    ).resolves.toEqual({ email });
    expect(await accountOf(email)).toEqual([{ role: 'intake', can_view_rap_sheets: 0 }]);
  });
});
