// Refused one-time links as the audit log page tells them: someone not signed in acted (not the
// server), on their own office's invitation (not "another office's"), for the reason the link was
// refused (accepted already, run out, withdrawn, matching none), never "a request from another site".
import { testDialects } from '@relief-desk/db/testing';
import { auditSentenceText } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { adminSignedIn } from '../invitations/fixtures.ts';
import { refusal } from '../lifecycle-fixtures.ts';
import type { AuditLine } from './log.ts';

const PASSWORD = 'a lantern by the harbour';
const UNKNOWN_TOKEN = 'A'.repeat(43);

describe.each(testDialects())('refused links on the audit log page (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const adminOf = (office: 'alameda' | 'bayLegal') => adminSignedIn(api, office);
  const anonymous = () => createCaller(api.context({ ip: '10.40.0.1' }));

  /** The token in the newest staff notice of a kind to an address. */
  const tokenTo = async (email: string, kind: 'invitation' | 'password_reset') => {
    const row = await api.database.db
      .selectFrom('staff_notices')
      .select('body')
      .where('recipient', '=', email)
      .where('kind', '=', kind)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return /#([A-Za-z0-9_-]{43})/.exec(row.body)?.[1] ?? '';
  };
  const sentences = (lines: AuditLine[]) => lines.map((l) => auditSentenceText(l.sentence));

  it('tells a refused invitation link as someone not signed in, with why, on the office’s own invitation', async () => {
    const admin = await adminOf('alameda');
    const accept = (token: string) =>
      refusal(anonymous().invitations.accept({ token, name: 'Nadia Attorney', password: PASSWORD }));

    await admin.users.invite({ email: 'late@example.org', role: 'intake', canViewRapSheets: false });
    const late = await tokenTo('late@example.org', 'invitation');
    api.clock.advanceMinutes(72 * 60 + 1);
    await accept(late);

    const fresh = await adminOf('alameda');
    await fresh.users.invite({ email: 'once@example.org', role: 'attorney', canViewRapSheets: true });
    const once = await tokenTo('once@example.org', 'invitation');
    await anonymous().invitations.accept({ token: once, name: 'Nadia Attorney', password: PASSWORD });
    api.clock.advanceMinutes(1);
    await accept(once);

    api.clock.advanceMinutes(1);
    await fresh.users.invite({ email: 'withdrawn@example.org', role: 'intake', canViewRapSheets: false });
    const withdrawn = await tokenTo('withdrawn@example.org', 'invitation');
    const pending = (await fresh.users.invitations()).find((i) => i.email === 'withdrawn@example.org');
    await fresh.users.revokeInvitation({ invitationId: pending?.id ?? '', version: pending?.version ?? 0 });
    api.clock.advanceMinutes(1);
    await accept(withdrawn);

    api.clock.advanceMinutes(1);
    await accept(UNKNOWN_TOKEN);

    const office = await fresh.audit.list({ action: 'invitations.accept', outcome: 'denied' });
    expect(sentences(office.lines)).toEqual([
      'Someone not signed in was refused: an invitation link that matches no invitation',
      'Someone not signed in was refused: the invitation was withdrawn',
      'Someone not signed in was refused: the invitation was already accepted',
      'Someone not signed in was refused: the invitation had run out',
    ]);
    // The link that matches none names no office: every office's administrators see it, as it is.
    const unknown = await (await adminOf('bayLegal')).audit.list({
      person: 'unknown',
      action: 'invitations.accept',
    });
    expect(sentences(unknown.lines)).toEqual([
      'Someone not signed in was refused: an invitation link that matches no invitation',
    ]);
  });

  it('tells a refused password link by why it was refused, not as a request from another site', async () => {
    const admin = await adminOf('bayLegal');
    const intake = (await admin.users.list()).find((u) => u.email === 'intake@baylegal.test');
    await admin.users.sendPasswordReset({ userId: intake?.id ?? '', version: intake?.version ?? 0 });
    const token = await tokenTo('intake@baylegal.test', 'password_reset');
    await anonymous().passwordResets.setPassword({ token, password: 'a heron over the estuary' });
    api.clock.advanceMinutes(1);
    await refusal(anonymous().passwordResets.setPassword({ token, password: 'a heron over the estuary' }));
    api.clock.advanceMinutes(1);
    await refusal(anonymous().passwordResets.setPassword({ token: UNKNOWN_TOKEN, password: PASSWORD }));

    const fresh = await adminOf('bayLegal');
    const office = await fresh.audit.list({ action: 'passwordResets.setPassword', outcome: 'denied' });
    expect(sentences(office.lines)).toEqual([
      'Someone not signed in was refused: a password link that matches no link sent',
      'Intake of Bay Area Legal Aid was refused: the password link was already used',
    ]);
  });

  it('tells a sign-in link that matches none as one, not as an unknown account', async () => {
    await refusal(anonymous().auth.useSignInLink({ token: UNKNOWN_TOKEN }));
    const admin = await adminOf('alameda');
    const unknown = await admin.audit.list({ person: 'unknown', action: 'auth.useSignInLink' });
    expect(sentences(unknown.lines)).toEqual([
      'Someone not signed in was refused: a sign-in link that was used, had run out or matches no link sent',
    ]);
  });
});
