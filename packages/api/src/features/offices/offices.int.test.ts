import { randomUUID } from 'node:crypto';
import { testDialects } from '@relief-desk/db/testing';
import {
  can,
  DEFAULT_DUE_DAYS,
  DOCUMENT_KINDS,
  ROLES,
  type Role,
  setDocumentDueDaysInputSchema,
} from '@relief-desk/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness, TEST_PASSWORD } from '../../testing.ts';
import {
  everythingWritten,
  expectRefusedWritingNothing,
  openMatter,
  refusal,
} from '../lifecycle-fixtures.ts';

describe.each(testDialects())('office document due days (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  /** The defaults, as the settings page reads them: every kind at version 0 (never set). */
  const defaults = Object.fromEntries(
    DOCUMENT_KINDS.map((kind) => [kind, { days: DEFAULT_DUE_DAYS[kind], version: 0 }]),
  );
  const daysOf = (settings: Record<string, { days: number }>) =>
    Object.fromEntries(Object.entries(settings).map(([kind, s]) => [kind, s.days]));

  it('starts every office on the defaults, each kind at version 0, readable by any role', async () => {
    for (const who of ['alameda.intake', 'bayLegal.attorney'] as const) {
      const caller = await api.signedIn(who);
      expect(await caller.offices.documentDueDays()).toEqual(defaults);
    }
  });

  it('lets an administrator change their own office’s days, which new requests then use; the other office is untouched', async () => {
    const admin = await api.signedIn('bayLegal.admin');
    const days = await admin.offices.setDocumentDueDays({ kind: 'rap_sheet', version: 0, days: 45 });
    expect(days).toEqual({ ...defaults, rap_sheet: { days: 45, version: 1 } });
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'outcome', 'detail'])
      .where('action', '=', 'offices.setDocumentDueDays')
      .execute();
    expect(audit.map((a) => ({ ...a, detail: JSON.parse(a.detail) }))).toEqual([
      {
        entity_id: api.officeIds.bayLegal,
        outcome: 'ok',
        detail: { kind: 'rap_sheet', days: 45, from: 30, version: 1 },
      },
    ]);

    const matterId = await openMatter(api, 'bayLegal.intake');
    const intake = await api.signedIn('bayLegal.intake');
    const request = await intake.documents.request({
      matterId,
      kind: 'rap_sheet',
      requestedFrom: 'doj',
      requestedOn: '2026-11-28',
    });
    expect(request.dueOn).toBe('2027-01-12');
    expect(await (await api.signedIn('alameda.admin')).offices.documentDueDays()).toEqual(defaults);
  });

  it('regression: refuses a save from a page opened before another administrator’s, naming them, and writes nothing', async () => {
    // Saves named no version: two pages opened at 30 days, the save of 45 was accepted, and then the
    // stale page's save of 10 silently overwrote it.
    const admin = await api.signedIn('alameda.admin');
    const pageA = await admin.offices.documentDueDays();
    const pageB = await admin.offices.documentDueDays();
    expect(pageA.photo_id).toEqual({ days: 14, version: 0 });
    const saved = await admin.offices.setDocumentDueDays({
      kind: 'photo_id',
      version: pageA.photo_id.version,
      days: 45,
    });
    expect(saved.photo_id).toEqual({ days: 45, version: 1 });
    const stale = await expectRefusedWritingNothing(api, () =>
      admin.offices.setDocumentDueDays({ kind: 'photo_id', version: pageB.photo_id.version, days: 10 }),
    );
    expect(stale).toMatchObject({
      appCode: 'VERSION_CONFLICT',
      message: expect.stringMatching(
        /^Admin of .+ changed the days for Photo ID on .+, after you opened it\. Nothing was saved.*Reload/,
      ),
    });
    // A version from the future is as stale as one from the past.
    const ahead = await expectRefusedWritingNothing(api, () =>
      admin.offices.setDocumentDueDays({ kind: 'photo_id', version: 7, days: 10 }),
    );
    expect(ahead.appCode).toBe('VERSION_CONFLICT');
    // Each kind has its own version: the stale page may still save another kind, and then this one
    // from what it reads now.
    const other = await admin.offices.setDocumentDueDays({
      kind: 'fee_waiver',
      version: pageB.fee_waiver.version,
      days: 20,
    });
    expect(daysOf(other)).toMatchObject({ photo_id: 45, fee_waiver: 20 });
    const again = await admin.offices.setDocumentDueDays({
      kind: 'photo_id',
      version: other.photo_id.version,
      days: 10,
    });
    expect(again.photo_id).toEqual({ days: 10, version: 2 });
  });

  it('takes its input through the shared schema, as the other office settings do', () => {
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { inputs: unknown[] } }
    >;
    expect(procedures['offices.setDocumentDueDays']?._def.inputs).toEqual([setDocumentDueDaysInputSchema]);
    expect(Object.keys(setDocumentDueDaysInputSchema.shape).sort()).toEqual(['days', 'kind', 'version']);
  });

  it.each(ROLES.filter((role) => !can(role, 'administer')))(
    'refuses a %s changing the due days, and writes nothing',
    async (role) => {
      const caller = await api.signedIn(`alameda.${role}`);
      const refused = await expectRefusedWritingNothing(api, () =>
        caller.offices.setDocumentDueDays({ kind: 'photo_id', version: 0, days: 7 }),
      );
      expect(refused).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('Your role') });
    },
  );

  it.each([
    [0, 'Use at least one day.'],
    [400, 'Use at most 365 days.'],
    [2.5, 'Use whole days, such as 30.'],
    [Number.NaN, 'Enter a number of days, such as 30.'],
  ])(
    'refuses %d days with a field error saying what is allowed, and writes nothing',
    async (days, message) => {
      const admin = await api.signedIn('alameda.admin');
      const refused = await expectRefusedWritingNothing(api, () =>
        admin.offices.setDocumentDueDays({ kind: 'photo_id', version: 0, days }),
      );
      expect(refused.fields).toEqual([{ path: 'days', message }]);
    },
  );

  describe('a request sent again with its key (Idempotency-Key)', () => {
    /** An administrator's session, and callers that send the key given with every call. */
    async function adminWithKeys() {
      const signIn = api.context();
      await createCaller(signIn).auth.signIn({ email: 'admin@alameda.test', password: TEST_PASSWORD });
      const token = signIn.cookieJar.token;
      return (requestKey: string | null) => createCaller(api.context({ sessionToken: token, requestKey }));
    }
    const setRole = (role: Role) =>
      api.database.db
        .updateTable('users')
        .set({ role })
        .where('id', '=', api.userIds['alameda.admin'])
        .execute();
    const auditRows = () =>
      api.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id', 'entity_type', 'outcome'])
        .where('action', '=', 'offices.setDocumentDueDays')
        .orderBy('id')
        .execute();
    afterEach(async () => setRole('admin'));

    it.each(ROLES.filter((role) => !can(role, 'administer')))(
      'regression: is refused and put on record like a first call once the administrator is made %s',
      async (role) => {
        // The key's stored answer was given before the role check ran: an administrator demoted to
        // intake replayed an administrator's change and got its answer, with no audit row.
        const keyed = await adminWithKeys();
        const key = randomUUID();
        const current = await keyed(null).offices.documentDueDays();
        // Days of each role's own, so each run is a change (a change of nothing is refused).
        const days = 70 + ROLES.indexOf(role);
        const input = { kind: 'signed_order', version: current.signed_order.version, days } as const;
        const first = await keyed(key).offices.setDocumentDueDays(input);
        expect(first.signed_order.days).toBe(days);
        await setRole(role);

        const before = await auditRows();
        const unkeyed = await refusal(keyed(null).offices.setDocumentDueDays(input));
        const afterUnkeyed = await auditRows();
        const replayed = await refusal(keyed(key).offices.setDocumentDueDays(input));
        const afterReplay = await auditRows();
        expect(replayed).toEqual(unkeyed);
        expect(replayed).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('Your role') });
        const denied = {
          action: 'offices.setDocumentDueDays',
          actor_id: api.userIds['alameda.admin'],
          entity_type: 'procedure',
          outcome: 'denied',
        };
        expect(afterUnkeyed).toEqual([...before, denied]);
        expect(afterReplay).toEqual([...afterUnkeyed, denied]);
      },
    );

    it('still answers a permitted replay with the first answer, without running it again', async () => {
      const keyed = await adminWithKeys();
      const key = randomUUID();
      const current = await keyed(null).offices.documentDueDays();
      const input = { kind: 'court_docket', version: current.court_docket.version, days: 33 } as const;
      const first = await keyed(key).offices.setDocumentDueDays(input);
      // Demoted and restored in between: the refusal does not spend the key.
      await setRole('intake');
      await refusal(keyed(key).offices.setDocumentDueDays(input));
      await setRole('admin');
      const before = await everythingWritten(api);
      // Run again, the same input would now be stale (its version was spent by the first run).
      expect(await keyed(key).offices.setDocumentDueDays(input)).toEqual(first);
      expect(await everythingWritten(api)).toEqual(before);
    });
  });
});

describe.each(testDialects())('the office profile (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const profile = {
    name: 'Alameda County Public Defender',
    address: '1401 Lakeside Drive\nOakland, CA 94612',
    phone: '(510) 272-6600',
    email: 'cleanslate@example.org',
    counties: ['Alameda'] as ['Alameda'],
    letterSignerName: 'Brendon Woods',
    letterSignerTitle: 'Public Defender',
  };

  it('an administrator sets the letterhead, the counties and the letter signer; every role reads it; audited', async () => {
    const admin = await api.signedIn('alameda.admin');
    const { version } = await admin.offices.profile();
    const saved = await admin.offices.saveProfile({ ...profile, version, counties: ['Alameda', 'Alpine'] });
    expect(saved).toMatchObject({ ...profile, version: version + 1, counties: ['Alameda', 'Alpine'] });
    expect(await (await api.signedIn('alameda.intake')).offices.profile()).toEqual(saved);
    // The other office is untouched.
    expect((await (await api.signedIn('bayLegal.intake')).offices.profile()).counties).toEqual([
      'Contra Costa',
      'San Francisco',
    ]);
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'detail'])
      .where('action', '=', 'offices.saveProfile')
      .execute();
    expect(audit.map((a) => [a.entity_id, JSON.parse(a.detail).countiesAdded])).toEqual([
      [api.officeIds.alameda, ['Alpine']],
    ]);
  });

  it('refuses a stale save naming who saved, a role that is not administration, and bad fields by name', async () => {
    const admin = await api.signedIn('alameda.admin');
    const opened = await admin.offices.profile();
    await admin.offices.saveProfile({ ...profile, version: opened.version, phone: '(510) 555-0100' });
    await expect(admin.offices.saveProfile({ ...profile, version: opened.version })).rejects.toMatchObject({
      appCode: 'VERSION_CONFLICT',
    });
    const intake = await api.signedIn('alameda.intake');
    await expect(
      intake.offices.saveProfile({ ...profile, version: opened.version + 1 }),
    ).rejects.toMatchObject({ appCode: 'FORBIDDEN' });
    const current = await admin.offices.profile();
    const bad = await admin.offices
      .saveProfile({
        ...current,
        address: 'a\nb\nc\nd',
        counties: [],
        phone: '',
        letterSignerName: '',
        letterSignerTitle: 'Chief',
      })
      .catch((e: { cause?: { issues?: { path: string[] }[] } }) =>
        e.cause?.issues?.map((i) => i.path.join('.')),
      );
    expect(bad).toEqual(expect.arrayContaining(['address', 'counties', 'phone', 'letterSignerName']));
    expect((await admin.offices.profile()).phone).toBe('(510) 555-0100');
  });

  it('refuses a look-alike of another office’s name made with invisible characters, and a blank name', async () => {
    const letterhead = { address: profile.address, phone: profile.phone, email: profile.email };
    const bayLegal = await api.signedIn('bayLegal.admin');
    const other = await bayLegal.offices.profile();
    await bayLegal.offices.saveProfile({ ...other, ...letterhead, name: 'Golden Gate Legal Aid' });
    const admin = await api.signedIn('alameda.admin');
    const current = await admin.offices.profile();
    for (const alike of [
      'Golden Gate Legal\u200dAid',
      'Golden\u200b Gate\u2060 Legal Aid\ufeff',
      'GoldenGate LegalAid',
    ])
      await expect(
        admin.offices.saveProfile({ ...current, ...letterhead, name: alike }),
      ).rejects.toMatchObject({
        appCode: 'BAD_INPUT',
        message:
          'Another office on this desk is named “Golden Gate Legal Aid”: give your office a name that differs in more than capitals, spacing and punctuation.',
      });
    for (const blank of ['\u2800\u2800\u2800', '\u200d\u200b', '\u3164'])
      await expect(
        admin.offices.saveProfile({ ...current, ...letterhead, name: blank }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    expect((await admin.offices.profile()).name).toBe(current.name);
    // Invisible characters are not stored: the name is what the letterhead shows.
    const saved = await admin.offices.saveProfile({
      ...current,
      ...letterhead,
      name: 'Alameda\u200d County\u2060 Public Defender',
    });
    expect(saved.name).toBe('Alameda County Public Defender');
  });

  it('refuses a name another office has but for capitals and spacing; its own name in other capitals is fine', async () => {
    const admin = await api.signedIn('alameda.admin');
    const other = await (await api.signedIn('bayLegal.admin')).offices.profile();
    const current = await admin.offices.profile();
    const alike = `  ${other.name.toUpperCase().replaceAll(' ', '  ')} `;
    await expect(admin.offices.saveProfile({ ...current, name: alike })).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
      message: `Another office on this desk is named “${other.name}”: give your office a name that differs in more than capitals, spacing and punctuation.`,
    });
    expect((await admin.offices.profile()).name).toBe(current.name);
    const saved = await admin.offices.saveProfile({ ...current, name: current.name.toUpperCase() });
    expect(saved.name).toBe(current.name.toUpperCase());
  });
});
