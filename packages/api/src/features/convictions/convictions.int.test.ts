import { randomUUID } from 'node:crypto';
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness, referralInput, TEST_PASSWORD } from '../../testing.ts';
import {
  arrestInput,
  convictionInput,
  everythingWritten,
  expectEventAndAudit,
  expectRefusedWritingNothing,
  matterWithConviction,
  NAMES,
  nowInCalifornia,
  openMatter,
} from '../lifecycle-fixtures.ts';

describe.each(testDialects())('convictions (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('adds a conviction that the matter page shows, with its first revision, a timeline event and an audit row', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { result, summary } = await expectEventAndAudit(
      api,
      { matterId, kind: 'conviction_added', who: 'alameda.attorney', action: 'convictions.add' },
      () =>
        attorney.convictions.add({
          matterId,
          conviction: convictionInput({ code: 'hs', section: '11350(a)', level: 'felony', wobbler: 'yes' }),
        }),
    );
    expect(result.version).toBe(1);
    expect(summary).toBe('Conviction entered: HS 11350(a) (felony), case 16CR01234.');

    const matter = await attorney.matters.get({ matterId });
    expect(matter.convictions).toEqual([
      {
        id: result.id,
        version: 1,
        fields: { ...convictionInput({ code: 'HS', section: '11350(a)', level: 'felony', wobbler: 'yes' }) },
        decisions: {},
        // An adult's conviction: nothing to ask about the court.
        minorNotice: null,
      },
    ]);
    const history = await attorney.convictions.history({ convictionId: result.id });
    expect(history.map((h) => [h.version, h.changedBy])).toEqual([[1, NAMES['alameda.attorney']]]);
  });

  it('refuses a conviction or arrest added to a matter concluded “Not eligible”, saying to move it back first; added once it is', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const moveTo = async (to: 'eligibility_review' | 'not_eligible', note = '') => {
      const { version } = await attorney.matters.get({ matterId });
      await attorney.matters.moveStage({ matterId, version, to, note });
    };
    await moveTo('eligibility_review');
    // Nothing on the record: concluded with nothing to clear.
    await moveTo('not_eligible', 'No convictions on the RAP sheet.');
    for (const add of [
      () => attorney.convictions.add({ matterId, conviction: convictionInput() }),
      () => attorney.arrests.add({ matterId, arrest: arrestInput() }),
    ])
      await expect(add()).rejects.toMatchObject({
        appCode: 'BAD_INPUT',
        message: expect.stringContaining('move it back to “Eligibility review” first'),
      });
    const matter = await attorney.matters.get({ matterId });
    expect([matter.stage, matter.convictions]).toEqual(['not_eligible', []]);
    expect(await attorney.arrests.list({ matterId })).toEqual([]);
    await moveTo('eligibility_review');
    await expect(
      attorney.convictions.add({ matterId, conviction: convictionInput() }),
    ).resolves.toMatchObject({
      version: 1,
    });
  });

  it('edits a conviction keeping every earlier version in its history, newest first, with who saved it', async () => {
    const { matterId, convictionId } = await matterWithConviction(api);
    const supervisor = await api.signedIn('alameda.supervisor');
    const { result, summary } = await expectEventAndAudit(
      api,
      { matterId, kind: 'conviction_edited', who: 'alameda.supervisor', action: 'convictions.edit' },
      () =>
        supervisor.convictions.edit({
          convictionId,
          version: 1,
          conviction: convictionInput({ probationOutcome: 'terminated_early', endDate: '2018-01-10' }),
        }),
    );
    expect(result.version).toBe(2);
    // What changed, in the form's words: never the field's code name or a stored value.
    expect(summary).toContain(
      '(probation or sentence end date: May 2, 2019 → Jan 10, 2018; probation: completed → terminated early).',
    );

    const history = await supervisor.convictions.history({ convictionId });
    expect(history.map((h) => [h.version, h.changedBy])).toEqual([
      [2, NAMES['alameda.supervisor']],
      [1, NAMES['alameda.attorney']],
    ]);
    expect(history[0]?.fields).toMatchObject({ probationOutcome: 'terminated_early', endDate: '2018-01-10' });
    expect(history[1]?.fields).toMatchObject({ probationOutcome: 'completed', endDate: '2019-05-02' });
  });

  describe('needs the RAP sheet permission', () => {
    it('refuses intake adding a conviction, and writes nothing', async () => {
      const matterId = await openMatter(api);
      const intake = await api.signedIn('alameda.intake');
      const refused = await expectRefusedWritingNothing(api, () =>
        intake.convictions.add({ matterId, conviction: convictionInput() }),
      );
      expect(refused).toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('own permission'),
      });
    });

    it('refuses intake editing or reading the history of a conviction, and hides convictions from intake’s matter page', async () => {
      const { matterId, convictionId } = await matterWithConviction(api);
      const intake = await api.signedIn('alameda.intake');
      const edit = await expectRefusedWritingNothing(api, () =>
        intake.convictions.edit({
          convictionId,
          version: 1,
          conviction: convictionInput({ section: '488' }),
        }),
      );
      expect(edit.code).toBe('FORBIDDEN');
      await expect(intake.convictions.history({ convictionId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect((await intake.matters.get({ matterId })).convictions).toBeNull();
      const denied = await api.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('actor_id', '=', api.userIds['alameda.intake'])
        .where('entity_type', '=', 'rap_sheet_data')
        .where('entity_id', '=', convictionId)
        .where('outcome', '=', 'denied')
        .execute();
      expect(denied.map((d) => d.action).sort()).toEqual(['convictions.edit', 'convictions.history']);
    });
  });

  describe('another office gets NOT_FOUND and nothing is written', () => {
    it('when adding to the matter', async () => {
      const matterId = await openMatter(api);
      const other = await api.signedIn('bayLegal.attorney');
      const refused = await expectRefusedWritingNothing(api, () =>
        other.convictions.add({ matterId, conviction: convictionInput() }),
      );
      expect(refused.code).toBe('NOT_FOUND');
    });

    it('when editing or reading the history', async () => {
      const { convictionId } = await matterWithConviction(api);
      const other = await api.signedIn('bayLegal.supervisor');
      const refused = await expectRefusedWritingNothing(api, () =>
        other.convictions.edit({ convictionId, version: 1, conviction: convictionInput({ section: '488' }) }),
      );
      expect(refused.code).toBe('NOT_FOUND');
      await expect(other.convictions.history({ convictionId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  it.each([
    [
      'a section that does not start with its number',
      { section: 'PC 484' },
      'conviction.section',
      'Start the section with its number',
    ],
    [
      'an end date before the conviction',
      { endDate: '2015-01-01' },
      'conviction.endDate',
      'cannot be before the conviction date',
    ],
    [
      'relief granted with no date',
      { reliefGrantedRemedy: 'pc1203.4' as const },
      'conviction.reliefGrantedOn',
      'Enter the date relief was granted',
    ],
    [
      'an impossible conviction date',
      { convictionDate: '2016-02-30' },
      'conviction.convictionDate',
      'Enter a real date',
    ],
    ['no case number', { caseNumber: ' ' }, 'conviction.caseNumber', 'Enter the court case number'],
    // Dates the rules cannot read (the harness's today is 2026-11-28 in California).
    [
      'a conviction date after today',
      { convictionDate: '2099-05-01', endDate: null },
      'conviction.convictionDate',
      'The conviction date, May 1, 2099, is after today: enter the date on the court record.',
    ],
    [
      'a conviction date before 1900',
      { convictionDate: '0216-05-02', endDate: null },
      'conviction.convictionDate',
      'is before 1900: check the year.',
    ],
    [
      'relief granted before the conviction',
      { reliefGrantedRemedy: 'pc1203.4' as const, reliefGrantedOn: '2015-01-01' },
      'conviction.reliefGrantedOn',
      'The date relief was granted, Jan 1, 2015, is before the conviction date (May 2, 2016): check both dates.',
    ],
    [
      'relief only an arrest can have been granted',
      { reliefGrantedRemedy: 'pc851.91' as const, reliefGrantedOn: '2018-01-01' },
      'conviction.reliefGrantedRemedy',
      'Arrest sealing (PC 851.91) is relief granted on an arrest: record it on the arrest. On a conviction, choose PC 1203.4 dismissal,',
    ],
    [
      'relief granted after today',
      { reliefGrantedRemedy: 'pc1203.4' as const, reliefGrantedOn: '2026-11-29' },
      'conviction.reliefGrantedOn',
      'is after today: enter it once the court has granted relief.',
    ],
  ])(
    'refuses adding %s with a field error saying how to fix it, and writes nothing',
    async (_why, change, path, message) => {
      const matterId = await openMatter(api);
      const attorney = await api.signedIn('alameda.attorney');
      const refused = await expectRefusedWritingNothing(api, () =>
        attorney.convictions.add({ matterId, conviction: convictionInput(change) }),
      );
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.fields).toContainEqual({ path, message: expect.stringContaining(message) });
    },
  );

  it('refuses an edit with bad input with a field error, and writes nothing', async () => {
    const { convictionId } = await matterWithConviction(api);
    const attorney = await api.signedIn('alameda.attorney');
    const refused = await expectRefusedWritingNothing(api, () =>
      attorney.convictions.edit({ convictionId, version: 1, conviction: convictionInput({ code: 'Penal' }) }),
    );
    expect(refused.fields).toContainEqual({
      path: 'conviction.code',
      message: 'Enter the code as letters, for example PC, HS or VC.',
    });
  });

  it('refuses an edit to a conviction date after today in California, on the field, and writes nothing', async () => {
    const { convictionId } = await matterWithConviction(api);
    const attorney = await api.signedIn('alameda.attorney');
    // The harness's clock reads 10:00 on Nov 28, 2026 in California: the 29th is tomorrow there.
    const refused = await expectRefusedWritingNothing(api, () =>
      attorney.convictions.edit({
        convictionId,
        version: 1,
        conviction: convictionInput({ convictionDate: '2026-11-29', endDate: null }),
      }),
    );
    expect(refused).toMatchObject({
      appCode: 'BAD_INPUT',
      fields: [
        {
          path: 'conviction.convictionDate',
          message: 'The conviction date, Nov 29, 2026, is after today: enter the date on the court record.',
        },
      ],
    });
    // Today itself is a date a conviction can have.
    await attorney.convictions.edit({
      convictionId,
      version: 1,
      conviction: convictionInput({ convictionDate: '2026-11-28', endDate: null }),
    });
  });

  it('refuses an edit from a stale version, naming who changed it and when, and writes nothing', async () => {
    const { convictionId } = await matterWithConviction(api);
    const attorney = await api.signedIn('alameda.attorney');
    const supervisor = await api.signedIn('alameda.supervisor');
    await supervisor.convictions.edit({
      convictionId,
      version: 1,
      conviction: convictionInput({ section: '488' }),
    });
    const refused = await expectRefusedWritingNothing(api, () =>
      attorney.convictions.edit({
        convictionId,
        version: 1,
        conviction: convictionInput({ section: '490.5' }),
      }),
    );
    expect(refused.appCode).toBe('VERSION_CONFLICT');
    expect(refused.message).toContain(`${NAMES['alameda.supervisor']} changed this conviction on`);
    expect(refused.message).toContain(`on ${nowInCalifornia(api)}, after you opened it`);
  });

  // Several rounds, so that on PostgreSQL the two transactions really do overlap in some of them.
  // Regression: on PostgreSQL both passed the version check and the loser got an internal error.
  it.each([1, 2, 3, 4, 5])(
    'regression: two attorneys saving the same conviction at once: one wins, the other gets VERSION_CONFLICT, nothing is lost silently (round %i)',
    async () => {
      const { convictionId } = await matterWithConviction(api);
      const attorney = await api.signedIn('alameda.attorney');
      const supervisor = await api.signedIn('alameda.supervisor');
      const inputs = [
        convictionInput({ section: '488' }),
        convictionInput({ section: '490.2', level: 'felony' }),
      ];
      const results = await Promise.allSettled([
        attorney.convictions.edit({ convictionId, version: 1, conviction: inputs[0] ?? convictionInput() }),
        supervisor.convictions.edit({ convictionId, version: 1, conviction: inputs[1] ?? convictionInput() }),
      ]);
      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      const winner = winners[0] ?? 0;
      const loser = results[1 - winner];
      expect(loser).toMatchObject({ status: 'rejected', reason: { appCode: 'VERSION_CONFLICT' } });

      const attorneyView = await attorney.convictions.history({ convictionId });
      expect(attorneyView.map((h) => [h.version, h.changedBy])).toEqual([
        [2, winner === 0 ? NAMES['alameda.attorney'] : NAMES['alameda.supervisor']],
        [1, NAMES['alameda.attorney']],
      ]);
      expect(attorneyView[0]?.fields).toEqual(inputs[winner]);
      const stored = await api.database.db
        .selectFrom('convictions')
        .select(['section', 'level', 'version'])
        .where('id', '=', convictionId)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ section: inputs[winner]?.section, level: inputs[winner]?.level, version: 2 });
      const edits = await api.database.db
        .selectFrom('audit_log')
        .select(['outcome', 'detail'])
        .where('action', '=', 'convictions.edit')
        .where('entity_id', '=', convictionId)
        .execute();
      // The winner's edit, and the loser's attempt on record as refused for its stale version.
      expect(edits.filter((e) => e.outcome === 'ok')).toHaveLength(1);
      expect(edits.filter((e) => e.outcome === 'denied').map((e) => JSON.parse(e.detail).reason)).toEqual([
        'version_conflict',
      ]);
    },
  );

  it('refuses a conviction or relief dated before the client was born, on add and edit, naming the birth date, and writes nothing', async () => {
    // A misread RAP year: a client born 1980-02-29 cannot have been convicted in 1975.
    const intake = await api.signedIn('alameda.intake');
    const recorded = await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Ana Nacida Ruiz',
          otherNames: [],
          dateOfBirth: '1980-02-29',
        },
      }),
    );
    const matterId = recorded.matters[0]?.id ?? '';
    const attorney = await api.signedIn('alameda.attorney');
    const before = await expectRefusedWritingNothing(api, () =>
      attorney.convictions.add({
        matterId,
        conviction: convictionInput({ convictionDate: '1975-01-01', endDate: null }),
      }),
    );
    expect(before).toMatchObject({
      appCode: 'BAD_INPUT',
      fields: [
        {
          path: 'conviction.convictionDate',
          message:
            'The conviction date, Jan 1, 1975, is before Ana Nacida Ruiz’s date of birth (Feb 29, 1980): check the year.',
        },
      ],
    });
    const { id } = await attorney.convictions.add({ matterId, conviction: convictionInput() });
    const edited = await expectRefusedWritingNothing(api, () =>
      attorney.convictions.edit({
        convictionId: id,
        version: 1,
        conviction: convictionInput({ convictionDate: '1979-12-31', endDate: null }),
      }),
    );
    expect(edited.fields).toEqual([
      {
        path: 'conviction.convictionDate',
        message: expect.stringContaining('before Ana Nacida Ruiz’s date of birth'),
      },
    ]);
    // The day of birth itself is not refused by this check (nor is a later one).
    await attorney.convictions.edit({
      convictionId: id,
      version: 1,
      conviction: convictionInput({ convictionDate: '1998-03-01', endDate: null }),
    });
  });

  describe('a request sent again with its key (Idempotency-Key)', () => {
    const attorneyId = () => api.userIds['alameda.attorney'];
    const setRapSheets = (can: boolean) =>
      api.database.db
        .updateTable('users')
        .set({ can_view_rap_sheets: can ? 1 : 0 })
        .where('id', '=', attorneyId())
        .execute();
    const refusals = () =>
      api.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id', 'entity_type', 'entity_id', 'outcome'])
        .where('outcome', '=', 'denied')
        .where('actor_id', '=', attorneyId())
        .orderBy('id')
        .execute();

    it('regression: is refused and put on record like a first call once the RAP sheet permission is taken away; answers again once it is back', async () => {
      // The key's stored answer was given without the RAP sheet check the procedure makes in its
      // work: a person whose permission was taken away replayed adding a conviction, unrecorded.
      const matterId = await openMatter(api);
      const signIn = api.context();
      await createCaller(signIn).auth.signIn({ email: 'attorney@alameda.test', password: TEST_PASSWORD });
      const keyed = (requestKey: string | null) =>
        createCaller(api.context({ sessionToken: signIn.cookieJar.token, requestKey }));
      const key = randomUUID();
      const input = { matterId, conviction: convictionInput({ section: '459' }) };
      const first = await keyed(key).convictions.add(input);
      try {
        await setRapSheets(false);
        const before = await refusals();
        const unkeyed = await expectRefusedWritingNothing(api, () => keyed(null).convictions.add(input));
        const afterUnkeyed = await refusals();
        const replayed = await expectRefusedWritingNothing(api, () => keyed(key).convictions.add(input));
        expect(replayed).toEqual(unkeyed);
        expect(replayed).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('RAP sheets') });
        const denied = {
          action: 'convictions.add',
          actor_id: attorneyId(),
          entity_type: 'rap_sheet_data',
          entity_id: matterId,
          outcome: 'denied',
        };
        expect(afterUnkeyed).toEqual([...before, denied]);
        expect(await refusals()).toEqual([...afterUnkeyed, denied]);
      } finally {
        await setRapSheets(true);
      }
      const before = await everythingWritten(api);
      expect(await keyed(key).convictions.add(input)).toEqual(first);
      expect(await everythingWritten(api)).toEqual(before);
    });
  });
});
