// A note staff wrote on the timeline without ticking "About the criminal record" can be marked so
// afterwards (matters.markTimelineNote): from then on it is withheld from staff without the RAP sheet
// permission, exactly as if the box had been ticked, on the timeline and (for a logged status) in the
// messages list. Only staff with the permission, who can read it, take a mark off, which gives back
// the entry as written unmarked. Every kind of entry that carries a note (NOTE_ENTRY_NAMES) is
// walked, each written unmarked and written marked.
import { testDialects } from '@relief-desk/db/testing';
import { ENTRIES_WITH_NOTES_LIST, type EntryWithNoteKind } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { openMatter, refusal } from '../lifecycle-fixtures.ts';

type Caller = Awaited<ReturnType<ApiHarness['signedIn']>>;
/** Writes, as intake, one entry of the kind on the matter, with this note, marked or not. */
type Writer = (intake: Caller, matterId: string, note: string, aboutRecord: boolean) => Promise<unknown>;

// Typed by the list: a kind added to NOTE_ENTRY_NAMES without a writer here does not compile.
const WRITERS: Record<EntryWithNoteKind, Writer> = {
  note: (intake, matterId, text, aboutRecord) => intake.matters.addNote({ matterId, text, aboutRecord }),
  phone_call: (intake, matterId, summary, aboutRecord) =>
    intake.matters.logCall({ matterId, direction: 'incoming', result: 'spoke', summary, aboutRecord }),
  stage_changed: async (intake, matterId, note, noteAboutRecord) => {
    const { version } = await intake.matters.get({ matterId });
    return intake.matters.moveStage({ matterId, version, to: 'gathering_records', note, noteAboutRecord });
  },
  status_logged: (intake, matterId, note, noteAboutRecord) =>
    intake.messages.logStatus({ choice: { matterId, statusType: 'in_review' }, note, noteAboutRecord }),
};

/** How the timeline names the entry whose note was marked. */
const MARKED_ENTRY: Record<EntryWithNoteKind, string> = {
  note: 'The note',
  phone_call: 'What was said on the call',
  stage_changed: 'The note on the move',
  status_logged: 'The note on the status given',
};

/** A note that tells of the record, different for each entry so one cannot pass for another. */
const told = (kind: string) => `She says the 2011 PC 666 case (${kind}) was reduced.`;

describe.each(testDialects())('marking a timeline entry’s note afterwards (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  const intake = () => api.signedIn('alameda.intake');
  const attorney = () => api.signedIn('alameda.attorney');

  /** The matter's only entry of the kind as this person reads it, and the matter's version. */
  async function entryAs(caller: Caller, matterId: string, kind: EntryWithNoteKind) {
    const page = await caller.matters.get({ matterId });
    const entries = page.timeline.filter((e) => e.kind === kind);
    expect(entries).toHaveLength(1);
    return { entry: entries[0] as (typeof entries)[number], version: page.version };
  }
  const storedEntry = (id: string) =>
    api.database.db
      .selectFrom('matter_events')
      .select(['summary', 'data'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it.each(ENTRIES_WITH_NOTES_LIST.map((kind) => [kind]))(
    '%s: marked afterwards reads as if marked when written; taking the mark off gives it back as written',
    async (kind) => {
      const writer = WRITERS[kind];
      const note = told(kind);
      // The same note written twice: unmarked on one matter, marked on another.
      const [plain, ticked] = [await openMatter(api), await openMatter(api)];
      await writer(await intake(), plain, note, false);
      await writer(await intake(), ticked, note, true);
      const asWritten = (await entryAs(await attorney(), plain, kind)).entry;
      expect(asWritten).toMatchObject({ recordNote: null, noteMark: 'mark' });
      expect(asWritten.summary).toContain(note);
      const writtenRow = await storedEntry(asWritten.id);
      const tickedAsWritten = (await entryAs(await attorney(), ticked, kind)).entry;
      expect(tickedAsWritten).toMatchObject({ recordNote: note, noteMark: 'unmark' });

      // Intake marks it: withheld from them (and from anyone without the permission), as if ticked.
      const seen = await entryAs(await intake(), plain, kind);
      const marked = await (await intake()).matters.markTimelineNote({
        matterId: plain,
        version: seen.version,
        eventId: seen.entry.id,
        aboutRecord: true,
      });
      expect(marked.version).toBe(seen.version + 1);
      const forIntake = (await entryAs(await intake(), plain, kind)).entry;
      expect(forIntake.summary).toBe(tickedAsWritten.summary);
      expect(forIntake.recordNote).toMatch(/^Withheld/);
      expect(JSON.stringify(await (await intake()).matters.get({ matterId: plain }))).not.toContain('666');
      expect((await entryAs(await attorney(), plain, kind)).entry).toMatchObject({
        summary: tickedAsWritten.summary,
        recordNote: note,
        noteMark: 'unmark',
      });
      if (kind === 'status_logged') {
        const messages = await (await intake()).messages.forMatter({ matterId: plain });
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatchObject({ body: '' });
        expect(messages[0]?.recordNote).toMatch(/^Withheld/);
        expect((await (await attorney()).messages.forMatter({ matterId: plain }))[0]).toMatchObject({
          body: '',
          recordNote: note,
        });
      }

      // Intake may not take it off (it would show the note to all): refused, on record, nothing changed,
      // even from a page drawn before the mark.
      const refused = await refusal(
        (await intake()).matters.markTimelineNote({
          matterId: plain,
          version: seen.version,
          eventId: seen.entry.id,
          aboutRecord: false,
        }),
      );
      expect(refused.code).toBe('FORBIDDEN');
      expect(refused.message).toMatch(/^Only staff with the RAP sheet permission, who can read the note/);

      // The attorney takes it off: the entry reads as written, byte for byte, in the database too.
      await (await attorney()).matters.markTimelineNote({
        matterId: plain,
        version: marked.version,
        eventId: seen.entry.id,
        aboutRecord: false,
      });
      expect((await entryAs(await intake(), plain, kind)).entry).toMatchObject({
        summary: asWritten.summary,
        recordNote: null,
        noteMark: 'mark',
      });
      expect(await storedEntry(seen.entry.id)).toEqual(writtenRow);
      if (kind === 'status_logged')
        expect((await (await intake()).messages.forMatter({ matterId: plain }))[0]).toMatchObject({
          body: note,
          recordNote: null,
        });

      // The box ticked when it was written comes off the same way, and reads as the unmarked one.
      const tickedSeen = await entryAs(await attorney(), ticked, kind);
      await (await attorney()).matters.markTimelineNote({
        matterId: ticked,
        version: tickedSeen.version,
        eventId: tickedSeen.entry.id,
        aboutRecord: false,
      });
      expect((await entryAs(await intake(), ticked, kind)).entry).toMatchObject({
        summary: asWritten.summary,
        recordNote: null,
      });

      // The timeline says what was done to the mark (itself no note to mark), and so does the audit log.
      const marks = (await (await intake()).matters.get({ matterId: plain })).timeline.filter(
        (e) => e.kind === 'note_marked',
      );
      expect(marks.map((e) => [e.summary.replace(/ of .+ was/, ' of … was'), e.noteMark])).toEqual([
        [`${MARKED_ENTRY[kind]} of … was marked as not about the criminal record.`, null],
        [`${MARKED_ENTRY[kind]} of … was marked as about the criminal record.`, null],
      ]);
      const rows = await api.database.db
        .selectFrom('audit_log')
        .select(['actor_id', 'outcome', 'detail'])
        .where('action', '=', 'matters.markTimelineNote')
        .where('entity_id', '=', plain)
        .orderBy('id')
        .execute();
      expect(rows.map((r) => [r.actor_id, r.outcome, JSON.parse(r.detail)])).toEqual([
        [api.userIds['alameda.intake'], 'ok', { eventId: seen.entry.id, aboutRecord: true }],
        [api.userIds['alameda.intake'], 'denied', {}],
        [api.userIds['alameda.attorney'], 'ok', { eventId: seen.entry.id, aboutRecord: false }],
      ]);
    },
  );

  it('a note added to matters selected in a queue is marked on all of them from any one, and unmarked the same way', async () => {
    const selected = [await openMatter(api), await openMatter(api), await openMatter(api)];
    const alone = await openMatter(api);
    const note = 'Court clerk: the 2011 PC 666 file is archived offsite.';
    const pages = await Promise.all(
      selected.map(async (id) => (await intake()).matters.get({ matterId: id })),
    );
    await (await intake()).queues.bulkAddNote({
      matters: pages.map((p) => ({ id: p.id, version: p.version })),
      text: note,
    });
    // The same words on another matter, written on its own: not a copy of the queue's note.
    await (await intake()).matters.addNote({ matterId: alone, text: note });
    const [first = '', second = '', third = ''] = selected;
    const seen = await entryAs(await intake(), second, 'note');
    await (await intake()).matters.markTimelineNote({
      matterId: second,
      version: seen.version,
      eventId: seen.entry.id,
      aboutRecord: true,
    });
    for (const id of selected) {
      const { entry } = await entryAs(await intake(), id, 'note');
      expect(entry).toMatchObject({ summary: 'Note about the criminal record.', noteMark: 'unmark' });
      expect(entry.recordNote).toMatch(/^Withheld/);
      const marks = (await (await intake()).matters.get({ matterId: id })).timeline.filter(
        (e) => e.kind === 'note_marked',
      );
      expect(marks).toHaveLength(1);
    }
    expect((await entryAs(await intake(), alone, 'note')).entry).toMatchObject({
      summary: note,
      noteMark: 'mark',
    });
    const [row] = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'matters.markTimelineNote')
      .where('entity_id', '=', second)
      .execute();
    expect(JSON.parse(row?.detail ?? '{}')).toEqual({
      eventId: seen.entry.id,
      aboutRecord: true,
      matterIds: [second, ...[first, third].sort()],
    });
    // Taken off from another copy, by someone who can read it: off on all three.
    const again = await entryAs(await attorney(), third, 'note');
    await (await attorney()).matters.markTimelineNote({
      matterId: third,
      version: again.version,
      eventId: again.entry.id,
      aboutRecord: false,
    });
    for (const id of selected)
      expect((await entryAs(await intake(), id, 'note')).entry).toMatchObject({
        summary: note,
        recordNote: null,
      });
  });

  it('an entry with no note of staff, another matter’s entry and a stale page are refused, and nothing changes', async () => {
    const matterId = await openMatter(api);
    const other = await openMatter(api);
    await (await intake()).matters.addNote({ matterId: other, text: 'Prefers mornings.' });
    await (await intake()).matters.logCall({ matterId, direction: 'outgoing', result: 'no_answer' });
    const page = await (await intake()).matters.get({ matterId });
    const otherNote = (await (await intake()).matters.get({ matterId: other })).timeline.find(
      (e) => e.kind === 'note',
    );
    const received = page.timeline.find((e) => e.kind === 'referral_received');
    const call = page.timeline.find((e) => e.kind === 'phone_call');
    // What the desk wrote by itself carries nothing of staff to mark.
    expect([received?.noteMark, call?.noteMark]).toEqual([null, null]);
    const mark = async (eventId: string, version = page.version) =>
      refusal((await intake()).matters.markTimelineNote({ matterId, version, eventId, aboutRecord: true }));
    for (const entry of [received, call])
      expect(await mark(entry?.id ?? '')).toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('has no note written by staff to mark'),
      });
    expect(await mark(otherNote?.id ?? '')).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('no such entry'),
    });
    // A page drawn before someone moved the matter is stale.
    await (await intake()).matters.addNote({ matterId, text: 'Asked about the fee waiver.' });
    const moved = await (await intake()).matters.moveStage({
      matterId,
      version: page.version,
      to: 'gathering_records',
    });
    const note = (await (await intake()).matters.get({ matterId })).timeline.find((e) => e.kind === 'note');
    expect(await mark(note?.id ?? '', page.version)).toMatchObject({ appCode: 'VERSION_CONFLICT' });
    const after = await (await intake()).matters.get({ matterId });
    expect(after.version).toBe(moved.version);
    expect(after.timeline.find((e) => e.kind === 'note')).toMatchObject({
      recordNote: null,
      noteMark: 'mark',
    });
    expect(after.timeline.filter((e) => e.kind === 'note_marked')).toEqual([]);
  });

  it('the note of a move the record decides is kept apart whatever the mark: it cannot be shown to all', async () => {
    const matterId = await openMatter(api);
    const caller = await attorney();
    let { version } = await caller.matters.get({ matterId });
    for (const to of ['gathering_records', 'eligibility_review'] as const)
      ({ version } = await caller.matters.moveStage({ matterId, version, to }));
    ({ version } = await caller.matters.moveStage({
      matterId,
      version,
      to: 'not_eligible',
      note: 'Both priors were prison priors.',
    }));
    const move = (await caller.matters.get({ matterId })).timeline.find(
      (e) => e.kind === 'stage_changed' && e.recordNote !== null,
    );
    expect(move).toMatchObject({ recordNote: 'Both priors were prison priors.', noteMark: null });
    expect(
      await refusal(
        caller.matters.markTimelineNote({ matterId, version, eventId: move?.id ?? '', aboutRecord: false }),
      ),
    ).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('always about the record') });
    // Marking what is already kept apart changes nothing.
    expect(
      await caller.matters.markTimelineNote({
        matterId,
        version,
        eventId: move?.id ?? '',
        aboutRecord: true,
      }),
    ).toEqual({ version });
  });
});
