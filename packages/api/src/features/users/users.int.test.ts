import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';

describe.each(testDialects())('granting the RAP sheet permission (%s)', (dialect) => {
  let api: ApiHarness;
  let matterId: string;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const intake = await api.signedIn('alameda.intake');
    matterId = (await intake.referrals.record(referralInput())).matters[0]?.id ?? '';
  });
  afterAll(async () => api.destroy());

  it('lets an administrator grant it to an intake user, who can then see criminal history', async () => {
    const admin = await api.signedIn('alameda.admin');
    const users = await admin.users.list();
    const intake = users.find((u) => u.id === api.userIds['alameda.intake']);
    expect(intake).toMatchObject({ role: 'intake', canViewRapSheets: false });
    expect(users.every((u) => !('password_hash' in u))).toBe(true);

    const intakeCaller = await api.signedIn('alameda.intake');
    const before = await intakeCaller.matters.get({ matterId });
    expect(before.convictions).toBeNull();

    await admin.users.setRapSheetAccess({
      userId: api.userIds['alameda.intake'],
      version: intake?.version ?? 0,
      canViewRapSheets: true,
    });
    const after = await intakeCaller.matters.get({ matterId });
    expect(after.convictions).toEqual([]);
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'detail'])
      .where('action', '=', 'users.setRapSheetAccess')
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(api.userIds['alameda.admin']);
    expect(JSON.parse(audit.detail)).toEqual({ from: false, to: true });
  });

  it('refuses other roles, other offices and stale versions, changing nothing', async () => {
    const userId = api.userIds['alameda.intake'];
    for (const role of ['intake', 'attorney', 'supervisor'] as const) {
      const caller = await api.signedIn(`alameda.${role}`);
      await expect(
        caller.users.setRapSheetAccess({ userId, version: 2, canViewRapSheets: false }),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    const otherAdmin = await api.signedIn('bayLegal.admin');
    await expect(
      otherAdmin.users.setRapSheetAccess({ userId, version: 2, canViewRapSheets: false }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const admin = await api.signedIn('alameda.admin');
    await expect(
      admin.users.setRapSheetAccess({ userId, version: 1, canViewRapSheets: false }),
    ).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
    });
    const row = await api.database.db
      .selectFrom('users')
      .select(['can_view_rap_sheets', 'version'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ can_view_rap_sheets: 1, version: 2 });
  });

  it('refuses granting or removing one’s own permission, on record; another administrator grants it', async () => {
    const adminId = api.userIds['alameda.admin'];
    const admin = await api.signedIn('alameda.admin');
    // An administrator without it is told who can grant it: not an administrator, another one.
    await expect(admin.eligibility.suggestions({ matterId })).rejects.toThrow(
      'RAP sheets and criminal history need their own permission. Another administrator of your office who holds it can grant it to you: nobody can grant it to themselves.',
    );
    // (Alameda's intake user was granted it above.)
    const intake = await api.signedIn('bayLegal.intake');
    await expect(intake.eligibility.suggestions({ matterId })).rejects.toThrow(
      'Ask an administrator of your office to grant it to you.',
    );
    const versionOf = async (userId: string) =>
      (
        await api.database.db
          .selectFrom('users')
          .select(['can_view_rap_sheets', 'version'])
          .where('id', '=', userId)
          .executeTakeFirstOrThrow()
      ).version;
    const own = await versionOf(adminId);
    for (const canViewRapSheets of [true, false])
      await expect(
        admin.users.setRapSheetAccess({ userId: adminId, version: own, canViewRapSheets }),
      ).rejects.toMatchObject({
        appCode: 'BAD_INPUT',
        message:
          'You cannot grant or remove your own RAP sheet permission. Ask another administrator of your office.',
      });
    const refusals = await api.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'outcome', 'detail'])
      .where('action', '=', 'users.setRapSheetAccess')
      .where('entity_id', '=', adminId)
      .execute();
    expect(refusals).toEqual([
      { actor_id: adminId, outcome: 'denied', detail: JSON.stringify({ reason: 'own_account' }) },
      { actor_id: adminId, outcome: 'denied', detail: JSON.stringify({ reason: 'own_account' }) },
    ]);
    expect(await versionOf(adminId)).toBe(own);

    // A second administrator grants it, if they hold it themselves: made an administrator, the
    // supervisor has the role's default (without it), so they could be anyone's second account.
    const secondId = api.userIds['alameda.supervisor'];
    await admin.users.setRole({ userId: secondId, version: await versionOf(secondId), role: 'admin' });
    const second = await api.signedIn('alameda.supervisor');
    const notHeld =
      'Only an administrator who has the RAP sheet permission can give it to an administrator, and you do not have it. Ask another administrator of your office who has it.';
    await expect(
      second.users.setRapSheetAccess({ userId: adminId, version: own, canViewRapSheets: true }),
    ).rejects.toMatchObject({ appCode: 'BAD_INPUT', message: notHeld });
    expect(await versionOf(adminId)).toBe(own);
    const notHeldOnRecord = await api.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'outcome', 'detail'])
      .where('action', '=', 'users.setRapSheetAccess')
      .where('entity_id', '=', adminId)
      .where('actor_id', '=', secondId)
      .execute();
    expect(notHeldOnRecord).toEqual([
      {
        actor_id: secondId,
        outcome: 'denied',
        detail: JSON.stringify({ reason: 'forbidden', fields: ['canViewRapSheets'] }),
      },
    ]);
    // As `create-admin --rap-sheets` gives it on the server.
    await api.database.db
      .updateTable('users')
      .set({ can_view_rap_sheets: 1 })
      .where('id', '=', secondId)
      .execute();
    await second.users.setRapSheetAccess({ userId: adminId, version: own, canViewRapSheets: true });
    await expect(admin.eligibility.suggestions({ matterId })).resolves.toBeDefined();
  });

  it('lets an administrator without it still grant it to staff who are not administrators', async () => {
    const admin = await api.signedIn('bayLegal.admin');
    const userId = api.userIds['bayLegal.intake'];
    const { version } = await api.database.db
      .selectFrom('users')
      .select('version')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    await expect(admin.users.setRapSheetAccess({ userId, version, canViewRapSheets: true })).resolves.toEqual(
      {
        version: version + 1,
      },
    );
  });
});
