// Discarding a RAP sheet import read into the wrong matter (most often another person's sheet): a
// stranger's criminal history must not stay on the client's matter (PC 11140-11144: need to know).
// The import's text, what was read from it (result, proposals decided) and its file are erased; its
// row stays as a tombstone (who, when, why), the file's name withheld with it. Refused while a record
// entered from it is still on the matter (a conviction or an arrest not removed since): those removed
// keep a tombstone only, their details erased with the sheet. A fact about the person accepted from it
// stays the client's fact, to be corrected on the facts form.
import { forgetErasedPages, inTransaction, type Tx } from '@relief-desk/db';
import type { discardRapImportInputSchema, MatterEventKind } from '@relief-desk/domain';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord } from '../../audit.ts';
import { lastChange, versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { lockMatterOf } from '../../matter-core/lockMatters.ts';
import { refreshQueueFacts } from '../../matter-core/queueFacts.ts';
import { blankDocumentFile, eraseStoredFile } from '../documents/removeFile.ts';

/** Why a discarded import cannot be reviewed, accepted or discarded again. */
export async function discardedRefusal(
  db: Parameters<typeof lastChange>[0],
  row: { discarded_at: string | null; discarded_by: string | null; discarded_reason: string | null },
): Promise<AppError> {
  const { who, when } = await lastChange(db, {
    updated_by: row.discarded_by,
    updated_at: row.discarded_at ?? '',
  });
  return new AppError(
    'BAD_INPUT',
    `This RAP sheet import was discarded by ${who} on ${when} (${row.discarded_reason ?? 'no reason given'}): its text and file are no longer kept.`,
  );
}

/** What the timeline says, once the sheet is discarded, of an arrest entered from it. */
const BLANKED_ARREST_EVENTS: Partial<Record<MatterEventKind, string>> = {
  arrest_added:
    'An arrest was entered from a RAP sheet that was later discarded: its details were erased with it.',
  arrest_edited:
    'An arrest read from a RAP sheet that was discarded was corrected: its details were erased with it.',
  arrest_removed: 'An arrest read from a RAP sheet that was discarded was removed.',
  arrest_decision_recorded:
    'A decision was recorded on an arrest read from a RAP sheet that was discarded: its details were erased with it.',
};

/** What the timeline says, once the sheet is discarded, of a conviction entered from it. */
const BLANKED_CONVICTION_EVENTS: Partial<Record<MatterEventKind, string>> = {
  conviction_added:
    'A conviction was entered from a RAP sheet that was later discarded: its details were erased with it.',
  conviction_edited:
    'A conviction read from a RAP sheet that was discarded was corrected: its details were erased with it.',
  conviction_removed: 'A conviction read from a RAP sheet that was discarded was removed.',
  decision_recorded:
    'An eligibility decision was recorded on a conviction read from a RAP sheet that was discarded: its details were erased with it.',
};

/** What the timeline says, once the sheet is discarded, of a petition drafted on its convictions alone. */
const BLANKED_PETITION_EVENTS: Partial<Record<MatterEventKind, string>> = {
  petition_created:
    'A petition was drafted on convictions read from a RAP sheet that was later discarded: its details were erased with it.',
  petition_status:
    'A petition on convictions read from a RAP sheet that was discarded changed status: its details were erased with it.',
  petition_updated:
    'A petition on convictions read from a RAP sheet that was discarded was updated: its details were erased with it.',
  packet_prepared:
    'A packet was prepared for a petition on convictions read from a RAP sheet that was discarded: it was erased with it.',
};

/** Rewrites what the matter's timeline said of these records, by the id its entries carry. */
async function blankEvents(
  tx: Tx,
  matterId: string,
  summaries: Partial<Record<MatterEventKind, string>>,
  key: 'arrestId' | 'convictionId' | 'petitionId',
  ids: Set<string>,
): Promise<void> {
  const events = await tx
    .selectFrom('matter_events')
    .select(['id', 'kind', 'data'])
    .where('matter_id', '=', matterId)
    .where('kind', 'in', Object.keys(summaries) as MatterEventKind[])
    .execute();
  for (const event of events) {
    const data = JSON.parse(event.data || '{}') as Record<string, unknown>;
    const id = data[key];
    if (typeof id !== 'string' || !ids.has(id)) continue;
    await tx
      .updateTable('matter_events')
      .set({ summary: summaries[event.kind] ?? '' })
      .where('id', '=', event.id)
      .execute();
  }
}

/**
 * The convictions entered from this sheet (all removed by now: discarding waits for that) keep a
 * tombstone only: the case, court, code, section and dates read from another person's sheet are
 * erased, with their earlier versions, what the decisions on them said, and what the timeline said.
 * Read before the import's items (which name them) are deleted.
 */
async function blankConvictionsReadFrom(
  tx: Tx,
  ctx: OfficeContext,
  importId: string,
  matterId: string,
  reason: string,
): Promise<string[]> {
  const rows = await tx
    .selectFrom('rap_import_items')
    .select('conviction_id')
    .where('import_id', '=', importId)
    .where('conviction_id', 'is not', null)
    .execute();
  const ids = new Set(rows.flatMap((r) => (r.conviction_id ? [r.conviction_id] : [])));
  if (ids.size === 0) return [];
  await tx
    .updateTable('convictions')
    .set({
      case_number: '',
      court: '',
      code: '',
      section: '',
      conviction_date: '',
      end_date: null,
      offense_date: null,
      relief_granted_remedy: null,
      relief_granted_on: null,
    })
    .where('id', 'in', [...ids])
    .execute();
  await tx
    .updateTable('conviction_revisions')
    .set({ data: '{}' })
    .where('conviction_id', 'in', [...ids])
    .execute();
  const erased = 'Erased with the RAP sheet it was read from, discarded as another person’s.';
  await tx
    .updateTable('eligibility_decisions')
    .set({ reasons: erased, missing_info: '', override_reason: '' })
    .where('conviction_id', 'in', [...ids])
    .execute();
  await blankEvents(tx, matterId, BLANKED_CONVICTION_EVENTS, 'convictionId', ids);
  return blankPetitionsOn(tx, ctx, ids, matterId, reason);
}

/**
 * The petitions drafted on these convictions, whose records are all removed from the matter by now
 * (withdrawn: removing a conviction waits for that), name the case and court, and what was drawn or
 * received for them prints them: the case, court and courthouse are erased; the packets' snapshots and
 * files, with the filing runs' places for them (a run is printed and exported from its packets), and
 * the signed orders received for them, with their requests' labels; and what the timeline said.
 * Returns the hashes of the files to erase once the transaction commits.
 */
async function blankPetitionsOn(
  tx: Tx,
  ctx: OfficeContext,
  convictionIds: Set<string>,
  matterId: string,
  reason: string,
): Promise<string[]> {
  const members = await tx
    .selectFrom('petition_convictions')
    .innerJoin('convictions', 'convictions.id', 'petition_convictions.conviction_id')
    .select(['petition_convictions.petition_id', 'convictions.removed_at'])
    .where(
      'petition_convictions.petition_id',
      'in',
      tx
        .selectFrom('petition_convictions')
        .select('petition_id')
        .where('conviction_id', 'in', [...convictionIds]),
    )
    .execute();
  // One also on a conviction still on the matter is the client's petition: it stays as it is.
  const petitionIds = [...new Set(members.map((m) => m.petition_id))].filter((id) =>
    members.every((m) => m.petition_id !== id || m.removed_at !== null),
  );
  if (petitionIds.length === 0) return [];
  const now = ctx.clock.now().toISOString();
  await tx
    .updateTable('petitions')
    .set((eb) => ({
      case_number: '',
      court: '',
      courthouse: '',
      version: eb('version', '+', 1),
      updated_at: now,
      updated_by: ctx.user.id,
    }))
    .where('id', 'in', petitionIds)
    .execute();
  const runs = await tx
    .selectFrom('filing_run_petitions')
    .select('run_id')
    .where('petition_id', 'in', petitionIds)
    .execute();
  if (runs.length > 0) {
    await tx.deleteFrom('filing_run_petitions').where('petition_id', 'in', petitionIds).execute();
    for (const runId of new Set(runs.map((r) => r.run_id))) {
      const left = await tx
        .selectFrom('filing_run_petitions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('run_id', '=', runId)
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('filing_runs')
        .set((eb) => ({
          petition_count: Number(left.n),
          version: eb('version', '+', 1),
          updated_at: now,
          updated_by: ctx.user.id,
        }))
        .where('id', '=', runId)
        .execute();
    }
  }
  const packets = await tx
    .selectFrom('petition_packets')
    .select('file_id')
    .where('petition_id', 'in', petitionIds)
    .execute();
  await tx
    .updateTable('petition_packets')
    .set({ data: '{}', sha256: '' })
    .where('petition_id', 'in', petitionIds)
    .execute();
  // A packet's answer kept with its request key names its file.
  for (const { file_id } of packets)
    await tx
      .deleteFrom('idempotency_keys')
      .where('procedure', '=', 'packets.prepare')
      .where('response', 'like', `%${file_id}%`)
      .execute();
  const orders = await tx
    .selectFrom('document_requests')
    .select('id')
    .where('petition_id', 'in', petitionIds)
    .execute();
  await tx
    .updateTable('document_requests')
    .set((eb) => ({ label: '', version: eb('version', '+', 1), updated_at: now, updated_by: ctx.user.id }))
    .where('petition_id', 'in', petitionIds)
    .execute();
  const packetFiles = packets.map((p) => p.file_id);
  const orderRequests = orders.map((o) => o.id);
  const files =
    packetFiles.length + orderRequests.length === 0
      ? []
      : await tx
          .selectFrom('document_files')
          .select(['id', 'sha256', 'request_id'])
          .where('removed_at', 'is', null)
          .where((eb) =>
            eb.or([
              ...(packetFiles.length > 0 ? [eb('id', 'in', packetFiles)] : []),
              ...(orderRequests.length > 0 ? [eb('request_id', 'in', orderRequests)] : []),
            ]),
          )
          .execute();
  const erase: string[] = [];
  for (const file of files) erase.push(await blankDocumentFile(tx, ctx, file, reason));
  await blankEvents(tx, matterId, BLANKED_PETITION_EVENTS, 'petitionId', new Set(petitionIds));
  return erase;
}

/**
 * The arrests entered from this sheet (all removed by now: discarding waits for that) keep a
 * tombstone only, removed and from a discarded RAP sheet: the date, agency, code, section and
 * description read from another person's sheet are erased with it, and so is what the matter's
 * timeline said of them.
 */
async function blankArrestsReadFrom(tx: Tx, importId: string, matterId: string): Promise<void> {
  const arrests = await tx
    .selectFrom('arrests')
    .select('id')
    .where('source', '=', 'rap_sheet')
    .where('source_ref', '=', importId)
    .execute();
  if (arrests.length === 0) return;
  const ids = new Set(arrests.map((a) => a.id));
  await tx
    .updateTable('arrests')
    .set({
      arrest_date: '',
      agency: '',
      code: '',
      section: '',
      description: '',
      disposition_date: null,
      relief_granted_remedy: null,
      relief_granted_on: null,
    })
    .where('id', 'in', [...ids])
    .execute();
  await blankEvents(tx, matterId, BLANKED_ARREST_EVENTS, 'arrestId', ids);
}

export async function discardImport(ctx: OfficeContext, input: z.output<typeof discardRapImportInputSchema>) {
  await requireRapSheetAccess(ctx, 'rapImports.discard', input.importId);
  const discarded = await inTransaction(ctx.db, async ({ tx }) => {
    await lockMatterOf(tx, 'rap_imports', input.importId);
    const row = await tx
      .selectFrom('rap_imports')
      .selectAll()
      .where('id', '=', input.importId)
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!row)
      throw notFound('That RAP sheet import', {
        entityType: 'rap_import',
        entityId: input.importId.slice(0, 64),
      });
    if (row.discarded_at) throw await discardedRefusal(tx, row);
    if (row.version !== input.version) throw await versionConflict(tx, 'this import', { ...row });
    if (row.state === 'queued' || row.state === 'running')
      throw new AppError(
        'BAD_INPUT',
        'This RAP sheet is still being read: cancel reading it first, then discard it.',
      );
    const convictions = await tx
      .selectFrom('rap_import_items')
      .innerJoin('convictions', 'convictions.id', 'rap_import_items.conviction_id')
      .select('convictions.id')
      .where('rap_import_items.import_id', '=', row.id)
      .where('convictions.removed_at', 'is', null)
      .execute();
    const arrests = await tx
      .selectFrom('arrests')
      .select('id')
      .where('source', '=', 'rap_sheet')
      .where('source_ref', '=', row.id)
      .where('removed_at', 'is', null)
      .execute();
    if (convictions.length > 0 || arrests.length > 0) {
      const entered = [
        convictions.length > 0 &&
          `${convictions.length} ${convictions.length === 1 ? 'conviction' : 'convictions'}`,
        arrests.length > 0 && `${arrests.length} ${arrests.length === 1 ? 'arrest' : 'arrests'}`,
      ]
        .filter(Boolean)
        .join(' and ');
      throw new AppError(
        'BAD_INPUT',
        `${entered} entered from this RAP sheet ${convictions.length + arrests.length === 1 ? 'is' : 'are'} on the matter, so it is kept as their source. If it is another person’s sheet, remove ${convictions.length + arrests.length === 1 ? 'it' : 'them'} first (a petition drafted on one is withdrawn before), then discard it.`,
        {
          // The log says why from these counts (packages/domain/src/audit-log.ts), not "bad input".
          audit: {
            entityType: 'rap_import',
            entityId: row.id,
            detail: {
              reason: 'rap_sheet_is_source',
              convictions: convictions.length,
              arrests: arrests.length,
            },
          },
        },
      );
    }
    const now = ctx.clock.now().toISOString();
    const filesOfRecords = await blankConvictionsReadFrom(tx, ctx, row.id, row.matter_id, input.reason);
    await blankArrestsReadFrom(tx, row.id, row.matter_id);
    // What was read from it (the proposals decided, the lines they came from) goes with the text.
    await tx.deleteFrom('rap_import_items').where('import_id', '=', row.id).execute();
    await tx
      .updateTable('rap_imports')
      .set({
        source_text: null,
        result: null,
        error: null,
        // A file's name may name the person ("Ruiz RAP 2024.pdf"): withheld with the sheet.
        source_name: '',
        progress_label: 'Discarded',
        locked_by: null,
        locked_until: null,
        discarded_at: now,
        discarded_by: ctx.user.id,
        discarded_reason: input.reason,
        updated_at: now,
        updated_by: ctx.user.id,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .execute();
    // Its file goes too, unless another import of the matter still reads it (it goes with the last).
    let erase: string | null = null;
    if (row.file_id) {
      const others = await tx
        .selectFrom('rap_imports')
        .select('id')
        .where('file_id', '=', row.file_id)
        .where('id', '!=', row.id)
        .where('discarded_at', 'is', null)
        .execute();
      const file = await tx
        .selectFrom('document_files')
        .select(['id', 'sha256', 'request_id', 'removed_at'])
        .where('id', '=', row.file_id)
        .executeTakeFirst();
      if (others.length === 0 && file && !file.removed_at)
        erase = await blankDocumentFile(tx, ctx, file, input.reason);
    }
    await recordEvent(
      tx,
      ctx,
      { id: row.matter_id, officeId: row.office_id },
      'rap_import_discarded',
      // Said to everyone who works the matter: nothing of the record, nor staff's reason.
      `A RAP sheet import was discarded as read into the wrong matter: its text${erase ? ' and file were' : ' was'} erased.`,
      { importId: row.id, ...(erase ? { fileId: row.file_id } : {}) },
    );
    if (erase || filesOfRecords.length > 0) await refreshQueueFacts(tx, row.matter_id);
    // The reason stays on the import's row (shown with the permission), not in the log.
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: row.matter_id,
      detail: { importId: row.id, discarded: true, ...(erase ? { fileId: row.file_id } : {}) },
    });
    return { id: row.id, version: row.version + 1, erase, filesOfRecords, fileErased: erase !== null };
  });
  await forgetErasedPages(ctx.db);
  if (discarded.erase) await eraseStoredFile(ctx, discarded.erase);
  for (const hash of discarded.filesOfRecords) await eraseStoredFile(ctx, hash);
  return { id: discarded.id, version: discarded.version, fileErased: discarded.fileErased };
}
