// Notes and logged phone calls: both land on the timeline with who wrote them and when. A referral's
// note, and the note of any timeline entry staff wrote, can be marked as about the criminal record
// after it was written.
import { inTransaction, type OfficeTx, type Tx } from '@relief-desk/db';
import {
  type addNoteInputSchema,
  californiaDateTime,
  callReachedClient,
  hasNoteEntry,
  type logCallInputSchema,
  type markReferralNoteInputSchema,
  type markTimelineNoteInputSchema,
  NOTE_ENTRY_NAMES,
  rapSheetPermissionFrom,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput } from '../../errors.ts';
import { dataOf, entryMarked, entryNoteOf } from '../../matter-core/entry-notes.ts';
import {
  type Actor,
  callSentence,
  type MatterRef,
  RECORD_NOTE_SUMMARY,
  recordEvent,
} from '../../matter-core/events.ts';
import { recordClientContact } from '../../matter-core/queueFacts.ts';
import { requireMatter, saveMatter } from '../../matter-core/requireMatter.ts';

/**
 * A note on the matter's timeline. One about the record is criminal history: its text is kept apart,
 * as a move's note on the record is (events.ts), and the timeline's sentence says only that one was
 * added. For one matter here, and for many from a queue (bulk.ts).
 */
export function recordNote(
  tx: Tx,
  ctx: Actor,
  matter: MatterRef,
  note: { text: string; aboutRecord: boolean },
  // The same for every matter a note from a queue was added to, so that a mark reaches them all.
  bulkId?: string,
): Promise<void> {
  const data = bulkId ? { bulkId } : {};
  return note.aboutRecord
    ? recordEvent(tx, ctx, matter, 'note', RECORD_NOTE_SUMMARY, { ...data, note: note.text })
    : recordEvent(tx, ctx, matter, 'note', note.text, data);
}

/**
 * The matter whose note is marked, as the page that asks saw it. Unmarked, a note is shown to every one
 * of the office's staff: only someone who may read it decides it tells nothing of the record.
 */
async function matterToMark(
  tx: OfficeTx,
  ctx: OfficeContext,
  input: { matterId: string; version: number; aboutRecord: boolean },
) {
  const matter = await requireMatter(tx, input.matterId);
  // Refused before the version is looked at: a refusal is on record whatever page it came from.
  if (!input.aboutRecord && !ctx.user.canViewRapSheets)
    throw new AppError(
      'FORBIDDEN',
      `Only staff with the RAP sheet permission, who can read the note, can take this mark off. ${rapSheetPermissionFrom(ctx.user.role)}`,
      { audit: { entityType: 'matter', entityId: matter.id, outcome: 'denied' } },
    );
  if (matter.version !== input.version) throw await versionConflict(tx, 'this matter', matter);
  return matter;
}

/** Marks the referral's note as about the criminal record, or takes the mark off (markReferralNoteInputSchema). */
export async function markReferralNote(
  ctx: OfficeContext,
  input: z.output<typeof markReferralNoteInputSchema>,
) {
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await matterToMark(tx, ctx, input);
    if (matter.referral_note === '')
      throw badInput('matterId', 'This matter’s referral has no note to mark.');
    const mark = input.aboutRecord ? 1 : 0;
    // The referral's other matters (one per county, recorded together with the same note) hold the
    // same note: marked on one, it is marked on all, or it would still show on the others' pages.
    const others = await tx
      .selectFrom('matters')
      .select(['id', 'version', 'office_id'])
      .where('client_id', '=', matter.client_id)
      .where('created_at', '=', matter.created_at)
      .where('referral_note', '=', matter.referral_note)
      .where('id', '!=', matter.id)
      .where('referral_note_about_record', '!=', mark)
      .orderBy('id')
      .execute();
    if (matter.referral_note_about_record === mark && others.length === 0) return { version: matter.version };
    const at = ctx.clock.now().toISOString();
    const summary = input.aboutRecord
      ? 'The referral’s note was marked as about the criminal record.'
      : 'The referral’s note was marked as not about the criminal record.';
    let version = matter.version;
    // This matter only when its mark changes (one marked before on its own page keeps its version).
    const changed = matter.referral_note_about_record === mark ? others : [matter, ...others];
    for (const each of changed) {
      const saved = await saveMatter(tx, ctx, each, { referral_note_about_record: mark }, at);
      if (each.id === matter.id) version = saved;
      await recordEvent(tx, ctx, { id: each.id, officeId: each.office_id }, 'note_marked', summary);
    }
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: matter.id,
      detail: {
        aboutRecord: input.aboutRecord,
        ...(others.length > 0 ? { matterIds: changed.map((m) => m.id) } : {}),
      },
    });
    return { version };
  });
}

/**
 * Marks the note staff wrote on a timeline entry as about the criminal record after it was written, or
 * takes the mark off (markTimelineNoteInputSchema): the entry's note moves out of its sentence into its
 * data, as if the box had been ticked when it was written, or back. A logged status's note is marked on
 * its message too, which the messages list reads. A note added to matters selected in a queue is one
 * note on each: marked on one, it is marked on all, or it would still show on the others' pages.
 */
export async function markTimelineNote(
  ctx: OfficeContext,
  input: z.output<typeof markTimelineNoteInputSchema>,
) {
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await matterToMark(tx, ctx, input);
    const entry = await tx
      .selectFrom('matter_events')
      .select(ENTRY_COLUMNS)
      .where('id', '=', input.eventId)
      .where('matter_id', '=', matter.id)
      .executeTakeFirst();
    if (!entry) throw badInput('eventId', 'This matter’s timeline has no such entry: reload the page.');
    const note = entryNoteOf(entry);
    if (note === null) throw badInput('eventId', 'This timeline entry has no note written by staff to mark.');
    if (note.alwaysApart && !input.aboutRecord)
      throw badInput(
        'aboutRecord',
        'The note of a move into or out of a stage the criminal record decides is always about the record: it stays withheld from staff without the RAP sheet permission.',
      );
    // Each entry whose mark changes: this one, and a queue note's copies on other matters.
    const changed = [{ entry, note }, ...(await bulkNoteCopies(tx, entry))].filter(
      (each) => each.note.marked !== input.aboutRecord,
    );
    if (changed.length === 0) return { version: matter.version };

    const at = ctx.clock.now().toISOString();
    let version = matter.version;
    for (const { entry: each, note: eachNote } of changed) {
      const owner = each.matter_id === matter.id ? matter : await requireMatter(tx, each.matter_id);
      await tx
        .updateTable('matter_events')
        .set(entryMarked(each, eachNote, input.aboutRecord))
        .where('id', '=', each.id)
        .execute();
      const messageId = each.kind === 'status_logged' ? messageOf(each.data) : null;
      if (messageId !== null)
        await tx
          .updateTable('messages')
          .set({ note_about_record: input.aboutRecord ? 1 : 0 })
          .where('id', '=', messageId)
          .where('matter_id', '=', owner.id)
          .execute();
      const saved = await saveMatter(tx, ctx, owner, {}, at);
      if (owner.id === matter.id) version = saved;
      const name = hasNoteEntry(each.kind) ? NOTE_ENTRY_NAMES[each.kind] : 'the note';
      const what = `${name.charAt(0).toUpperCase()}${name.slice(1)} of ${californiaDateTime(each.occurred_at)}`;
      await recordEvent(
        tx,
        ctx,
        { id: owner.id, officeId: owner.office_id },
        'note_marked',
        input.aboutRecord
          ? `${what} was marked as about the criminal record.`
          : `${what} was marked as not about the criminal record.`,
        { eventId: each.id },
      );
    }
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: matter.id,
      detail: {
        eventId: entry.id,
        aboutRecord: input.aboutRecord,
        ...(changed.some((c) => c.entry !== entry)
          ? { matterIds: changed.map((c) => c.entry.matter_id) }
          : {}),
      },
    });
    return { version };
  });
}

const ENTRY_COLUMNS = [
  'id',
  'matter_id',
  'kind',
  'summary',
  'data',
  'from_stage',
  'to_stage',
  'actor_id',
  'occurred_at',
] as const;

/**
 * The other matters' copies of a note added to matters selected in a queue (bulkAddNote): the same
 * bulk id, written by the same person in the same transaction, read by the person's own index of
 * entries by time.
 */
async function bulkNoteCopies(
  tx: Tx,
  entry: { id: string; kind: string; data: string; actor_id: string | null; occurred_at: string },
) {
  const bulkId = dataOf(entry.data)?.bulkId;
  if (entry.kind !== 'note' || typeof bulkId !== 'string' || entry.actor_id === null) return [];
  const written = Date.parse(entry.occurred_at);
  const rows = await tx
    .selectFrom('matter_events')
    .select(ENTRY_COLUMNS)
    .where('actor_id', '=', entry.actor_id)
    .where('occurred_at', '>=', new Date(written - BULK_NOTE_WINDOW_MS).toISOString())
    .where('occurred_at', '<=', new Date(written + BULK_NOTE_WINDOW_MS).toISOString())
    .where('kind', '=', 'note')
    .where('id', '!=', entry.id)
    .orderBy('matter_id')
    .execute();
  return rows.flatMap((row) => {
    const note = dataOf(row.data)?.bulkId === bulkId ? entryNoteOf(row) : null;
    return note ? [{ entry: row, note }] : [];
  });
}

/** A bulk note's copies are written in one transaction: a minute either side holds them all. */
const BULK_NOTE_WINDOW_MS = 60_000;

/** The message a logged status's entry names. */
function messageOf(data: string): string | null {
  const messageId = dataOf(data)?.messageId;
  return typeof messageId === 'string' ? messageId : null;
}

export async function addNote(ctx: OfficeContext, input: z.output<typeof addNoteInputSchema>) {
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, input.matterId);
    await recordNote(tx, ctx, { id: matter.id, officeId: matter.office_id }, input);
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: matter.id,
      ...(input.aboutRecord ? { detail: { aboutRecord: true } } : {}),
    });
    return { ok: true };
  });
}

export async function logCall(ctx: OfficeContext, input: z.output<typeof logCallInputSchema>) {
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, input.matterId);
    const how = callSentence(input.direction, input.result);
    // A summary about the record is kept apart, as a note about it is.
    const apart = input.aboutRecord && input.summary !== '';
    const summary = apart
      ? `${how} ${RECORD_NOTE_SUMMARY}`
      : `${how}${input.summary ? ` ${input.summary}` : ''}`;
    await recordEvent(tx, ctx, { id: matter.id, officeId: matter.office_id }, 'phone_call', summary, {
      direction: input.direction,
      result: input.result,
      ...(apart ? { note: input.summary } : {}),
    });
    if (callReachedClient(input.result)) await recordClientContact(tx, matter.id, ctx.clock.now());
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: matter.id,
      ...(apart ? { detail: { aboutRecord: true } } : {}),
    });
    return { ok: true };
  });
}
