// Removing a file attached by mistake (another client's court record, the wrong scan): the row is
// kept as a tombstone (who, when, why) with its name and hash blanked, and the bytes are erased from
// the disk once the transaction has committed, unless another row still names the same bytes (files
// are stored by their SHA-256, so the same scan attached twice is one file). A crash between the
// commit and the erasure leaves a file no row names: the server's start sweeps those
// (sweepUnreferencedFiles), so no row ever names a file that is gone.
import { acrossOffices, type Db, forgetErasedPages, inTransaction, type Tx } from '@relief-desk/db';
import {
  californiaDateTime,
  isCriminalHistoryFile,
  MESSAGE_CHANNEL_LABELS,
  type removeDocumentFileInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord } from '../../audit.ts';
import { lastChange, versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import type { FileStore } from '../../files/store.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { lockMatterOf } from '../../matter-core/lockMatters.ts';
import { refreshQueueFacts } from '../../matter-core/queueFacts.ts';
import { timelineSubject } from '../messages/timelineSubject.ts';
import { documentNameForAll } from './requestDocument.ts';

/** A file removed or discarded: said instead of its name, and why an action on it is refused. */
export async function removedFileRefusal(
  db: Db | Tx,
  file: { removed_at: string | null; removed_by: string | null; removed_reason: string | null },
): Promise<AppError> {
  const { who, when } = await lastChange(db, {
    updated_by: file.removed_by,
    updated_at: file.removed_at ?? '',
  });
  return new AppError(
    'BAD_INPUT',
    `This file was removed by ${who} on ${when} (${file.removed_reason ?? 'no reason given'}): it is no longer kept.`,
  );
}

/**
 * Blanks a document file's row inside the caller's transaction (its name and hash, with who removed
 * it, when and why) and moves its request's version on. Returns the hash whose bytes are to be
 * erased once the transaction commits (eraseStoredFile).
 */
export async function blankDocumentFile(
  tx: Tx,
  ctx: OfficeContext,
  file: { id: string; sha256: string; request_id: string },
  reason: string,
): Promise<string> {
  const now = ctx.clock.now().toISOString();
  await tx
    .updateTable('document_files')
    .set({ filename: '', sha256: '', removed_at: now, removed_by: ctx.user.id, removed_reason: reason })
    .where('id', '=', file.id)
    .execute();
  const request = await tx
    .selectFrom('document_requests')
    .select('version')
    .where('id', '=', file.request_id)
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('document_requests')
    .set({ version: request.version + 1, updated_at: now, updated_by: ctx.user.id })
    .where('id', '=', file.request_id)
    .execute();
  // The upload's answer kept with its request key names the file: a retry of that upload with the
  // same key would be told it succeeded, with the removed file's name. Forgotten, the retry is a new
  // upload (the file attached again), which is what a person retrying it means.
  await tx
    .deleteFrom('idempotency_keys')
    .where('procedure', '=', 'documents.upload')
    .where('response', 'like', `%"id":"${file.id}"%`)
    .execute();
  // A signed order removed is no longer the petition's order: attaching the right one links it again.
  await tx
    .updateTable('petitions')
    .set({ order_file_id: null })
    .where('order_file_id', '=', file.id)
    .execute();
  return file.sha256;
}

/**
 * Erases a file's bytes after the commit that blanked its row, unless a row of any office still names
 * them. A failure is logged, not answered: the change is committed, and the next start sweeps the file.
 */
export async function eraseStoredFile(ctx: OfficeContext, sha256: string): Promise<void> {
  await eraseUnreferenced(ctx.files, acrossOffices(ctx.db), sha256).catch((error) =>
    console.error('A removed file could not be erased from the disk; the next start sweeps it.', error),
  );
}

async function eraseUnreferenced(files: FileStore, db: Db, sha256: string): Promise<void> {
  await files.removeUnlessReferenced(sha256, async () => (await referencedHashes(db, [sha256])).size > 0);
}

/** Which of these hashes a document file's row still names, in any office. */
export async function referencedHashes(db: Db, sha256s: string[]): Promise<Set<string>> {
  const rows = await db
    .selectFrom('document_files')
    .select('sha256')
    .where('sha256', 'in', sha256s)
    .execute();
  return new Set(rows.map((r) => r.sha256));
}

/**
 * At the server's start: erases every stored file no row names that is more than an hour old (a
 * younger one may be an upload another server has saved and not yet committed), and writes left
 * half-done: the erasures a crash cut short after their commit. `db`: a handle across offices.
 */
export async function sweepUnreferencedFiles(files: FileStore, db: Db): Promise<number> {
  return files.sweep((sha256s) => referencedHashes(db, sha256s), 60 * 60_000);
}

/**
 * Where a message is before it is delivered: waiting or being sent (an e-mail or text, retried on a
 * schedule after a failure), or waiting in the print queue (a letter). One given up on is a delivery
 * problem: sending it again refuses, or fails saying its enclosure was removed.
 */
const NOT_YET_DELIVERED = ['pending', 'sending', 'printing'] as const;

/** The matter's messages not yet delivered that attach or enclose this file, oldest first. */
async function undeliveredMessagesCarrying(tx: Tx, matterId: string, fileId: string) {
  const rows = await tx
    .selectFrom('messages')
    .innerJoin('outbox', 'outbox.message_id', 'messages.id')
    .select([
      'messages.channel',
      'messages.kind',
      'messages.subject',
      'messages.status_type',
      'messages.worded_by_staff',
      'messages.created_at',
      'messages.attachments',
      'outbox.state',
    ])
    .where('messages.matter_id', '=', matterId)
    .where('outbox.state', 'in', [...NOT_YET_DELIVERED])
    .orderBy('messages.created_at')
    .execute();
  return rows.filter((m) => (JSON.parse(m.attachments) as string[]).includes(fileId));
}

/** The refusal naming each message that carries the file, and what to do before removing it. */
function carriedRefusal(messages: Awaited<ReturnType<typeof undeliveredMessagesCarrying>>): AppError {
  // An outcome goes by a fixed name: its subject may tell what the court decided (timelineSubject).
  const named = messages.map(
    (m) =>
      `${m.channel ? MESSAGE_CHANNEL_LABELS[m.channel] : 'Message'} “${timelineSubject(m)}” queued ${californiaDateTime(m.created_at)} (${
        m.state === 'printing' ? 'in the print queue' : 'waiting to be sent'
      })`,
  );
  const letters = messages.some((m) => m.state === 'printing');
  const others = messages.some((m) => m.state !== 'printing');
  return new AppError(
    'BAD_INPUT',
    [
      `This file is attached to ${messages.length === 1 ? 'a message' : `${messages.length} messages`} not yet delivered, which would go without it while saying it is enclosed: ${named.join('; ')}.`,
      letters
        ? 'Take the letter out of the print queue first (under Delivery problems), then remove the file.'
        : '',
      others
        ? 'An e-mail or text waiting to be sent goes within minutes: stop it first (Don’t send, under the matter’s Messages), or remove the file once it is sent or shown under Delivery problems.'
        : '',
      'Nothing was removed.',
    ]
      .filter(Boolean)
      .join(' '),
  );
}

export async function removeDocumentFile(
  ctx: OfficeContext,
  input: z.output<typeof removeDocumentFileInputSchema>,
) {
  const file = await ctx.db
    .selectFrom('document_files')
    .innerJoin('document_requests', 'document_requests.id', 'document_files.request_id')
    .selectAll('document_files')
    .select(['document_requests.kind', 'document_requests.label', 'document_requests.packet_petition_id'])
    .where('document_files.id', '=', input.fileId)
    .executeTakeFirst();
  if (!file)
    throw notFound('That file', { entityType: 'document_file', entityId: input.fileId.slice(0, 64) });
  // RAP sheets, court records and orders: as for opening them, the RAP sheet permission.
  if (isCriminalHistoryFile({ kind: file.kind, packetPetitionId: file.packet_petition_id }))
    await requireRapSheetAccess(ctx, 'documents.removeFile', file.id);
  const removed = await inTransaction(ctx.db, async ({ tx }) => {
    await lockMatterOf(tx, 'document_requests', file.request_id);
    const request = await tx
      .selectFrom('document_requests')
      .select(['id', 'version', 'updated_by', 'updated_at', 'matter_id', 'office_id'])
      .where('id', '=', file.request_id)
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
    const current = await tx
      .selectFrom('document_files')
      .select(['sha256', 'removed_at', 'removed_by', 'removed_reason'])
      .where('id', '=', file.id)
      .executeTakeFirstOrThrow();
    if (current.removed_at) throw await removedFileRefusal(tx, current);
    if (request.version !== input.version)
      throw await versionConflict(tx, 'this document request', { ...request });
    if (file.packet_petition_id !== null)
      throw new AppError(
        'BAD_INPUT',
        'A petition packet is drawn from the petition, not attached: prepare a new version there instead.',
      );
    // A RAP sheet read into the matter goes with its import, whose text holds the same sheet.
    const readBy = await tx
      .selectFrom('rap_imports')
      .select('created_at')
      .where('file_id', '=', file.id)
      .where('discarded_at', 'is', null)
      .orderBy('created_at')
      .execute();
    if (readBy.length > 0)
      throw new AppError(
        'BAD_INPUT',
        `This RAP sheet was read into the matter (${readBy.length === 1 ? 'one import' : `${readBy.length} imports`}): discard ${readBy.length === 1 ? 'that import' : 'those imports'} under Read RAP sheet instead, which removes the file with ${readBy.length === 1 ? 'it' : 'the last of them'}.`,
      );
    // A message still to go that carries the file would go without it, saying it is enclosed.
    const carriedBy = await undeliveredMessagesCarrying(tx, request.matter_id, file.id);
    if (carriedBy.length > 0) throw carriedRefusal(carriedBy);
    const sha256 = await blankDocumentFile(tx, ctx, { ...file, sha256: current.sha256 }, input.reason);
    const name = documentNameForAll(file.kind, file.label);
    await recordEvent(
      tx,
      ctx,
      { id: request.matter_id, officeId: request.office_id },
      'document_file_removed',
      `File removed from ${name} (attached by mistake): it is no longer kept.`,
      { documentId: request.id, kind: file.kind, fileId: file.id },
    );
    await refreshQueueFacts(tx, request.matter_id);
    // The reason is staff's own words, which may name a person or a record: kept on the file's
    // row (shown where the file was), not in the log, which needs no RAP sheet permission.
    await putOnRecord(tx, {
      entityType: 'document_file',
      entityId: file.id,
      detail: { documentId: request.id, removed: true },
    });
    return { id: file.id, documentVersion: request.version + 1, sha256 };
  });
  await forgetErasedPages(ctx.db);
  await eraseStoredFile(ctx, removed.sha256);
  return { id: removed.id, documentVersion: removed.documentVersion };
}
