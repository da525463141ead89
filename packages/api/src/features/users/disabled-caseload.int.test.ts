// Someone disabled while they hold open matters: the matters stay theirs until handed on, the
// administrator is told how many and where, the queue's assignee filter still lists them (marked
// inactive) so a supervisor finds the caseload, and no new matter can be given to them.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';

describe.each(testDialects())('a disabled person’s open matters (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('are counted when they are disabled, found by the queue filter, refused new matters as disabled, and handed on', async () => {
    const attorneyId = api.userIds['alameda.attorney'];
    const supervisorId = api.userIds['alameda.supervisor'];
    const intake = await api.signedIn('alameda.intake');
    const supervisor = await api.signedIn('alameda.supervisor');
    const admin = await api.signedIn('alameda.admin');
    const matterIds: string[] = [];
    for (const [legalName, dateOfBirth] of [
      ['Rosa Caseload', '1970-01-02'],
      ['Tomás Caseload', '1971-02-03'],
    ] as const) {
      const recorded = await intake.referrals.record(
        referralInput({ client: { ...referralInput().client, legalName, otherNames: [], dateOfBirth } }),
      );
      matterIds.push(recorded.matters[0]?.id ?? '');
    }
    const versions = async () =>
      Promise.all(
        matterIds.map(async (id) => ({
          id,
          version: (await supervisor.matters.get({ matterId: id })).version,
        })),
      );
    expect(
      (await supervisor.queues.bulkAssign({ matters: await versions(), assigneeId: attorneyId })).applied,
    ).toBe(true);

    const account = (await admin.users.list()).find((u) => u.id === attorneyId);
    const disabled = await admin.users.setActive({
      userId: attorneyId,
      version: account?.version ?? 0,
      active: false,
    });
    expect(disabled.openMatters).toBe(2);
    expect(disabled.handOn).toBe(
      `${account?.name} still holds 2 open matters. Hand them on from the case queue: under Filters, choose Assignee “${account?.name} (disabled)”, select the matters and assign them to a colleague.`,
    );
    const [row] = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'users.setActive')
      .where('entity_id', '=', attorneyId)
      .execute();
    expect(JSON.parse(row?.detail ?? '{}')).toMatchObject({ to: false, openMatters: 2 });

    // The dashboard's workload marks them as disabled, so their waiting matters are not mistaken for
    // a colleague's at work; an active colleague is marked active.
    const { workload } = await supervisor.dashboard.get();
    expect(workload.find((w) => w.userId === attorneyId)).toMatchObject({ open: 2, active: false });
    expect(workload.find((w) => w.userId === supervisorId)).toMatchObject({ active: true });

    // The matter still names them; the queue's filter offers them, marked, and lists their caseload.
    expect((await supervisor.matters.get({ matterId: matterIds[0] ?? '' })).assignee).toEqual({
      id: attorneyId,
      name: account?.name,
    });
    const colleagues = await supervisor.users.listColleagues();
    expect(colleagues.find((u) => u.id === attorneyId)).toMatchObject({ name: account?.name, active: false });
    expect(colleagues.find((u) => u.id === supervisorId)).toMatchObject({ active: true });
    const caseload = await supervisor.matters.list({ queue: 'all', assignee: attorneyId });
    expect(caseload.items.map((m) => m.id).sort()).toEqual([...matterIds].sort());

    // No new assignment to them: refused, as before.
    const refused = await supervisor.queues
      .bulkAssign({ matters: await versions(), assigneeId: attorneyId })
      .catch((error: unknown) => error);
    // Refused as a disabled account, not as someone outside the office.
    const disabledSays = `${account?.name}’s account is disabled, so no matter can be given to them. Ask an administrator to enable it, or choose someone else.`;
    expect(refused).toMatchObject({
      appCode: 'BAD_INPUT',
      message: disabledSays,
      fieldErrors: [{ path: 'assigneeId', message: disabledSays }],
    });
    // Another office's person is still refused without a word about their account.
    const elsewhere = await supervisor.queues
      .bulkAssign({ matters: await versions(), assigneeId: api.userIds['bayLegal.attorney'] })
      .catch((error: unknown) => error);
    expect(elsewhere).toMatchObject({ appCode: 'BAD_INPUT', message: 'Choose a colleague in your office.' });

    // Handed on, they leave the filter: a disabled person with no open matter is not listed.
    expect(
      (await supervisor.queues.bulkAssign({ matters: await versions(), assigneeId: supervisorId })).applied,
    ).toBe(true);
    expect((await supervisor.users.listColleagues()).some((u) => u.id === attorneyId)).toBe(false);
  });

  it('reports the true count of open matters when the account is enabled again, with nothing to hand on', async () => {
    const userId = api.userIds['bayLegal.attorney'];
    const intake = await api.signedIn('bayLegal.intake');
    const supervisor = await api.signedIn('bayLegal.supervisor');
    const admin = await api.signedIn('bayLegal.admin');
    const recorded = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Ursula Enabled',
          otherNames: [],
          dateOfBirth: '1972-03-04',
        },
        counties: ['Contra Costa'],
      }),
    );
    const matterId = recorded.matters[0]?.id ?? '';
    const { version: matterVersion } = await supervisor.matters.get({ matterId });
    await supervisor.queues.bulkAssign({
      matters: [{ id: matterId, version: matterVersion }],
      assigneeId: userId,
    });
    const versionNow = async () => (await admin.users.list()).find((u) => u.id === userId)?.version ?? 0;

    const disabled = await admin.users.setActive({ userId, version: await versionNow(), active: false });
    expect(disabled.openMatters).toBe(1);
    const enabled = await admin.users.setActive({ userId, version: await versionNow(), active: true });
    expect(enabled).toMatchObject({ sessionsEnded: 0, openMatters: 1, handOn: null });
  });

  it('says nothing of hand-on when the person holds no open matter', async () => {
    const userId = api.userIds['alameda.intake'];
    const admin = await api.signedIn('alameda.admin');
    const version = (await admin.users.list()).find((u) => u.id === userId)?.version ?? 0;
    await expect(admin.users.setActive({ userId, version, active: false })).resolves.toMatchObject({
      openMatters: 0,
      handOn: null,
    });
  });
});
