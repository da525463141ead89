// Writes that check for a row first and then insert one, fired at once: on PostgreSQL two
// transactions could both pass the check (READ COMMITTED) and both insert. They now take turns
// (takeTurns), so the rule holds under parallel requests as it does one at a time; and a save that
// loses a race is refused naming the save that won.
import { testDialects } from '@relief-desk/db/testing';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  convictionInput,
  filedPetition,
  OVERRIDE_REASON,
  openMatter,
  petitionInput,
} from './features/lifecycle-fixtures.ts';
import { giveOfficesLetterheads, matterAtOutcome } from './features/messages/fixtures.ts';
import { createCaller } from './router.ts';
import { type ApiHarness, createApiHarness, referralInput, TEST_PASSWORD } from './testing.ts';

const AT_ONCE = 8;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One of the requests fired at once went through; every other was refused so. */
function expectOneWon(results: PromiseSettledResult<unknown>[], refusal: Record<string, unknown>): void {
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  for (const refused of results.filter((r) => r.status === 'rejected'))
    expect(refused.reason).toMatchObject(refusal);
}

/** A dismissed arrest on the matter, decided eligible for a petition to seal it (PC 851.91). */
async function sealableArrest(attorney: ReturnType<typeof createCaller>, matterId: string): Promise<string> {
  const { id: arrestId } = await attorney.arrests.add({
    matterId,
    arrest: {
      arrestDate: '2019-03-03',
      code: 'PC',
      section: '459',
      level: 'felony',
      disposition: 'dismissed',
      dispositionDate: '2019-06-06',
    },
  });
  await attorney.arrests.recordDecision({
    arrestId,
    remedy: 'pc851.91',
    determination: 'eligible_mandatory',
    reasons: 'Charges dismissed and may not be refiled.',
    supersedes: null,
    overrideReason: OVERRIDE_REASON,
  });
  return arrestId;
}

describe.each(testDialects())('checks that hold under parallel requests (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  it('one person referred several times at once becomes one client; the rest are told of the likely match', async () => {
    // Each request from its own tab (its own key), as a double click or two colleagues would send it.
    const callers = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, i) =>
        api.signedIn(i % 2 === 0 ? 'alameda.intake' : 'alameda.attorney'),
      ),
    );
    const input = referralInput({
      client: {
        ...referralInput().client,
        legalName: 'Xiomara Quintanilla Paredes',
        otherNames: [],
        dateOfBirth: '1977-02-14',
        phone: '(510) 555-0177',
        email: 'xiomara@example.net',
      },
    });
    const results = await Promise.allSettled(callers.map((caller) => caller.referrals.record(input)));
    expectOneWon(results, {
      appCode: 'BAD_INPUT',
      message: expect.stringContaining('This may be a client you already have'),
    });
    const clients = await api.database.db
      .selectFrom('clients')
      .select('id')
      .where('legal_name', '=', 'Xiomara Quintanilla Paredes')
      .execute();
    expect(clients).toHaveLength(1);
  });

  it('one address invited several times at once has one invitation; the rest are refused', async () => {
    // Invitations carry a link to the desk: the server must know its public address.
    const signIn = api.context({ publicOrigin: 'https://desk.example.org' });
    await createCaller(signIn).auth.signIn({ email: 'admin@alameda.test', password: TEST_PASSWORD });
    const admin = createCaller(
      api.context({ sessionToken: signIn.cookieJar.token, publicOrigin: 'https://desk.example.org' }),
    );
    const email = 'newcomer.race@example.org';
    const results = await Promise.allSettled(
      Array.from({ length: AT_ONCE }, (_, i) =>
        admin.users.invite({
          email,
          role: i % 2 === 0 ? 'intake' : 'attorney',
          canViewRapSheets: i % 2 === 1,
        }),
      ),
    );
    expectOneWon(results, {
      message:
        'That address already has an invitation. Send it again from the list below, or withdraw it first.',
    });
    const invitations = await api.database.db
      .selectFrom('invitations')
      .select('id')
      .where('email', '=', email)
      .execute();
    expect(invitations).toHaveLength(1);
    const mails = await api.database.db
      .selectFrom('staff_notices')
      .select('id')
      .where('recipient', '=', email)
      .execute();
    expect(mails).toHaveLength(1);
  });

  it('an outcome sent twice at once goes once; the refusal names the send that won', async () => {
    // The attorney moved the matter last; the supervisor sends the outcome from two tabs at once.
    const { matterId, version } = await matterAtOutcome(api);
    const tabs = await Promise.all([api.signedIn('alameda.supervisor'), api.signedIn('alameda.supervisor')]);
    const composed = await tabs[0].messages.composeOutcome({ matterId });
    const input = {
      matterId,
      version,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
      writtenIn: composed.language,
    };
    const results = await Promise.allSettled(tabs.map((tab) => tab.messages.sendOutcome(input)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: {
        appCode: 'VERSION_CONFLICT',
        // Both tabs are the same supervisor's: the send that won was theirs.
        message: expect.stringMatching(
          /^The court’s outcome was already sent to the client, by you on .+: nothing was sent again\.$/,
        ),
      },
    });
    const sent = await api.database.db
      .selectFrom('messages')
      .select('id')
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'outcome')
      .execute();
    expect(sent).toHaveLength(composed.messages.length);
  });

  it('an outcome sent while the court’s outcome is corrected: refused, or the correction warns the client was told', async () => {
    // Rounds of the two at once: the send reads the outcome the correction changes. Whichever goes
    // first, the client is never told an outcome the record no longer holds without staff being told so.
    const attorney = await api.signedIn('alameda.attorney');
    for (let round = 0; round < AT_ONCE; round++) {
      const { matterId, version } = await matterAtOutcome(api, {}, { withOrder: false });
      const composed = await attorney.messages.composeOutcome({ matterId });
      const matter = await attorney.matters.get({ matterId });
      const petition = matter.petitions[0];
      if (!petition) throw new Error('the matter holds no petition');
      // One started a little after the other, by 0-16 ms either way from round to round: each is
      // caught at each point of the other's transaction.
      const lead = (round - 3) * 4;
      const [sent, corrected] = await Promise.allSettled([
        delay(Math.max(0, -lead)).then(() =>
          attorney.messages.sendOutcome({
            matterId,
            version,
            fingerprint: composed.fingerprint,
            closeNote: 'Signed order requested from the court.',
            messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
            writtenIn: composed.language,
          }),
        ),
        delay(Math.max(0, lead)).then(() =>
          attorney.petitions.update({
            petitionId: petition.id,
            version: petition.version,
            status: 'decided',
            court: petition.court,
            filedOn: '2026-10-01',
            decidedOn: '2026-11-20',
            // Both denied: the first had been recorded granted.
            outcomes: petition.convictions.map((c) => ({
              convictionId: c.convictionId,
              outcome: 'denied' as const,
            })),
          }),
        ),
      ]);
      expect(corrected.status).toBe('fulfilled');
      const updates = await api.database.db
        .selectFrom('matter_events')
        .select('data')
        .where('matter_id', '=', matterId)
        .where('kind', '=', 'petition_updated')
        .execute();
      const corrections = updates
        .map((u) => JSON.parse(u.data) as { outcomeCorrected?: boolean; clientToldEarlier?: boolean })
        .filter((d) => d.outcomeCorrected);
      expect(corrections).toHaveLength(1);
      const warned = corrections[0]?.clientToldEarlier === true;
      if (sent.status === 'fulfilled') {
        // Sent first: the correction says the client was told otherwise and must be told again.
        expect(warned).toBe(true);
      } else {
        expect(sent.reason).toMatchObject({ appCode: 'VERSION_CONFLICT' });
        // Corrected first: the send read the correction and was refused; nothing went.
        expect(warned).toBe(false);
        const messages = await api.database.db
          .selectFrom('messages')
          .select('id')
          .where('matter_id', '=', matterId)
          .where('kind', '=', 'outcome')
          .execute();
        expect(messages).toEqual([]);
      }
    }
  });

  it('matters given to a colleague being disabled: refused, or counted among the matters to hand on', async () => {
    const supervisor = await api.signedIn('alameda.supervisor');
    const admin = await api.signedIn('alameda.admin');
    for (let round = 0; round < AT_ONCE; round++) {
      const userId = `leaving-${dialect}-${round}`;
      const at = api.clock.now().toISOString();
      await api.database.db
        .insertInto('users')
        .values({
          id: userId,
          office_id: api.officeIds.alameda,
          email: `${userId}@example.org`,
          name: `Leaving Colleague ${round}`,
          role: 'attorney',
          password_hash: 'not used',
          created_at: at,
          updated_at: at,
        })
        .execute();
      const matters = [await openMatter(api), await openMatter(api)];
      const selection = await Promise.all(
        matters.map(async (matterId) => ({
          id: matterId,
          version: (await supervisor.matters.get({ matterId })).version,
        })),
      );
      const lead = (round - 3) * 4;
      const [assigned, disabled] = await Promise.allSettled([
        delay(Math.max(0, -lead)).then(() =>
          supervisor.queues.bulkAssign({ matters: selection, assigneeId: userId }),
        ),
        delay(Math.max(0, lead)).then(() => admin.users.setActive({ userId, version: 1, active: false })),
      ]);
      expect(disabled.status).toBe('fulfilled');
      const held = await api.database.db
        .selectFrom('matters')
        .select('id')
        .where('assignee_id', '=', userId)
        .execute();
      // The administrator was told of every open matter the colleague holds, none given after.
      if (disabled.status === 'fulfilled') expect(disabled.value.openMatters).toBe(held.length);
      if (assigned.status === 'rejected') expect(held).toEqual([]);
      else expect(held).toHaveLength(2);
    }
  });

  it('two offices renamed alike at once: one is, the other is refused', async () => {
    const admins = [await api.signedIn('alameda.admin'), await api.signedIn('bayLegal.admin')];
    const before = await Promise.all(admins.map((admin) => admin.offices.profile()));
    const results = await Promise.allSettled(
      admins.map((admin, i) =>
        admin.offices.saveProfile({
          ...(before[i] as (typeof before)[number]),
          name: 'Record Clearance Office',
        }),
      ),
    );
    expectOneWon(results, {
      appCode: 'BAD_INPUT',
      message: expect.stringContaining('Another office on this desk is named “Record Clearance Office”'),
    });
    // Their names as they were, for the tests after this one.
    for (const [i, admin] of admins.entries()) {
      const now = await admin.offices.profile();
      const name = before[i]?.name ?? '';
      if (now.name !== name) await admin.offices.saveProfile({ ...now, name });
    }
  });

  it('one petition drafted several times at once for the same convictions and remedy is drafted once', async () => {
    const matterId = await openMatter(api);
    // One signed-in attorney sending at once (as from tabs); more sign-ins would meet the sign-in limits.
    const attorney = await api.signedIn('alameda.attorney');
    const { id: convictionId } = await attorney.convictions.add({
      matterId,
      conviction: convictionInput({ caseNumber: '15CR07777', section: '484(a)' }),
    });
    const results = await Promise.allSettled(
      Array.from({ length: AT_ONCE }, () =>
        attorney.petitions.create(petitionInput(matterId, [convictionId])),
      ),
    );
    expectOneWon(results, {
      appCode: 'BAD_INPUT',
      message: expect.stringContaining('one open petition per conviction and remedy'),
    });
    const petitions = await api.database.db
      .selectFrom('petitions')
      .select('id')
      .where('matter_id', '=', matterId)
      .execute();
    expect(petitions).toHaveLength(1);
  });

  it('a conviction removed while a petition is drafted on it: never both', async () => {
    // Rounds of the two at once: whichever goes first, the other is refused, and no petition holds a
    // removed conviction.
    const attorney = await api.signedIn('alameda.attorney');
    let removals = 0;
    let drafts = 0;
    for (let round = 0; round < AT_ONCE; round++) {
      const matterId = await openMatter(api);
      const { id: convictionId } = await attorney.convictions.add({
        matterId,
        conviction: convictionInput({ caseNumber: `16CR0${round}888` }),
      });
      const [removed, drafted] = await Promise.allSettled([
        attorney.convictions.remove({ convictionId, version: 1 }),
        attorney.petitions.create(petitionInput(matterId, [convictionId])),
      ]);
      expect([removed.status, drafted.status].sort()).toEqual(['fulfilled', 'rejected']);
      if (removed.status === 'fulfilled') removals++;
      if (drafted.status === 'fulfilled') drafts++;
      const held = await api.database.db
        .selectFrom('petition_convictions')
        .innerJoin('convictions', 'convictions.id', 'petition_convictions.conviction_id')
        .select('convictions.removed_at')
        .where('convictions.id', '=', convictionId)
        .execute();
      expect(held.filter((h) => h.removed_at !== null)).toEqual([]);
    }
    expect(removals + drafts).toBe(AT_ONCE);
  });

  it('a conviction removed while its withdrawn petition is taken up again: never both', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    for (let round = 0; round < AT_ONCE; round++) {
      const matterId = await openMatter(api);
      const { id: convictionId } = await attorney.convictions.add({
        matterId,
        conviction: convictionInput({ caseNumber: `17CR0${round}999` }),
      });
      const { id: petitionId } = await attorney.petitions.create(petitionInput(matterId, [convictionId]));
      await attorney.petitions.update(
        filedPetition(petitionId, 1, [convictionId], { status: 'withdrawn', filedOn: null }),
      );
      const [removed, reopened] = await Promise.allSettled([
        attorney.convictions.remove({ convictionId, version: 1 }),
        attorney.petitions.update(
          filedPetition(petitionId, 2, [convictionId], { status: 'draft', filedOn: null }),
        ),
      ]);
      expect([removed.status, reopened.status].sort()).toEqual(['fulfilled', 'rejected']);
      const open = await api.database.db
        .selectFrom('petitions')
        .innerJoin('petition_convictions', 'petition_convictions.petition_id', 'petitions.id')
        .innerJoin('convictions', 'convictions.id', 'petition_convictions.conviction_id')
        .select('convictions.removed_at')
        .where('petitions.status', '!=', 'withdrawn')
        .where('convictions.id', '=', convictionId)
        .execute();
      expect(open.filter((o) => o.removed_at !== null)).toEqual([]);
    }
  });

  it('an arrest removed while its petition to seal is drafted: never both', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    for (let round = 0; round < AT_ONCE; round++) {
      const matterId = await openMatter(api);
      const arrestId = await sealableArrest(attorney, matterId);
      const [removed, drafted] = await Promise.allSettled([
        attorney.arrests.remove({ arrestId, version: 1 }),
        attorney.petitions.createForArrest({ arrestId, county: 'Alameda' }),
      ]);
      expect([removed.status, drafted.status].sort()).toEqual(['fulfilled', 'rejected']);
      const held = await api.database.db
        .selectFrom('petition_arrests')
        .innerJoin('arrests', 'arrests.id', 'petition_arrests.arrest_id')
        .select('arrests.removed_at')
        .where('arrests.id', '=', arrestId)
        .execute();
      expect(held.filter((h) => h.removed_at !== null)).toEqual([]);
    }
  });

  it('one arrest petitioned several times at once has one petition', async () => {
    const matterId = await openMatter(api);
    // One signed-in attorney sending at once (as from tabs); more sign-ins would meet the sign-in limits.
    const attorney = await api.signedIn('alameda.attorney');
    const arrestId = await sealableArrest(attorney, matterId);
    const results = await Promise.allSettled(
      Array.from({ length: AT_ONCE }, () =>
        attorney.petitions.createForArrest({ arrestId, county: 'Alameda' }),
      ),
    );
    expectOneWon(results, {
      message: 'This arrest already has a petition (draft): one petition per arrest.',
    });
    const petitions = await api.database.db
      .selectFrom('petition_arrests')
      .select('petition_id')
      .where('arrest_id', '=', arrestId)
      .execute();
    expect(petitions).toHaveLength(1);
  });

  /** The authenticator app's code now, from the secret the server gave. */
  const totpCode = (secret: string) =>
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
      timestamp: api.clock.now().getTime(),
    });
  const recoveryCodesOf = (userId: string) =>
    api.database.db.selectFrom('mfa_recovery_codes').select('id').where('user_id', '=', userId).execute();

  it('an authenticator app confirmed several times at once is set up once, with one set of recovery codes', async () => {
    // Signing in counts as proving it is you: the changes below need no other proof.
    const attorney = await api.signedIn('bayLegal.attorney');
    const userId = api.userIds['bayLegal.attorney'];
    const { secret } = await attorney.auth.mfa.startTotp();
    const code = totpCode(secret);
    const results = await Promise.allSettled(
      Array.from({ length: AT_ONCE }, () => attorney.auth.mfa.confirmTotp({ code })),
    );
    const confirmed = results.filter((r) => r.status === 'fulfilled');
    expect(confirmed).toHaveLength(1);
    for (const refused of results.filter((r) => r.status === 'rejected'))
      expect(refused.reason).toMatchObject({ message: 'Your authenticator app is already set up.' });
    expect(confirmed[0]?.value.recoveryCodes).toHaveLength(10);
    expect(await recoveryCodesOf(userId)).toHaveLength(10);

    // New codes asked for several times at once: each set replaces the one before, ten are kept.
    const renewed = await Promise.allSettled(
      Array.from({ length: AT_ONCE }, () => attorney.auth.mfa.newRecoveryCodes()),
    );
    expect(renewed.filter((r) => r.status === 'fulfilled')).toHaveLength(AT_ONCE);
    expect(await recoveryCodesOf(userId)).toHaveLength(10);
  });

  it('the last two factors removed at once, where the office requires one: one stays', async () => {
    const admin = await api.signedIn('bayLegal.admin');
    const supervisor = await api.signedIn('bayLegal.supervisor');
    const userId = api.userIds['bayLegal.supervisor'];
    const { secret } = await supervisor.auth.mfa.startTotp();
    await supervisor.auth.mfa.confirmTotp({ code: totpCode(secret) });
    // A passkey as the browser would have added it (its ceremony is not what is raced here).
    await api.database.db
      .insertInto('mfa_passkeys')
      .values({
        id: 'passkey-race-1',
        user_id: userId,
        credential_id: 'credential-race-1',
        public_key: 'public-key',
        label: 'Laptop',
        created_at: api.clock.now().toISOString(),
        last_used_at: null,
      })
      .execute();
    const { version } = await admin.offices.setMfaRequired({ version: 0, required: true });
    try {
      const results = await Promise.allSettled([
        supervisor.auth.mfa.removeFactor({ kind: 'totp' }),
        supervisor.auth.mfa.removeFactor({ kind: 'passkey', passkeyId: 'passkey-race-1' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({
        reason: { message: expect.stringContaining('Your office requires a second factor') },
      });
      const totp = await api.database.db
        .selectFrom('mfa_totp')
        .select('user_id')
        .where('user_id', '=', userId)
        .execute();
      const passkeys = await api.database.db
        .selectFrom('mfa_passkeys')
        .select('id')
        .where('user_id', '=', userId)
        .execute();
      expect(totp.length + passkeys.length).toBe(1);
    } finally {
      await admin.offices.setMfaRequired({ version, required: false });
    }
  });
});
