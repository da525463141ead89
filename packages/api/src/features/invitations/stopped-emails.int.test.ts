// An invitation withdrawn, sent again with a new link, or accepted, stops its e-mail still waiting in the outbox
// in the same transaction: the worker (which claims only pending rows) never sends a link that no
// longer works, a resent invitation goes once, and the users page says no e-mail is waiting for a
// withdrawn invitation. An e-mail already sent is left as it was.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { adminSignedIn } from './fixtures.ts';

describe.each(testDialects())('e-mails of invitations withdrawn or sent again (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api?.destroy());

  /** The invitation's e-mails, oldest first: their outbox state and whether their link still works. */
  const emailsOf = async (invitationId: string) =>
    (
      await api.database.db
        .selectFrom('staff_notices')
        .innerJoin('outbox', 'outbox.staff_notice_id', 'staff_notices.id')
        .select(['outbox.state', 'staff_notices.body'])
        .where('staff_notices.invitation_id', '=', invitationId)
        .orderBy('staff_notices.created_at')
        .orderBy('staff_notices.id')
        .execute()
    ).map((r) => ({ state: r.state, link: /\/invitation#[A-Za-z0-9_-]{43}/.test(r.body) }));

  it('withdrawn: its waiting e-mail is withdrawn before it was sent, and the list says none waits', async () => {
    const admin = await adminSignedIn(api, 'alameda');
    const invited = await admin.users.invite({
      email: 'withdrawn@example.org',
      role: 'attorney',
      canViewRapSheets: false,
    });
    expect(await emailsOf(invited.invitationId)).toEqual([{ state: 'pending', link: true }]);
    await admin.users.revokeInvitation({ invitationId: invited.invitationId, version: invited.version });
    expect(await emailsOf(invited.invitationId)).toEqual([{ state: 'withdrawn', link: false }]);
    const listed = (await admin.users.invitations()).find((i) => i.id === invited.invitationId);
    expect(listed).toMatchObject({ state: 'withdrawn', emailDelivery: null });
  });

  it('sent again: only the e-mail with the new link waits', async () => {
    const admin = await adminSignedIn(api, 'alameda');
    const invited = await admin.users.invite({
      email: 'resent@example.org',
      role: 'intake',
      canViewRapSheets: false,
    });
    const again = await admin.users.resendInvitation({
      invitationId: invited.invitationId,
      version: invited.version,
    });
    expect(await emailsOf(invited.invitationId)).toEqual([
      { state: 'withdrawn', link: false },
      { state: 'pending', link: true },
    ]);
    expect((await admin.users.invitations()).find((i) => i.id === invited.invitationId)).toMatchObject({
      state: 'waiting',
      emailDelivery: 'waiting',
    });
    // Withdrawn: the withdrawal stopped the new e-mail, and sending it again is refused with nothing
    // queued (the address is invited anew instead).
    await admin.users.revokeInvitation({ invitationId: invited.invitationId, version: again.version });
    const last = (await admin.users.invitations()).find((i) => i.id === invited.invitationId);
    await expect(
      admin.users.resendInvitation({ invitationId: invited.invitationId, version: last?.version ?? 0 }),
    ).rejects.toMatchObject({ appCode: 'BAD_INPUT' });
    expect((await emailsOf(invited.invitationId)).map((e) => e.state)).toEqual(['withdrawn', 'withdrawn']);
  });

  it('accepted: an e-mail still waiting (a retry of one that went) no longer brings the used link', async () => {
    const admin = await adminSignedIn(api, 'alameda');
    const invited = await admin.users.invite({
      email: 'accepted@example.org',
      role: 'intake',
      canViewRapSheets: false,
    });
    // The link as the person has it: from the e-mail that reached them while the outbox retries it.
    const body = await api.database.db
      .selectFrom('staff_notices')
      .select('body')
      .where('invitation_id', '=', invited.invitationId)
      .executeTakeFirstOrThrow();
    const token = /\/invitation#([A-Za-z0-9_-]{43})/.exec(body.body)?.[1] ?? '';
    await createCaller(api.context({ ip: '10.30.0.9' })).invitations.accept({
      token,
      name: 'Ana Aceptó',
      password: 'a long pass phrase 42',
    });
    expect(await emailsOf(invited.invitationId)).toEqual([{ state: 'withdrawn', link: false }]);
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'invitations.accept')
      .where('entity_id', '=', invited.invitationId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail ?? '{}')).toMatchObject({ emailsStopped: 1 });
  });

  it('leaves an e-mail already sent as it was', async () => {
    const admin = await adminSignedIn(api, 'alameda');
    const invited = await admin.users.invite({
      email: 'sent@example.org',
      role: 'attorney',
      canViewRapSheets: true,
    });
    const notice = api.database.db
      .selectFrom('staff_notices')
      .select('id')
      .where('invitation_id', '=', invited.invitationId);
    await api.database.db
      .updateTable('outbox')
      .set({ state: 'sent' })
      .where('staff_notice_id', 'in', notice)
      .execute();
    await admin.users.revokeInvitation({ invitationId: invited.invitationId, version: invited.version });
    expect((await emailsOf(invited.invitationId)).map((e) => e.state)).toEqual(['sent']);
    expect((await admin.users.invitations()).find((i) => i.id === invited.invitationId)).toMatchObject({
      state: 'withdrawn',
      emailDelivery: 'sent',
    });
  });
});
