// Invitations through the router on both databases: an administrator invites by e-mail, the link
// (read from the staff notice the outbox carries) is accepted once and makes the account with the
// role and permission chosen; a used, run-out, withdrawn or replaced link is refused and makes
// nothing; other roles and offices are refused; and the notice names no client.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { adminSignedIn, PUBLIC_ORIGIN } from './fixtures.ts';

const PASSWORD = 'a lantern by the harbour';

describe.each(testDialects())('invitations (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const adminOf = (office: 'alameda' | 'bayLegal') => adminSignedIn(api, office);
  const anonymous = () => createCaller(api.context({ ip: '10.30.0.1' }));

  /** The newest invitation e-mail to an address: its outbox row, subject and the token in its link. */
  const invitationMail = async (email: string) => {
    const row = await api.database.db
      .selectFrom('staff_notices')
      .innerJoin('outbox', 'outbox.staff_notice_id', 'staff_notices.id')
      .select([
        'staff_notices.subject',
        'staff_notices.body',
        'outbox.state',
        'outbox.matter_id',
        'outbox.message_id',
      ])
      .where('staff_notices.recipient', '=', email)
      .where('staff_notices.kind', '=', 'invitation')
      .orderBy('staff_notices.created_at', 'desc')
      .orderBy('staff_notices.id', 'desc')
      .executeTakeFirstOrThrow();
    const token = /\/invitation#([A-Za-z0-9_-]{43})/.exec(row.body)?.[1] ?? '';
    return { ...row, token };
  };

  it('invites by e-mail; the link is accepted once and makes the account with the role chosen', async () => {
    const admin = await adminOf('alameda');
    const invited = await admin.users.invite({
      email: ' New.Attorney@Example.org ',
      role: 'attorney',
      canViewRapSheets: true,
    });
    const mail = await invitationMail('new.attorney@example.org');
    expect(mail.subject).toBe('You are invited to Relief Desk at Alameda County Public Defender');
    expect(mail.body).toContain(`${PUBLIC_ORIGIN}/invitation#`);
    expect(mail).toMatchObject({ state: 'pending', matter_id: null, message_id: null });
    // Only the token's hash is stored.
    const stored = await api.database.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', invited.invitationId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(mail.token);

    await expect(anonymous().invitations.details({ token: mail.token })).resolves.toMatchObject({
      state: 'open',
      officeName: 'Alameda County Public Defender',
      email: 'new.attorney@example.org',
      role: 'attorney',
    });
    const accepted = await anonymous().invitations.accept({
      token: mail.token,
      name: 'Nadia Attorney',
      password: PASSWORD,
    });
    expect(accepted).toEqual({ email: 'new.attorney@example.org' });

    const signIn = api.context({ ip: '10.30.0.2' });
    const answer = await createCaller(signIn).auth.signIn({
      email: 'new.attorney@example.org',
      password: PASSWORD,
    });
    expect(answer).toMatchObject({
      status: 'signed_in',
      name: 'Nadia Attorney',
      role: 'attorney',
      canViewRapSheets: true,
    });

    await expect(
      anonymous().invitations.accept({ token: mail.token, name: 'Someone Else', password: PASSWORD }),
    ).rejects.toThrow(
      'This invitation was already accepted. Sign in with your e-mail address and the password you chose.',
    );
    expect(await anonymous().invitations.details({ token: mail.token })).toMatchObject({ state: 'used' });
    const users = await api.database.db
      .selectFrom('users')
      .select('name')
      .where('email', '=', 'new.attorney@example.org')
      .execute();
    expect(users).toEqual([{ name: 'Nadia Attorney' }]);
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'office_id'])
      .where('entity_id', '=', invited.invitationId)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => `${a.action} ${a.outcome}`)).toEqual([
      'users.invite ok',
      'invitations.accept ok',
      'invitations.accept denied',
    ]);
    expect(audit.every((a) => a.office_id === api.officeIds.alameda)).toBe(true);
  });

  it('makes one account when two tabs accept the same link at once', async () => {
    const admin = await adminOf('alameda');
    await admin.users.invite({ email: 'twice@example.org', role: 'intake', canViewRapSheets: false });
    const { token } = await invitationMail('twice@example.org');
    const results = await Promise.allSettled(
      [1, 2, 3].map((n) => anonymous().invitations.accept({ token, name: `Tab ${n}`, password: PASSWORD })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const users = await api.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'twice@example.org')
      .execute();
    expect(users).toHaveLength(1);
  });

  it('an acceptance racing a withdrawal or a resend is told what happened, never "already accepted" without an account', async () => {
    const admin = await adminOf('alameda');
    for (const [round, race] of (['revoke', 'resend', 'revoke', 'resend'] as const).entries()) {
      const email = `racing-${round}@example.org`;
      await admin.users.invite({ email, role: 'intake', canViewRapSheets: false });
      const { token } = await invitationMail(email);
      const open = (await admin.users.invitations()).find((i) => i.email === email);
      const change = { invitationId: open?.id ?? '', version: open?.version ?? 0 };
      const [accepted, changed] = await Promise.allSettled([
        anonymous().invitations.accept({ token, name: `Racing Person ${round}`, password: PASSWORD }),
        race === 'revoke' ? admin.users.revokeInvitation(change) : admin.users.resendInvitation(change),
      ]);
      const account = await api.database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirst();
      if (accepted.status === 'fulfilled') {
        expect(account, email).toBeDefined();
        expect(changed.status, email).toBe('rejected');
      } else {
        expect(account, email).toBeUndefined();
        expect(String(accepted.reason), email).toContain(
          race === 'revoke' ? 'This invitation was withdrawn.' : 'This invitation link does not work.',
        );
      }
    }
  });

  it('refuses a link that ran out, was withdrawn or was replaced by sending again', async () => {
    const admin = await adminOf('alameda');
    await admin.users.invite({ email: 'late@example.org', role: 'intake', canViewRapSheets: false });
    const late = await invitationMail('late@example.org');
    api.clock.advanceMinutes(72 * 60 + 1);
    await expect(
      anonymous().invitations.accept({ token: late.token, name: 'Late Person', password: PASSWORD }),
    ).rejects.toThrow('This invitation has run out. Ask your administrator to send it again.');
    // Sent again: a new link works, the old one no longer does.
    const admin2 = await adminOf('alameda');
    const listed = (await admin2.users.invitations()).find((i) => i.email === 'late@example.org');
    expect(listed).toMatchObject({ state: 'expired', sentCount: 1, emailDelivery: 'waiting' });
    await admin2.users.resendInvitation({ invitationId: listed?.id ?? '', version: listed?.version ?? 0 });
    const again = await invitationMail('late@example.org');
    expect(again.token).not.toBe(late.token);
    await expect(
      anonymous().invitations.accept({ token: late.token, name: 'Late Person', password: PASSWORD }),
    ).rejects.toThrow('This invitation link does not work.');

    await admin2.users.invite({ email: 'withdrawn@example.org', role: 'supervisor', canViewRapSheets: true });
    const withdrawn = await invitationMail('withdrawn@example.org');
    const pending = (await admin2.users.invitations()).find((i) => i.email === 'withdrawn@example.org');
    await admin2.users.revokeInvitation({ invitationId: pending?.id ?? '', version: pending?.version ?? 0 });
    await expect(
      anonymous().invitations.accept({
        token: withdrawn.token,
        name: 'Withdrawn Person',
        password: PASSWORD,
      }),
    ).rejects.toThrow('This invitation was withdrawn.');
    // A stale version is refused with how to fix it.
    await expect(
      admin2.users.resendInvitation({ invitationId: pending?.id ?? '', version: pending?.version ?? 0 }),
    ).rejects.toThrow(/Reload to see their change/);

    // The newest link for the late invitation still works.
    await expect(
      anonymous().invitations.accept({ token: again.token, name: 'Late Person', password: PASSWORD }),
    ).resolves.toEqual({
      email: 'late@example.org',
    });
    const made = await api.database.db
      .selectFrom('users')
      .select('email')
      .where('email', 'in', ['late@example.org', 'withdrawn@example.org'])
      .execute();
    expect(made).toEqual([{ email: 'late@example.org' }]);
  });

  // Sending a withdrawn invitation again used to bring it back beside the new one made since: two
  // open invitations for one address, each with a working link, perhaps for different roles.
  it('refuses sending a withdrawn invitation again: one address keeps at most one open invitation', async () => {
    const admin = await adminOf('alameda');
    const email = 'changed.role@example.org';
    const first = await admin.users.invite({ email, role: 'supervisor', canViewRapSheets: true });
    await admin.users.revokeInvitation({ invitationId: first.invitationId, version: first.version });
    const second = await admin.users.invite({ email, role: 'intake', canViewRapSheets: false });
    const withdrawn = (await admin.users.invitations()).find((i) => i.id === first.invitationId);
    expect(withdrawn).toMatchObject({ state: 'withdrawn' });

    await expect(
      admin.users.resendInvitation({ invitationId: first.invitationId, version: withdrawn?.version ?? 0 }),
    ).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message: `The invitation to ${email} was withdrawn, so it cannot be sent again. To invite the address, use Invite a person.`,
    });
    // Nothing changed: the withdrawn one stays withdrawn, at its version; only the new one is open.
    const open = await api.database.db
      .selectFrom('invitations')
      .select(['id', 'role'])
      .where('email', '=', email)
      .where('office_id', '=', api.officeIds.alameda)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    expect(open).toEqual([{ id: second.invitationId, role: 'intake' }]);
    expect((await admin.users.invitations()).find((i) => i.id === first.invitationId)).toMatchObject({
      state: 'withdrawn',
      version: withdrawn?.version,
    });
    const resent = await api.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'users.resendInvitation')
      .where('entity_id', '=', first.invitationId)
      .where('outcome', '=', 'ok')
      .execute();
    expect(resent).toEqual([]);
    // Its link never comes back either.
    const firstMail = await api.database.db
      .selectFrom('staff_notices')
      .select('id')
      .where('invitation_id', '=', first.invitationId)
      .execute();
    expect(firstMail).toHaveLength(1);
  });

  it('refuses a name of blank or invisible characters, and stores a name without invisible ones', async () => {
    const admin = await adminOf('alameda');
    await admin.users.invite({ email: 'blank.name@example.org', role: 'intake', canViewRapSheets: false });
    const { token } = await invitationMail('blank.name@example.org');
    for (const blank of ['\u2800\u2800\u2800', '\u200b\u200d\u2060\ufeff', '\u3164\u3164 \u3164']) {
      const refused = await anonymous()
        .invitations.accept({ token, name: blank, password: PASSWORD })
        .catch((error: Error) => error);
      expect(refused, JSON.stringify(blank)).toMatchObject({ code: 'BAD_REQUEST' });
      expect(String((refused as Error).message)).toMatch(/Enter your name/);
    }
    expect(await anonymous().invitations.details({ token })).toMatchObject({ state: 'open' });
    await anonymous().invitations.accept({
      token,
      name: 'Lin\u200bda\u2060 \u200dOkafor\ufeff',
      password: PASSWORD,
    });
    const made = await api.database.db
      .selectFrom('users')
      .select('name')
      .where('email', '=', 'blank.name@example.org')
      .executeTakeFirstOrThrow();
    expect(made.name).toBe('Linda Okafor');
  });

  // Two active people of one name in an office cannot be told apart on the log, the assignee lists
  // or anywhere a name says who did something.
  it('refuses a name an active colleague has but for capitals, accents, spacing and invisible characters', async () => {
    const admin = await adminOf('alameda');
    const colleague = 'Attorney of Alameda County Public Defender';
    await admin.users.invite({ email: 'namesake@example.org', role: 'attorney', canViewRapSheets: true });
    const { token } = await invitationMail('namesake@example.org');
    for (const alike of [
      'ATTORNEY OF ALAMEDA COUNTY PUBLIC DEFENDER',
      'Attórney of Alaméda  County Public Defender',
      'Attorney of Alameda County Public\u200dDefender',
      'Attorney of AlamedaCounty Public Defender',
    ])
      await expect(
        anonymous().invitations.accept({ token, name: alike, password: PASSWORD }),
      ).rejects.toMatchObject({
        appCode: 'BAD_INPUT',
        message: `Someone at Alameda County Public Defender is already named “${colleague}”. Add a middle initial or another part of your name, so colleagues can tell the two of you apart.`,
      });
    // Nothing was made, and the link still works for a name that differs.
    expect(await anonymous().invitations.details({ token })).toMatchObject({ state: 'open' });
    await anonymous().invitations.accept({
      token,
      name: 'Attorney J. of Alameda County Public Defender',
      password: PASSWORD,
    });
    // Another office's namesake, or a disabled account's name, is no clash.
    const bayLegal = await adminOf('bayLegal');
    await bayLegal.users.invite({ email: 'elsewhere@example.org', role: 'intake', canViewRapSheets: false });
    await expect(
      anonymous().invitations.accept({
        token: (await invitationMail('elsewhere@example.org')).token,
        name: colleague,
        password: PASSWORD,
      }),
    ).resolves.toEqual({ email: 'elsewhere@example.org' });
  });

  // Two open invitations to one address, as sending a withdrawn one again left them: neither is sent
  // again (that would keep two working links); withdrawing one leaves the other to send.
  it('refuses sending again an invitation whose address has another open one', async () => {
    const admin = await adminOf('alameda');
    const email = 'left.twice@example.org';
    const kept = await admin.users.invite({ email, role: 'intake', canViewRapSheets: false });
    const at = api.clock.now().toISOString();
    const { id: legacy } = await api.database.db
      .insertInto('invitations')
      .values({
        id: `legacy-${dialect}`,
        office_id: api.officeIds.alameda,
        email,
        role: 'supervisor',
        can_view_rap_sheets: 1,
        token_hash: `legacy-hash-${dialect}`,
        expires_at: at,
        invited_by: api.userIds['alameda.admin'],
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const refusal = `${email} has another invitation still open in the list. Withdraw one of the two, then send the other again.`;
    await expect(admin.users.resendInvitation({ invitationId: legacy, version: 1 })).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message: refusal,
    });
    await expect(
      admin.users.resendInvitation({ invitationId: kept.invitationId, version: kept.version }),
    ).rejects.toMatchObject({ message: refusal });
    await admin.users.revokeInvitation({ invitationId: legacy, version: 1 });
    await expect(
      admin.users.resendInvitation({ invitationId: kept.invitationId, version: kept.version }),
    ).resolves.toMatchObject({ version: kept.version + 1 });
  });

  it('refuses a weak password, a second invitation to one address, and an existing account', async () => {
    const admin = await adminOf('alameda');
    await admin.users.invite({ email: 'weak@example.org', role: 'intake', canViewRapSheets: false });
    const { token } = await invitationMail('weak@example.org');
    await expect(
      anonymous().invitations.accept({ token, name: 'Weak Password', password: 'password1234' }),
    ).rejects.toThrow(/common passwords/);
    await expect(
      admin.users.invite({ email: 'weak@example.org', role: 'attorney', canViewRapSheets: true }),
    ).rejects.toThrow(
      'That address already has an invitation. Send it again from the list below, or withdraw it first.',
    );
    await expect(
      admin.users.invite({ email: 'intake@alameda.test', role: 'attorney', canViewRapSheets: true }),
    ).rejects.toThrow('That person already has an account in your office: find them in the list below.');
  });

  it('refuses inviting an address that has an account in another office, disabled or not, and sends nothing', async () => {
    const admin = await adminOf('alameda');
    const notices = () =>
      api.database.db
        .selectFrom('staff_notices')
        .select('id')
        .where('recipient', '=', 'intake@baylegal.test')
        .execute();
    const refusal = {
      appCode: 'BAD_INPUT',
      message:
        'That e-mail address already has a Relief Desk account in another office, and an address can have only one account, even a disabled one. Ask the person for another work address and invite that.',
    };
    await expect(
      admin.users.invite({ email: 'Intake@BayLegal.test', role: 'attorney', canViewRapSheets: true }),
    ).rejects.toMatchObject(refusal);
    // Disabling the account there frees nothing: the advice must not offer it.
    const bayLegal = await adminOf('bayLegal');
    const intake = (await bayLegal.users.list()).find((u) => u.email === 'intake@baylegal.test');
    await bayLegal.users.setActive({
      userId: intake?.id ?? '',
      version: intake?.version ?? 0,
      active: false,
    });
    await expect(
      admin.users.invite({ email: 'intake@baylegal.test', role: 'attorney', canViewRapSheets: true }),
    ).rejects.toMatchObject(refusal);
    const invited = await api.database.db
      .selectFrom('invitations')
      .select('id')
      .where('email', '=', 'intake@baylegal.test')
      .execute();
    expect(invited).toEqual([]);
    expect(await notices()).toEqual([]);
  });

  it('tells the truth when another office’s invitation to the address was accepted first', async () => {
    const email = 'two.offices@example.org';
    const alameda = await adminOf('alameda');
    const bayLegal = await adminOf('bayLegal');
    const { invitationId } = await alameda.users.invite({ email, role: 'intake', canViewRapSheets: false });
    const first = await invitationMail(email);
    await bayLegal.users.invite({ email, role: 'attorney', canViewRapSheets: true });
    const second = await invitationMail(email);
    await anonymous().invitations.accept({ token: second.token, name: 'Pat Both', password: PASSWORD });

    const elsewhere =
      'This e-mail address already has a Relief Desk account in another office, and an address can have only one, so this invitation cannot make an account at Alameda County Public Defender. Ask Alameda County Public Defender’s administrator to invite another work address of yours.';
    await expect(anonymous().invitations.details({ token: first.token })).resolves.toEqual({
      state: 'has_account_elsewhere',
      message: elsewhere,
    });
    await expect(
      anonymous().invitations.accept({ token: first.token, name: 'Pat Both', password: PASSWORD }),
    ).rejects.toThrow(elsewhere);
    const accounts = await api.database.db
      .selectFrom('users')
      .select('office_id')
      .where('email', '=', email)
      .execute();
    expect(accounts).toEqual([{ office_id: api.officeIds.bayLegal }]);
    // Alameda's list says what became of it; sending it again is refused, withdrawing it is not.
    const listed = (await alameda.users.invitations()).find((i) => i.id === invitationId);
    expect(listed).toMatchObject({ state: 'has_account' });
    await expect(
      alameda.users.resendInvitation({ invitationId, version: listed?.version ?? 0 }),
    ).rejects.toThrow(
      'That e-mail address already has a Relief Desk account in another office, and an address can have only one account, even a disabled one. Ask the person for another work address and invite that.',
    );
    await alameda.users.revokeInvitation({ invitationId, version: listed?.version ?? 0 });
    const refused = await api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'outcome', 'detail'])
      .where('action', '=', 'invitations.accept')
      .where('entity_id', '=', invitationId)
      .execute();
    expect(refused).toEqual([
      {
        office_id: api.officeIds.alameda,
        outcome: 'denied',
        detail: JSON.stringify({ reason: 'has_account_elsewhere' }),
      },
    ]);
  });

  it('makes one account when two offices’ invitations to one address are accepted at once', async () => {
    const email = 'same.moment@example.org';
    await (await adminOf('alameda')).users.invite({ email, role: 'intake', canViewRapSheets: false });
    const a = await invitationMail(email);
    await (await adminOf('bayLegal')).users.invite({ email, role: 'intake', canViewRapSheets: false });
    const b = await invitationMail(email);
    const results = await Promise.allSettled(
      [a, b].map((mail) =>
        anonymous().invitations.accept({ token: mail.token, name: 'Sam Once', password: PASSWORD }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [refusal] = results.filter((r) => r.status === 'rejected');
    expect(refusal?.reason).toMatchObject({ appCode: 'BAD_INPUT' });
    expect(String(refusal?.reason?.message)).toContain('already has a Relief Desk account in another office');
    const accounts = await api.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .execute();
    expect(accounts).toHaveLength(1);
  });

  it('is for administrators of the office only', async () => {
    for (const role of ['intake', 'attorney', 'supervisor'] as const) {
      const caller = await api.signedIn(`alameda.${role}`);
      await expect(
        caller.users.invite({ email: 'x@example.org', role: 'admin', canViewRapSheets: true }),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    const admin = await adminOf('alameda');
    await admin.users.invite({ email: 'office@example.org', role: 'intake', canViewRapSheets: false });
    const pending = (await admin.users.invitations()).find((i) => i.email === 'office@example.org');
    const other = await adminOf('bayLegal');
    expect((await other.users.invitations()).some((i) => i.email === 'office@example.org')).toBe(false);
    await expect(
      other.users.revokeInvitation({ invitationId: pending?.id ?? '', version: 1 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe.each(testDialects())('changing a role (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const userOf = (key: keyof ApiHarness['userIds']) =>
    api.database.db
      .selectFrom('users')
      .select(['role', 'can_view_rap_sheets', 'version'])
      .where('id', '=', api.userIds[key])
      .executeTakeFirstOrThrow();

  it('changes a colleague’s role; the RAP sheet permission follows the new role’s default', async () => {
    const admin = await api.signedIn('alameda.admin');
    const attorney = await userOf('alameda.attorney');
    const saved = await admin.users.setRole({
      userId: api.userIds['alameda.attorney'],
      version: attorney.version,
      role: 'intake',
    });
    expect(saved).toEqual({ version: attorney.version + 1, canViewRapSheets: false });
    expect(await userOf('alameda.attorney')).toMatchObject({ role: 'intake', can_view_rap_sheets: 0 });
    // Takes effect on the person's next request.
    const former = await api.signedIn('alameda.attorney');
    expect(await former.auth.me()).toMatchObject({ role: 'intake', canViewRapSheets: false });
    await expect(
      admin.users.setRole({
        userId: api.userIds['alameda.attorney'],
        version: attorney.version,
        role: 'supervisor',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'users.setRole')
      .where('outcome', '=', 'ok')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toEqual({
      from: 'attorney',
      to: 'intake',
      rapSheets: { from: true, to: false },
    });
  });

  it('refuses changing one’s own role; another office’s administrator cannot change it at all', async () => {
    const admin = await api.signedIn('alameda.admin');
    const self = await userOf('alameda.admin');
    await expect(
      admin.users.setRole({ userId: api.userIds['alameda.admin'], version: self.version, role: 'intake' }),
    ).rejects.toThrow('You cannot change your own role. Ask another administrator.');
    // A second administrator demotes the first, who can no longer administer.
    const supervisor = await userOf('alameda.supervisor');
    await admin.users.setRole({
      userId: api.userIds['alameda.supervisor'],
      version: supervisor.version,
      role: 'admin',
    });
    const second = await api.signedIn('alameda.supervisor');
    await second.users.setRole({
      userId: api.userIds['alameda.admin'],
      version: self.version,
      role: 'supervisor',
    });
    await expect(admin.users.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const other = await api.signedIn('bayLegal.admin');
    const target = await userOf('alameda.supervisor');
    await expect(
      other.users.setRole({
        userId: api.userIds['alameda.supervisor'],
        version: target.version,
        role: 'intake',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await userOf('alameda.supervisor')).role).toBe('admin');
  });

  // Only a race can leave an office without an administrator: the one acting is one. Two demoting
  // each other at once: one wins, the other is told to make someone else an administrator first.
  it('refuses the last administrator’s demotion even when two administrators demote each other at once', async () => {
    const admin = await api.signedIn('bayLegal.admin');
    const supervisor = await userOf('bayLegal.supervisor');
    await admin.users.setRole({
      userId: api.userIds['bayLegal.supervisor'],
      version: supervisor.version,
      role: 'admin',
    });
    const second = await api.signedIn('bayLegal.supervisor');
    const [a, b] = [await userOf('bayLegal.admin'), await userOf('bayLegal.supervisor')];
    const results = await Promise.allSettled([
      admin.users.setRole({ userId: api.userIds['bayLegal.supervisor'], version: b.version, role: 'intake' }),
      second.users.setRole({ userId: api.userIds['bayLegal.admin'], version: a.version, role: 'intake' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const admins = await api.database.db
      .selectFrom('users')
      .select('id')
      .where('office_id', '=', api.officeIds.bayLegal)
      .where('role', '=', 'admin')
      .execute();
    expect(admins).toHaveLength(1);
  });
});
