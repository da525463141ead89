// Arrests that did not end in a conviction, entered by hand per matter or written by the RAP sheet
// import (addArrestIn, inside the import's own transaction). A removed arrest keeps its row, marked
// removed, so the decisions made on it keep what they were about.
import type { Arrest, RequestTx } from '@relief-desk/db';
import { inTransaction, newId } from '@relief-desk/db';
import {
  ARREST_FIELD_WORDS,
  type ArrestDisposition,
  type ArrestFields,
  type ArrestSource,
  type addArrestInputSchema,
  arrestDateProblems,
  arrestFieldsSchema,
  type BornOn,
  californiaDate,
  changedFieldWords,
  describeArrest,
  type editArrestInputSchema,
  type Level,
  PETITION_STATUS_LABELS,
  type PetitionStatus,
  type RemedyId,
  recordAddedProblem,
  type removeArrestInputSchema,
  type Tristate,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { badFields, badInput, notFound } from '../../errors.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { lockMatterOf } from '../../matter-core/lockMatters.ts';
import { requireMatter } from '../../matter-core/requireMatter.ts';
import { clientBornOn } from '../convictions/convictions.ts';
import { type ArrestDecisionView, currentArrestDecisions } from './decisions.ts';

interface Columns {
  arrest_date: string;
  agency: string;
  code: string;
  section: string;
  description: string;
  level: Level;
  disposition: ArrestDisposition;
  disposition_date: string | null;
  result_of_trafficking: Tristate;
  relief_granted_remedy: RemedyId | null;
  relief_granted_on: string | null;
}

export function arrestColumns(a: ArrestFields): Columns {
  return {
    arrest_date: a.arrestDate,
    agency: a.arrestAgency,
    code: a.code,
    section: a.section,
    description: a.offenseDescription,
    level: a.level,
    disposition: a.disposition,
    disposition_date: a.dispositionDate,
    result_of_trafficking: a.resultOfTrafficking,
    relief_granted_remedy: a.reliefGrantedRemedy,
    relief_granted_on: a.reliefGrantedOn,
  };
}

export function arrestFields(row: Arrest): ArrestFields {
  return {
    arrestDate: row.arrest_date,
    arrestAgency: row.agency,
    code: row.code,
    section: row.section,
    offenseDescription: row.description,
    level: row.level,
    disposition: row.disposition,
    dispositionDate: row.disposition_date,
    resultOfTrafficking: row.result_of_trafficking,
    reliefGrantedRemedy: row.relief_granted_remedy,
    reliefGrantedOn: row.relief_granted_on,
  };
}

/** An arrest as the API answers it. */
export interface ArrestView extends ArrestFields {
  id: string;
  matterId: string;
  version: number;
  source: ArrestSource;
  updatedAt: string;
}

export function arrestView(row: Arrest): ArrestView {
  return {
    id: row.id,
    matterId: row.matter_id,
    version: row.version,
    source: row.source,
    updatedAt: row.updated_at,
    ...arrestFields(row),
  };
}

/**
 * Writes one arrest on a matter, with its timeline event and audit row, inside the caller's
 * transaction: what the arrests form and the RAP sheet import both call. The caller has checked the
 * RAP sheet permission; the matter must be the caller's office's. `arrest` is read through the
 * domain schema (so an import's values meet the form's rules); `source` says where it came from.
 */
export async function addArrestIn(
  tx: RequestTx,
  ctx: OfficeContext,
  matterId: string,
  arrest: z.input<typeof arrestFieldsSchema>,
  source: { kind: ArrestSource; ref?: string | null } = { kind: 'manual' },
): Promise<{ id: string; version: number }> {
  const matter = await requireMatter(tx, matterId);
  const closed = recordAddedProblem(matter.stage, 'arrest');
  if (closed) throw badInput('matterId', closed);
  const fields = arrestFieldsSchema.parse(arrest);
  const id = newId(ctx.clock.now());
  const now = ctx.clock.now().toISOString();
  await tx
    .insertInto('arrests')
    .values({
      id,
      matter_id: matter.id,
      client_id: matter.client_id,
      office_id: matter.office_id,
      ...arrestColumns(fields),
      source: source.kind,
      source_ref: source.ref ?? null,
      version: 1,
      created_at: now,
      created_by: ctx.user.id,
      updated_at: now,
      updated_by: ctx.user.id,
    })
    .execute();
  await recordEvent(
    tx,
    ctx,
    { id: matter.id, officeId: matter.office_id },
    'arrest_added',
    `Arrest entered: ${describeArrest(fields)}${source.kind === 'rap_sheet' ? ' (from the RAP sheet)' : ''}.`,
    { arrestId: id },
  );
  await putOnRecord(tx, {
    action: 'arrests.add',
    entityType: 'arrest',
    entityId: id,
    detail: { matterIds: [matter.id], source: source.kind },
  });
  return { id, version: 1 };
}

/**
 * Refuses an arrest whose dates cannot be as of California's today (arrestDateProblems), as the rules
 * would: each problem on its field under `under`, the record named by `about` when the input holds many.
 */
export function requirePossibleArrestDates(
  ctx: OfficeContext,
  arrest: Pick<ArrestFields, 'arrestDate' | 'dispositionDate' | 'reliefGrantedOn'>,
  under: string,
  about?: string,
  born?: BornOn,
): void {
  const problems = arrestDateProblems(arrest, californiaDate(ctx.clock.now()), born);
  if (problems.length > 0) throw badFields(under, problems, about);
}

export async function addArrest(ctx: OfficeContext, input: z.output<typeof addArrestInputSchema>) {
  await requireRapSheetAccess(ctx, 'arrests.add', input.matterId);
  requirePossibleArrestDates(ctx, input.arrest, 'arrest');
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, input.matterId);
    // Before the client's birth: read with the write, as the conviction form's check.
    requirePossibleArrestDates(ctx, input.arrest, 'arrest', undefined, await clientBornOn(tx, matter.id));
    return addArrestIn(tx, ctx, matter.id, input.arrest);
  });
}

/** The petition drafted on an arrest (PC 851.91), the one not withdrawn: one petition an arrest. */
export interface ArrestPetitionView {
  id: string;
  status: PetitionStatus;
}

/** The matter's arrests (not removed), oldest first, each with its petition to seal if it has one. */
export async function listArrests(
  ctx: OfficeContext,
  matterId: string,
): Promise<
  (ArrestView & { decisions: Record<string, ArrestDecisionView>; petition: ArrestPetitionView | null })[]
> {
  await requireRapSheetAccess(ctx, 'arrests.list', matterId);
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, matterId);
    const rows = await arrestsOfMatter(tx, matter.id);
    const decisions = await currentArrestDecisions(
      tx,
      rows.map((r) => r.id),
    );
    // Whether a petition to seal is drafted already: the arrests panel offers one only when not.
    const petitions = await tx
      .selectFrom('petition_arrests')
      .innerJoin('petitions', 'petitions.id', 'petition_arrests.petition_id')
      .select(['petition_arrests.arrest_id', 'petitions.id', 'petitions.status'])
      .where('petitions.matter_id', '=', matter.id)
      .where('petitions.status', '!=', 'withdrawn')
      .execute();
    await putOnRecord(tx, { entityType: 'matter', entityId: matter.id });
    return rows.map((r) => {
      const petition = petitions.find((p) => p.arrest_id === r.id);
      return {
        ...arrestView(r),
        decisions: decisions.get(r.id) ?? {},
        petition: petition ? { id: petition.id, status: petition.status } : null,
      };
    });
  });
}

/** A matter's arrests that are not removed, in record order (arrest date, then id). */
export function arrestsOfMatter(tx: RequestTx, matterId: string): Promise<Arrest[]> {
  return tx
    .selectFrom('arrests')
    .selectAll()
    .where('matter_id', '=', matterId)
    .where('removed_at', 'is', null)
    .orderBy('arrest_date')
    .orderBy('id')
    .execute();
}

async function claimArrest(
  tx: RequestTx,
  ctx: OfficeContext,
  arrestId: string,
  version: number,
  set: Partial<Columns> & { removed_at?: string; removed_by?: string },
): Promise<Arrest> {
  const current = await tx
    .selectFrom('arrests')
    .selectAll()
    .where('id', '=', arrestId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (!current) throw notFound('That arrest', { entityType: 'arrest', entityId: arrestId });
  if (current.version !== version) throw await versionConflict(tx, 'this arrest', current);
  const saved = await tx
    .updateTable('arrests')
    .set({
      ...set,
      version: current.version + 1,
      updated_at: ctx.clock.now().toISOString(),
      updated_by: ctx.user.id,
    })
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .executeTakeFirst();
  // On PostgreSQL two saves from one version can both pass the check above; the later changes no row.
  if (saved.numUpdatedRows === 0n) {
    const now = await tx
      .selectFrom('arrests')
      .select(['updated_by', 'updated_at'])
      .where('id', '=', current.id)
      .executeTakeFirstOrThrow();
    throw await versionConflict(tx, 'this arrest', now);
  }
  return current;
}

export async function editArrest(ctx: OfficeContext, input: z.output<typeof editArrestInputSchema>) {
  await requireRapSheetAccess(ctx, 'arrests.edit', input.arrestId);
  requirePossibleArrestDates(ctx, input.arrest, 'arrest');
  return inTransaction(ctx.db, async ({ tx }) => {
    // Its matter first (lockMatters.ts): the change then updates the matter.
    await lockMatterOf(tx, 'arrests', input.arrestId);
    const current = await claimArrest(tx, ctx, input.arrestId, input.version, arrestColumns(input.arrest));
    // Refused after the claim (missing or stale said first): the throw rolls the update back.
    requirePossibleArrestDates(
      ctx,
      input.arrest,
      'arrest',
      undefined,
      await clientBornOn(tx, current.matter_id),
    );
    const before = arrestFields(current);
    const changed = (Object.keys(input.arrest) as (keyof ArrestFields)[]).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(input.arrest[k]),
    );
    await recordEvent(
      tx,
      ctx,
      { id: current.matter_id, officeId: current.office_id },
      'arrest_edited',
      `Arrest corrected: ${describeArrest(input.arrest)} (${changedFieldWords(ARREST_FIELD_WORDS, before, input.arrest).join('; ') || 'nothing changed'}).`,
      { arrestId: current.id, changed },
    );
    await putOnRecord(tx, {
      entityType: 'arrest',
      entityId: current.id,
      detail: { matterIds: [current.matter_id], changed },
    });
    return { id: current.id, version: current.version + 1 };
  });
}

/**
 * An arrest a petition (not withdrawn) holds stays on the matter: a petition drafted or filed on it,
 * and the court's outcome on it, would go on being filed, or told to the client as sealed, of an
 * arrest the matter no longer shows. The petition is corrected or withdrawn first, on the matter page.
 */
async function requireNoPetitionOn(tx: RequestTx, arrest: Arrest): Promise<void> {
  const petition = await tx
    .selectFrom('petition_arrests')
    .innerJoin('petitions', 'petitions.id', 'petition_arrests.petition_id')
    .select(['petitions.status', 'petitions.case_number'])
    .where('petition_arrests.arrest_id', '=', arrest.id)
    .where('petitions.status', '!=', 'withdrawn')
    .executeTakeFirst();
  if (!petition) return;
  const which = `Its petition to seal (PC 851.91${petition.case_number ? `, case ${petition.case_number}` : ''})`;
  throw badInput(
    'arrestId',
    petition.status === 'draft'
      ? `${which} is drafted: set the petition to “${PETITION_STATUS_LABELS.withdrawn}” first, then remove the arrest.`
      : `${which} is ${PETITION_STATUS_LABELS[petition.status].toLowerCase()}${
          petition.status === 'decided' ? ', and its outcome is what the client is told' : ' with the court'
        }: if the arrest was entered wrongly, correct it instead, or first set the petition to “${PETITION_STATUS_LABELS.withdrawn}” (its outcome set back to “No outcome yet”), then remove the arrest.`,
  );
}

export async function removeArrest(ctx: OfficeContext, input: z.output<typeof removeArrestInputSchema>) {
  await requireRapSheetAccess(ctx, 'arrests.remove', input.arrestId);
  return inTransaction(ctx.db, async ({ tx }) => {
    await lockMatterOf(tx, 'arrests', input.arrestId);
    const at = ctx.clock.now().toISOString();
    const current = await claimArrest(tx, ctx, input.arrestId, input.version, {
      removed_at: at,
      removed_by: ctx.user.id,
    });
    // Refused after the claim (missing or stale said first): the throw rolls the removal back.
    await requireNoPetitionOn(tx, current);
    // What the rules last suggested for it no longer stands (its decisions stay, as history).
    await tx.deleteFrom('arrest_suggestions').where('arrest_id', '=', current.id).execute();
    await recordEvent(
      tx,
      ctx,
      { id: current.matter_id, officeId: current.office_id },
      'arrest_removed',
      `Arrest removed: ${describeArrest(arrestFields(current))}.`,
      { arrestId: current.id },
    );
    await putOnRecord(tx, {
      entityType: 'arrest',
      entityId: current.id,
      detail: { matterIds: [current.matter_id] },
    });
    return { id: current.id, version: current.version + 1 };
  });
}
