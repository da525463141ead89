// An invitation cannot give an administrator the RAP sheet permission its sender lacks: otherwise an
// administrator without it could invite a second account of their own, as an administrator with it,
// and see criminal history with nobody else's approval. Refused on record, nothing written; one who
// holds it still can; and sending such an invitation again is held to the same rule.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { adminSignedIn } from './fixtures.ts';

const REFUSED =
  'Only an administrator who has the RAP sheet permission can invite an administrator with it, and you do not have it. Invite them without it; once they have an account, an administrator of your office who has it can grant it.';

describe.each(testDialects())('an administrator’s RAP sheet permission in an invitation (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api?.destroy());

  const adminId = () => api.userIds['alameda.admin'];
  /** The administrator's permission as `create-admin --rap-sheets` or another administrator would set it. */
  const adminHolds = async (holds: boolean) => {
    await api.database.db
      .updateTable('users')
      .set({ can_view_rap_sheets: holds ? 1 : 0 })
      .where('id', '=', adminId())
      .execute();
  };
  const invitationsTo = (email: string) =>
    api.database.db
      .selectFrom('invitations')
      .select(['role', 'can_view_rap_sheets', 'version'])
      .where('email', '=', email)
      .execute();
  const noticesTo = (email: string) =>
    api.database.db.selectFrom('staff_notices').select('id').where('recipient', '=', email).execute();
  const refusals = (action: string) =>
    api.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'entity_type', 'entity_id', 'outcome', 'detail'])
      .where('action', '=', action)
      .where('outcome', '=', 'denied')
      .execute();

  it('refuses an administrator without it inviting an administrator with it, on record, writing no invitation', async () => {
    await adminHolds(false);
    const admin = await adminSignedIn(api, 'alameda');
    await expect(
      admin.users.invite({ email: 'alt@example.org', role: 'admin', canViewRapSheets: true }),
    ).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message: REFUSED,
      fieldErrors: [{ path: 'canViewRapSheets', message: REFUSED }],
    });
    expect(await invitationsTo('alt@example.org')).toEqual([]);
    expect(await noticesTo('alt@example.org')).toEqual([]);
    expect(await refusals('users.invite')).toEqual([
      {
        actor_id: adminId(),
        entity_type: 'invitation',
        entity_id: null,
        outcome: 'denied',
        detail: JSON.stringify({ reason: 'forbidden', fields: ['canViewRapSheets'] }),
      },
    ]);
    // Without the permission, the same administrator is invited; other roles still get it from them.
    await admin.users.invite({ email: 'alt@example.org', role: 'admin', canViewRapSheets: false });
    await admin.users.invite({ email: 'clerk@example.org', role: 'intake', canViewRapSheets: true });
    expect(await invitationsTo('alt@example.org')).toEqual([
      { role: 'admin', can_view_rap_sheets: 0, version: 1 },
    ]);
    expect(await invitationsTo('clerk@example.org')).toEqual([
      { role: 'intake', can_view_rap_sheets: 1, version: 1 },
    ]);
  });

  it('lets an administrator who holds it invite an administrator with it', async () => {
    await adminHolds(true);
    const admin = await adminSignedIn(api, 'alameda');
    await admin.users.invite({ email: 'second.admin@example.org', role: 'admin', canViewRapSheets: true });
    expect(await invitationsTo('second.admin@example.org')).toEqual([
      { role: 'admin', can_view_rap_sheets: 1, version: 1 },
    ]);
    expect(await noticesTo('second.admin@example.org')).toHaveLength(1);
  });

  it('refuses sending it again by an administrator without it, on record, changing nothing', async () => {
    await adminHolds(true);
    const holder = await adminSignedIn(api, 'alameda');
    const invited = await holder.users.invite({
      email: 'resent.admin@example.org',
      role: 'admin',
      canViewRapSheets: true,
    });
    // Withdrawn from the administrator since: the invitation would be given anew in their name.
    await adminHolds(false);
    const admin = await adminSignedIn(api, 'alameda');
    const message =
      'The invitation to resent.admin@example.org gives an administrator the RAP sheet permission, so only an administrator who has it can send it again, and you do not have it. Ask one who has it, or withdraw it and invite the address without it.';
    await expect(
      admin.users.resendInvitation({ invitationId: invited.invitationId, version: invited.version }),
    ).rejects.toMatchObject({ appCode: 'BAD_INPUT', message });
    expect(await invitationsTo('resent.admin@example.org')).toEqual([
      { role: 'admin', can_view_rap_sheets: 1, version: 1 },
    ]);
    expect(await noticesTo('resent.admin@example.org')).toHaveLength(1);
    expect(await refusals('users.resendInvitation')).toEqual([
      {
        actor_id: adminId(),
        entity_type: 'invitation',
        entity_id: invited.invitationId,
        outcome: 'denied',
        detail: JSON.stringify({ reason: 'forbidden', fields: ['canViewRapSheets'] }),
      },
    ]);
    // Withdrawing it needs no permission.
    await expect(
      admin.users.revokeInvitation({ invitationId: invited.invitationId, version: invited.version }),
    ).resolves.toEqual({ version: invited.version + 1 });
  });
});
