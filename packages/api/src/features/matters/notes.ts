// Notes and logged phone calls: both land on the timeline with who wrote them and when. A referral's
// note can be marked as about the criminal record after it arrived.
import { inTransaction, type Tx } from '@relief-desk/db';
import {
  type addNoteInputSchema,
  CALL_RESULT_LABELS,
  callReachedClient,
  type logCallInputSchema,
  type markReferralNoteInputSchema,
  rapSheetPermissionFrom,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput } from '../../errors.ts';
import { type Actor, type MatterRef, RECORD_NOTE_SUMMARY, recordEvent } from '../../matter-core/events.ts';
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
): Promise<void> {
  return note.aboutRecord
    ? recordEvent(tx, ctx, matter, 'note', RECORD_NOTE_SUMMARY, { note: note.text })
    : recordEvent(tx, ctx, matter, 'note', note.text);
}

/** Marks the referral's note as about the criminal record, or takes the mark off (markReferralNoteInputSchema). */
export async function markReferralNote(
  ctx: OfficeContext,
  input: z.output<typeof markReferralNoteInputSchema>,
) {
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, input.matterId);
    if (matter.version !== input.version) throw await versionConflict(tx, 'this matter', matter);
    // Unmarked, the note is shown to every one of the office's staff: only someone who may read it
    // decides it tells nothing of the record.
    if (!input.aboutRecord && !ctx.user.canViewRapSheets)
      throw new AppError(
        'FORBIDDEN',
        `Only staff with the RAP sheet permission, who can read the note, can take this mark off. ${rapSheetPermissionFrom(ctx.user.role)}`,
        { audit: { entityType: 'matter', entityId: matter.id, outcome: 'denied' } },
      );
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
      await recordEvent(tx, ctx, { id: each.id, officeId: each.office_id }, 'note', summary);
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
    const direction = input.direction === 'outgoing' ? 'Called the client' : 'The client called';
    const how = `${direction}: ${CALL_RESULT_LABELS[input.result].toLowerCase()}.`;
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
