import { chainAuditJournal, inTransaction } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import {
  arrestInput,
  authedContext,
  expectEventAndAudit,
  NAMES,
  OVERRIDE_REASON,
  openMatter,
  refusal,
} from '../lifecycle-fixtures.ts';
import { addArrestIn } from './arrests.ts';

describe.each(testDialects())('arrests (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const arrestRows = (matterId: string) =>
    api.database.db.selectFrom('arrests').selectAll().where('matter_id', '=', matterId).execute();

  it('adds, lists, corrects and removes an arrest, each with a timeline event and an audit row', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const added = await expectEventAndAudit(
      api,
      { matterId, kind: 'arrest_added', who: 'alameda.attorney', action: 'arrests.add' },
      () => attorney.arrests.add({ matterId, arrest: arrestInput() }),
    );
    expect(added.result.version).toBe(1);
    expect(added.summary).toBe('Arrest entered: PC 459 (felony) arrest of Apr 5, 2018, charges dismissed.');
    const [row] = await arrestRows(matterId);
    const matter = await api.database.db
      .selectFrom('matters')
      .select(['client_id', 'office_id'])
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      client_id: matter.client_id,
      office_id: matter.office_id,
      source: 'manual',
      agency: 'Oakland Police Department',
      created_by: api.userIds['alameda.attorney'],
    });

    const listed = await attorney.arrests.list({ matterId });
    expect(listed).toEqual([
      expect.objectContaining({
        id: added.result.id,
        version: 1,
        code: 'PC',
        section: '459',
        disposition: 'dismissed',
        dispositionDate: '2018-09-10',
        resultOfTrafficking: 'unknown',
        source: 'manual',
      }),
    ]);

    const supervisor = await api.signedIn('alameda.supervisor');
    const edited = await expectEventAndAudit(
      api,
      { matterId, kind: 'arrest_edited', who: 'alameda.supervisor', action: 'arrests.edit' },
      () =>
        supervisor.arrests.edit({
          arrestId: added.result.id,
          version: 1,
          arrest: arrestInput({ disposition: 'acquitted', dispositionDate: '2019-01-02' }),
        }),
    );
    expect(edited.result.version).toBe(2);
    // What changed, in the form's words: never the field's code name or a stored value.
    expect(edited.summary).toContain(
      '(what became of it: charges dismissed → acquitted; date of that outcome: Sep 10, 2018 → Jan 2, 2019).',
    );

    // Saving over a newer version is refused, naming who changed it.
    const stale = await refusal(
      attorney.arrests.edit({ arrestId: added.result.id, version: 1, arrest: arrestInput() }),
    );
    expect(stale.appCode).toBe('VERSION_CONFLICT');
    expect(stale.message).toContain('changed this arrest');

    const removed = await expectEventAndAudit(
      api,
      { matterId, kind: 'arrest_removed', who: 'alameda.attorney', action: 'arrests.remove' },
      () => attorney.arrests.remove({ arrestId: added.result.id, version: 2 }),
    );
    expect(removed.result.version).toBe(3);
    expect(await attorney.arrests.list({ matterId })).toEqual([]);
    // The row stays, marked removed, so decisions made on it keep what they were about.
    const [kept] = await arrestRows(matterId);
    expect(kept?.removed_by).toBe(api.userIds['alameda.attorney']);
    const again = await refusal(attorney.arrests.remove({ arrestId: added.result.id, version: 3 }));
    expect(again.code).toBe('NOT_FOUND');
  });

  it('lists arrests oldest first', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.arrests.add({
      matterId,
      arrest: arrestInput({ arrestDate: '2020-01-01', dispositionDate: null, disposition: 'no_charges' }),
    });
    await attorney.arrests.add({
      matterId,
      arrest: arrestInput({ arrestDate: '2011-01-01', dispositionDate: null, disposition: 'pending' }),
    });
    const listed = await attorney.arrests.list({ matterId });
    expect(listed.map((a) => a.arrestDate)).toEqual(['2011-01-01', '2020-01-01']);
  });

  it('refuses what the form would refuse, writing nothing', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const bad = await refusal(
      attorney.arrests.add({
        matterId,
        arrest: arrestInput({ dispositionDate: '2017-01-01', section: 'abc' }),
      }),
    );
    expect(bad.fields.map((f) => f.path).sort()).toEqual(['arrest.dispositionDate', 'arrest.section']);
    const pending = await refusal(
      attorney.arrests.add({ matterId, arrest: arrestInput({ disposition: 'pending' }) }),
    );
    expect(pending.fields.map((f) => f.path)).toEqual(['arrest.dispositionDate']);
    expect(await arrestRows(matterId)).toEqual([]);
  });

  it('refuses relief granted on an arrest that only a conviction can have, naming what may be chosen', async () => {
    // The panel then said relief under PC 1203.4 was already granted for this arrest.
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const refused = await refusal(
      attorney.arrests.add({
        matterId,
        arrest: arrestInput({ reliefGrantedRemedy: 'pc1203.4', reliefGrantedOn: '2019-01-02' }),
      }),
    );
    expect(refused.fields).toEqual([
      {
        path: 'arrest.reliefGrantedRemedy',
        message:
          'PC 1203.4 dismissal is relief granted on a conviction: record it on the conviction. On an arrest, choose Arrest sealing (PC 851.91), Automatic arrest relief (PC 851.93), Factual innocence (PC 851.8) or Trafficking vacatur (PC 236.14).',
      },
    ]);
    expect(await arrestRows(matterId)).toEqual([]);
    // An arrest's own relief, factual innocence and trafficking vacatur among it, is taken.
    for (const reliefGrantedRemedy of ['pc851.91', 'pc851.93', 'pc851.8', 'pc236.14'] as const)
      await attorney.arrests.add({
        matterId,
        arrest: arrestInput({ reliefGrantedRemedy, reliefGrantedOn: '2019-01-02' }),
      });
    expect(await arrestRows(matterId)).toHaveLength(4);
  });

  it('refuses dates that cannot be (an arrest or outcome after today, relief before the arrest) on their fields', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const future = await refusal(
      attorney.arrests.add({
        matterId,
        arrest: arrestInput({ arrestDate: '2099-05-01', dispositionDate: null, disposition: 'pending' }),
      }),
    );
    expect(future).toMatchObject({
      appCode: 'BAD_INPUT',
      fields: [
        {
          path: 'arrest.arrestDate',
          message: 'The arrest date, May 1, 2099, is after today: enter the date the record gives.',
        },
      ],
    });
    const outcome = await refusal(
      attorney.arrests.add({ matterId, arrest: arrestInput({ dispositionDate: '2027-01-05' }) }),
    );
    expect(outcome.fields).toEqual([
      {
        path: 'arrest.dispositionDate',
        message: expect.stringContaining('an outcome still to come is “Still pending”'),
      },
    ]);
    expect(await arrestRows(matterId)).toEqual([]);

    const { id } = await attorney.arrests.add({ matterId, arrest: arrestInput() });
    const relief = await refusal(
      attorney.arrests.edit({
        arrestId: id,
        version: 1,
        arrest: arrestInput({ reliefGrantedRemedy: 'pc851.91', reliefGrantedOn: '2017-01-01' }),
      }),
    );
    expect(relief.fields).toEqual([
      {
        path: 'arrest.reliefGrantedOn',
        message:
          'The date relief was granted, Jan 1, 2017, is before the arrest date (Apr 5, 2018): check both dates.',
      },
    ]);
    expect((await arrestRows(matterId)).map((r) => r.version)).toEqual([1]);
  });

  it('refuses an arrest, its outcome or its relief dated before the client was born, on add and edit, writing nothing', async () => {
    // Without it the panel reasoned "limitation period ran by 1976-01-02" for a client born in 1980.
    const intake = await api.signedIn('alameda.intake');
    const recorded = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Beto Nacido Ruiz',
          otherNames: [],
          dateOfBirth: '1980-02-29',
        },
      }),
    );
    const matterId = recorded.matters[0]?.id ?? '';
    const attorney = await api.signedIn('alameda.attorney');
    const added = await refusal(
      attorney.arrests.add({
        matterId,
        arrest: arrestInput({ arrestDate: '1975-01-01', dispositionDate: '1975-02-01' }),
      }),
    );
    expect(added).toMatchObject({
      appCode: 'BAD_INPUT',
      fields: [
        {
          path: 'arrest.arrestDate',
          message:
            'The arrest date, Jan 1, 1975, is before Beto Nacido Ruiz’s date of birth (Feb 29, 1980): check the year.',
        },
        {
          path: 'arrest.dispositionDate',
          message: expect.stringContaining(
            'The date of the outcome, Feb 1, 1975, is before Beto Nacido Ruiz’s',
          ),
        },
      ],
    });
    expect(await arrestRows(matterId)).toEqual([]);

    const { id } = await attorney.arrests.add({ matterId, arrest: arrestInput() });
    const edited = await refusal(
      attorney.arrests.edit({
        arrestId: id,
        version: 1,
        arrest: arrestInput({ arrestDate: '1979-06-01', dispositionDate: '1979-07-01' }),
      }),
    );
    expect(edited.fields.map((f) => f.path)).toEqual(['arrest.arrestDate', 'arrest.dispositionDate']);
    // The refused edit rolled back: the arrest is as it was added.
    expect((await arrestRows(matterId)).map((r) => [r.version, r.arrest_date])).toEqual([[1, '2018-04-05']]);
  });

  it('needs the RAP sheet permission and the office: refused and audited, nothing written', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { id } = await attorney.arrests.add({ matterId, arrest: arrestInput() });

    const intake = await api.signedIn('alameda.intake');
    // One call at a time: a refused call started early would reject before it is awaited.
    for (const call of [
      () => intake.arrests.list({ matterId }),
      () => intake.arrests.add({ matterId, arrest: arrestInput() }),
      () => intake.arrests.edit({ arrestId: id, version: 1, arrest: arrestInput() }),
      () => intake.arrests.remove({ arrestId: id, version: 1 }),
    ])
      expect((await refusal(call())).code).toBe('FORBIDDEN');

    const elsewhere = await api.signedIn('bayLegal.attorney');
    for (const call of [
      () => elsewhere.arrests.list({ matterId }),
      () => elsewhere.arrests.add({ matterId, arrest: arrestInput() }),
      () => elsewhere.arrests.edit({ arrestId: id, version: 1, arrest: arrestInput() }),
      () => elsewhere.arrests.remove({ arrestId: id, version: 1 }),
    ])
      expect((await refusal(call())).code).toBe('NOT_FOUND');

    const rows = await arrestRows(matterId);
    expect(rows.map((r) => [r.version, r.removed_at])).toEqual([[1, null]]);
    // The owning office hears of the other office's attempts on its arrest.
    const told = await api.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .where('outcome', '=', 'denied')
      .where('actor_id', '=', api.userIds['bayLegal.attorney'])
      .where('office_id', '=', rows[0]?.office_id ?? '')
      .execute();
    expect(told.map((t) => t.action).sort()).toEqual(['arrests.edit', 'arrests.remove']);
  });

  it('shows every decision on an arrest and remedy, newest first, and records each reading', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const supervisor = await api.signedIn('alameda.supervisor');
    const { id, version } = await attorney.arrests.add({ matterId, arrest: arrestInput() });
    const history = (remedy: 'pc851.91' | 'pc851.93' = 'pc851.91') =>
      attorney.arrests.decisionHistory({ arrestId: id, remedy });
    expect(await history()).toEqual([]);

    const first = await attorney.arrests.recordDecision({
      arrestId: id,
      remedy: 'pc851.91',
      determination: 'needs_more_info',
      missingInfo: 'The docket: was it refiled?',
      reasons: 'Dismissed; refiling not known.',
      supersedes: null,
    });
    api.clock.advanceMinutes(5);
    const second = await supervisor.arrests.recordDecision({
      arrestId: id,
      remedy: 'pc851.91',
      determination: 'eligible_mandatory',
      reasons: 'The docket shows no refiling (PC 851.91(a)(1)(B)(i)).',
      supersedes: first.id,
      overrideReason: OVERRIDE_REASON,
    });

    // The current decision first, the one it superseded after it, each with who and when.
    const both = await history();
    expect(both.map((h) => [h.id, h.determination, h.decidedBy])).toEqual([
      [second.id, 'eligible_mandatory', NAMES['alameda.supervisor']],
      [first.id, 'needs_more_info', NAMES['alameda.attorney']],
    ]);
    expect(both[1]).toMatchObject({
      missingInfo: 'The docket: was it refiled?',
      reasons: 'Dismissed; refiling not known.',
      overrideReason: '',
    });
    expect(Date.parse(both[0]?.decidedAt ?? '') - Date.parse(both[1]?.decidedAt ?? '')).toBe(5 * 60_000);
    // Another remedy's cell has its own history.
    expect(await history('pc851.93')).toEqual([]);

    // A removed arrest's decisions stay on record and readable.
    await attorney.arrests.remove({ arrestId: id, version });
    expect((await history()).map((h) => h.id)).toEqual([second.id, first.id]);

    // Each reading is on record, naming the arrest and its matter (the disclosure report reads it).
    await chainAuditJournal(api.database.db);
    const reads = await api.database.db
      .selectFrom('audit_log')
      .select(['entity_type', 'outcome', 'detail'])
      .where('action', '=', 'arrests.decisionHistory')
      .where('entity_id', '=', id)
      .where('actor_id', '=', api.userIds['alameda.attorney'])
      .execute();
    expect(reads).toHaveLength(4);
    for (const read of reads) {
      expect(read).toMatchObject({ entity_type: 'arrest', outcome: 'ok' });
      expect(JSON.parse(read.detail)).toEqual({ matterIds: [matterId] });
    }
  });

  it('refuses the decisions’ history without the RAP sheet permission or outside the office', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { id } = await attorney.arrests.add({ matterId, arrest: arrestInput() });
    await attorney.arrests.recordDecision({
      arrestId: id,
      remedy: 'pc851.91',
      determination: 'not_eligible',
      reasons: 'SENTINEL-REASON: charges may be refiled.',
      supersedes: null,
      overrideReason: OVERRIDE_REASON,
    });

    const intake = await api.signedIn('alameda.intake');
    const byIntake = await refusal(intake.arrests.decisionHistory({ arrestId: id, remedy: 'pc851.91' }));
    expect(byIntake.code).toBe('FORBIDDEN');
    expect(JSON.stringify(byIntake)).not.toContain('SENTINEL-REASON');
    const elsewhere = await api.signedIn('bayLegal.attorney');
    const byOther = await refusal(elsewhere.arrests.decisionHistory({ arrestId: id, remedy: 'pc851.91' }));
    expect(byOther.code).toBe('NOT_FOUND');
    expect(JSON.stringify(byOther)).not.toContain('SENTINEL-REASON');

    const refused = await api.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'outcome'])
      .where('action', '=', 'arrests.decisionHistory')
      .where('entity_id', '=', id)
      .execute();
    expect(refused).toEqual(
      expect.arrayContaining([{ actor_id: api.userIds['alameda.intake'], outcome: 'denied' }]),
    );
    expect(refused.filter((r) => r.outcome === 'ok')).toEqual([]);
  });

  it('addArrestIn writes inside the caller’s transaction: a rolled-back import leaves nothing', async () => {
    const matterId = await openMatter(api);
    const ctx = await authedContext(api, 'alameda.attorney', 'rapImports.accept');
    const audits = async () =>
      (
        await api.database.db
          .selectFrom('audit_log')
          .select('id')
          .where('action', '=', 'arrests.add')
          .execute()
      ).length;
    const before = await audits();
    await expect(
      inTransaction(ctx.db, async ({ tx }) => {
        await addArrestIn(tx, ctx, matterId, arrestInput(), { kind: 'rap_sheet', ref: 'import-1:line-12' });
        await addArrestIn(
          tx,
          ctx,
          matterId,
          arrestInput({ arrestDate: '2019-02-03', dispositionDate: null, disposition: 'unknown' }),
          {
            kind: 'rap_sheet',
          },
        );
        expect(
          (await tx.selectFrom('arrests').select('id').where('matter_id', '=', matterId).execute()).length,
        ).toBe(2);
        throw new Error('the import stops');
      }),
    ).rejects.toThrow('the import stops');
    expect(await arrestRows(matterId)).toEqual([]);
    expect(await audits()).toBe(before);

    const { id } = await inTransaction(ctx.db, ({ tx }) =>
      addArrestIn(tx, ctx, matterId, arrestInput(), { kind: 'rap_sheet', ref: 'import-2:line-3' }),
    );
    const [row] = await arrestRows(matterId);
    expect(row).toMatchObject({ id, source: 'rap_sheet', source_ref: 'import-2:line-3' });
    const timeline = await api.database.db
      .selectFrom('matter_events')
      .select('summary')
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'arrest_added')
      .execute();
    expect(timeline.map((e) => e.summary)).toEqual([
      'Arrest entered: PC 459 (felony) arrest of Apr 5, 2018, charges dismissed (from the RAP sheet).',
    ]);
  });

  it('records an attorney’s decision on arrest relief, accepting or overriding the suggestion, append-only', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { id } = await attorney.arrests.add({ matterId, arrest: arrestInput() });
    const shown = await attorney.eligibility.suggestions({ matterId });
    const sealing = shown.arrestResults
      .find((r) => r.arrestId === id)
      ?.remedies.find((r) => r.remedy === 'pc851.91');
    if (!sealing || !shown.rulesVersion) throw new Error('no PC 851.91 suggestion for a dismissed arrest');

    const first = await expectEventAndAudit(
      api,
      {
        matterId,
        kind: 'arrest_decision_recorded',
        who: 'alameda.attorney',
        action: 'arrests.recordDecision',
      },
      () =>
        attorney.arrests.recordDecision({
          arrestId: id,
          remedy: 'pc851.91',
          determination: sealing.determination,
          eligibleOn: sealing.eligibleOn,
          missingInfo: sealing.determination === 'needs_more_info' ? 'As suggested.' : '',
          reasons: 'As the rules suggest (PC 851.91).',
          supersedes: null,
          suggestion: { rulesVersion: shown.rulesVersion, determination: sealing.determination },
        }),
    );
    // Said as a conviction's decision is: the remedy, then what it is for, then the determination.
    expect(first.summary).toBe(
      'Arrest sealing (PC 851.91) for the PC 459 (felony) arrest of Apr 5, 2018, charges dismissed: needs more information.',
    );
    const [listed] = await attorney.arrests.list({ matterId });
    expect(listed?.decisions['pc851.91']).toMatchObject({
      id: first.result.id,
      determination: sealing.determination,
    });

    // Overriding needs a reason; deciding over a decision not seen is refused.
    const noReason = await refusal(
      attorney.arrests.recordDecision({
        arrestId: id,
        remedy: 'pc851.91',
        determination: 'not_eligible',
        reasons: 'Charges may be refiled.',
        supersedes: first.result.id,
        suggestion: { rulesVersion: shown.rulesVersion, determination: sealing.determination },
      }),
    );
    expect(noReason.fields.map((f) => f.path)).toEqual(['overrideReason']);
    const stale = await refusal(
      attorney.arrests.recordDecision({
        arrestId: id,
        remedy: 'pc851.91',
        determination: 'not_eligible',
        reasons: 'Charges may be refiled.',
        supersedes: null,
        overrideReason: OVERRIDE_REASON,
      }),
    );
    expect(stale.appCode).toBe('VERSION_CONFLICT');
    const second = await attorney.arrests.recordDecision({
      arrestId: id,
      remedy: 'pc851.91',
      determination: 'not_eligible',
      reasons: 'The district attorney may still refile (PC 851.91(a)(1)).',
      supersedes: first.result.id,
      suggestion: { rulesVersion: shown.rulesVersion, determination: sealing.determination },
      overrideReason: 'The docket shows a refiling.',
    });
    const [after] = await attorney.arrests.list({ matterId });
    expect(after?.decisions['pc851.91']).toMatchObject({ id: second.id, determination: 'not_eligible' });
    const rows = await api.database.db
      .selectFrom('arrest_decisions')
      .select(['id', 'supersedes', 'rules_version', 'override_reason'])
      .where('arrest_id', '=', id)
      .orderBy('decided_at')
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: first.result.id, supersedes: null, rules_version: shown.rulesVersion, override_reason: '' },
      {
        id: second.id,
        supersedes: first.result.id,
        rules_version: shown.rulesVersion,
        override_reason: 'The docket shows a refiling.',
      },
    ]);

    // Intake cannot decide (role); another office cannot see the arrest.
    const intake = await api.signedIn('alameda.intake');
    const byIntake = await refusal(
      intake.arrests.recordDecision({
        arrestId: id,
        remedy: 'pc851.93',
        determination: 'not_eligible',
        reasons: 'x',
        supersedes: null,
        overrideReason: OVERRIDE_REASON,
      }),
    );
    expect(byIntake.code).toBe('FORBIDDEN');
    const elsewhere = await api.signedIn('bayLegal.attorney');
    const byOther = await refusal(
      elsewhere.arrests.recordDecision({
        arrestId: id,
        remedy: 'pc851.93',
        determination: 'not_eligible',
        reasons: 'x',
        supersedes: null,
        overrideReason: OVERRIDE_REASON,
      }),
    );
    expect(byOther.code).toBe('NOT_FOUND');
  });
});
