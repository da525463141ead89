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
