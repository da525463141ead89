// Notes and logged phone calls: both land on the timeline with who wrote them and when.
import { inTransaction } from '@relief-desk/db';
import {
  type addNoteInputSchema,
  CALL_RESULT_LABELS,
  callReachedClient,
  type logCallInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { recordClientContact } from '../../matter-core/queueFacts.ts';
import { requireMatter } from '../../matter-core/requireMatter.ts';

/** The timeline's sentence for a note about the criminal record, whose text is withheld from some. */
const RECORD_NOTE_SUMMARY = 'Note about the criminal record.';

export async function addNote(ctx: OfficeContext, input: z.output<typeof addNoteInputSchema>) {
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, input.matterId);
    const on = { id: matter.id, officeId: matter.office_id };
    // A note about the record is criminal history: its text is kept apart, as a move's note on the
    // record is (events.ts), and the timeline's sentence says only that one was added.
    if (input.aboutRecord) await recordEvent(tx, ctx, on, 'note', RECORD_NOTE_SUMMARY, { note: input.text });
    else await recordEvent(tx, ctx, on, 'note', input.text);
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
    const summary = `${direction}: ${CALL_RESULT_LABELS[input.result].toLowerCase()}.${input.summary ? ` ${input.summary}` : ''}`;
    await recordEvent(tx, ctx, { id: matter.id, officeId: matter.office_id }, 'phone_call', summary, {
      direction: input.direction,
      result: input.result,
    });
    if (callReachedClient(input.result)) await recordClientContact(tx, matter.id, ctx.clock.now());
    await putOnRecord(tx, { entityType: 'matter', entityId: matter.id });
    return { ok: true };
  });
}
