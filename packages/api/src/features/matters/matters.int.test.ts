import { testDialects } from '@relief-desk/db/testing';
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

describe.each(testDialects())('working a matter: stages, notes, calls, calendar (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('moves a matter to an allowed stage, with a timeline event naming both stages and an audit row', async () => {
    const matterId = await openMatter(api);
    const intake = await api.signedIn('alameda.intake');
    const { result, summary } = await expectEventAndAudit(
      api,
      { matterId, kind: 'stage_changed', who: 'alameda.intake', action: 'matters.moveStage' },
      () =>
        intake.matters.moveStage({
          matterId,
          version: 1,
          to: 'gathering_records',
          note: 'RAP sheet asked for.',
        }),
    );
    expect(result).toEqual({ stage: 'gathering_records', version: 2 });
    expect(summary).toBe('Moved from Referral received to Gathering records. RAP sheet asked for.');
    const matter = await intake.matters.get({ matterId });
    expect([matter.stage, matter.version]).toEqual(['gathering_records', 2]);
    expect(matter.allowedMoves).toContain('eligibility_review');
    expect(matter.allowedMoves).not.toContain('closed');
  });

  it('refuses an illegal move with the reason and the moves that are allowed, and writes nothing', async () => {
    const matterId = await openMatter(api);
    const intake = await api.signedIn('alameda.intake');
    const refused = await expectRefusedWritingNothing(api, () =>
      intake.matters.moveStage({ matterId, version: 1, to: 'closed' }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fields).toEqual([
      {
        path: 'to',
        message: expect.stringContaining(
          'A matter in “Referral received” cannot move to “Closed”. It can move to “Gathering records”',
        ),
      },
    ]);
  });

  it('refuses an unknown stage, an empty note and an unknown call result with field errors, and writes nothing', async () => {
    const matterId = await openMatter(api);
    const intake = await api.signedIn('alameda.intake');
    const stage = await expectRefusedWritingNothing(api, () =>
      intake.matters.moveStage({ matterId, version: 1, to: 'archived' as 'closed' }),
    );
    expect(stage.fields).toEqual([{ path: 'to', message: 'Choose a stage.' }]);
    const note = await expectRefusedWritingNothing(api, () =>
      intake.matters.addNote({ matterId, text: '   ' }),
    );
    expect(note.fields).toEqual([{ path: 'text', message: 'Write the note.' }]);
    const call = await expectRefusedWritingNothing(api, () =>
      intake.matters.logCall({ matterId, direction: 'outgoing', result: 'busy' as 'spoke' }),
    );
    expect(call.fields).toEqual([{ path: 'result', message: 'Choose how the call went.' }]);
  });

  it('refuses a move from a stale version, naming who moved it and when, and writes nothing', async () => {
    const matterId = await openMatter(api);
    const intake = await api.signedIn('alameda.intake');
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.matters.moveStage({ matterId, version: 1, to: 'gathering_records' });
    const refused = await expectRefusedWritingNothing(api, () =>
      intake.matters.moveStage({ matterId, version: 1, to: 'withdrawn' }),
    );
    expect(refused.appCode).toBe('VERSION_CONFLICT');
    expect(refused.message).toContain(
      `${NAMES['alameda.attorney']} changed this matter on ${nowInCalifornia(api)}, after you opened it`,
    );
  });

  // Rounds, so that on PostgreSQL the two transactions really do overlap in some of them.
  it('regression: two people moving the same matter at once: one wins, the other gets VERSION_CONFLICT', async () => {
    for (let round = 0; round < 4; round++) {
      const matterId = await openMatter(api);
      const intake = await api.signedIn('alameda.intake');
      const attorney = await api.signedIn('alameda.attorney');
      const results = await Promise.allSettled([
        intake.matters.moveStage({ matterId, version: 1, to: 'gathering_records' }),
        attorney.matters.moveStage({ matterId, version: 1, to: 'withdrawn' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({
        reason: { appCode: 'VERSION_CONFLICT' },
      });
      const stored = await api.database.db
        .selectFrom('matters')
        .select(['stage', 'version'])
        .where('id', '=', matterId)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({
        stage: results[0]?.status === 'fulfilled' ? 'gathering_records' : 'withdrawn',
        version: 2,
      });
    }
  });

  it('adds notes and logs calls on the timeline, newest first, with who wrote them', async () => {
    const matterId = await openMatter(api);
    const intake = await api.signedIn('alameda.intake');
    const attorney = await api.signedIn('alameda.attorney');
    api.clock.advanceMinutes(1);
    await expectEventAndAudit(
      api,
      { matterId, kind: 'note', who: 'alameda.intake', action: 'matters.addNote' },
      () => intake.matters.addNote({ matterId, text: 'Client prefers calls after 5pm.' }),
    );
    api.clock.advanceMinutes(1);
    const { summary } = await expectEventAndAudit(
      api,
      { matterId, kind: 'phone_call', who: 'alameda.attorney', action: 'matters.logCall' },
      () =>
        attorney.matters.logCall({
          matterId,
          direction: 'outgoing',
          result: 'voicemail',
          summary: 'Asked for a call back.',
        }),
    );
    expect(summary).toBe('Called the client: left a voicemail. Asked for a call back.');
    const timeline = (await intake.matters.get({ matterId })).timeline;
    expect(timeline.slice(0, 3).map((e) => [e.kind, e.actorName])).toEqual([
      ['phone_call', NAMES['alameda.attorney']],
      ['note', NAMES['alameda.intake']],
      ['referral_received', NAMES['alameda.intake']],
    ]);
    expect(timeline[1]?.summary).toBe('Client prefers calls after 5pm.');
  });

  it('another office gets NOT_FOUND moving, noting or logging a call on the matter, and nothing is written', async () => {
    const matterId = await openMatter(api);
    const other = await api.signedIn('bayLegal.supervisor');
    for (const call of [
      () => other.matters.moveStage({ matterId, version: 1, to: 'gathering_records' }),
      () => other.matters.addNote({ matterId, text: 'Not ours.' }),
      () => other.matters.logCall({ matterId, direction: 'incoming', result: 'spoke' }),
    ]) {
      expect((await expectRefusedWritingNothing(api, call)).code).toBe('NOT_FOUND');
    }
  });

  it('refuses a caller without a session for moves, notes, calls and the calendar', async () => {
    const matterId = await openMatter(api);
    const anonymous = api.anonymous();
    for (const call of [
      () => anonymous.matters.moveStage({ matterId, version: 1, to: 'gathering_records' }),
      () => anonymous.matters.addNote({ matterId, text: 'Hello' }),
      () => anonymous.matters.logCall({ matterId, direction: 'incoming', result: 'spoke' }),
      () => anonymous.matters.calendar(),
    ]) {
      expect((await expectRefusedWritingNothing(api, call)).code).toBe('UNAUTHORIZED');
    }
  });

  describe('the office calendar', () => {
    it('lists hearings, rule-by dates and documents due within 30 days and overdue requests; not later, done or other offices’ ones', async () => {
      const calendarOf = async (who: 'alameda.intake' | 'alameda.attorney' | 'bayLegal.intake') =>
        (await (await api.signedIn(who)).matters.calendar()).map((d) => [d.date, d.kind, d.overdue, d.label]);
      const before = await calendarOf('alameda.intake');
      // Received in October: its requests can have fallen due in November.
      const matterId = await openMatter(api, 'alameda.intake', { on: '2026-10-01' });
      const intake = await api.signedIn('alameda.intake');
      const attorney = await api.signedIn('alameda.attorney');
      const ask = (kind: 'photo_id' | 'fee_waiver' | 'court_docket', requestedOn: string, dueOn: string) =>
        intake.documents.request({ matterId, kind, requestedFrom: 'client', requestedOn, dueOn });
      await ask('photo_id', '2026-11-01', '2026-11-20');
      await ask('court_docket', '2026-11-28', '2027-01-20');
      const done = await ask('fee_waiver', '2026-11-01', '2026-11-15');
      await intake.documents.update({
        documentId: done.id,
        version: 1,
        status: 'received',
        dueOn: '2026-11-15',
        arrivedOn: '2026-11-14',
      });
      const add = async (caseNumber: string) =>
        (await attorney.convictions.add({ matterId, conviction: convictionInput({ caseNumber }) })).id;
      const soon = [await add('16CR01234')];
      const later = [await add('18CR07777')];
      const soonPetition = await attorney.petitions.create(petitionInput(matterId, soon));
      await attorney.petitions.update(
        filedPetition(soonPetition.id, 1, soon, {
          status: 'hearing_set',
          servedOn: '2026-11-20',
          hearingOn: '2026-12-10',
          ruleByOn: '2027-02-01',
        }),
      );
      const laterPetition = await attorney.petitions.create(petitionInput(matterId, later));
      await attorney.petitions.update(filedPetition(laterPetition.id, 1, later, { ruleByOn: '2026-12-28' }));
      const otherMatter = await openMatter(api, 'bayLegal.intake', { on: '2026-10-01' });
      await (await api.signedIn('bayLegal.intake')).documents.request({
        matterId: otherMatter,
        kind: 'photo_id',
        requestedFrom: 'client',
        requestedOn: '2026-11-01',
        dueOn: '2026-11-02',
      });

      const added = (await calendarOf('alameda.intake')).filter(
        (d) => !before.some((b) => JSON.stringify(b) === JSON.stringify(d)),
      );
      // Intake staff see that a hearing is set and when, not the court case (criminal history).
      expect(added).toEqual([
        ['2026-11-20', 'document_due', true, 'Photo ID due'],
        ['2026-12-10', 'hearing', false, 'Court hearing'],
        ['2026-12-28', 'rule_by', false, 'Court to rule by'],
      ]);
      const attorneySees = await calendarOf('alameda.attorney');
      expect(attorneySees).toContainEqual(['2026-12-10', 'hearing', false, 'Hearing, case 16CR01234']);
      expect(attorneySees).toContainEqual([
        '2026-12-28',
        'rule_by',
        false,
        'Court to rule by, case 18CR07777',
      ]);
      const matter = await intake.matters.get({ matterId });
      expect(matter.deadlines.map((d) => d.kind)).toEqual(['document_due', 'hearing', 'rule_by']);
      expect(await calendarOf('bayLegal.intake')).toEqual([
        ['2026-11-02', 'document_due', true, 'Photo ID due'],
      ]);
    });
  });
});
