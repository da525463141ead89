// Moves whose checks read criminal history (concluding "Not eligible" on the matter's decisions;
// "Awaiting decision" on its petitions) need the RAP sheet permission: a supervisor or attorney
// without it is refused as for any criminal-history action, before a fact is read, so the refusal
// names no decision and no count, and the matter does not move. With the permission, the fact-based
// refusals and the move are as before. The same for the bulk move from a queue, row by row.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, referralInput } from '../../testing.ts';
import { arrestInput, convictionInput, decisionInput, openMatter, refusal } from '../lifecycle-fixtures.ts';

const RAP_REFUSAL = /^RAP sheets and criminal history need their own permission\./;
/** What the fact-based refusals say: decisions, arrests, convictions, petitions and their counts. */
const TELLS = /eligib|arrest|conviction|petition|decided|decision|more information|\d/i;

describe.each(testDialects())(
  'stage moves that read criminal history, without the permission (%s)',
  (dialect) => {
    let api: ApiHarness;
    beforeAll(async () => {
      api = await createApiHarness(dialect);
      for (const who of ['alameda.supervisor', 'alameda.admin'] as const)
        await api.database.db
          .updateTable('users')
          .set({ can_view_rap_sheets: 0 })
          .where('id', '=', api.userIds[who])
          .execute();
    });
    afterAll(async () => api.destroy());

    const attorney = () => api.signedIn('alameda.attorney');

    /** A matter in eligibility review: one conviction decided eligible, two arrests undecided, or neither. */
    async function inReview(kind: 'eligible' | 'arrests' | 'none') {
      const matterId = await openMatter(api);
      const caller = await attorney();
      if (kind === 'eligible') {
        const conviction = await caller.convictions.add({ matterId, conviction: convictionInput() });
        await caller.decisions.record(
          decisionInput(conviction.id, { determination: 'eligible_discretionary' }),
        );
      } else if (kind === 'arrests') {
        for (const section of ['459', '484(a)'])
          await caller.arrests.add({ matterId, arrest: arrestInput({ section }) });
      }
      let { version } = await caller.matters.get({ matterId });
      for (const to of ['gathering_records', 'eligibility_review'] as const)
        ({ version } = await caller.matters.moveStage({ matterId, version, to }));
      return { matterId, version };
    }

    const stageOf = async (matterId: string) =>
      api.database.db
        .selectFrom('matters')
        .select(['stage', 'version'])
        .where('id', '=', matterId)
        .executeTakeFirstOrThrow();

    it('a supervisor without the permission is refused "Not eligible" without being told why, single and bulk', async () => {
      const eligible = await inReview('eligible');
      const arrests = await inReview('arrests');
      const supervisor = await api.signedIn('alameda.supervisor');
      for (const { matterId, version } of [eligible, arrests]) {
        const refused = await refusal(
          supervisor.matters.moveStage({ matterId, version, to: 'not_eligible' }),
        );
        expect(refused.code).toBe('FORBIDDEN');
        expect(refused.message).toMatch(RAP_REFUSAL);
        expect(refused.message.replace(RAP_REFUSAL, '')).not.toMatch(TELLS);
        expect(await stageOf(matterId)).toEqual({ stage: 'eligibility_review', version });
      }
      const bulk = await supervisor.queues.bulkMoveStage({
        matters: [eligible, arrests].map((m) => ({ id: m.matterId, version: m.version })),
        to: 'not_eligible',
      });
      expect(bulk.applied).toBe(false);
      expect(bulk.rows).toHaveLength(2);
      for (const row of bulk.rows) {
        expect(row.ok).toBe(false);
        expect(row.message).toMatch(RAP_REFUSAL);
        expect(row.message.replace(RAP_REFUSAL, '')).not.toMatch(TELLS);
      }
      for (const { matterId, version } of [eligible, arrests])
        expect(await stageOf(matterId)).toEqual({ stage: 'eligibility_review', version });
      // Refused as a criminal-history action is: on record as denied, under the decision it would be.
      const denied = await api.database.db
        .selectFrom('audit_log')
        .select(['action', 'entity_type'])
        .where('actor_id', '=', api.userIds['alameda.supervisor'])
        .where('outcome', '=', 'denied')
        .where('entity_type', '=', 'rap_sheet_data')
        .execute();
      expect(denied.map((d) => d.action)).toEqual([
        'decisions.record',
        'decisions.record',
        'decisions.record',
      ]);
    });

    it('with the permission, the fact-based refusals and the move are as before', async () => {
      const eligible = await inReview('eligible');
      const arrests = await inReview('arrests');
      const caller = await attorney();
      expect(
        (await refusal(caller.matters.moveStage({ ...eligible, to: 'not_eligible' }))).message,
      ).toContain('A conviction or arrest is decided eligible');
      expect((await refusal(caller.matters.moveStage({ ...arrests, to: 'not_eligible' }))).message).toBe(
        '2 arrests have no relief decision yet: decide every arrest before concluding that the matter is not eligible.',
      );
      const bulk = await caller.queues.bulkMoveStage({
        matters: [eligible, arrests].map((m) => ({ id: m.matterId, version: m.version })),
        to: 'not_eligible',
      });
      expect(bulk.applied).toBe(false);
      expect(bulk.rows.map((r) => r.message)).toEqual([
        expect.stringContaining('A conviction or arrest is decided eligible'),
        expect.stringContaining('2 arrests have no relief decision yet'),
      ]);
      // A matter with nothing to clear concludes, single and bulk.
      const empty = [await inReview('none'), await inReview('none')];
      const [first, second] = empty;
      if (!first || !second) throw new Error('two matters');
      await caller.matters.moveStage({ ...first, to: 'not_eligible' });
      expect((await stageOf(first.matterId)).stage).toBe('not_eligible');
      const moved = await caller.queues.bulkMoveStage({
        matters: [{ id: second.matterId, version: second.version }],
        to: 'not_eligible',
      });
      expect(moved.applied).toBe(true);
      expect((await stageOf(second.matterId)).stage).toBe('not_eligible');
    });

    it('the note written with a move that rests on the record is withheld on the timeline', async () => {
      const why = 'Both convictions were prison priors under PC 667.5(b).';
      const { matterId, version } = await inReview('none');
      const caller = await attorney();
      await caller.matters.moveStage({ matterId, version, to: 'not_eligible', note: why });
      const moveOf = async (who: 'alameda.attorney' | 'alameda.supervisor' | 'alameda.intake') => {
        const { timeline } = await (await api.signedIn(who)).matters.get({ matterId });
        const move = timeline.find(
          (e) => e.kind === 'stage_changed' && e.summary.includes('to Not eligible'),
        );
        if (!move) throw new Error('no move to Not eligible on the timeline');
        return move;
      };
      expect(await moveOf('alameda.attorney')).toMatchObject({
        summary: 'Moved from Eligibility review to Not eligible.',
        recordNote: why,
      });
      for (const who of ['alameda.supervisor', 'alameda.intake'] as const) {
        const move = await moveOf(who);
        expect(move).toMatchObject({ summary: 'Moved from Eligibility review to Not eligible.' });
        expect(move.recordNote).toMatch(/^Withheld/);
        expect(JSON.stringify(move)).not.toContain('667.5');
      }
      // Out of "Not eligible" again: the note is about the record too.
      const reopened = 'Reopened: the PC 667.5(b) prior was struck.';
      const { version: concluded } = await caller.matters.get({ matterId });
      await caller.matters.moveStage({
        matterId,
        version: concluded,
        to: 'eligibility_review',
        note: reopened,
      });
      const back = (await (await api.signedIn('alameda.supervisor')).matters.get({ matterId })).timeline.find(
        (e) => e.summary === 'Moved from Not eligible to Eligibility review.',
      );
      expect(back?.recordNote).toMatch(/^Withheld/);
      expect(
        (await caller.matters.get({ matterId })).timeline.find((e) => e.recordNote === reopened),
      ).toBeDefined();
      // A move that reads no record keeps its note in the summary, for everyone.
      const other = await inReview('none');
      await caller.matters.moveStage({ ...other, to: 'gathering_records', note: 'Waiting on the docket.' });
      const { timeline } = await (await api.signedIn('alameda.supervisor')).matters.get({
        matterId: other.matterId,
      });
      expect(timeline).toContainEqual(
        expect.objectContaining({
          summary: 'Moved from Eligibility review to Gathering records. Waiting on the docket.',
          recordNote: null,
        }),
      );
    });

    it('a note marked as about the record is withheld on the timeline; one not marked is not', async () => {
      const matterId = await openMatter(api);
      const told = 'She says the 2011 PC 11350 case was reduced under Prop 47 in 2016.';
      // Intake writes it (it learned it on the phone), and may not read it back.
      const intake = await api.signedIn('alameda.intake');
      await intake.matters.addNote({ matterId, text: told, aboutRecord: true });
      await intake.matters.addNote({ matterId, text: 'Prefers calls after 5 pm.' });
      const notesOf = async (who: 'alameda.attorney' | 'alameda.supervisor' | 'alameda.intake') =>
        (await (await api.signedIn(who)).matters.get({ matterId })).timeline.filter((e) => e.kind === 'note');
      expect(await notesOf('alameda.attorney')).toEqual([
        expect.objectContaining({ summary: 'Prefers calls after 5 pm.', recordNote: null }),
        expect.objectContaining({ summary: 'Note about the criminal record.', recordNote: told }),
      ]);
      for (const who of ['alameda.supervisor', 'alameda.intake'] as const) {
        const notes = await notesOf(who);
        expect(notes.map((n) => n.summary)).toEqual([
          'Prefers calls after 5 pm.',
          'Note about the criminal record.',
        ]);
        expect(notes[1]?.recordNote).toMatch(/^Withheld/);
        expect(JSON.stringify(notes)).not.toContain('11350');
      }
      // On the audit log as a note about the record, without its words.
      const rows = await api.database.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'matters.addNote')
        .where('entity_id', '=', matterId)
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => JSON.parse(r.detail))).toEqual([{ aboutRecord: true }, {}]);
      expect(JSON.stringify(rows)).not.toContain('11350');
    });

    it('a call summary, and a note on any move, marked as about the record are withheld the same way', async () => {
      const matterId = await openMatter(api);
      const intake = await api.signedIn('alameda.intake');
      const told = 'He says the 2009 case in Oakland was a felony.';
      await intake.matters.logCall({
        matterId,
        direction: 'incoming',
        result: 'spoke',
        summary: told,
        aboutRecord: true,
      });
      await intake.matters.logCall({
        matterId,
        direction: 'outgoing',
        result: 'voicemail',
        summary: 'Left a message.',
      });
      // A move that reads no record, with a note about the record marked so.
      const movedNote = 'RAP sheet shows a 2012 PC 459 arrest with no disposition.';
      const { version } = await intake.matters.get({ matterId });
      await intake.matters.moveStage({
        matterId,
        version,
        to: 'gathering_records',
        note: movedNote,
        noteAboutRecord: true,
      });
      const eventsOf = async (who: 'alameda.attorney' | 'alameda.supervisor' | 'alameda.intake') =>
        (await (await api.signedIn(who)).matters.get({ matterId })).timeline.filter(
          (e) => e.kind === 'phone_call' || e.kind === 'stage_changed',
        );
      expect(await eventsOf('alameda.attorney')).toEqual([
        expect.objectContaining({
          summary: 'Moved from Referral received to Gathering records.',
          recordNote: movedNote,
        }),
        expect.objectContaining({
          summary: 'Called the client: left a voicemail. Left a message.',
          recordNote: null,
        }),
        expect.objectContaining({
          summary: 'The client called: spoke with the client. Note about the criminal record.',
          recordNote: told,
        }),
      ]);
      for (const who of ['alameda.supervisor', 'alameda.intake'] as const) {
        const events = await eventsOf(who);
        expect(events.map((e) => e.recordNote === null)).toEqual([false, true, false]);
        for (const e of events) if (e.recordNote !== null) expect(e.recordNote).toMatch(/^Withheld/);
        expect(JSON.stringify(events)).not.toContain('2009');
        expect(JSON.stringify(events)).not.toContain('459');
      }
    });

    it('a referral’s note marked as about the record is withheld on the matter page; one not marked is not', async () => {
      const intake = await api.signedIn('alameda.intake');
      const told = 'Says the 2009 Oakland case (PC 11377) was a felony, later reduced.';
      const marked = await intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName: 'Marked Note Person',
            otherNames: [],
            dateOfBirth: '1961-06-06',
            email: 'marked@example.org',
            phone: '(510) 555-0161',
          },
          counties: ['Alameda'],
          note: told,
          noteAboutRecord: true,
        }),
      );
      const matterId = marked.matters[0]?.id ?? '';
      expect(await (await attorney()).matters.get({ matterId })).toMatchObject({
        referralNote: '',
        referralRecordNote: told,
      });
      for (const who of ['alameda.supervisor', 'alameda.intake'] as const) {
        const page = await (await api.signedIn(who)).matters.get({ matterId });
        expect(page.referralNote).toBe('');
        expect(page.referralRecordNote).toMatch(/^Withheld/);
        expect(JSON.stringify(page)).not.toContain('11377');
      }
      // Not marked: for all the office's staff, as before.
      const plain = await intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName: 'Plain Note Person',
            otherNames: [],
            dateOfBirth: '1962-07-07',
            email: 'plain@example.org',
            phone: '(510) 555-0162',
          },
          counties: ['Alameda'],
          note: 'Prefers calls after 5 pm.',
        }),
      );
      expect(
        await (await api.signedIn('alameda.intake')).matters.get({ matterId: plain.matters[0]?.id ?? '' }),
      ).toMatchObject({
        referralNote: 'Prefers calls after 5 pm.',
        referralRecordNote: null,
      });
    });

    it('a status given by phone with a note marked as about the record: the note is withheld in messages and on the timeline', async () => {
      const matterId = await openMatter(api);
      const intake = await api.signedIn('alameda.intake');
      const told = 'Told her the 2011 PC 666 case needs its court file first.';
      await intake.messages.logStatus({
        choice: { matterId, statusType: 'in_review' },
        note: told,
        noteAboutRecord: true,
      });
      await intake.messages.logStatus({
        choice: { matterId, statusType: 'in_review' },
        note: 'Called back after 5 pm as she asked.',
      });
      const seen = async (who: 'alameda.attorney' | 'alameda.supervisor' | 'alameda.intake') => {
        const caller = await api.signedIn(who);
        const messages = await caller.messages.forMatter({ matterId });
        const timeline = (await caller.matters.get({ matterId })).timeline.filter(
          (e) => e.kind === 'status_logged',
        );
        return { messages, timeline };
      };
      const withPermission = await seen('alameda.attorney');
      expect(withPermission.messages).toEqual([
        expect.objectContaining({ body: 'Called back after 5 pm as she asked.', recordNote: null }),
        expect.objectContaining({ body: '', recordNote: told }),
      ]);
      expect(withPermission.timeline).toEqual([
        expect.objectContaining({
          summary:
            'Status “In review” given to the client without a message. Called back after 5 pm as she asked.',
          recordNote: null,
        }),
        expect.objectContaining({
          summary:
            'Status “In review” given to the client without a message. Note about the criminal record.',
          recordNote: told,
        }),
      ]);
      for (const who of ['alameda.supervisor', 'alameda.intake'] as const) {
        const { messages, timeline } = await seen(who);
        expect(messages.map((m) => m.recordNote === null)).toEqual([true, false]);
        expect(timeline.map((e) => e.recordNote === null)).toEqual([true, false]);
        for (const withheld of [messages[1]?.recordNote, timeline[1]?.recordNote])
          expect(withheld).toMatch(/^Withheld/);
        expect(JSON.stringify({ messages, timeline })).not.toContain('666');
        // The unmarked note stays for all the office's staff.
        expect(messages[0]?.body).toBe('Called back after 5 pm as she asked.');
      }
      // Writing the note about the record is on record as criminal history shown (the disclosure
      // report reads it); the other is not.
      const logged = await api.database.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'messages.logStatus')
        .where('entity_id', '=', matterId)
        .orderBy('id')
        .execute();
      expect(logged.map((r) => JSON.parse(r.detail).criminalHistoryShown)).toEqual([true, false]);
    });

    it('a referral’s note can be marked as about the record after it arrived; only staff who can read it take the mark off', async () => {
      const intake = await api.signedIn('alameda.intake');
      // As an online application's or a partner's note arrives: nobody has marked it.
      const told = 'Applicant wrote: the 2013 case (PC 273.5) was dismissed, I think.';
      const recorded = await intake.referrals.record(
        referralInput({
          client: {
            ...referralInput().client,
            legalName: 'Later Marked Person',
            otherNames: [],
            dateOfBirth: '1963-08-08',
            email: 'later@example.org',
            phone: '(510) 555-0163',
          },
          // Two counties: two matters, each with the referral's note (the second referred out).
          counties: ['Alameda', 'San Francisco'],
          note: told,
        }),
      );
      const [matterId = '', otherId = ''] = recorded.matters.map((m) => m.id);
      const pageOf = async (
        who: 'alameda.attorney' | 'alameda.supervisor' | 'alameda.intake',
        id: string = matterId,
      ) => (await api.signedIn(who)).matters.get({ matterId: id });
      let { version } = await pageOf('alameda.intake');
      // Intake, who may not read such notes back, marks it on one matter: from then on it is withheld
      // from them on both.
      ({ version } = await intake.matters.markReferralNote({ matterId, version, aboutRecord: true }));
      for (const who of ['alameda.supervisor', 'alameda.intake'] as const)
        for (const id of [matterId, otherId]) {
          const page = await pageOf(who, id);
          expect(page).toMatchObject({ referralNote: '' });
          expect(page.referralRecordNote).toMatch(/^Withheld/);
          expect(JSON.stringify(page)).not.toContain('273.5');
        }
      for (const id of [matterId, otherId])
        expect(await pageOf('alameda.attorney', id)).toMatchObject({
          referralNote: '',
          referralRecordNote: told,
        });
      // Taking the mark off would show it to everyone: refused to those who cannot read it, nothing changed.
      await expect(
        intake.matters.markReferralNote({ matterId, version, aboutRecord: false }),
      ).rejects.toMatchObject({
        appCode: 'FORBIDDEN',
        message: expect.stringMatching(/^Only staff with the RAP sheet permission, who can read the note/),
      });
      expect((await pageOf('alameda.attorney')).version).toBe(version);
      // A page drawn before the mark is refused, not applied over it.
      await expect(
        (await attorney()).matters.markReferralNote({ matterId, version: version - 1, aboutRecord: false }),
      ).rejects.toMatchObject({ appCode: 'VERSION_CONFLICT' });
      await (await attorney()).matters.markReferralNote({ matterId, version, aboutRecord: false });
      for (const id of [matterId, otherId])
        expect(await pageOf('alameda.intake', id)).toMatchObject({
          referralNote: told,
          referralRecordNote: null,
        });
      // The timeline says what happened to the mark, and nothing of the note.
      const timeline = (await pageOf('alameda.intake')).timeline.map((e) => e.summary);
      expect(timeline.slice(0, 2)).toEqual([
        'The referral’s note was marked as not about the criminal record.',
        'The referral’s note was marked as about the criminal record.',
      ]);
      const rows = await api.database.db
        .selectFrom('audit_log')
        .select(['actor_id', 'outcome', 'detail'])
        .where('action', '=', 'matters.markReferralNote')
        .where('entity_id', '=', matterId)
        .orderBy('id')
        .execute();
      const both = [matterId, otherId];
      expect(rows.map((r) => [r.actor_id, r.outcome, JSON.parse(r.detail)])).toEqual([
        [api.userIds['alameda.intake'], 'ok', { aboutRecord: true, matterIds: both }],
        [api.userIds['alameda.intake'], 'denied', {}],
        [api.userIds['alameda.attorney'], 'denied', { reason: 'version_conflict' }],
        [api.userIds['alameda.attorney'], 'ok', { aboutRecord: false, matterIds: both }],
      ]);
    });

    it('moves that read petitions are refused the same way: no count, no "file a petition first"', async () => {
      const matterId = await openMatter(api);
      const caller = await attorney();
      let { version } = await caller.matters.get({ matterId });
      for (const to of ['gathering_records', 'eligibility_review', 'petitions_to_file'] as const)
        ({ version } = await caller.matters.moveStage({ matterId, version, to }));
      for (const who of ['alameda.supervisor', 'alameda.admin'] as const) {
        const staff = await api.signedIn(who);
        const refused = await refusal(
          staff.matters.moveStage({ matterId, version, to: 'awaiting_decision' }),
        );
        expect(refused.code).toBe('FORBIDDEN');
        expect(refused.message).toMatch(RAP_REFUSAL);
        const bulk = await staff.queues.bulkMoveStage({
          matters: [{ id: matterId, version }],
          to: 'awaiting_decision',
        });
        expect(bulk.rows.map((r) => r.message)).toEqual([expect.stringMatching(RAP_REFUSAL)]);
      }
      expect(await stageOf(matterId)).toEqual({ stage: 'petitions_to_file', version });
      // With the permission, the fact-based refusal as before.
      expect(
        (await refusal(caller.matters.moveStage({ matterId, version, to: 'awaiting_decision' }))).message,
      ).toContain('Record at least one filed petition');
      // The matter page offers them only the moves they may make; the attorney every one.
      for (const who of ['alameda.supervisor', 'alameda.admin'] as const)
        expect((await (await api.signedIn(who)).matters.get({ matterId })).allowedMoves).not.toContain(
          'awaiting_decision',
        );
      expect((await caller.matters.get({ matterId })).allowedMoves).toContain('awaiting_decision');
      // Moves that read no criminal history are theirs as before.
      const supervisor = await api.signedIn('alameda.supervisor');
      await supervisor.matters.moveStage({ matterId, version, to: 'eligibility_review' });
    });
  },
);
