// Named queues hold the right matters, search forgives accents and word order, bulk actions are all
// or nothing, offices never see each other's matters, and exporting a view is on record.
import { chainAuditJournal } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { type MatterView, matterViewSchema, type QueueId } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { authedContext } from '../lifecycle-fixtures.ts';
import { exportViewCsv } from './export.ts';
import { viewScopeOf } from './list.ts';
import { countView } from './viewCount.ts';

describe.each(testDialects())('queues (%s)', (dialect) => {
  let api: ApiHarness;
  let ids: Record<string, string>;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const intake = await api.signedIn('alameda.intake');
    const open = async (legalName: string, dateOfBirth: string, receivedOn: string) => {
      const recorded = await intake.referrals.record(
        referralInput({
          client: { ...referralInput().client, legalName, otherNames: [], dateOfBirth },
          receivedOn,
        }),
      );
      return recorded.matters[0]?.id ?? '';
    };
    ids = {
      maria: await open('María Núñez', '1984-03-07', '2026-11-20'),
      jose: await open('José Ávila', '1979-05-01', '2026-09-01'),
      lupe: await open('Lupe Tran', '1990-01-02', '2026-11-27'),
      kim: await open('Kim Rap', '1991-01-02', '2026-11-01'),
    };
    const db = api.database.db;
    // Queue facts as the lifecycle features keep them.
    await db
      .updateTable('matters')
      .set({ first_opened_at: '2026-11-21T18:00:00.000Z' })
      .where('id', 'in', [ids.jose ?? '', ids.kim ?? ''])
      .execute();
    await db
      .updateTable('matters')
      .set({ rap_sheet_outstanding: 1, stage: 'gathering_records' })
      .where('id', '=', ids.kim ?? '')
      .execute();
    await db
      .updateTable('matters')
      .set({ earliest_document_due_on: '2026-11-01' })
      .where('id', '=', ids.kim ?? '')
      .execute();
    await db
      .updateTable('matters')
      .set({ stage: 'awaiting_decision', next_court_date: '2026-12-10' })
      .where('id', '=', ids.jose ?? '')
      .execute();
    await db
      .updateTable('matters')
      .set({ last_client_contact_at: '2026-11-25T18:00:00.000Z' })
      .where('id', '=', ids.lupe ?? '')
      .execute();
    await (await api.signedIn('bayLegal.intake')).referrals.record(
      referralInput({
        counties: ['San Francisco'],
        client: { ...referralInput().client, legalName: 'María Núñez Otra' },
      }),
    );
  });
  afterAll(async () => api.destroy());

  const names = async (queue: QueueId, extra: Record<string, unknown> = {}) => {
    const caller = await api.signedIn('alameda.intake');
    const page = await caller.matters.list({ queue, ...extra });
    return page.items.map((m) => m.clientName);
  };

  it('each named queue holds the right matters, in its own order', async () => {
    expect(await names('new_referrals')).toEqual(['María Núñez', 'Lupe Tran']);
    // 14 days without a message or call: José (since September) and Kim (received 1 November).
    expect(await names('needs_client_update')).toEqual(['José Ávila', 'Kim Rap']);
    expect(await names('awaiting_rap_sheet')).toEqual(['Kim Rap']);
    expect(await names('documents_outstanding')).toEqual(['Kim Rap']);
    expect(await names('awaiting_decision')).toEqual(['José Ávila']);
    expect(await names('all')).toEqual(['Lupe Tran', 'María Núñez', 'Kim Rap', 'José Ávila']);
    const caller = await api.signedIn('alameda.intake');
    const counts = await caller.queues.counts();
    expect(counts).toMatchObject({
      new_referrals: 2,
      needs_client_update: 2,
      awaiting_rap_sheet: 1,
      all: 4,
      mine: 0,
    });
  });

  it('flags a client update as overdue at the office limit, which an administrator can change', async () => {
    const caller = await api.signedIn('alameda.intake');
    const page = await caller.matters.list({ queue: 'needs_client_update' });
    expect(page.items.map((m) => m.contactStatus)).toEqual(['overdue', 'due']);
    const admin = await api.signedIn('alameda.admin');
    await admin.queues.setLimits({
      version: (await admin.queues.limits()).version,
      clientUpdateDays: 30,
      clientUpdateOverdueDays: 60,
    });
    expect(await names('needs_client_update')).toEqual(['José Ávila']);
    // A session signed in before the change reads the new limits on its next request too.
    const after = await caller.matters.list({ queue: 'needs_client_update' });
    expect(after.items.map((m) => [m.clientName, m.contactStatus])).toEqual([['José Ávila', 'overdue']]);
    await expect(
      caller.queues.setLimits({ version: 1, clientUpdateDays: 1, clientUpdateOverdueDays: 2 }),
    ).rejects.toThrow(/role/);
    // A save from a version someone else has since replaced is refused, naming them.
    const opened = await admin.queues.limits();
    const supervisorAdmin = await api.signedIn('alameda.admin');
    await supervisorAdmin.queues.setLimits({ ...opened, clientUpdateDays: 20, clientUpdateOverdueDays: 50 });
    await expect(
      admin.queues.setLimits({ ...opened, clientUpdateDays: 21, clientUpdateOverdueDays: 51 }),
    ).rejects.toMatchObject({ appCode: 'VERSION_CONFLICT' });
    expect(await admin.queues.limits()).toMatchObject({ clientUpdateDays: 20, clientUpdateOverdueDays: 50 });
    await admin.queues.setLimits({
      version: (await admin.queues.limits()).version,
      clientUpdateDays: 14,
      clientUpdateOverdueDays: 42,
    });
  });

  it('refuses a first save of the queue limits from a version the office never had, and records the version saved', async () => {
    const admin = await api.signedIn('bayLegal.admin');
    expect((await admin.queues.limits()).version).toBe(0);
    await expect(
      admin.queues.setLimits({ version: 7, clientUpdateDays: 10, clientUpdateOverdueDays: 30 }),
    ).rejects.toMatchObject({ appCode: 'VERSION_CONFLICT' });
    expect((await admin.queues.limits()).version).toBe(0);
    await admin.queues.setLimits({ version: 0, clientUpdateDays: 10, clientUpdateOverdueDays: 30 });
    expect(await admin.queues.limits()).toMatchObject({ version: 1, clientUpdateDays: 10 });
    const saved = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'queues.setLimits')
      .where('office_id', '=', api.officeIds.bayLegal)
      .where('outcome', '=', 'ok')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(saved.detail)).toMatchObject({ version: 1 });
  });

  it('finds a client by name in any order and without accents, by date of birth, and by reference', async () => {
    expect(await names('all', { search: 'nunez maria' })).toEqual(['María Núñez']);
    expect(await names('all', { search: 'NÚÑ' })).toEqual(['María Núñez']);
    expect(await names('all', { search: '1979-05-01' })).toEqual(['José Ávila']);
    expect(await names('all', { search: '5/1/1979' })).toEqual(['José Ávila']);
    expect(await names('all', { search: '2026-00001' })).toEqual(['María Núñez']);
    expect(await names('new_referrals', { search: 'avila' })).toEqual([]);
    // Other ways people write a birth date, and a matter's id copied in small letters.
    for (const search of ['05-01-1979', '5-1-1979', '5.1.1979', '1979/5/1', '1979.05.01'])
      expect(await names('all', { search }), search).toEqual(['José Ávila']);
    const caller = await api.signedIn('alameda.intake');
    const [first] = (await caller.matters.list({ queue: 'all', search: 'nunez maria' })).items;
    expect(await names('all', { search: (first?.id ?? '').toLowerCase() })).toEqual(['María Núñez']);
  });

  it('pages by keyset, forward, without repeating a matter', async () => {
    const caller = await api.signedIn('alameda.intake');
    const first = await caller.matters.list({ queue: 'all', sort: 'clientName', direction: 'asc', limit: 3 });
    const second = await caller.matters.list({
      queue: 'all',
      sort: 'clientName',
      direction: 'asc',
      limit: 3,
      cursor: first.nextCursor,
    });
    expect([...first.items, ...second.items].map((m) => m.clientName)).toEqual([
      'José Ávila',
      'Kim Rap',
      'Lupe Tran',
      'María Núñez',
    ]);
    expect(second.nextCursor).toBeNull();
    await expect(caller.matters.list({ queue: 'all', sort: 'lastContact' })).rejects.toThrow(
      /cannot be sorted/,
    );
  });

  it('says how many matters the view holds and where each page starts, filtered and searched', async () => {
    const caller = await api.signedIn('alameda.intake');
    const view = { queue: 'all', sort: 'clientName', direction: 'asc' } as const;
    const first = await caller.matters.list({ ...view, limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(await caller.queues.viewCount(view)).toEqual({ total: 4, exact: true, before: 0, bound: 1000 });
    const second = await caller.matters.list({ ...view, limit: 3, cursor: first.nextCursor });
    expect(second.items).toHaveLength(1);
    expect(await caller.queues.viewCount({ ...view, cursor: first.nextCursor })).toMatchObject({
      total: 4,
      exact: true,
      before: 3,
    });
    // The count is the view's, not the queue's: filters and search narrow it; the other office's
    // María Núñez Otra is not counted.
    const total = async (input: Record<string, unknown>) => (await caller.queues.viewCount(input)).total;
    expect(await total({ queue: 'all', counties: ['Alameda'], daysOpenMax: 30 })).toBe(3);
    // Counted from the kept counts: the stage, county, assignee and status filters they keep, each
    // as many as the view lists.
    const kept: Partial<MatterView>[] = [
      { counties: ['Alameda'], status: 'open' },
      { stages: ['awaiting_decision'], assignee: 'unassigned' },
      { stages: ['referral_received', 'gathering_records'] },
      { status: 'closed' },
    ];
    for (const filters of kept) {
      const listed = (await caller.matters.list({ queue: 'all', limit: 200, ...filters })).items.length;
      expect(await total({ queue: 'all', ...filters }), JSON.stringify(filters)).toBe(listed);
    }
    expect(await total({ queue: 'all', stages: ['referral_received', 'gathering_records'] })).toBe(3);
    expect(await total({ queue: 'new_referrals' })).toBe(2);
    expect((await caller.matters.list({ queue: 'all', search: 'maria nunez' })).items).toHaveLength(1);
    expect(await total({ queue: 'all', search: 'maria nunez' })).toBe(1);
    expect(await total({ queue: 'all', search: 'nobody-here' })).toBe(0);
    // A view no kept count tells is counted up to a bound, and past it says "more than": four
    // matters are more than 2; two matters before the second page are more than 1.
    const scope = viewScopeOf(await authedContext(api, 'alameda.intake', 'queues.export'));
    const notKept = matterViewSchema.parse({ queue: 'all', daysOpenMax: 3650, sort: 'clientName' });
    expect(await countView(scope, notKept, null, 2)).toEqual({ total: 2, exact: false, before: 0, bound: 2 });
    expect(await countView(scope, notKept, null, 4)).toEqual({ total: 4, exact: true, before: 0, bound: 4 });
    expect(await countView(scope, notKept, first.nextCursor, 2)).toMatchObject({ exact: false, before: 3 });
    expect(await countView(scope, notKept, first.nextCursor, 1)).toMatchObject({
      exact: false,
      before: null,
    });
    // Kept counts are exact whatever the bound.
    expect(await countView(scope, matterViewSchema.parse({ queue: 'all' }), null, 2)).toMatchObject({
      total: 4,
      exact: true,
    });
    // The count is refused where the list is.
    await expect(
      caller.queues.viewCount({
        queue: 'all',
        activity: { kind: 'touched', from: '2026-11-01', to: null, by: null },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('bulk actions apply to all selected matters or to none, and report every row', async () => {
    const caller = await api.signedIn('alameda.supervisor');
    const rows = (await caller.matters.list({ queue: 'all' })).items;
    const pick = (name: string) => {
      const row = rows.find((r) => r.clientName === name);
      return { id: row?.id ?? '', version: row?.version ?? 0 };
    };
    // José awaits the court: he cannot go back to "gathering records", so nobody moves.
    const refused = await caller.queues.bulkMoveStage({
      matters: [pick('María Núñez'), pick('José Ávila')],
      to: 'gathering_records',
    });
    expect(refused.applied).toBe(false);
    expect(refused.rows.map((r) => r.ok)).toEqual([false, false]);
    expect(refused.rows[1]?.message).toMatch(/cannot move/);
    expect((await caller.matters.list({ queue: 'all', search: 'nunez' })).items[0]?.stage).toBe(
      'referral_received',
    );

    const assigned = await caller.queues.bulkAssign({
      matters: [pick('María Núñez'), pick('Lupe Tran'), pick('Kim Rap')],
      assigneeId: api.userIds['alameda.intake'],
    });
    expect(assigned.applied).toBe(true);
    expect(await names('mine')).toEqual(['Lupe Tran', 'María Núñez', 'Kim Rap']);
    // Each row names its client, the client's language and the person assigned.
    const intake = await api.database.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', api.userIds['alameda.intake'] ?? '')
      .executeTakeFirstOrThrow();
    const listed = await caller.matters.list({ queue: 'all', sort: 'clientName', direction: 'asc' });
    expect(listed.items.map((r) => [r.clientName, r.preferredLanguage, r.assigneeName])).toEqual([
      ['José Ávila', 'es', null],
      ['Kim Rap', 'es', intake.name],
      ['Lupe Tran', 'es', intake.name],
      ['María Núñez', 'es', intake.name],
    ]);
    // Stale versions are refused, row by row.
    const stale = await caller.queues.bulkAddNote({ matters: [pick('Lupe Tran')], text: 'Called.' });
    // Saying who made the change and when (the supervisor's own assignment above, in this test).
    const supervisor = await api.database.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', api.userIds['alameda.supervisor'] ?? '')
      .executeTakeFirstOrThrow();
    expect(stale.rows[0]?.message).toMatch(
      new RegExp(`^Changed by ${supervisor.name} on .+, after the page loaded: nothing was changed\\.`),
    );
    const other = await (await api.signedIn('bayLegal.supervisor')).queues.bulkAssign({
      matters: [pick('Kim Rap')],
      assigneeId: null,
    });
    expect(other.applied).toBe(false);
    expect(other.rows[0]?.message).toMatch(/Not found/);
  });

  it('keeps each office to its own matters', async () => {
    const legalAid = await api.signedIn('bayLegal.intake');
    const page = await legalAid.matters.list({ queue: 'all', search: 'maria nunez' });
    expect(page.items.map((m) => m.clientName)).toEqual(['María Núñez Otra']);
    expect((await legalAid.queues.counts()).all).toBe(1);
  });

  it('answers the same view asked again, in another office or by another person, with their own matters', async () => {
    const alameda = await api.signedIn('alameda.intake');
    const legalAid = await api.signedIn('bayLegal.intake');
    const supervisor = await api.signedIn('alameda.supervisor');
    const view = { queue: 'all', search: 'maria nunez' } as const;
    for (let round = 0; round < 2; round++) {
      expect((await alameda.matters.list(view)).items.map((m) => m.clientName)).toEqual(['María Núñez']);
      expect((await legalAid.matters.list(view)).items.map((m) => m.clientName)).toEqual([
        'María Núñez Otra',
      ]);
    }
    // My matters is each person's own.
    const assigned = await alameda.matters.list({ queue: 'mine' });
    expect(assigned.items).toHaveLength(3);
    expect(assigned.items.every((m) => m.assigneeId === api.userIds['alameda.intake'])).toBe(true);
    expect((await supervisor.matters.list({ queue: 'mine' })).items).toEqual([]);
    expect((await alameda.matters.list({ queue: 'mine' })).items).toEqual(assigned.items);
  });

  it('exports every row of the view as CSV and records the export', async () => {
    const ctx = await authedContext(api, 'alameda.intake', 'queues.export');
    let csv = '';
    for await (const chunk of exportViewCsv(ctx, matterViewSchema.parse({ queue: 'all' }))) csv += chunk;
    const lines = csv.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^Matter,Client,/);
    expect(lines).toHaveLength(5);
    await chainAuditJournal(api.database.db);
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', '=', 'queues.export')
      .execute();
    expect(audit).toEqual([{ action: 'queues.export', actor_id: api.userIds['alameda.intake'] }]);
  });

  it('puts each page of a search on record with its kind and the matters it named, never the words typed', async () => {
    const intake = await api.signedIn('alameda.intake');
    // Chained first: a read's row waits in the audit journal until then.
    const searches = async () => {
      await chainAuditJournal(api.database.db);
      return api.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id', 'entity_id', 'detail'])
        .where('action', '=', 'matters.list')
        .where('outcome', '=', 'ok')
        .orderBy('id')
        .execute();
    };
    const before = (await searches()).length;
    await intake.matters.list({ queue: 'all' });
    expect(await searches()).toHaveLength(before);
    for (const [search, kind] of [
      ['nunez maria', 'name'],
      ['3/7/1984', 'dateOfBirth'],
    ] as const) {
      const page = await intake.matters.list({ queue: 'all', search });
      const row = (await searches()).at(-1);
      expect(row).toMatchObject({ actor_id: api.userIds['alameda.intake'], entity_id: 'all' });
      expect(JSON.parse(row?.detail ?? '{}')).toEqual({
        search: kind,
        matterIds: page.items.map((m) => m.id),
      });
      expect(page.items.map((m) => m.id)).toContain(ids.maria);
      expect(row?.detail).not.toMatch(/nunez|maria|1984/i);
    }
    expect(await searches()).toHaveLength(before + 2);
  });
});

// A harness of its own: the matter it records would change the counts the queue tests above expect.
describe.each(testDialects())('name search (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('finds a client when every word typed starts one of their names, other names included, as the names change', async () => {
    const intake = await api.signedIn('alameda.intake');
    const recorded = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Esperanza Villaseñor',
          otherNames: [{ name: 'Espe Ruiz-Campos' }],
          dateOfBirth: '1970-02-03',
        },
      }),
    );
    const matterId = recorded.matters[0]?.id ?? '';
    const finds = async (search: string) =>
      (await intake.matters.list({ queue: 'all', search })).items.some((m) => m.id === matterId);
    for (const search of ['villasenor esperanza', 'Villa Espe', 'esperanza campos', 'RUIZ espe villaseñor'])
      expect(await finds(search), search).toBe(true);
    // A word inside a name, not at its start, or two words run together, is no match.
    for (const search of ['esperanza senor', 'esperanza ruizcampos', 'villasenor ana'])
      expect(await finds(search), search).toBe(false);

    const matter = await intake.matters.get({ matterId });
    await intake.clients.update({
      clientId: matter.client.id,
      version: matter.client.version,
      client: { ...matter.client.details, legalName: 'Esperanza Olmos', otherNames: [] },
    });
    expect(await finds('olmos esperanza')).toBe(true);
    expect(await finds('esperanza villasenor')).toBe(false);
    expect(await finds('esperanza campos')).toBe(false);
  });
});
