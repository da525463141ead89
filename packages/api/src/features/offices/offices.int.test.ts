import { testDialects } from '@relief-desk/db/testing';
import { DEFAULT_DUE_DAYS } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { expectRefusedWritingNothing, openMatter } from '../lifecycle-fixtures.ts';

describe.each(testDialects())('office document due days (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('starts every office on the defaults, readable by any role', async () => {
    for (const who of ['alameda.intake', 'bayLegal.attorney'] as const) {
      const caller = await api.signedIn(who);
      expect(await caller.offices.documentDueDays()).toEqual(DEFAULT_DUE_DAYS);
    }
  });

  it('lets an administrator change their own office’s days, which new requests then use; the other office is untouched', async () => {
    const admin = await api.signedIn('bayLegal.admin');
    const days = await admin.offices.setDocumentDueDays({ kind: 'rap_sheet', days: 45 });
    expect(days).toEqual({ ...DEFAULT_DUE_DAYS, rap_sheet: 45 });
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'outcome'])
      .where('action', '=', 'offices.setDocumentDueDays')
      .execute();
    expect(audit).toEqual([{ entity_id: api.officeIds.bayLegal, outcome: 'ok' }]);

    const matterId = await openMatter(api, 'bayLegal.intake');
    const intake = await api.signedIn('bayLegal.intake');
    const request = await intake.documents.request({
      matterId,
      kind: 'rap_sheet',
      requestedFrom: 'doj',
      requestedOn: '2026-11-28',
    });
    expect(request.dueOn).toBe('2027-01-12');
    expect(await (await api.signedIn('alameda.admin')).offices.documentDueDays()).toEqual(DEFAULT_DUE_DAYS);
  });

  it.each(['intake', 'attorney', 'supervisor'] as const)(
    'refuses a %s changing the due days, and writes nothing',
    async (role) => {
      const caller = await api.signedIn(`alameda.${role}`);
      const refused = await expectRefusedWritingNothing(api, () =>
        caller.offices.setDocumentDueDays({ kind: 'photo_id', days: 7 }),
      );
      expect(refused).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('Your role') });
    },
  );

  it.each([
    [0, 'Use at least one day.'],
    [400, 'Use at most 365 days.'],
  ])(
    'refuses %i days with a field error saying what is allowed, and writes nothing',
    async (days, message) => {
      const admin = await api.signedIn('alameda.admin');
      const refused = await expectRefusedWritingNothing(api, () =>
        admin.offices.setDocumentDueDays({ kind: 'photo_id', days }),
      );
      expect(refused.fields).toEqual([{ path: 'days', message }]);
    },
  );
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
});
