// The audit log page (and so its CSV, which writes the same sentences) says what a change changed and
// whom it was about, from the rows' detail as stored: the RAP sheet permission granted or withdrawn,
// a role from what to what, a second factor required or not, who was invited as what; and a sign-in's
// password step that asked for a second factor is not told as "signed in".
import { testDialects } from '@relief-desk/db/testing';
import { auditSentenceText } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../../audit.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { adminSignedIn } from '../invitations/fixtures.ts';

describe.each(testDialects())('what the audit log says changed (%s)', (dialect) => {
  let api: ApiHarness;
  let sentences: string[];
  let adminName: string;
  let attorney: { id: string; name: string };

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const admin = await adminSignedIn(api, 'alameda');
    const users = await admin.users.list();
    adminName = users.find((u) => u.role === 'admin')?.name ?? '';
    const found = users.find((u) => u.role === 'attorney');
    if (!found) throw new Error('no attorney seeded');
    attorney = { id: found.id, name: found.name };
    const versionOf = async () => (await admin.users.list()).find((u) => u.id === found.id)?.version ?? 0;
    await admin.users.setRapSheetAccess({
      userId: found.id,
      version: await versionOf(),
      canViewRapSheets: false,
    });
    await admin.users.setRapSheetAccess({
      userId: found.id,
      version: await versionOf(),
      canViewRapSheets: true,
    });
    await admin.users.setRole({ userId: found.id, version: await versionOf(), role: 'supervisor' });
    await admin.offices.setMfaRequired({ version: 0, required: true });
    const invited = await admin.users.invite({
      email: 'ana@example.org',
      role: 'attorney',
      canViewRapSheets: false,
    });
    await admin.users.revokeInvitation({ invitationId: invited.invitationId, version: invited.version });
    // A person with a second factor passed the password step, and the second step never came.
    const { office_id: officeId } = await api.database.db
      .selectFrom('users')
      .select('office_id')
      .where('id', '=', found.id)
      .executeTakeFirstOrThrow();
    await writeAudit(
      api.database.db,
      { clock: api.clock, ip: '10.0.0.9', user: { id: found.id, officeId } },
      {
        action: 'auth.signIn',
        entityType: 'user',
        entityId: found.id,
        outcome: 'ok',
        detail: { step: 'password', next: 'second_factor' },
      },
    );
    const page = await admin.audit.list({ limit: 200 });
    sentences = page.lines.flatMap((l) => l.entries).map((e) => auditSentenceText(e.sentence));
  });
  afterAll(async () => api?.destroy());

  it('says whether the RAP sheet permission was granted or withdrawn', () => {
    expect(sentences).toContain(`${adminName} withdrew the RAP sheet permission from ${attorney.name}`);
    expect(sentences).toContain(`${adminName} granted ${attorney.name} the RAP sheet permission`);
  });

  it('says a role from what to what, and a second factor required', () => {
    expect(sentences).toContain(`${adminName} changed ${attorney.name}’s role from Attorney to Supervisor`);
    expect(sentences).toContain(`${adminName} required a second factor of everyone in the office`);
  });

  it('names whom an invitation was for, and as what', () => {
    expect(sentences).toContain(
      `${adminName} invited ana@example.org as Attorney, without the RAP sheet permission`,
    );
    // Withdrawn while its e-mail still waited in the outbox: the e-mail was stopped too.
    expect(sentences).toContain(
      `${adminName} withdrew the invitation to ana@example.org; its e-mail not yet sent was stopped`,
    );
  });

  it('does not tell a password step that asked for a second factor as a sign-in', () => {
    expect(sentences).toContain(`${attorney.name} passed the password step; asked for a second factor`);
    expect(sentences).not.toContain(`${attorney.name} signed in`);
  });
});
