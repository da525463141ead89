// Attaching files to document requests and reading them back. Type and size are checked from the
// bytes; criminal-history files (RAP sheets, court records, signed orders, petition packets:
// isCriminalHistoryFile) need the RAP sheet permission; every upload and download is audited.
import type { Readable } from 'node:stream';
import { type Db, inTransaction, newId, type Tx } from '@relief-desk/db';
import {
  californiaDate,
  type DocumentStatus,
  isCriminalHistoryFile,
  MAX_UPLOAD_BYTES,
  sniffUploadType,
  type UploadType,
} from '@relief-desk/domain';
import { requirePermission, requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import { lastChange } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { lockMatterOf } from '../../matter-core/lockMatters.ts';
import { refreshQueueFacts } from '../../matter-core/queueFacts.ts';
import { removedFileRefusal } from './removeFile.ts';
import { documentNameForAll } from './requestDocument.ts';

export interface UploadedFile {
  id: string;
  filename: string;
  size: number;
  contentType: string;
}

/** The extension a stored file's name ends in, by the type read from its bytes. */
const EXTENSIONS: Record<UploadType, { ext: string; also: string[] }> = {
  'application/pdf': { ext: 'pdf', also: [] },
  'image/png': { ext: 'png', also: [] },
  'image/jpeg': { ext: 'jpg', also: ['jpeg', 'jpe'] },
};

/** Longest stored name in UTF-8 bytes, extension included (file systems allow 255). */
export const MAX_FILENAME_BYTES = 200;

/**
 * The name a file is stored and downloaded under: the last part of what the browser sent, without
 * control characters (they would break the download's header), quotes, or the invisible direction
 * marks that make "evil\u202Efdp.exe" read as "evilexe.pdf"; its extension is the type read from the
 * bytes (a PDF named evil.html is stored as evil.pdf, "scan" as scan.pdf), and it is at most
 * MAX_FILENAME_BYTES long in UTF-8, cut between characters.
 */
export function storedFilename(name: string, contentType: UploadType): string {
  const { ext, also } = EXTENSIONS[contentType];
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // C0/C1 controls, unpaired surrogates, quotes, and the bidirectional embeddings, overrides,
    // isolates and marks (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C).
    .replace(/[\p{Cc}\p{Cs}"\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u2028\u2029]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  // An extension is a dot and a short word at the end; "v1.2" or "Smith, J. 2024" have none.
  const dot = /\.([\p{L}][\p{L}\p{N}]{0,9})$/u.exec(cleaned);
  const given = dot?.[1]?.toLowerCase();
  // No leading dots (a hidden file once saved) or trailing ones (Windows drops them).
  let stem = (dot ? cleaned.slice(0, dot.index) : cleaned).replace(/^[\s.]+|[\s.]+$/gu, '');
  const keep = given === ext || (given !== undefined && also.includes(given));
  const suffix = `.${keep ? (dot?.[1] ?? ext) : ext}`;
  let room = MAX_FILENAME_BYTES - Buffer.byteLength(suffix);
  if (Buffer.byteLength(stem) > room) {
    let cut = '';
    for (const point of stem) {
      room -= Buffer.byteLength(point);
      if (room < 0) break;
      cut += point;
    }
    stem = cut.replace(/[\s.]+$/u, '');
  }
  // A name that was nothing but an extension, dots or spaces (".pdf", "...") gets a word before it.
  if (stem === '') stem = 'document';
  return stem + suffix;
}

/** Statuses of a request that no longer expects the document: a file is not attached to them. */
const CLOSED_STATUSES: Partial<Record<DocumentStatus, string>> = { cancelled: 'cancelled', waived: 'waived' };

/**
 * A cancelled or waived request takes no file (a page still showing it open would otherwise give it a
 * file and an arrival date while it stays closed): refused naming who closed it and when, and how to
 * go on, on record as a refusal about the request.
 */
async function refuseClosedRequest(
  db: Db | Tx,
  request: { id: string; status: DocumentStatus; updated_by: string | null; updated_at: string },
): Promise<void> {
  const closed = CLOSED_STATUSES[request.status];
  if (!closed) return;
  const { who, when } = await lastChange(db, request);
  throw new AppError(
    'BAD_INPUT',
    `This document request was ${closed} by ${who} on ${when}, so the file was not attached. To attach it, reopen the request (set its status back to Requested) or request the document again.`,
    {
      audit: {
        entityType: 'document_request',
        entityId: request.id,
        detail: { reason: 'closed_request', status: request.status },
      },
    },
  );
}

export async function uploadDocumentFile(
  ctx: OfficeContext,
  input: { documentId: string; filename: string; bytes: Uint8Array },
): Promise<UploadedFile> {
  // As the documents' procedures: working matters (the route has no procedure's check of its own).
  await requirePermission(ctx, 'workMatters');
  const request = await ctx.db
    .selectFrom('document_requests')
    .selectAll()
    .where('id', '=', input.documentId)
    .executeTakeFirst();
  if (!request) {
    await putOnRecord(ctx.db, {
      entityType: 'document_request',
      entityId: input.documentId,
      outcome: 'denied',
    });
    throw notFound('That document request');
  }
  await refuseClosedRequest(ctx.db, request);
  const kind = request.kind;
  if (isCriminalHistoryFile({ kind, packetPetitionId: request.packet_petition_id }))
    await requireRapSheetAccess(ctx, 'documents.upload', request.id);
  if (request.packet_petition_id !== null)
    throw new AppError(
      'BAD_INPUT',
      'Petition packets are drawn from the petition: prepare a new version there instead of uploading one.',
    );

  if (input.bytes.byteLength === 0)
    throw new AppError('BAD_INPUT', 'The file is empty. Choose the scanned document again.');
  if (input.bytes.byteLength > MAX_UPLOAD_BYTES)
    throw new AppError(
      'BAD_INPUT',
      'The file is larger than 20 MB. Scan at a lower resolution, or split it into parts.',
    );
  const contentType = sniffUploadType(input.bytes.subarray(0, 16));
  if (!contentType)
    throw new AppError(
      'BAD_INPUT',
      'Only PDF, PNG and JPEG files can be attached. Save or scan the document as a PDF and try again.',
    );

  // The bytes go to disk before the transaction: no file I/O while the write lock is held.
  const stored = await ctx.files.save(input.bytes);
  const filename = storedFilename(input.filename, contentType);
  const today = californiaDate(ctx.clock.now());
  const uploaded = await inTransaction(ctx.db, async ({ tx }) => {
    // Its matter first (lockMatters.ts): the request it answers is then locked and the matter updated.
    await lockMatterOf(tx, 'document_requests', input.documentId);
    const id = newId(ctx.clock.now());
    const now = ctx.clock.now().toISOString();
    await tx
      .insertInto('document_files')
      .values({
        id,
        request_id: request.id,
        matter_id: request.matter_id,
        office_id: request.office_id,
        sha256: stored.sha256,
        size: stored.size,
        content_type: contentType,
        filename,
        uploaded_by: ctx.user.id,
        uploaded_at: now,
      })
      .execute();
    // A file for a request still outstanding means the document has arrived. The request is read
    // again under the write lock (and the row locked on PostgreSQL) and changed from what it is now,
    // so an edit saved since the upload began (waived, cancelled) is kept, and a save from an older
    // version is still refused.
    const current = await tx
      .selectFrom('document_requests')
      .select(['status', 'arrived_on', 'version', 'updated_by', 'updated_at'])
      .where('id', '=', request.id)
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
    // Cancelled or waived since the upload began: refused as above; the file's row rolls back.
    await refuseClosedRequest(tx, { ...request, ...current });
    const arrives = current.status === 'requested';
    await tx
      .updateTable('document_requests')
      .set({
        status: arrives ? 'received' : current.status,
        arrived_on: current.arrived_on ?? today,
        updated_at: now,
        updated_by: ctx.user.id,
        version: current.version + 1,
      })
      .where('id', '=', request.id)
      .execute();
    // The signed order of a decided petition is that petition's order.
    if (request.petition_id) {
      await tx
        .updateTable('petitions')
        .set({ order_file_id: id })
        .where('id', '=', request.petition_id)
        .execute();
    }
    const name = documentNameForAll(kind, request.label);
    await recordEvent(
      tx,
      ctx,
      { id: request.matter_id, officeId: request.office_id },
      arrives ? 'document_status' : 'document_file',
      arrives ? `${name}: received (file attached).` : `File attached to ${name}.`,
      { documentId: request.id, kind, fileId: id, ...(arrives ? { from: 'requested', to: 'received' } : {}) },
    );
    await refreshQueueFacts(tx, request.matter_id);
    await putOnRecord(tx, {
      entityType: 'document_file',
      entityId: id,
      detail: { documentId: request.id, size: stored.size, contentType },
    });
    return { id, filename, size: stored.size, contentType };
  });
  // The same bytes may have been removed from another request between the save above and the
  // commit (removeFile.ts erases bytes no committed row names): saved again, now that this row names them.
  await ctx.files.save(input.bytes);
  return uploaded;
}

export async function openDocumentFile(
  ctx: OfficeContext,
  fileId: string,
): Promise<{ stream: Readable; filename: string; contentType: string; size: number }> {
  await requirePermission(ctx, 'workMatters');
  const file = await ctx.db
    .selectFrom('document_files')
    .innerJoin('document_requests', 'document_requests.id', 'document_files.request_id')
    .select([
      'document_files.id',
      'document_files.sha256',
      'document_files.filename',
      'document_files.content_type',
      'document_files.size',
      'document_requests.kind',
      'document_requests.packet_petition_id',
      'document_files.removed_at',
      'document_files.removed_by',
      'document_files.removed_reason',
    ])
    .where('document_files.id', '=', fileId)
    .executeTakeFirst();
  if (!file) {
    await putOnRecord(ctx.db, {
      entityType: 'document_file',
      entityId: fileId,
      outcome: 'denied',
    });
    throw notFound('That file');
  }
  // A petition packet names each conviction: criminal history, like a RAP sheet or a court's order,
  // on record as its own.
  const action = file.packet_petition_id !== null ? 'packets.download' : 'documents.download';
  if (isCriminalHistoryFile({ kind: file.kind, packetPetitionId: file.packet_petition_id }))
    await requireRapSheetAccess(ctx, action, file.id);
  if (file.removed_at) throw await removedFileRefusal(ctx.db, file);
  await putReadOnRecord(ctx.db, {
    action,
    entityType: 'document_file',
    entityId: file.id,
  });
  return {
    stream: ctx.files.open(file.sha256),
    filename: file.filename,
    contentType: file.content_type,
    size: file.size,
  };
}
