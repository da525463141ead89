// RAP sheet import on a matter: start one (an uploaded RAP sheet file, or text), follow and cancel
// it while the server's worker reads it, open its review, and accept it: each proposal accepted
// (as proposed or edited) or dropped, in one transaction, the convictions written by the same writer
// as the conviction form, the arrests by the arrest form's (addArrestIn), the PC 290 fact by the same
// writer as the person-facts form.
import {
  type Db,
  firstIdAt,
  inTransaction,
  newId,
  type RapImportSourceKind,
  type Tx,
  takeTurns,
} from '@relief-desk/db';
import {
  ALLOWED_UPLOAD_TYPES,
  type acceptRapImportInputSchema,
  arrestFieldsSchema,
  californiaDate,
  type cancelRapImportInputSchema,
  convictionFieldsSchema,
  describeArrest,
  describeConviction,
  type IsoDate,
  isRapSheetKind,
  type RapImportState,
  type RemedyId,
  type startRapImportInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput, notFound } from '../../errors.ts';
import { otherNamesOf } from '../../matter-core/clientColumns.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { requireMatter } from '../../matter-core/requireMatter.ts';
import { addArrestIn, requirePossibleArrestDates } from '../arrests/arrests.ts';
import { clientBornOn, insertConviction, requirePossibleDates } from '../convictions/convictions.ts';
import { writePersonFacts } from '../eligibility/personFacts.ts';
import { personFactsOf } from '../eligibility/record.ts';
import { discardedRefusal } from './discard.ts';
import {
  type ArrestElsewhere,
  buildReview,
  type ConvictionElsewhere,
  type OtherMatter,
  type PetitionOnRecord,
  type RecordedElsewhere,
  type Review,
  type SourceLine,
  type StoredResult,
} from './proposals.ts';

let wakeWorker: () => void = () => {};
/** The server calls this once with its import worker, so a new import starts without waiting for a poll. */
export function configureRapImports(options: { wake: () => void }): void {
  wakeWorker = options.wake;
}

export async function startImport(ctx: OfficeContext, input: z.output<typeof startRapImportInputSchema>) {
  await requireRapSheetAccess(ctx, 'rapImports.start', input.matterId);
  const created = await inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, input.matterId);
    let fileId: string | null = null;
    let name: string;
    if (input.source.kind === 'file') {
      const file = await tx
        .selectFrom('document_files')
        .innerJoin('document_requests', 'document_requests.id', 'document_files.request_id')
        .select([
          'document_files.id',
          'document_files.filename',
          'document_files.content_type',
          'document_requests.kind',
        ])
        .where('document_files.id', '=', input.source.fileId)
        .where('document_files.matter_id', '=', matter.id)
        .where('document_files.removed_at', 'is', null)
        .executeTakeFirst();
      if (!file || !isRapSheetKind(file.kind))
        throw badInput('source.fileId', 'Choose a RAP sheet file attached to this matter.');
      if (!(ALLOWED_UPLOAD_TYPES as readonly string[]).includes(file.content_type))
        throw badInput('source.fileId', 'Only a PDF, PNG or JPEG RAP sheet can be read.');
      fileId = file.id;
      name = file.filename;
    } else {
      name = input.source.name || 'Pasted text';
    }
    const id = newId(ctx.clock.now());
    const now = ctx.clock.now().toISOString();
    await tx
      .insertInto('rap_imports')
      .values({
        id,
        office_id: matter.office_id,
        matter_id: matter.id,
        file_id: fileId,
        source_kind: input.source.kind,
        source_name: name,
        source_text: input.source.kind === 'text' ? input.source.text : null,
        state: 'queued',
        progress_label: 'Waiting to start',
        locked_by: null,
        locked_until: null,
        result: null,
        error: null,
        started_at: null,
        finished_at: null,
        created_by: ctx.user.id,
        created_at: now,
        updated_by: ctx.user.id,
        updated_at: now,
        version: 1,
      })
      .execute();
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: matter.id,
      detail: { importId: id, source: input.source.kind, ...(fileId ? { fileId } : {}) },
    });
    return { id, version: 1 };
  });
  wakeWorker();
  return created;
}

/** The import, from the caller's office only (a refusal is audited); `lock`: held till the transaction ends (PostgreSQL). */
async function importOf(ctx: OfficeContext, db: Db | Tx, importId: string, { lock = false } = {}) {
  const row = await db
    .selectFrom('rap_imports')
    .selectAll()
    .where('id', '=', importId)
    .$if(lock && ctx.dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row)
    throw notFound('That RAP sheet import', { entityType: 'rap_import', entityId: importId.slice(0, 64) });
  return row;
}

function summaryOf(row: {
  id: string;
  version: number;
  state: RapImportState;
  source_kind: RapImportSourceKind;
  source_name: string;
  progress_done: number;
  progress_total: number;
  progress_label: string;
  error: string | null;
  created_at: string;
  finished_at: string | null;
  matter_id: string;
  discarded_at: string | null;
  discarded_reason: string | null;
  discarded_by_name?: string | null;
}) {
  return {
    id: row.id,
    matterId: row.matter_id,
    version: row.version,
    state: row.state,
    sourceKind: row.source_kind,
    sourceName: row.source_name,
    progress: { done: row.progress_done, total: row.progress_total, label: row.progress_label },
    error: row.error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    discarded: row.discarded_at
      ? { at: row.discarded_at, by: row.discarded_by_name ?? null, reason: row.discarded_reason ?? '' }
      : null,
  };
}

/** A matter's imports, newest first, with their progress: what the page polls while one is read. */
export async function listImports(ctx: OfficeContext, matterId: string) {
  await requireRapSheetAccess(ctx, 'rapImports.list', matterId);
  const matter = await requireMatter(ctx.db, matterId);
  const rows = await ctx.db
    .selectFrom('rap_imports')
    .leftJoin('users', 'users.id', 'rap_imports.discarded_by')
    .select([
      'rap_imports.id',
      'rap_imports.matter_id',
      'rap_imports.version',
      'rap_imports.state',
      'rap_imports.source_kind',
      'rap_imports.source_name',
      'rap_imports.progress_done',
      'rap_imports.progress_total',
      'rap_imports.progress_label',
      'rap_imports.error',
      'rap_imports.created_at',
      'rap_imports.finished_at',
      'rap_imports.discarded_at',
      'rap_imports.discarded_reason',
      'users.name as discarded_by_name',
    ])
    .where('rap_imports.matter_id', '=', matter.id)
    .orderBy('rap_imports.created_at', 'desc')
    .orderBy('rap_imports.id', 'desc')
    .limit(20)
    .execute();
  const summaries = rows.map(summaryOf);
  await auditListOncePerVisit(ctx, matter.id, summaries);
  return summaries;
}

/** A person who sees a matter's imports again within this time, unchanged, is on the same visit. */
export const LIST_VISIT_MINUTES = 10;

/** Named, not the request's: the visit is found again in the log by this name. */
const LIST_ACTION = 'rapImports.list';

/**
 * The list tells that the client has a RAP sheet and, once one is read, how many convicted counts it
 * holds: a read of criminal history, audited. But the page polls it every second while an import is
 * read, so a row is written once per visit: when this person last saw the list of this matter more
 * than LIST_VISIT_MINUTES ago, or it now shows something it did not (an import added, or one whose
 * state changed, such as a finished one now giving its count). Decided on the server, from the log
 * and the audit journal.
 */
async function auditListOncePerVisit(
  ctx: OfficeContext,
  matterId: string,
  rows: Array<{ id: string; state: string; discarded: unknown }>,
) {
  const shown = {
    imports: rows.map((row) => ({ id: row.id, state: row.discarded ? 'discarded' : row.state })),
  };
  const detail = JSON.stringify(shown);
  const since = new Date(ctx.clock.now().getTime() - LIST_VISIT_MINUTES * 60_000);
  // A row still in the audit journal joins the chain after every row in the log: the newest is
  // looked for there first (a row chained between the two reads is then found in the log).
  const journaled = await ctx.db
    .selectFrom('audit_journal')
    .select('detail')
    .where('id', '>=', firstIdAt(since))
    .where('occurred_at', '>=', since.toISOString())
    .where('entity_id', '=', matterId)
    .where('office_id', '=', ctx.user.officeId)
    .where('actor_id', '=', ctx.user.id)
    .where('action', '=', LIST_ACTION)
    .where('outcome', '=', 'ok')
    // The order the journal joins the chain in.
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const last =
    journaled ??
    (await ctx.db
      .selectFrom('audit_log')
      .select('detail')
      .where('entity_id', '=', matterId)
      // An id is never older than its row's time, so the first bound lets the (entity_id, id) index
      // skip the matter's older rows; the second is the exact one.
      .where('id', '>=', firstIdAt(since))
      .where('occurred_at', '>=', since.toISOString())
      // Kept: the audit log is shared between offices (not held to one by the scope).
      .where('office_id', '=', ctx.user.officeId)
      .where('actor_id', '=', ctx.user.id)
      .where('action', '=', LIST_ACTION)
      .where('outcome', '=', 'ok')
      // The office's chain order: ids made in the same millisecond do not say which came first.
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst());
  if (last?.detail === detail) return;
  await putReadOnRecord(ctx.db, {
    action: LIST_ACTION,
    entityType: 'matter',
    entityId: matterId,
    detail: shown,
  });
}

/**
 * What the client's other matters of this office record (their convictions and arrests, with the
 * petitions naming them): a conviction read from the sheet that one of them holds is shown as recorded
 * there, not proposed as new. Only the import's own office's matters, whoever the client is elsewhere.
 */
async function elsewhereOf(
  db: Db | Tx,
  row: { matter_id: string; office_id: string },
  clientId: string,
): Promise<{ convictions: ConvictionElsewhere[]; arrests: ArrestElsewhere[] }> {
  const matters = await db
    .selectFrom('matters')
    .select(['id', 'reference', 'county'])
    .where('client_id', '=', clientId)
    .where('office_id', '=', row.office_id)
    .where('id', '!=', row.matter_id)
    .orderBy('reference')
    .execute();
  if (matters.length === 0) return { convictions: [], arrests: [] };
  const ids = matters.map((m) => m.id);
  const matterOf = (id: string) => matters.find((m) => m.id === id) as OtherMatter;
  const convictions = await db
    .selectFrom('convictions')
    .select([
      'id',
      'matter_id',
      'case_number',
      'code',
      'section',
      'relief_granted_remedy',
      'relief_granted_on',
    ])
    .where('matter_id', 'in', ids)
    .where('office_id', '=', row.office_id)
    .where('removed_at', 'is', null)
    .orderBy('id')
    .execute();
  const arrests = await db
    .selectFrom('arrests')
    .select([
      'id',
      'matter_id',
      'arrest_date',
      'agency',
      'section',
      'relief_granted_remedy',
      'relief_granted_on',
    ])
    .where('matter_id', 'in', ids)
    .where('office_id', '=', row.office_id)
    .where('removed_at', 'is', null)
    .orderBy('id')
    .execute();
  const petitionColumns = ['petitions.remedy', 'petitions.status', 'petitions.decided_on'] as const;
  const convictionPetitions =
    convictions.length === 0
      ? []
      : await db
          .selectFrom('petition_convictions')
          .innerJoin('petitions', 'petitions.id', 'petition_convictions.petition_id')
          .select([
            ...petitionColumns,
            'petition_convictions.conviction_id as record_id',
            'petition_convictions.outcome',
          ])
          .where('petitions.matter_id', 'in', ids)
          .where('petitions.office_id', '=', row.office_id)
          .orderBy('petitions.id')
          .execute();
  const arrestPetitions =
    arrests.length === 0
      ? []
      : await db
          .selectFrom('petition_arrests')
          .innerJoin('petitions', 'petitions.id', 'petition_arrests.petition_id')
          .select([...petitionColumns, 'petition_arrests.arrest_id as record_id', 'petition_arrests.outcome'])
          .where('petitions.matter_id', 'in', ids)
          .where('petitions.office_id', '=', row.office_id)
          .orderBy('petitions.id')
          .execute();
  const petitionsOf = (rows: typeof convictionPetitions, id: string): PetitionOnRecord[] =>
    rows
      .filter((p) => p.record_id === id)
      .map((p) => ({ remedy: p.remedy, status: p.status, outcome: p.outcome, decidedOn: p.decided_on }));
  const there = (r: {
    id: string;
    matter_id: string;
    relief_granted_remedy: RemedyId | null;
    relief_granted_on: string | null;
  }) => ({
    matter: matterOf(r.matter_id),
    reliefGrantedRemedy: r.relief_granted_remedy,
    reliefGrantedOn: r.relief_granted_on,
  });
  return {
    convictions: convictions.map((c) => ({
      ...c,
      ...there(c),
      petitions: petitionsOf(convictionPetitions, c.id),
    })),
    arrests: arrests.map((a) => ({ ...a, ...there(a), petitions: petitionsOf(arrestPetitions, a.id) })),
  };
}

async function reviewOf(
  db: Db | Tx,
  row: { id: string; matter_id: string; office_id: string; result: string | null },
  // California's date, against which a proposed date that cannot be (after today) is flagged.
  today: IsoDate,
): Promise<Review & { personFactsVersion: number; shownElsewhere: string[] }> {
  const matter = await db
    .selectFrom('matters')
    .innerJoin('clients', 'clients.id', 'matters.client_id')
    .select(['matters.client_id', 'clients.legal_name', 'clients.other_names', 'clients.date_of_birth'])
    .where('matters.id', '=', row.matter_id)
    .executeTakeFirstOrThrow();
  const facts = await personFactsOf(db, matter.client_id);
  // Not read yet: nothing to propose, and nothing else to look up.
  if (!row.result)
    return {
      proposals: [],
      personFactProposals: [],
      personRecord: [],
      rapArrests: [],
      rapWarnings: [],
      otherPerson: null,
      personFactsVersion: facts.version,
      shownElsewhere: [],
    };
  const existing = await db
    .selectFrom('convictions')
    .select(['id', 'case_number', 'code', 'section'])
    .where('matter_id', '=', row.matter_id)
    .where('removed_at', 'is', null)
    .execute();
  const existingArrests = await db
    .selectFrom('arrests')
    .select(['id', 'arrest_date', 'agency', 'section'])
    .where('matter_id', '=', row.matter_id)
    .where('removed_at', 'is', null)
    .execute();
  const items = await db
    .selectFrom('rap_import_items')
    .select(['item_key', 'outcome'])
    .where('import_id', '=', row.id)
    .execute();
  const elsewhere = await elsewhereOf(db, row, matter.client_id);
  const review = buildReview({
    today,
    result: JSON.parse(row.result) as StoredResult,
    client: {
      legalName: matter.legal_name,
      otherNames: otherNamesOf(matter),
      dateOfBirth: matter.date_of_birth,
    },
    existing,
    existingArrests,
    elsewhere,
    facts: facts.facts,
    decided: new Map(items.map((i) => [i.item_key, i.outcome as 'accepted' | 'edited' | 'dropped'])),
  });
  for (const proposal of review.personFactProposals) {
    const item = items.find((i) => i.item_key === proposal.key);
    if (item) proposal.outcome = item.outcome === 'dropped' ? 'dropped' : 'accepted';
  }
  // The other matters whose records the review shows: a read of their criminal history too.
  const shownElsewhere = [
    ...new Set(
      [...review.proposals, ...review.rapArrests].flatMap((p) => (p.elsewhere ? [p.elsewhere.matterId] : [])),
    ),
  ];
  return { ...review, personFactsVersion: facts.version, shownElsewhere };
}

/** The review screen: the import, and (once read) what it proposes beside the lines it came from. */
export async function reviewImport(ctx: OfficeContext, importId: string) {
  await requireRapSheetAccess(ctx, 'rapImports.review', importId);
  const row = await importOf(ctx, ctx.db, importId);
  if (row.discarded_at) throw await discardedRefusal(ctx.db, row);
  const { shownElsewhere, ...review } = await reviewOf(ctx.db, row, californiaDate(ctx.clock.now()));
  await putReadOnRecord(ctx.db, {
    entityType: 'matter',
    entityId: row.matter_id,
    detail: { importId: row.id },
  });
  for (const otherMatterId of shownElsewhere)
    await putReadOnRecord(ctx.db, {
      entityType: 'matter',
      entityId: otherMatterId,
      detail: { importId: row.id, shownOnMatter: row.matter_id },
    });
  return { import: summaryOf(row), ...review };
}

export async function cancelImport(ctx: OfficeContext, input: z.output<typeof cancelRapImportInputSchema>) {
  await requireRapSheetAccess(ctx, 'rapImports.cancel', input.importId);
  return inTransaction(ctx.db, async ({ tx }) => {
    const row = await importOf(ctx, tx, input.importId, { lock: true });
    if (row.discarded_at) throw await discardedRefusal(tx, row);
    if (row.state !== 'queued' && row.state !== 'running')
      throw new AppError('BAD_INPUT', 'This import has finished reading: there is nothing to cancel.');
    // Progress writes change no version: cancelling is refused only over another person's change.
    if (row.version !== input.version) throw await versionConflict(tx, 'this import', { ...row });
    const now = ctx.clock.now().toISOString();
    await tx
      .updateTable('rap_imports')
      .set({
        state: 'cancelled',
        locked_by: null,
        locked_until: null,
        progress_label: 'Cancelled',
        finished_at: now,
        updated_at: now,
        updated_by: ctx.user.id,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .execute();
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: row.matter_id,
      detail: { importId: row.id },
    });
    return { id: row.id, version: row.version + 1 };
  });
}

export async function acceptImport(ctx: OfficeContext, input: z.output<typeof acceptRapImportInputSchema>) {
  await requireRapSheetAccess(ctx, 'rapImports.accept', input.importId);
  return inTransaction(ctx.db, async ({ tx }) => {
    const row = await importOf(ctx, tx, input.importId, { lock: true });
    if (row.discarded_at) throw await discardedRefusal(tx, row);
    if (row.version !== input.version) throw await versionConflict(tx, 'this import', { ...row });
    if (row.state === 'reviewed')
      throw new AppError(
        'BAD_INPUT',
        'This import has been reviewed already. Read the RAP sheet again to review it anew.',
      );
    if (row.state !== 'ready') throw new AppError('BAD_INPUT', 'This import has not finished reading yet.');
    // Accepts on one matter take turns: two imports of the same sheet accepted at once must not both
    // find its convictions new and enter them twice (each locks only its own import).
    await takeTurns(tx, 'rap-accept', row.matter_id);
    const matter = await requireMatter(tx, row.matter_id);
    const review = await reviewOf(tx, row, californiaDate(ctx.clock.now()));
    if (review.personFactsVersion !== input.personFactsVersion) {
      const facts = await personFactsOf(tx, matter.client_id);
      throw await versionConflict(tx, 'the facts about this person', {
        updated_by: facts.updatedBy,
        updated_at: facts.updatedAt ?? ctx.clock.now().toISOString(),
      });
    }

    const byKey = checkDecisions(input.convictions, review.proposals, 'convictions', {
      notPart: 'That proposal is not part of this import. Reload the review.',
      twice: 'This conviction is already on the matter: it cannot be accepted twice.',
      undecided: 'Accept, edit or drop every proposed conviction first',
    });
    const arrestsByKey = checkDecisions(input.arrests, review.rapArrests, 'arrests', {
      notPart: 'That arrest is not part of this import. Reload the review.',
      twice: 'This arrest is already on the matter: it cannot be entered twice.',
      undecided: 'Accept, edit or drop every arrest first',
    });
    // A sheet of another person (date of birth, names) is entered only when the attorney says so.
    const accepting =
      input.convictions.some((d) => d.decision === 'accept') ||
      input.arrests.some((d) => d.decision === 'accept') ||
      input.personFacts.some((d) => d.decision === 'accept');
    if (review.otherPerson && accepting && input.confirmOtherPerson !== true)
      throw new AppError(
        'BAD_INPUT',
        `${review.otherPerson.replace(/ Check that it is .*$/, '')} To accept from it, tick “This sheet is of another person than the client’s record shows: I have checked it is the client’s” and save again; otherwise drop every proposal.`,
      );

    const now = ctx.clock.now().toISOString();
    const decided = (
      kind: 'conviction' | 'arrest' | 'person_fact',
      proposal: { key: string; source: SourceLine[] },
      outcome: 'accepted' | 'edited' | 'dropped',
      convictionId: string | null = null,
    ) =>
      tx
        .insertInto('rap_import_items')
        .values({
          id: newId(ctx.clock.now()),
          import_id: row.id,
          office_id: row.office_id,
          item_key: proposal.key,
          kind,
          outcome,
          conviction_id: convictionId,
          lines: JSON.stringify(proposal.source.filter((l) => l.used).map((l) => l.line)),
          decided_by: ctx.user.id,
          decided_at: now,
        })
        .execute();
    const counts = { accepted: 0, edited: 0, dropped: 0, facts: 0, arrests: 0, arrestsDropped: 0 };
    // Counts the client's other matter records, entered here too on the attorney's choice: kept with
    // the matter each came from, on the timeline and in the audit row.
    const alsoRecorded: {
      key: string;
      kind: 'conviction' | 'arrest';
      fromMatter: string;
      reference: string;
    }[] = [];
    const recordedToo = (
      kind: 'conviction' | 'arrest',
      p: { key: string; elsewhere: RecordedElsewhere | null },
    ) => {
      if (p.elsewhere)
        alsoRecorded.push({
          key: p.key,
          kind,
          fromMatter: p.elsewhere.matterId,
          reference: p.elsewhere.reference,
        });
    };
    // A year misread from the record can put a conviction or arrest before the client's birth.
    const born = await clientBornOn(tx, matter.id);
    for (const [index, decision] of input.convictions.entries()) {
      const proposal = byKey.get(decision.key);
      if (!proposal || proposal.status === 'recorded') continue;
      let convictionId: string | null = null;
      let outcome: 'accepted' | 'edited' | 'dropped' = 'dropped';
      if (decision.decision === 'accept') {
        // As the conviction form: a date that cannot be (flagged in the review) is corrected first.
        requirePossibleDates(
          ctx,
          decision.conviction,
          `convictions.${index}.conviction`,
          describeConviction(decision.conviction),
          born,
        );
        outcome = asProposed(convictionFieldsSchema, proposal.fields, decision.conviction);
        convictionId = (await insertConviction(tx, ctx, matter, decision.conviction)).id;
        recordedToo('conviction', proposal);
      }
      counts[outcome]++;
      await decided('conviction', proposal, outcome, convictionId);
    }
    for (const [index, decision] of input.arrests.entries()) {
      const proposal = arrestsByKey.get(decision.key);
      if (!proposal || proposal.status === 'recorded') continue;
      let outcome: 'accepted' | 'edited' | 'dropped' = 'dropped';
      if (decision.decision === 'accept') {
        requirePossibleArrestDates(
          ctx,
          decision.arrest,
          `arrests.${index}.arrest`,
          describeArrest(decision.arrest),
          born,
        );
        outcome = asProposed(arrestFieldsSchema, proposal.fields, decision.arrest);
        await addArrestIn(tx, ctx, matter.id, decision.arrest, { kind: 'rap_sheet', ref: row.id });
        counts.arrests++;
        recordedToo('arrest', proposal);
      } else counts.arrestsDropped++;
      await decided('arrest', proposal, outcome);
    }
    for (const [index, decision] of input.personFacts.entries()) {
      const proposal = review.personFactProposals.find((p) => p.key === decision.key);
      if (!proposal)
        throw badInput(
          `personFacts.${index}.key`,
          'That fact is not part of this import. Reload the review.',
        );
      if (decision.decision === 'accept') {
        const current = await personFactsOf(tx, matter.client_id);
        await writePersonFacts(tx, ctx, matter, input.personFactsVersion, {
          ...current.facts,
          [proposal.key]: proposal.value,
        });
        counts.facts++;
      }
      await decided('person_fact', proposal, decision.decision === 'accept' ? 'accepted' : 'dropped');
    }
    const saved = await tx
      .updateTable('rap_imports')
      .set({ state: 'reviewed', updated_at: now, updated_by: ctx.user.id, version: row.version + 1 })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (saved.numUpdatedRows === 0n) throw await versionConflict(tx, 'this import', { ...row });
    const taken = counts.accepted + counts.edited;
    const references = [...new Set(alsoRecorded.map((a) => a.reference))].join(', ');
    await recordEvent(
      tx,
      ctx,
      { id: matter.id, officeId: matter.office_id },
      'rap_import_reviewed',
      `RAP sheet reviewed: ${taken} ${taken === 1 ? 'conviction' : 'convictions'} entered (${counts.edited} edited), ${counts.dropped} dropped; ${counts.arrests} ${counts.arrests === 1 ? 'arrest' : 'arrests'} entered, ${counts.arrestsDropped} dropped.${alsoRecorded.length > 0 ? ` Recorded here too, by choice, though the client’s other matter ${references} has ${alsoRecorded.length === 1 ? 'it' : 'them'}: ${alsoRecorded.length}.` : ''}`,
      { importId: row.id, ...counts, ...(alsoRecorded.length > 0 ? { alsoRecorded } : {}) },
    );
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: matter.id,
      detail: { importId: row.id, ...counts, ...(alsoRecorded.length > 0 ? { alsoRecorded } : {}) },
    });
    return { id: row.id, version: row.version + 1, ...counts };
  });
}

/**
 * Each decision names a proposal of the import, once, and accepts none already on the matter; every
 * proposal still new is decided. Returns the proposals by key.
 */
function checkDecisions<P extends { key: string; status: 'new' | 'recorded' | 'elsewhere' }>(
  decisions: readonly { key: string; decision: 'accept' | 'drop' }[],
  proposals: readonly P[],
  field: 'convictions' | 'arrests',
  words: { notPart: string; twice: string; undecided: string },
): Map<string, P> {
  const byKey = new Map(proposals.map((p) => [p.key, p]));
  const seen = new Set<string>();
  decisions.forEach((decision, index) => {
    const proposal = byKey.get(decision.key);
    if (!proposal || seen.has(decision.key)) throw badInput(`${field}.${index}.key`, words.notPart);
    if (proposal.status === 'recorded' && decision.decision === 'accept')
      throw badInput(`${field}.${index}`, words.twice);
    seen.add(decision.key);
  });
  const undecided = proposals.filter((p) => p.status === 'new' && !seen.has(p.key)).length;
  if (undecided > 0)
    throw new AppError(
      'BAD_INPUT',
      `${words.undecided}: ${undecided} ${undecided === 1 ? 'is' : 'are'} still undecided.`,
    );
  return byKey;
}

/** Accepted as proposed, or edited: what was entered against the proposal read by the form's schema. */
function asProposed(schema: z.ZodType, proposed: unknown, entered: unknown): 'accepted' | 'edited' {
  const read = schema.safeParse(proposed);
  return read.success && JSON.stringify(read.data) === JSON.stringify(entered) ? 'accepted' : 'edited';
}
