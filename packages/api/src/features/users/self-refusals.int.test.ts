// Refusals about one's own account, and about the office's last administrator, are on record like
// every refusal (as the RAP sheet permission's is), and the audit log page says why.
import { testDialects } from '@relief-desk/db/testing';
import { type AuditAction, auditSentenceText } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { refusal } from '../lifecycle-fixtures.ts';

describe.each(testDialects())('refusals about one’s own account, on record (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const versionOf = async (key: keyof ApiHarness['userIds']) =>
    (
      await api.database.db
        .selectFrom('users')
        .select('version')
        .where('id', '=', api.userIds[key])
        .executeTakeFirstOrThrow()
    ).version;
  const deniedSentences = async (office: 'alameda' | 'bayLegal', action: AuditAction) => {
    const page = await (await api.signedIn(`${office}.admin`)).audit.list({ action, outcome: 'denied' });
    return page.lines.map((l) => auditSentenceText(l.sentence));
  };

  it('puts disabling oneself and changing one’s own role on record, saying why', async () => {
    const admin = await api.signedIn('alameda.admin');
    const userId = api.userIds['alameda.admin'];
    const version = await versionOf('alameda.admin');
    expect((await refusal(admin.users.setActive({ userId, version, active: false }))).message).toBe(
      'You cannot disable your own account. Ask another administrator.',
    );
    expect((await refusal(admin.users.setRole({ userId, version, role: 'intake' }))).message).toBe(
      'You cannot change your own role. Ask another administrator.',
    );
    expect(await deniedSentences('alameda', 'users.setActive')).toEqual([
      'Admin of Alameda County Public Defender was refused: Disable or enable an account: it is their own account',
    ]);
    expect(await deniedSentences('alameda', 'users.setRole')).toEqual([
      'Admin of Alameda County Public Defender was refused: Change a person’s role: it is their own account',
    ]);
    expect(await versionOf('alameda.admin')).toBe(version);
  });

  it('puts the last administrator’s demotion on record when two administrators demote each other at once', async () => {
    const admin = await api.signedIn('bayLegal.admin');
    await admin.users.setRole({
      userId: api.userIds['bayLegal.supervisor'],
      version: await versionOf('bayLegal.supervisor'),
      role: 'admin',
    });
    const second = await api.signedIn('bayLegal.supervisor');
    const [a, b] = [await versionOf('bayLegal.admin'), await versionOf('bayLegal.supervisor')];
    const results = await Promise.allSettled([
      admin.users.setRole({ userId: api.userIds['bayLegal.supervisor'], version: b, role: 'intake' }),
      second.users.setRole({ userId: api.userIds['bayLegal.admin'], version: a, role: 'intake' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rows = await api.database.db
      .selectFrom('audit_log')
      .select(['outcome', 'detail'])
      .where('action', '=', 'users.setRole')
      .where('outcome', '=', 'denied')
      .where('office_id', '=', api.officeIds.bayLegal)
      .execute();
    expect(rows).toEqual([{ outcome: 'denied', detail: JSON.stringify({ reason: 'last_administrator' }) }]);
  });
});
