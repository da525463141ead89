import { testDialects } from '@relief-desk/db/testing';
import { addDays, californiaDate, type UpdatePetitionInput } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import {
  convictionInput,
  expectEventAndAudit,
  expectRefusedWritingNothing,
  filedPetition,
  NAMES,
  nowInCalifornia,
  openMatter,
  petitionInput,
} from '../lifecycle-fixtures.ts';
import { readyArrestPetition } from '../packets/fixtures.ts';

describe.each(testDialects())('petitions (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  /** A matter with two convictions of one case and one of another. */
  async function matterWithCases() {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const add = (caseNumber: string, section: string) =>
      attorney.convictions.add({ matterId, conviction: convictionInput({ caseNumber, section }) });
    const theft = await add('16CR01234', '484(a)');
    const drugs = await add('16CR01234', '11350(a)');
    const other = await add('19CR05555', '647(f)');
    return { matterId, sameCase: [theft.id, drugs.id], otherCase: other.id };
  }

  async function draft() {
    const cases = await matterWithCases();
    const attorney = await api.signedIn('alameda.attorney');
    const { id } = await attorney.petitions.create(petitionInput(cases.matterId, cases.sameCase));
    return { ...cases, petitionId: id };
  }

  it('counts one conviction in the singular on the timeline', async () => {
    const { matterId, otherCase } = await matterWithCases();
    const attorney = await api.signedIn('alameda.attorney');
    const { summary } = await expectEventAndAudit(
      api,
      { matterId, kind: 'petition_created', who: 'alameda.attorney', action: 'petitions.create' },
      () => attorney.petitions.create(petitionInput(matterId, [otherCase])),
    );
    expect(summary).toBe('Petition drafted: PC 1203.4 dismissal, case 19CR05555, 1 conviction.');
  });

  it('drafts a petition for convictions of one case, shown on the matter page, with a timeline event and an audit row', async () => {
    const { matterId, sameCase } = await matterWithCases();
    const attorney = await api.signedIn('alameda.attorney');
    const { result, summary } = await expectEventAndAudit(
      api,
      { matterId, kind: 'petition_created', who: 'alameda.attorney', action: 'petitions.create' },
      () => attorney.petitions.create(petitionInput(matterId, sameCase)),
    );
    expect(result.version).toBe(1);
    expect(summary).toBe('Petition drafted: PC 1203.4 dismissal, case 16CR01234, 2 convictions.');
    const [petition] = (await attorney.matters.get({ matterId })).petitions;
    expect(petition).toMatchObject({
      id: result.id,
      status: 'draft',
      caseNumber: '16CR01234',
      courthouse: 'René C. Davidson Courthouse',
      orderFileId: null,
    });
    expect(petition?.convictions.map((c) => c.convictionId).sort()).toEqual([...sameCase].sort());
  });

  it('files a petition and sets a hearing, each a timeline event and an audit row', async () => {
    const { matterId, petitionId, sameCase } = await draft();
    const supervisor = await api.signedIn('alameda.supervisor');
    const filed = await expectEventAndAudit(
      api,
      { matterId, kind: 'petition_status', who: 'alameda.supervisor', action: 'petitions.update' },
      () => supervisor.petitions.update(filedPetition(petitionId, 1, sameCase, { servedOn: '2026-11-21' })),
    );
    expect(filed.summary).toBe('Petition PC 1203.4 dismissal, case 16CR01234: filed.');
    const hearing = await supervisor.petitions.update(
      filedPetition(petitionId, filed.result.version, sameCase, {
        status: 'hearing_set',
        servedOn: '2026-11-21',
        hearingOn: '2027-01-15',
      }),
    );
    expect(hearing.version).toBe(3);
    const [petition] = (await supervisor.matters.get({ matterId })).petitions;
    expect(petition).toMatchObject({
      status: 'hearing_set',
      filedOn: '2026-11-20',
      servedOn: '2026-11-21',
      hearingOn: '2027-01-15',
    });
  });

  it('records the court’s outcome per conviction and requests the signed order from the court', async () => {
    const { matterId, petitionId, sameCase } = await draft();
    const [granted = '', denied = ''] = sameCase;
    const attorney = await api.signedIn('alameda.attorney');
    const { summary } = await expectEventAndAudit(
      api,
      { matterId, kind: 'petition_status', who: 'alameda.attorney', action: 'petitions.update' },
      () =>
        attorney.petitions.update(
          filedPetition(petitionId, 1, sameCase, {
            status: 'decided',
            decidedOn: '2026-11-27',
            outcomes: [
              { convictionId: granted, outcome: 'granted' },
              { convictionId: denied, outcome: 'denied' },
            ],
          }),
        ),
    );
    expect(summary).toBe('Petition PC 1203.4 dismissal, case 16CR01234: decided (1 granted, 1 denied).');
    const matter = await attorney.matters.get({ matterId });
    expect(matter.petitions[0]?.convictions).toEqual(
      expect.arrayContaining([
        { convictionId: granted, outcome: 'granted' },
        { convictionId: denied, outcome: 'denied' },
      ]),
    );
    expect(matter.documents).toEqual([
      expect.objectContaining({
        kind: 'signed_order',
        // Named by its petition, so two orders can be told apart (withheld without the RAP sheet permission).
        label: 'Signed order: PC 1203.4 dismissal, case 16CR01234',
        requestedFrom: 'court',
        status: 'requested',
        dueOn: '2027-01-27',
      }),
    ]);
  });

  describe('needs the RAP sheet permission', () => {
    it('refuses intake drafting or updating a petition, and writes nothing', async () => {
      const { matterId, petitionId, sameCase } = await draft();
      const intake = await api.signedIn('alameda.intake');
      for (const call of [
        () => intake.petitions.create(petitionInput(matterId, sameCase)),
        () => intake.petitions.update(filedPetition(petitionId, 1, sameCase)),
      ]) {
        const refused = await expectRefusedWritingNothing(api, call);
        expect(refused).toMatchObject({
          code: 'FORBIDDEN',
          message: expect.stringContaining('own permission'),
        });
      }
    });
  });

  it('another office gets NOT_FOUND drafting on the matter or updating the petition, and nothing is written', async () => {
    const { matterId, petitionId, sameCase } = await draft();
    const other = await api.signedIn('bayLegal.attorney');
    for (const call of [
      () => other.petitions.create(petitionInput(matterId, sameCase)),
      () => other.petitions.update(filedPetition(petitionId, 1, sameCase)),
    ]) {
      expect((await expectRefusedWritingNothing(api, call)).code).toBe('NOT_FOUND');
    }
  });

  it('refuses convictions of two cases, of another matter, or none, with a field error saying how to fix it', async () => {
    const { matterId, sameCase, otherCase } = await matterWithCases();
    const elsewhere = await matterWithCases();
    const attorney = await api.signedIn('alameda.attorney');
    const cases: [string[], string][] = [
      [[...sameCase, otherCase], 'these are from 16CR01234 and 19CR05555. File one petition per case.'],
      [[otherCase, elsewhere.otherCase], 'Choose convictions of this matter only.'],
      [[], 'Choose at least one conviction.'],
    ];
    for (const [convictionIds, message] of cases) {
      const refused = await expectRefusedWritingNothing(api, () =>
        attorney.petitions.create(petitionInput(matterId, convictionIds)),
      );
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.fields).toContainEqual({
        path: 'convictionIds',
        message: expect.stringContaining(message),
      });
    }
  });

  it('refuses a court of another county than the case’s, drafting or updating, and takes the case’s own', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    // The Alameda office's matter holds a conviction from Tulare County (the RAP sheet showed it).
    const tulare = await attorney.convictions.add({
      matterId,
      conviction: convictionInput({
        caseNumber: 'VCM264410',
        county: 'Tulare',
        court: 'Superior Court of California, County of Tulare',
      }),
    });
    const refused = await expectRefusedWritingNothing(api, () =>
      attorney.petitions.create(petitionInput(matterId, [tulare.id])),
    );
    expect(refused.fields).toEqual([
      {
        path: 'court',
        message:
          'This petition is filed in Tulare County, where its case is: write the court as Superior Court of California, County of Tulare, not the court of Alameda County.',
      },
    ]);
    const court = 'Superior Court of California, County of Tulare';
    const petition = await attorney.petitions.create(
      petitionInput(matterId, [tulare.id], { court, courthouse: '' }),
    );
    // A court written another way (no county named) is taken as written.
    const update = (over: Partial<UpdatePetitionInput>) =>
      attorney.petitions.update({
        petitionId: petition.id,
        version: petition.version,
        status: 'draft',
        court,
        outcomes: [{ convictionId: tulare.id, outcome: null }],
        ...over,
      });
    const again = await expectRefusedWritingNothing(api, () =>
      update({ court: 'Superior Court of California, County of alameda' }),
    );
    expect(again.fields[0]?.path).toBe('court');
    expect((await update({ court: 'Visalia Superior Court' })).version).toBe(petition.version + 1);
  });

  it('refuses a petition for relief the court already granted on a conviction, saying which and when', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const dismissed = await attorney.convictions.add({
      matterId,
      conviction: convictionInput({ reliefGrantedRemedy: 'pc1203.4', reliefGrantedOn: '2026-10-15' }),
    });
    const refused = await expectRefusedWritingNothing(api, () =>
      attorney.petitions.create(petitionInput(matterId, [dismissed.id])),
    );
    expect(refused.fields).toEqual([
      {
        path: 'convictionIds',
        message:
          'The conviction under PC 484(a), case 16CR01234, already has PC 1203.4 dismissal granted (Oct 15, 2026): no second petition for it is filed. Leave it out of this petition, or correct its record if the relief was not granted.',
      },
    ]);
  });

  it('refuses a petition with no court, with a field error', async () => {
    const { matterId, sameCase } = await matterWithCases();
    const attorney = await api.signedIn('alameda.attorney');
    const refused = await expectRefusedWritingNothing(api, () =>
      attorney.petitions.create(petitionInput(matterId, sameCase, { court: '' })),
    );
    expect(refused.fields).toContainEqual({
      path: 'court',
      message: expect.stringContaining('Enter the court'),
    });
  });

  it.each([
    ['filed with no filing date', { filedOn: null }, 'filedOn', 'Enter the date the petition was filed.'],
    [
      'a hearing set with no date',
      { status: 'hearing_set' as const },
      'hearingOn',
      'Enter the hearing date.',
    ],
    [
      'filed before a conviction it asks to clear',
      { filedOn: '2015-01-01' },
      'filedOn',
      'The filing date is before a conviction this petition asks to clear (convicted May 2, 2016). Check the date filed.',
    ],
    [
      'a hearing before filing',
      { status: 'hearing_set' as const, hearingOn: '2026-11-01' },
      'hearingOn',
      'The hearing cannot be before the filing date.',
    ],
    [
      'a rule-by date before filing',
      { ruleByOn: '2026-11-19' },
      'ruleByOn',
      'The rule-by date cannot be before the filing date.',
    ],
    [
      'decided with a conviction’s outcome missing',
      { status: 'decided' as const, decidedOn: '2026-11-27' },
      'outcomes.0.outcome',
      'Record the outcome for every conviction.',
    ],
  ])(
    'refuses an update %s with a field error saying how to fix it, and writes nothing',
    async (_why, change, path, message) => {
      const { petitionId, sameCase } = await draft();
      const attorney = await api.signedIn('alameda.attorney');
      const refused = await expectRefusedWritingNothing(api, () =>
        attorney.petitions.update(filedPetition(petitionId, 1, sameCase, change)),
      );
      expect(refused.fields).toContainEqual({ path, message });
    },
  );

  it('records service before filing (the proof of service is filed with the petition), but not service after today', async () => {
    const { petitionId, sameCase } = await draft();
    const attorney = await api.signedIn('alameda.attorney');
    const saved = await attorney.petitions.update(
      filedPetition(petitionId, 1, sameCase, { servedOn: '2026-11-01' }),
    );
    const today = californiaDate(api.clock.now());
    const refused = await expectRefusedWritingNothing(api, () =>
      attorney.petitions.update(
        filedPetition(petitionId, saved.version, sameCase, { servedOn: addDays(today, 1) }),
      ),
    );
    expect(refused.fields).toContainEqual({
      path: 'servedOn',
      message: 'The service date cannot be after today (Nov 28, 2026). Check the date served.',
    });
  });

  it('a draft recorded straight as decided was filed: the matter moves on to await the court, as filing moves it', async () => {
    const { matterId, petitionId, sameCase } = await draft();
    const attorney = await api.signedIn('alameda.attorney');
    let { version } = await attorney.matters.get({ matterId });
    for (const to of ['gathering_records', 'eligibility_review', 'petitions_to_file'] as const)
      ({ version } = await attorney.matters.moveStage({ matterId, version, to }));
    const before = (await attorney.matters.get({ matterId })).stage;
    await attorney.petitions.update(
      filedPetition(petitionId, 1, sameCase, {
        status: 'decided',
        decidedOn: '2026-11-27',
        outcomes: sameCase.map((convictionId) => ({ convictionId, outcome: 'granted' as const })),
      }),
    );
    expect(before).toBe('petitions_to_file');
    expect((await attorney.matters.get({ matterId })).stage).toBe('awaiting_decision');
  });

  it('lists a petition’s convictions in one order, however often it is saved (the outcome form’s rows stay put)', async () => {
    const { matterId, petitionId, sameCase } = await draft();
    const attorney = await api.signedIn('alameda.attorney');
    const [theft, drugs] = sameCase;
    let version = 1;
    for (const status of ['filed', 'hearing_set', 'filed', 'hearing_set'] as const) {
      ({ version } = await attorney.petitions.update(
        filedPetition(petitionId, version, [theft ?? '', drugs ?? ''].reverse(), {
          status,
          hearingOn: '2027-01-15',
        }),
      ));
      const { petitions } = await attorney.matters.get({ matterId });
      // By section, as the outcome message lists them: 11350(a) before 484(a).
      expect(petitions.find((p) => p.id === petitionId)?.convictions.map((c) => c.convictionId)).toEqual([
        drugs,
        theft,
      ]);
    }
  });

  it('refuses a court outcome on a petition the court has not decided, and writes nothing', async () => {
    const { petitionId, sameCase } = await draft();
    const attorney = await api.signedIn('alameda.attorney');
    for (const status of ['draft', 'filed', 'hearing_set', 'withdrawn'] as const) {
      const refused = await expectRefusedWritingNothing(api, () =>
        attorney.petitions.update(
          filedPetition(petitionId, 1, sameCase, {
            status,
            hearingOn: '2027-01-15',
            outcomes: sameCase.map((convictionId) => ({ convictionId, outcome: 'granted' })),
          }),
        ),
      );
      expect(refused.fields).toContainEqual({
        path: 'outcomes.0.outcome',
        message:
          'Record the court’s outcome when the petition is decided (status “Decided”), or leave it as “No outcome yet”.',
      });
    }
  });

  it('refuses reopening a withdrawn or decided petition while another is open for its convictions and remedy', async () => {
    const { matterId, petitionId, sameCase } = await draft();
    const attorney = await api.signedIn('alameda.attorney');
    const withdrawn = await attorney.petitions.update(
      filedPetition(petitionId, 1, sameCase, { status: 'withdrawn', filedOn: null }),
    );
    // A withdrawn petition may be drafted anew...
    const anew = await attorney.petitions.create(petitionInput(matterId, sameCase));
    // ...but then the withdrawn one cannot be set back to an open status: two would be open.
    for (const status of ['draft', 'filed'] as const) {
      const refused = await expectRefusedWritingNothing(api, () =>
        attorney.petitions.update(filedPetition(petitionId, withdrawn.version, sameCase, { status })),
      );
      expect(refused.fields).toEqual([
        {
          path: 'status',
          message:
            'A petition for PC 1203.4 dismissal of its convictions is already open (draft): one open petition per conviction and remedy. Work on that one, or withdraw it first.',
        },
      ]);
    }
    // With the new one withdrawn, the old one may be reopened.
    await attorney.petitions.update(
      filedPetition(anew.id, 1, sameCase, { status: 'withdrawn', filedOn: null }),
    );
    const reopened = await attorney.petitions.update(
      filedPetition(petitionId, withdrawn.version, sameCase, { status: 'draft', filedOn: null }),
    );
    expect(reopened.version).toBe(withdrawn.version + 1);
  });

  describe('a petition to seal an arrest', () => {
    const decidedArrest = (
      petitionId: string,
      version: number,
      overrides: Partial<UpdatePetitionInput> = {},
    ) => filedPetition(petitionId, version, [], { status: 'decided', decidedOn: '2026-11-27', ...overrides });

    it('is drafted with a timeline event naming the arrest by its date in words', async () => {
      const { matterId } = await readyArrestPetition(api);
      const events = await api.database.db
        .selectFrom('matter_events')
        .select('summary')
        .where('matter_id', '=', matterId)
        .where('kind', '=', 'petition_created')
        .execute();
      expect(events.map((e) => e.summary)).toEqual([
        'Petition drafted: Arrest sealing (PC 851.91), arrest of Apr 5, 2018 (PC 459, charges dismissed), Alameda County.',
      ]);
    });

    it('is decided only with the court’s outcome on the arrest, given or recorded before', async () => {
      const { petitionId } = await readyArrestPetition(api);
      const attorney = await api.signedIn('alameda.attorney');
      for (const left of [{}, { arrestOutcome: null }]) {
        const refused = await expectRefusedWritingNothing(api, () =>
          attorney.petitions.update(decidedArrest(petitionId, 1, left)),
        );
        expect(refused.fields).toEqual([
          { path: 'arrestOutcome', message: 'Record the court’s outcome on the arrest.' },
        ]);
      }
      const decided = await attorney.petitions.update(
        decidedArrest(petitionId, 1, { arrestOutcome: 'granted' }),
      );
      // Saved again without naming the outcome: the recorded one stands.
      await attorney.petitions.update(decidedArrest(petitionId, decided.version));
      // Set back to "hearing set" with the outcome still recorded: refused, saying how to go on.
      const back = await expectRefusedWritingNothing(api, () =>
        attorney.petitions.update(
          decidedArrest(petitionId, decided.version + 1, {
            status: 'hearing_set',
            decidedOn: null,
            hearingOn: '2027-01-15',
          }),
        ),
      );
      expect(back.fields).toEqual([
        {
          path: 'arrestOutcome',
          message:
            'The arrest has the court’s outcome (granted): leave the status “Decided”, or set the outcome back to “No outcome yet”.',
        },
      ]);
    });

    it('refuses reopening a withdrawn one while the arrest has another petition', async () => {
      const { arrestId, petitionId } = await readyArrestPetition(api);
      const attorney = await api.signedIn('alameda.attorney');
      const withdrawn = await attorney.petitions.update(
        filedPetition(petitionId, 1, [], { status: 'withdrawn', filedOn: null }),
      );
      await attorney.petitions.createForArrest({ arrestId, county: 'Alameda', caseNumber: '18CR00459' });
      const refused = await expectRefusedWritingNothing(api, () =>
        attorney.petitions.update(
          filedPetition(petitionId, withdrawn.version, [], { status: 'draft', filedOn: null }),
        ),
      );
      expect(refused.fields).toEqual([
        {
          path: 'status',
          message:
            'This arrest already has another petition (draft): one petition per arrest. Work on that one, or withdraw it first.',
        },
      ]);
    });
  });

  it('a draft follows its convictions’ corrected case number once all of them are in the new case; a filed petition keeps the number it was filed under', async () => {
    const { matterId, petitionId, sameCase, otherCase } = await draft();
    const attorney = await api.signedIn('alameda.attorney');
    const filedOne = await attorney.petitions.create(petitionInput(matterId, [otherCase]));
    await attorney.petitions.update(filedPetition(filedOne.id, filedOne.version, [otherCase]));
    // Each conviction is corrected once, from its first version.
    const correct = (convictionId: string, section: string, caseNumber: string) =>
      attorney.convictions.edit({
        convictionId,
        version: 1,
        conviction: convictionInput({ caseNumber, section }),
      });
    const [theft, drugs] = sameCase as [string, string];
    const petitions = async () => (await attorney.matters.get({ matterId })).petitions;
    const draftNow = async () => (await petitions()).find((p) => p.id === petitionId);

    // One of its two convictions corrected: not one case, so it stays (its packet holds, saying so).
    await correct(theft, '484(a)', '16CR01243');
    expect(await draftNow()).toMatchObject({ caseNumber: '16CR01234', version: 1 });

    // Both: the draft is in the corrected case, on the timeline and on record.
    await correct(drugs, '11350(a)', '16CR01243');
    expect(await draftNow()).toMatchObject({ caseNumber: '16CR01243', version: 2 });
    const db = api.database.db;
    const told = await db
      .selectFrom('matter_events')
      .select(['summary', 'actor_id'])
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'petition_updated')
      .execute();
    expect(told).toEqual([
      {
        summary:
          'Petition PC 1203.4 dismissal, case 16CR01234: now case 16CR01243, as its conviction’s record was corrected.',
        actor_id: api.userIds['alameda.attorney'],
      },
    ]);
    const onRecord = await db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('entity_type', '=', 'petition')
      .where('entity_id', '=', petitionId)
      .where('action', '=', 'convictions.edit')
      .execute();
    expect(onRecord).toEqual([{ action: 'convictions.edit', outcome: 'ok' }]);

    // Filed under 19CR05555: it keeps that number, whatever the record says now.
    await correct(otherCase, '647(f)', '19CR05556');
    expect((await petitions()).find((p) => p.id === filedOne.id)).toMatchObject({
      caseNumber: '19CR05555',
      status: 'filed',
    });
  });

  it('refuses outcomes for convictions that are not in the petition, and writes nothing', async () => {
    const { petitionId, sameCase, otherCase } = await draft();
    const attorney = await api.signedIn('alameda.attorney');
    const refused = await expectRefusedWritingNothing(api, () =>
      attorney.petitions.update(filedPetition(petitionId, 1, [sameCase[0] ?? '', otherCase])),
    );
    expect(refused.fields).toEqual([
      {
        path: 'outcomes',
        message: 'Give an outcome (or none yet) for exactly the convictions in this petition.',
      },
    ]);
  });

  it('refuses an update from a stale version, naming who changed it and when, and writes nothing', async () => {
    const { petitionId, sameCase } = await draft();
    const attorney = await api.signedIn('alameda.attorney');
    const supervisor = await api.signedIn('alameda.supervisor');
    await supervisor.petitions.update(filedPetition(petitionId, 1, sameCase));
    const refused = await expectRefusedWritingNothing(api, () =>
      attorney.petitions.update(
        filedPetition(petitionId, 1, sameCase, { status: 'withdrawn', filedOn: null }),
      ),
    );
    expect(refused.appCode).toBe('VERSION_CONFLICT');
    expect(refused.message).toContain(
      `${NAMES['alameda.supervisor']} changed this petition on ${nowInCalifornia(api)}, after you opened it`,
    );
  });

  // Rounds, so that on PostgreSQL the two transactions really do overlap in some of them.
  it('regression: two attorneys updating the same petition at once: one wins, the other gets VERSION_CONFLICT', async () => {
    for (let round = 0; round < 4; round++) {
      const { petitionId, sameCase } = await draft();
      const attorney = await api.signedIn('alameda.attorney');
      const supervisor = await api.signedIn('alameda.supervisor');
      const results = await Promise.allSettled([
        attorney.petitions.update(filedPetition(petitionId, 1, sameCase, { filedOn: '2026-11-20' })),
        supervisor.petitions.update(filedPetition(petitionId, 1, sameCase, { filedOn: '2026-11-24' })),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({
        reason: { appCode: 'VERSION_CONFLICT' },
      });
      const stored = await api.database.db
        .selectFrom('petitions')
        .select(['filed_on', 'version'])
        .where('id', '=', petitionId)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({
        filed_on: results[0]?.status === 'fulfilled' ? '2026-11-20' : '2026-11-24',
        version: 2,
      });
      const updates = await api.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'petitions.update')
        .where('entity_id', '=', petitionId)
        .where('outcome', '=', 'ok')
        .execute();
      expect(updates).toHaveLength(1);
    }
  });
});
