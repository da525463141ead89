// The audit log page (and so its CSV, which writes the same sentences) says what a change changed and
// whom it was about, from the rows' detail as stored: the RAP sheet permission granted or withdrawn,
// a role from what to what, a second factor required or not, who was invited as what; and a sign-in's
// password step that asked for a second factor is not told as "signed in"; an office profile's save
// and the client update limits, from what to what.
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
    // The office profile: the letterhead set, then renamed with another phone, e-mail and signer.
    const profile = await admin.offices.profile();
    const saved = await admin.offices.saveProfile({
      ...profile,
      address: '1401 Lakeside Drive\nOakland, CA 94612',
      phone: '(510) 272-6600',
      email: 'cleanslate@example.org',
      letterSignerName: 'Brendon Woods',
      letterSignerTitle: 'Public Defender',
    });
    await admin.offices.saveProfile({
      ...saved,
      name: 'Alameda County Public Defender {matter}',
      phone: '(510) 272-6601',
      email: 'records@example.org',
      letterSignerName: '',
      letterSignerTitle: '',
      counties: ['Alameda', 'Alpine'],
    });
    const renamed = await admin.offices.profile();
    await admin.offices.saveProfile({
      ...renamed,
      address: '1401 Lakeside Drive, Suite 400\nOakland, CA 94612',
    });
    await admin.offices.saveProfile(await admin.offices.profile());
    // The client update limits, from the defaults.
    await admin.queues.setLimits({ version: 0, clientUpdateDays: 21, clientUpdateOverdueDays: 60 });
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

  // The letterhead is on every client letter and message: a rename or a new address, phone or e-mail
  // must be told, from what to what (what was typed is shown as typed, never read as a placeholder).
  it('says what an office profile save changed, from what to what', () => {
    expect(sentences).toContain(
      `${adminName} changed the office profile: the address set to “1401 Lakeside Drive, Oakland, CA 94612”; the phone set to “(510) 272-6600”; the e-mail set to “cleanslate@example.org”; who signs letters from each letter’s sender to Brendon Woods, Public Defender`,
    );
    expect(sentences).toContain(
      `${adminName} changed the office profile: the name from “Alameda County Public Defender” to “Alameda County Public Defender {matter}”; the phone from “(510) 272-6600” to “(510) 272-6601”; the e-mail from “cleanslate@example.org” to “records@example.org”; who signs letters from Brendon Woods, Public Defender to each letter’s sender; counties added: Alpine`,
    );
    expect(sentences).toContain(
      `${adminName} changed the office profile: the address from “1401 Lakeside Drive, Oakland, CA 94612” to “1401 Lakeside Drive, Suite 400, Oakland, CA 94612”`,
    );
    expect(sentences).toContain(`${adminName} saved the office profile with no change`);
  });

  it('keeps the office profile’s changes from → to in the row', async () => {
    const rows = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'offices.saveProfile')
      .orderBy('seq')
      .execute();
    expect(JSON.parse(rows[1]?.detail ?? '{}')).toMatchObject({
      changes: {
        name: { from: 'Alameda County Public Defender', to: 'Alameda County Public Defender {matter}' },
        phone: { from: '(510) 272-6600', to: '(510) 272-6601' },
        email: { from: 'cleanslate@example.org', to: 'records@example.org' },
        letterSigner: {
          from: { name: 'Brendon Woods', title: 'Public Defender' },
          to: { name: '', title: '' },
        },
      },
      countiesAdded: ['Alpine'],
    });
  });

  it('says the client update limits from what to what', () => {
    expect(sentences).toContain(
      `${adminName} changed the client update limits: a client update due after 21 days without one (was 14 days), overdue after 60 days (was 42 days)`,
    );
  });

  it('does not tell a password step that asked for a second factor as a sign-in', () => {
    expect(sentences).toContain(`${attorney.name} passed the password step; asked for a second factor`);
    expect(sentences).not.toContain(`${attorney.name} signed in`);
  });
});
