// What an administrator can do so that no one, anonymous or not, keeps staff out: unlock an account,
// end a person's sessions, disable an account (which ends its sessions at once). Office-scoped and
// audited; other roles and other offices are refused.
import { testDialects } from '@relief-desk/db/testing';
import { auditSentenceText } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness, TEST_PASSWORD } from '../../testing.ts';

describe.each(testDialects())('an administrator controls the office’s accounts (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const attempt = (email: string, password: string) =>
    createCaller(api.context({ ip: '10.9.0.1' })).auth.signIn({ email, password });
  const versionOf = async (userId: string) => {
    const row = await api.database.db
      .selectFrom('users')
      .select('version')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    return row.version;
  };
  const auditOf = (action: string, entityId: string) =>
    api.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'office_id', 'outcome', 'detail'])
      .where('action', '=', action)
      .where('entity_id', '=', entityId)
      .orderBy('id')
      .execute();

  it('unlocks an account five anonymous wrong passwords locked, so its owner signs in at once', async () => {
    const userId = api.userIds['alameda.intake'];
    for (let i = 0; i < 5; i++) await attempt('intake@alameda.test', 'not it').catch(() => {});
    await expect(attempt('intake@alameda.test', TEST_PASSWORD)).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
    });
    const admin = await api.signedIn('alameda.admin');
    expect((await admin.users.list()).find((u) => u.id === userId)).toMatchObject({ locked: true });

    const version = await versionOf(userId);
    await expect(admin.users.unlock({ userId, version })).resolves.toEqual({ wasLocked: true });
    expect((await admin.users.list()).find((u) => u.id === userId)).toMatchObject({
      locked: false,
      version,
    });
    await expect(attempt('intake@alameda.test', TEST_PASSWORD)).resolves.toMatchObject({ role: 'intake' });
    const rows = await auditOf('users.unlock', userId);
    expect(rows).toEqual([
      {
        actor_id: api.userIds['alameda.admin'],
        office_id: api.officeIds.alameda,
        outcome: 'ok',
        detail: JSON.stringify({ wasLocked: true, failuresCleared: 5 }),
      },
    ]);
  });

  it('counts the live sessions of a person by each session’s own idle limit', async () => {
    const userId = api.userIds['alameda.supervisor'];
    // Signed in afresh for each look: the clock moves past an administrator's own idle limit.
    const live = async () =>
      (await (await api.signedIn('alameda.admin')).users.list()).find((u) => u.id === userId)?.liveSessions;
    const before = await live();
    // One server gives its sessions 1 minute idle, another 60 (SESSION_IDLE_MINUTES).
    for (const sessionIdleMinutes of [1, 60])
      await createCaller(api.context({ sessionIdleMinutes })).auth.signIn({
        email: 'supervisor@alameda.test',
        password: TEST_PASSWORD,
      });
    expect(await live()).toBe((before ?? 0) + 2);
    api.clock.advanceMinutes(2);
    // The 1-minute session has ended (it is refused at its next use); the 60-minute one lives on,
    // past the 30 minutes a fixed limit would have counted.
    expect(await live()).toBe((before ?? 0) + 1);
    api.clock.advanceMinutes(40);
    expect(await live()).toBe(1);
    await api.database.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  });

  it('ends every session of a person, who then has to sign in again', async () => {
    const userId = api.userIds['alameda.attorney'];
    const first = await api.signedIn('alameda.attorney');
    const second = await api.signedIn('alameda.attorney');
    const admin = await api.signedIn('alameda.admin');
    expect((await admin.users.list()).find((u) => u.id === userId)).toMatchObject({ liveSessions: 2 });

    const version = await versionOf(userId);
    await expect(admin.users.endSessions({ userId, version })).resolves.toEqual({ ended: 2 });
    expect(await versionOf(userId)).toBe(version);
    for (const caller of [first, second])
      await expect(caller.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(admin.auth.me()).resolves.toMatchObject({ role: 'admin' });
    expect((await auditOf('users.endSessions', userId)).map((r) => JSON.parse(r.detail))).toEqual([
      { sessionsEnded: 2 },
    ]);
  });

  it('disables an account, ending its sessions at once, and enables it again', async () => {
    const userId = api.userIds['alameda.supervisor'];
    const supervisor = await api.signedIn('alameda.supervisor');
    const admin = await api.signedIn('alameda.admin');
    const { version } = (await admin.users.list()).find((u) => u.id === userId) ?? { version: 0 };

    await expect(admin.users.setActive({ userId, version, active: false })).resolves.toEqual({
      version: version + 1,
      sessionsEnded: 1,
      openMatters: 0,
      handOn: null,
    });
    const left = await api.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', userId)
      .execute();
    expect(left).toEqual([]);
    await expect(supervisor.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(attempt('supervisor@alameda.test', TEST_PASSWORD)).rejects.toMatchObject({
      appCode: 'BAD_CREDENTIALS',
    });
    // A stale version is refused; the current one enables the account.
    await expect(admin.users.setActive({ userId, version, active: true })).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
    });
    await admin.users.setActive({ userId, version: version + 1, active: true });
    await expect(attempt('supervisor@alameda.test', TEST_PASSWORD)).resolves.toMatchObject({
      role: 'supervisor',
    });
    expect((await auditOf('users.setActive', userId)).map((r) => JSON.parse(r.detail))).toEqual([
      { from: true, to: false, sessionsEnded: 1, linksEnded: 0, openMatters: 0 },
      { reason: 'version_conflict' },
      { from: false, to: true, sessionsEnded: 0 },
    ]);
  });

  it('refuses enabling an enabled account or disabling a disabled one, changing and logging nothing', async () => {
    const userId = api.userIds['alameda.attorney'];
    const admin = await api.signedIn('alameda.admin');
    const versionNow = async () => (await admin.users.list()).find((u) => u.id === userId)?.version ?? 0;
    const version = await versionNow();
    await expect(admin.users.setActive({ userId, version, active: true })).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message: 'Attorney of Alameda County Public Defender’s account is already enabled.',
    });
    expect(await versionNow()).toBe(version);
    await admin.users.setActive({ userId, version, active: false });
    await expect(
      admin.users.setActive({ userId, version: version + 1, active: false }),
    ).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message:
        'Attorney of Alameda County Public Defender’s account is already disabled. Enable it to let them sign in again.',
    });
    expect(await versionNow()).toBe(version + 1);
    await admin.users.setActive({ userId, version: version + 1, active: true });
    // The log says what happened, once each: no "enabled" for an account that already was.
    const log = await admin.audit.list({ action: 'users.setActive', outcome: 'ok' });
    expect(
      log.lines.map((l) => auditSentenceText(l.sentence)).filter((s) => s.includes('Attorney of Alameda')),
    ).toEqual([
      'Admin of Alameda County Public Defender enabled Attorney of Alameda County Public Defender’s account',
      'Admin of Alameda County Public Defender disabled Attorney of Alameda County Public Defender’s account',
    ]);
  });

  it('refuses an unlock or an end of sessions from a stale page, changing nothing', async () => {
    const userId = api.userIds['alameda.attorney'];
    const admin = await api.signedIn('alameda.admin');
    const shown = await versionOf(userId);
    // Another administrator changes the account after this one's page was drawn.
    await admin.users.setActive({ userId, version: shown, active: false });
    await admin.users.setActive({ userId, version: shown + 1, active: true });
    const attorney = await api.signedIn('alameda.attorney');
    for (let i = 0; i < 5; i++) await attempt('attorney@alameda.test', 'not it').catch(() => {});
    const unlocksBefore = (await auditOf('users.unlock', userId)).length;

    await expect(admin.users.unlock({ userId, version: shown })).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
    });
    await expect(admin.users.endSessions({ userId, version: shown })).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
    });
    expect((await admin.users.list()).find((u) => u.id === userId)).toMatchObject({ locked: true });
    await expect(attorney.auth.me()).resolves.toMatchObject({ role: 'attorney' });
    // Nothing unlocked: only the stale attempt is on record, as refused.
    expect(
      (await auditOf('users.unlock', userId))
        .slice(unlocksBefore)
        .map((r) => [r.outcome, JSON.parse(r.detail)]),
    ).toEqual([['denied', { reason: 'version_conflict' }]]);

    // The current version does both.
    await expect(admin.users.unlock({ userId, version: shown + 2 })).resolves.toEqual({ wasLocked: true });
    await expect(admin.users.endSessions({ userId, version: shown + 2 })).resolves.toEqual({ ended: 1 });
    await expect(attorney.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('does not let administrators disable themselves', async () => {
    const admin = await api.signedIn('alameda.admin');
    const me = (await admin.users.list()).find((u) => u.id === api.userIds['alameda.admin']);
    await expect(
      admin.users.setActive({
        userId: api.userIds['alameda.admin'],
        version: me?.version ?? 0,
        active: false,
      }),
    ).rejects.toMatchObject({ appCode: 'BAD_INPUT' });
  });

  it('refuses other roles and other offices, changing nothing, and puts the refusals on record', async () => {
    const userId = api.userIds['alameda.intake'];
    const before = await api.signedIn('alameda.intake');
    for (const role of ['intake', 'attorney', 'supervisor'] as const) {
      const caller = await api.signedIn(`alameda.${role}`);
      await expect(caller.users.unlock({ userId, version: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(caller.users.endSessions({ userId, version: 1 })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(caller.users.setActive({ userId, version: 1, active: false })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    const otherAdmin = await api.signedIn('bayLegal.admin');
    await expect(otherAdmin.users.unlock({ userId, version: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(otherAdmin.users.endSessions({ userId, version: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(otherAdmin.users.setActive({ userId, version: 1, active: false })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(before.auth.me()).resolves.toMatchObject({ role: 'intake' });
    // On record in the refused administrator's office, and in the office the account belongs to.
    // (A stale page's refusal in an earlier test is on record too, for its stale version.)
    const refusals = (await auditOf('users.endSessions', userId)).filter(
      (r) => JSON.parse(r.detail).reason !== 'version_conflict',
    );
    expect(refusals.filter((r) => r.outcome === 'denied').map((r) => [r.actor_id, r.office_id])).toEqual([
      [api.userIds['bayLegal.admin'], api.officeIds.bayLegal],
      [api.userIds['bayLegal.admin'], api.officeIds.alameda],
    ]);
  });
});
