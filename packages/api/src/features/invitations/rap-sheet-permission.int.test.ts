// An invitation says, from its own data, whether the person will see RAP sheets (criminal history):
// its e-mail after the role ("as Attorney, with the RAP sheet permission: …"), and the invitation
// page's details, so nobody accepts a desk that shows criminal history without being told.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { adminSignedIn } from './fixtures.ts';

describe.each(testDialects())('an invitation tells the RAP sheet permission (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api?.destroy());

  const mailOf = async (invitationId: string) => {
    const notice = await api.database.db
      .selectFrom('staff_notices')
      .select('body')
      .where('invitation_id', '=', invitationId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return { body: notice.body, token: /\/invitation#([A-Za-z0-9_-]{43})/.exec(notice.body)?.[1] ?? '' };
  };

  it.each([
    [
      true,
      'as Attorney. You will see RAP sheets (people’s criminal history): the invitation gives you the RAP sheet permission.',
    ],
    [
      false,
      'as Attorney. You will not see RAP sheets (people’s criminal history): the invitation does not give you the RAP sheet permission.',
    ],
  ] as const)('with the permission %s, in the e-mail and on the page', async (canViewRapSheets, words) => {
    const admin = await adminSignedIn(api, 'alameda');
    const invited = await admin.users.invite({
      email: `rap-${canViewRapSheets}@example.org`,
      role: 'attorney',
      canViewRapSheets,
    });
    const mail = await mailOf(invited.invitationId);
    expect(mail.body).toContain(words);
    const details = await createCaller(api.context({ ip: '10.31.0.1' })).invitations.details({
      token: mail.token,
    });
    expect(details).toMatchObject({ state: 'open', role: 'attorney', canViewRapSheets });
    expect(JSON.stringify(details)).toContain(words.slice('as '.length));
    // Sent again, the new e-mail says it too.
    const again = await admin.users.resendInvitation({
      invitationId: invited.invitationId,
      version: invited.version,
    });
    expect(again.version).toBe(invited.version + 1);
    expect((await mailOf(invited.invitationId)).body).toContain(words);
  });
});
