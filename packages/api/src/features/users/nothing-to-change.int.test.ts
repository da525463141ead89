// A change of nothing is refused, as changing a role to the one a person has is: the RAP sheet
// permission to what it is, an account that is not locked unlocked, the office's second-factor rule
// or a kind's document due days to what they are. Nothing is written: the version stays, and the
// audit log never says a change was made that was not.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';

describe.each(testDialects())('a change of nothing (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const versionOf = async (userId: string) =>
    (
      await api.database.db
        .selectFrom('users')
        .select('version')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
    ).version;
  /** The audit rows an action wrote that say it was done. */
  const done = async (action: string) =>
    (
      await api.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', action)
        .where('outcome', '=', 'ok')
        .execute()
    ).length;

  it('refuses the RAP sheet permission to what it is, for a grant and a withdrawal', async () => {
    const admin = await api.signedIn('alameda.admin');
    const attorney = api.userIds['alameda.attorney'];
    const intake = api.userIds['alameda.intake'];
    const [attorneyVersion, intakeVersion] = [await versionOf(attorney), await versionOf(intake)];
    await expect(
      admin.users.setRapSheetAccess({ userId: attorney, version: attorneyVersion, canViewRapSheets: true }),
    ).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message: 'Attorney of Alameda County Public Defender can already see RAP sheets.',
    });
    await expect(
      admin.users.setRapSheetAccess({ userId: intake, version: intakeVersion, canViewRapSheets: false }),
    ).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message: 'Intake of Alameda County Public Defender already cannot see RAP sheets.',
    });
    expect([await versionOf(attorney), await versionOf(intake)]).toEqual([attorneyVersion, intakeVersion]);
    expect(await done('users.setRapSheetAccess')).toBe(0);
    // A real change still goes through.
    await admin.users.setRapSheetAccess({ userId: intake, version: intakeVersion, canViewRapSheets: true });
    expect(await done('users.setRapSheetAccess')).toBe(1);
  });

  it('refuses unlocking an account that is not locked', async () => {
    const admin = await api.signedIn('alameda.admin');
    const supervisor = api.userIds['alameda.supervisor'];
    // A wrong password or two is no lock: the count stays for the next tries to add to.
    await api
      .anonymous()
      .auth.signIn({ email: 'supervisor@alameda.test', password: 'not it at all' })
      .catch(() => {});
    const version = await versionOf(supervisor);
    await expect(admin.users.unlock({ userId: supervisor, version })).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message:
        'Supervisor of Alameda County Public Defender’s account is not locked, so there is nothing to unlock. If they cannot sign in, send them a password link.',
    });
    expect(await versionOf(supervisor)).toBe(version);
    expect(await done('users.unlock')).toBe(0);
    const counted = await api.database.db
      .selectFrom('sign_in_accounts')
      .select('failures')
      .where('failures', '>', 0)
      .execute();
    expect(counted.map((c) => Number(c.failures))).toContain(1);
  });

  it('refuses the office’s second-factor rule to what it is, set or never set', async () => {
    const admin = await api.signedIn('bayLegal.admin');
    // Never set: the office does not require one.
    await expect(admin.offices.setMfaRequired({ version: 0, required: false })).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message: 'The office already lets people sign in without a second factor.',
    });
    expect(await admin.offices.signInSettings()).toMatchObject({ version: 0, mfaRequired: false });
    await admin.offices.setMfaRequired({ version: 0, required: true });
    await expect(admin.offices.setMfaRequired({ version: 1, required: true })).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message: 'The office already requires a second factor of everyone.',
    });
    expect(await admin.offices.signInSettings()).toMatchObject({ version: 1, mfaRequired: true });
    expect(await done('offices.setMfaRequired')).toBe(1);
  });

  it('refuses a kind’s document due days to what they are, default or saved', async () => {
    const admin = await api.signedIn('alameda.admin');
    const before = await admin.offices.documentDueDays();
    const { days } = before.photo_id;
    await expect(
      admin.offices.setDocumentDueDays({ kind: 'photo_id', version: 0, days }),
    ).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message: `Requests for “Photo ID” are already due in ${days} days.`,
    });
    await admin.offices.setDocumentDueDays({ kind: 'photo_id', version: 0, days: days + 3 });
    await expect(
      admin.offices.setDocumentDueDays({ kind: 'photo_id', version: 1, days: days + 3 }),
    ).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message: `Requests for “Photo ID” are already due in ${days + 3} days.`,
    });
    expect((await admin.offices.documentDueDays()).photo_id).toEqual({ days: days + 3, version: 1 });
    expect(await done('offices.setDocumentDueDays')).toBe(1);
  });
});
