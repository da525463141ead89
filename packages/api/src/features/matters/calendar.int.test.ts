// The office calendar for the days a week or month view shows: exactly the office's hearings, rule-by
// dates and outstanding documents due on those days (past ones included), the range validated and the
// read on record with the days it covered.

import { chainAuditJournal } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { monthGridOf, weekOf } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { convictionInput, filedPetition, openMatter, petitionInput } from '../lifecycle-fixtures.ts';

describe.each(testDialects())('the office calendar by week and month (%s)', (dialect) => {
  let api: ApiHarness;
  let matterId: string;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Today is Saturday 28 November 2026 in the harness.
    // Received in October: its requests can have fallen due in November.
    matterId = await openMatter(api, 'alameda.intake', { on: '2026-10-01' });
    const intake = await api.signedIn('alameda.intake');
    const attorney = await api.signedIn('alameda.attorney');
    const ask = (kind: 'photo_id' | 'fee_waiver' | 'court_docket', dueOn: string) =>
      intake.documents.request({ matterId, kind, requestedFrom: 'client', requestedOn: '2026-10-01', dueOn });
    await ask('photo_id', '2026-11-10');
    await ask('fee_waiver', '2026-12-03');
    await ask('court_docket', '2027-01-20');
    const conviction = (await attorney.convictions.add({ matterId, conviction: convictionInput() })).id;
    const petition = await attorney.petitions.create(petitionInput(matterId, [conviction]));
    await attorney.petitions.update(
      filedPetition(petition.id, 1, [conviction], {
        status: 'hearing_set',
        hearingOn: '2026-12-01',
        ruleByOn: '2027-01-08',
      }),
    );
    const other = await openMatter(api, 'bayLegal.intake');
    await (await api.signedIn('bayLegal.intake')).documents.request({
      matterId: other,
      kind: 'photo_id',
      requestedFrom: 'client',
      requestedOn: '2026-11-01',
      dueOn: '2026-11-30',
    });
  });
  afterAll(async () => api.destroy());

  const entries = async (who: 'alameda.intake' | 'alameda.attorney', range?: { from: string; to: string }) =>
    (await (await api.signedIn(who)).matters.calendar(range))
      .filter((d) => d.matterId === matterId)
      .map((d) => [d.date, d.kind, d.overdue]);

  it('lists what falls on the days of a month grid, past days and overdue documents included', async () => {
    // November's grid runs from Sunday 1 November to Saturday 5 December.
    expect(await entries('alameda.intake', monthGridOf('2026-11-28'))).toEqual([
      ['2026-11-10', 'document_due', true],
      ['2026-12-01', 'hearing', false],
      ['2026-12-03', 'document_due', false],
    ]);
    expect(await entries('alameda.intake', monthGridOf('2027-01-01'))).toEqual([
      ['2027-01-08', 'rule_by', false],
      ['2027-01-20', 'document_due', false],
    ]);
  });

  it('lists a week, Sunday to Saturday, and nothing of another office', async () => {
    expect(await entries('alameda.attorney', weekOf('2026-11-30'))).toEqual([
      ['2026-12-01', 'hearing', false],
      ['2026-12-03', 'document_due', false],
    ]);
    const intake = await api.signedIn('alameda.intake');
    const week = await intake.matters.calendar(weekOf('2026-11-30'));
    expect(week.filter((d) => d.date === '2026-11-30')).toEqual([]);
  });

  it('without a range, keeps the next 30 days and everything overdue', async () => {
    expect(await entries('alameda.intake')).toEqual([
      ['2026-11-10', 'document_due', true],
      ['2026-12-01', 'hearing', false],
      ['2026-12-03', 'document_due', false],
    ]);
  });

  it('keeps a hearing continued by the court on the calendar and as the matter’s next court date, until it is decided', async () => {
    const continued = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const conviction = (
      await attorney.convictions.add({ matterId: continued, conviction: convictionInput() })
    ).id;
    const petition = await attorney.petitions.create(petitionInput(continued, [conviction]));
    // Marked decided with the hearing continued to a new date: still before the court.
    const decided = (outcome: 'continued' | 'granted', version: number) =>
      attorney.petitions.update(
        filedPetition(petition.id, version, [conviction], {
          status: 'decided',
          decidedOn: '2026-11-25',
          hearingOn: '2026-12-15',
          outcomes: [{ convictionId: conviction, outcome }],
        }),
      );
    const { version } = await decided('continued', 1);
    const shown = async () =>
      (await attorney.matters.calendar(monthGridOf('2026-12-01')))
        .filter((d) => d.matterId === continued && d.kind !== 'document_due')
        .map((d) => [d.date, d.kind]);
    const nextCourtDate = async () =>
      (
        await api.database.db
          .selectFrom('matters')
          .select('next_court_date')
          .where('id', '=', continued)
          .executeTakeFirstOrThrow()
      ).next_court_date;
    expect(await shown()).toEqual([['2026-12-15', 'hearing']]);
    const { deadlines } = await attorney.matters.get({ matterId: continued });
    expect(deadlines.filter((d) => d.kind === 'hearing').map((d) => d.date)).toEqual(['2026-12-15']);
    expect(await nextCourtDate()).toBe('2026-12-15');

    // Decided at that hearing: off the calendar and out of the queues' court dates.
    await decided('granted', version);
    expect(await shown()).toEqual([]);
    expect(await nextCourtDate()).toBeNull();
  });

  it('marks a PC 1203.4 hearing whose prosecutor had fewer than 15 days’ notice, or none on record, until service is in time', async () => {
    const shortNotice = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const conviction = (
      await attorney.convictions.add({ matterId: shortNotice, conviction: convictionInput() })
    ).id;
    const petition = await attorney.petitions.create(petitionInput(shortNotice, [conviction]));
    const hearing = (servedOn: string | null, version: number) =>
      attorney.petitions.update(
        filedPetition(petition.id, version, [conviction], {
          status: 'hearing_set',
          filedOn: '2026-11-20',
          servedOn,
          hearingOn: '2026-12-10',
        }),
      );
    const label = async () =>
      (await attorney.matters.calendar(monthGridOf('2026-12-01'))).find(
        (d) => d.matterId === shortNotice && d.kind === 'hearing',
      )?.label;
    let { version } = await hearing(null, 1);
    expect(await label()).toBe('Hearing, case 16CR01234 (notice before the hearing to check)');
    // Served on 26 November: 14 days before the hearing on 10 December.
    ({ version } = await hearing('2026-11-26', version));
    expect(await label()).toBe('Hearing, case 16CR01234 (notice before the hearing to check)');
    // Served on 25 November: 15 days.
    await hearing('2026-11-25', version);
    expect(await label()).toBe('Hearing, case 16CR01234');
  });

  it('refuses a range that is backwards, too long or not made of real dates', async () => {
    const intake = await api.signedIn('alameda.intake');
    await expect(intake.matters.calendar({ from: '2026-11-02', to: '2026-11-01' })).rejects.toThrow(
      /cannot be before/,
    );
    await expect(intake.matters.calendar({ from: '2026-11-01', to: '2027-01-01' })).rejects.toThrow(
      /at most 42 days/,
    );
    await expect(intake.matters.calendar({ from: '2026-02-30', to: '2026-03-02' })).rejects.toThrow(
      /real date/,
    );
  });

  it('puts each read on record with the days it covered', async () => {
    const intake = await api.signedIn('alameda.intake');
    await intake.matters.calendar(weekOf('2026-12-02'));
    await chainAuditJournal(api.database.db);
    const rows = await api.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'detail'])
      .where('action', '=', 'matters.calendar')
      .execute();
    const details = rows
      .filter((r) => r.actor_id === api.userIds['alameda.intake'])
      .map(
        (r) => (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<string, unknown>,
      );
    expect(details).toContainEqual(
      expect.objectContaining({ from: '2026-11-29', to: '2026-12-05', entries: 2, matterIds: [matterId] }),
    );
  });
});
