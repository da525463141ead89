// Requesting a document for a matter, and changing where a request stands.
import { inTransaction, newId, type OfficeTx } from '@relief-desk/db';
import {
  addDays,
  californiaDate,
  DOCUMENT_KIND_LABELS,
  DOCUMENT_STATUS_LABELS,
  type DocumentKind,
  isCriminalHistoryKind,
  REQUESTED_FROM_LABELS,
  type RequestedFrom,
  readableDate,
  type requestDocumentInputSchema,
  type updateDocumentInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { requireSaved, versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { badInput, notFound } from '../../errors.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { lockMatterOf } from '../../matter-core/lockMatters.ts';
import { refreshQueueFacts } from '../../matter-core/queueFacts.ts';
import { requireMatter } from '../../matter-core/requireMatter.ts';
import { dueDaysFor } from './dueDays.ts';

/**
 * How the timeline and the calendar name a request. A signed order's label names its petition's remedy
 * and court case (criminal history, withheld from the request list without the RAP sheet permission):
 * there it is named by its kind alone, as those texts are shown to everyone who works the matter.
 */
export function documentName(kind: DocumentKind, label: string): string {
  if (kind === 'signed_order') return DOCUMENT_KIND_LABELS[kind];
  return label || DOCUMENT_KIND_LABELS[kind];
}

/**
 * A request's name where everyone who works the matter reads it (the timeline, and the calendar for
 * staff without the RAP sheet permission): staff's own label of a criminal-history document (a court
 * docket, a RAP sheet, proof of probation) may name the case or the charge ("Docket for 12CR00777"),
 * so such a request goes by its kind there. Its label and note are shown with the permission only.
 */
export function documentNameForAll(kind: DocumentKind, label: string): string {
  return isCriminalHistoryKind(kind) ? DOCUMENT_KIND_LABELS[kind] : documentName(kind, label);
}

/**
 * Whom a request went to, mid-sentence ("Requested DOJ RAP sheet from California DOJ"): a label of
 * one plain word is a common noun and reads in lower case ("from client"); a name (several words, or
 * an acronym) keeps its capitals as written, never "california doj".
 */
export function requestedFromWords(from: RequestedFrom): string {
  const label = REQUESTED_FROM_LABELS[from];
  return /\s/.test(label) || /\p{Lu}/u.test(label.slice(1)) ? label : label.toLowerCase();
}

export async function requestDocument(
  ctx: OfficeContext,
  input: z.output<typeof requestDocumentInputSchema>,
) {
  // A request is recorded once it was made (a due date may be ahead; the request is not).
  const today = californiaDate(ctx.clock.now());
  if (input.requestedOn > today)
    throw badInput(
      'requestedOn',
      `The request date cannot be after today (${readableDate(today)}). Check the date requested.`,
    );
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, input.matterId);
    const dueOn =
      input.dueOn ?? addDays(input.requestedOn, (await dueDaysFor(tx, ctx.user.officeId))[input.kind]);
    // The client's status page shows what was asked and by when: never by a day before they came to us.
    if (dueOn < matter.received_on)
      throw badInput(
        'dueOn',
        `The due date cannot be before the matter was received (${readableDate(matter.received_on)}). Check the due date.`,
      );
    const now = ctx.clock.now().toISOString();
    const id = newId(ctx.clock.now());
    await tx
      .insertInto('document_requests')
      .values({
        id,
        matter_id: matter.id,
        office_id: matter.office_id,
        kind: input.kind,
        label: input.label,
        requested_from: input.requestedFrom,
        requested_on: input.requestedOn,
        due_on: dueOn,
        status: 'requested',
        live_scan_on: input.liveScanOn,
        designee: input.designee,
        note: input.note,
        created_at: now,
        updated_at: now,
        updated_by: ctx.user.id,
      })
      .execute();
    const name = documentNameForAll(input.kind, input.label);
    await recordEvent(
      tx,
      ctx,
      { id: matter.id, officeId: matter.office_id },
      'document_requested',
      `Requested ${name} from ${requestedFromWords(input.requestedFrom)}, due ${readableDate(dueOn)}.`,
      { documentId: id, kind: input.kind },
    );
    await refreshQueueFacts(tx, matter.id);
    await putOnRecord(tx, {
      entityType: 'document_request',
      entityId: id,
      detail: { matterId: matter.id },
    });
    return { id, dueOn };
  });
}

/** The request being edited, from the caller's office and at the version the editor saw. */
async function requestForEdit(tx: OfficeTx, input: { documentId: string; version: number }) {
  const request = await tx
    .selectFrom('document_requests')
    .selectAll()
    .where('id', '=', input.documentId)
    .executeTakeFirst();
  if (!request)
    throw notFound('That document request', {
      entityType: 'document_request',
      entityId: input.documentId,
    });
  if (request.version !== input.version) throw await versionConflict(tx, 'this document request', request);
  return request;
}

export async function updateDocument(ctx: OfficeContext, input: z.output<typeof updateDocumentInputSchema>) {
  // It arrived before it is recorded (a RAP sheet the client brings may predate the request: allowed).
  const today = californiaDate(ctx.clock.now());
  if (input.arrivedOn && input.arrivedOn > today)
    throw badInput(
      'arrivedOn',
      `The arrival date cannot be after today (${readableDate(today)}). Check the date it arrived.`,
    );
  return inTransaction(ctx.db, async ({ tx }) => {
    await lockMatterOf(tx, 'document_requests', input.documentId);
    const request = await requestForEdit(tx, input);
    if (input.dueOn < request.requested_on)
      throw badInput(
        'dueOn',
        `The due date cannot be before the document was requested (${readableDate(request.requested_on)}). Check the due date.`,
      );

    const saved = await tx
      .updateTable('document_requests')
      .set({
        status: input.status,
        due_on: input.dueOn,
        live_scan_on: input.liveScanOn,
        designee: input.designee,
        arrived_on: input.arrivedOn,
        // The note of a criminal-history request was shown withheld to staff without the permission:
        // what comes back for it is not theirs to change.
        note: isCriminalHistoryKind(request.kind) && !ctx.user.canViewRapSheets ? request.note : input.note,
        updated_at: ctx.clock.now().toISOString(),
        updated_by: ctx.user.id,
        version: request.version + 1,
      })
      .where('id', '=', request.id)
      .where('version', '=', request.version)
      .executeTakeFirst();
    await requireSaved(tx, saved, 'document_requests', request.id, 'this document request');
    const name = documentNameForAll(request.kind, request.label);
    if (request.status !== input.status) {
      const arrived =
        input.arrivedOn && input.status === 'received' ? ` (arrived ${readableDate(input.arrivedOn)})` : '';
      await recordEvent(
        tx,
        ctx,
        { id: request.matter_id, officeId: request.office_id },
        'document_status',
        `${name}: ${DOCUMENT_STATUS_LABELS[input.status].toLowerCase()}${arrived}.`,
        { documentId: request.id, kind: request.kind, from: request.status, to: input.status },
      );
    }
    await refreshQueueFacts(tx, request.matter_id);
    await putOnRecord(tx, {
      entityType: 'document_request',
      entityId: request.id,
      detail: { from: request.status, to: input.status },
    });
    return { version: request.version + 1 };
  });
}

/** Staff reminded whoever owes the document; the count shows on the matter page. */
export async function recordReminder(ctx: OfficeContext, input: { documentId: string; version: number }) {
  return inTransaction(ctx.db, async ({ tx }) => {
    await lockMatterOf(tx, 'document_requests', input.documentId);
    const request = await requestForEdit(tx, input);
    const saved = await tx
      .updateTable('document_requests')
      .set({
        reminders_sent: request.reminders_sent + 1,
        updated_at: ctx.clock.now().toISOString(),
        updated_by: ctx.user.id,
        version: request.version + 1,
      })
      .where('id', '=', request.id)
      .where('version', '=', request.version)
      .executeTakeFirst();
    await requireSaved(tx, saved, 'document_requests', request.id, 'this document request');
    const name = documentNameForAll(request.kind, request.label);
    await recordEvent(
      tx,
      ctx,
      { id: request.matter_id, officeId: request.office_id },
      'document_reminder',
      `Reminder sent for ${name} (reminder ${request.reminders_sent + 1}).`,
    );
    await putOnRecord(tx, {
      entityType: 'document_request',
      entityId: request.id,
    });
    return { version: request.version + 1, remindersSent: request.reminders_sent + 1 };
  });
}
