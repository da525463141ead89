// Convictions, entered by hand per matter. Every save keeps the previous version as a revision. A
// conviction entered by mistake is removed: its row stays, marked removed, for the withdrawn petitions
// and the decisions that name it, and every read of the matter's record leaves it out.
import { inTransaction, newId, type RequestTx } from '@relief-desk/db';
import {
  type addConvictionInputSchema,
  type BornOn,
  CONVICTION_FIELD_WORDS,
  type ConvictionFields,
  californiaDate,
  changedFieldWords,
  convictionDateProblems,
  describeConviction,
  type editConvictionInputSchema,
  PETITION_STATUS_LABELS,
  recordAddedProblem,
  remedyLabel,
  type removeConvictionInputSchema,
  type Stage,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import { requireSaved, versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { badFields, badInput, notFound } from '../../errors.ts';
import { convictionColumns, convictionFields } from '../../matter-core/convictionColumns.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { lockMatterOf } from '../../matter-core/lockMatters.ts';
import { requireMatter } from '../../matter-core/requireMatter.ts';
import { draftsFollowCaseNumber } from '../petitions/followCaseNumber.ts';

async function saveRevision(
  tx: RequestTx,
  ctx: OfficeContext,
  convictionId: string,
  version: number,
  data: unknown,
) {
  await tx
    .insertInto('conviction_revisions')
    .values({
      id: newId(ctx.clock.now()),
      conviction_id: convictionId,
      version,
      data: JSON.stringify(data),
      changed_by: ctx.user.id,
      changed_at: ctx.clock.now().toISOString(),
    })
    .execute();
}

/**
 * Refuses a conviction whose dates cannot be as of California's today (convictionDateProblems): the
 * rules cannot read one, so it is refused where it is typed, each problem on its field under `under`.
 * Given `born` (read in the writer's transaction), a date before the client's birth or 14th birthday is
 * refused too.
 */
export function requirePossibleDates(
  ctx: OfficeContext,
  conviction: ConvictionFields,
  under: string,
  about?: string,
  born?: BornOn,
): void {
  const problems = convictionDateProblems(conviction, californiaDate(ctx.clock.now()), born);
  if (problems.length > 0) throw badFields(under, problems, about);
}

/**
 * The name and date of birth of a matter's client, read in the transaction that writes the record: a
 * conviction or arrest dated before the birth is a misread year (a correction of the birth date
 * meanwhile is seen, or waits).
 */
export async function clientBornOn(tx: RequestTx, matterId: string): Promise<BornOn> {
  const client = await tx
    .selectFrom('matters')
    .innerJoin('clients', 'clients.id', 'matters.client_id')
    .select(['clients.legal_name', 'clients.date_of_birth'])
    .where('matters.id', '=', matterId)
    .executeTakeFirstOrThrow();
  return { name: client.legal_name, dateOfBirth: client.date_of_birth };
}

export async function addConviction(ctx: OfficeContext, input: z.output<typeof addConvictionInputSchema>) {
  await requireRapSheetAccess(ctx, 'convictions.add', input.matterId);
  requirePossibleDates(ctx, input.conviction, 'conviction');
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, input.matterId);
    requirePossibleDates(ctx, input.conviction, 'conviction', undefined, await clientBornOn(tx, matter.id));
    return insertConviction(tx, ctx, matter, input.conviction);
  });
}

/**
 * Writes a new conviction with its first revision, its timeline event and its audit row, inside the
 * caller's transaction: the one writer for a conviction typed in by hand or accepted from a RAP sheet.
 */
export async function insertConviction(
  tx: RequestTx,
  ctx: OfficeContext,
  matter: { id: string; office_id: string; stage: Stage },
  conviction: ConvictionFields,
): Promise<{ id: string; version: number }> {
  const closed = recordAddedProblem(matter.stage, 'conviction');
  if (closed) throw badInput('matterId', closed);
  const id = newId(ctx.clock.now());
  const now = ctx.clock.now().toISOString();
  await tx
    .insertInto('convictions')
    .values({
      id,
      matter_id: matter.id,
      office_id: matter.office_id,
      ...convictionColumns(conviction),
      created_at: now,
      updated_at: now,
      updated_by: ctx.user.id,
      version: 1,
    })
    .execute();
  await saveRevision(tx, ctx, id, 1, conviction);
  await recordEvent(
    tx,
    ctx,
    { id: matter.id, officeId: matter.office_id },
    'conviction_added',
    `Conviction entered: ${describeConviction(conviction)}.`,
    { convictionId: id },
  );
  await putOnRecord(tx, {
    action: 'convictions.add',
    entityType: 'conviction',
    entityId: id,
    detail: { matterId: matter.id },
  });
  return { id, version: 1 };
}

/**
 * The conviction a change is about, still on its matter and at the version the caller saw: refused
 * as not found (another office's, or removed) or as changed since. `lock` takes its row on PostgreSQL.
 */
async function convictionAt(
  tx: RequestTx,
  ctx: OfficeContext,
  input: { convictionId: string; version: number },
  { lock = false } = {},
) {
  // Its matter first (lockMatters.ts): a change to the conviction then updates the matter.
  await lockMatterOf(tx, 'convictions', input.convictionId);
  const current = await tx
    .selectFrom('convictions')
    .selectAll()
    .where('id', '=', input.convictionId)
    .where('removed_at', 'is', null)
    .$if(lock && ctx.dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  if (!current) throw notFound('That conviction', { entityType: 'conviction', entityId: input.convictionId });
  if (current.version !== input.version) throw await versionConflict(tx, 'this conviction', current);
  return current;
}

export async function editConviction(ctx: OfficeContext, input: z.output<typeof editConvictionInputSchema>) {
  await requireRapSheetAccess(ctx, 'convictions.edit', input.convictionId);
  requirePossibleDates(ctx, input.conviction, 'conviction');
  return inTransaction(ctx.db, async ({ tx }) => {
    const current = await convictionAt(tx, ctx, input);
    requirePossibleDates(
      ctx,
      input.conviction,
      'conviction',
      undefined,
      await clientBornOn(tx, current.matter_id),
    );
    const version = current.version + 1;
    const saved = await tx
      .updateTable('convictions')
      .set({
        ...convictionColumns(input.conviction),
        updated_at: ctx.clock.now().toISOString(),
        updated_by: ctx.user.id,
        version,
      })
      .where('id', '=', current.id)
      .where('version', '=', current.version)
      .executeTakeFirst();
    await requireSaved(tx, saved, 'convictions', current.id, 'this conviction');
    await saveRevision(tx, ctx, current.id, version, input.conviction);
    const before = convictionFields(current);
    const changed = (Object.keys(input.conviction) as (keyof typeof before)[]).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(input.conviction[k]),
    );
    await recordEvent(
      tx,
      ctx,
      { id: current.matter_id, officeId: current.office_id },
      'conviction_edited',
      `Conviction edited: ${describeConviction(input.conviction)} (${changedFieldWords(CONVICTION_FIELD_WORDS, before, input.conviction).join('; ') || 'nothing changed'}).`,
      { convictionId: current.id, changed },
    );
    await putOnRecord(tx, {
      entityType: 'conviction',
      entityId: current.id,
      detail: { changed },
    });
    if (input.conviction.caseNumber !== current.case_number)
      await draftsFollowCaseNumber(tx, ctx, {
        id: current.id,
        matterId: current.matter_id,
        officeId: current.office_id,
        caseNumber: input.conviction.caseNumber,
      });
    return { id: current.id, version };
  });
}

/**
 * A conviction a petition (not withdrawn) holds stays on the matter: the petition would go on being
 * filed, or its outcome told to the client, of a conviction the matter no longer shows. The petition
 * is withdrawn first, on the matter page.
 */
async function requireNoPetitionOn(tx: RequestTx, convictionId: string): Promise<void> {
  const petition = await tx
    .selectFrom('petition_convictions')
    .innerJoin('petitions', 'petitions.id', 'petition_convictions.petition_id')
    .select(['petitions.status', 'petitions.case_number', 'petitions.remedy'])
    .where('petition_convictions.conviction_id', '=', convictionId)
    .where('petitions.status', '!=', 'withdrawn')
    .executeTakeFirst();
  if (!petition) return;
  const which = `Its petition (${remedyLabel(petition.remedy)}${petition.case_number ? `, case ${petition.case_number}` : ''})`;
  throw badInput(
    'convictionId',
    petition.status === 'draft'
      ? `${which} is drafted: set the petition to “${PETITION_STATUS_LABELS.withdrawn}” first, then remove the conviction.`
      : `${which} is ${PETITION_STATUS_LABELS[petition.status].toLowerCase()}${
          petition.status === 'decided' ? ', and its outcome is what the client is told' : ' with the court'
        }: if the conviction was entered wrongly, correct it instead, or first set the petition to “${PETITION_STATUS_LABELS.withdrawn}” (its outcomes set back to “No outcome yet”), then remove the conviction.`,
  );
}

export async function removeConviction(
  ctx: OfficeContext,
  input: z.output<typeof removeConvictionInputSchema>,
) {
  await requireRapSheetAccess(ctx, 'convictions.remove', input.convictionId);
  return inTransaction(ctx.db, async ({ tx }) => {
    const current = await convictionAt(tx, ctx, input, { lock: true });
    // Locked on PostgreSQL, so a petition drafted on it meanwhile has committed or waits.
    await requireNoPetitionOn(tx, current.id);
    const at = ctx.clock.now().toISOString();
    const saved = await tx
      .updateTable('convictions')
      .set({
        removed_at: at,
        removed_by: ctx.user.id,
        updated_at: at,
        updated_by: ctx.user.id,
        version: current.version + 1,
      })
      .where('id', '=', current.id)
      .where('version', '=', current.version)
      .executeTakeFirst();
    await requireSaved(tx, saved, 'convictions', current.id, 'this conviction');
    // What the rules last suggested for it no longer stands (its decisions stay, as history).
    await tx.deleteFrom('eligibility_suggestions').where('conviction_id', '=', current.id).execute();
    await recordEvent(
      tx,
      ctx,
      { id: current.matter_id, officeId: current.office_id },
      'conviction_removed',
      `Conviction removed: ${describeConviction(convictionFields(current))}.`,
      { convictionId: current.id },
    );
    await putOnRecord(tx, {
      entityType: 'conviction',
      entityId: current.id,
      detail: { matterId: current.matter_id },
    });
    return { id: current.id, version: current.version + 1 };
  });
}

export async function convictionHistory(ctx: OfficeContext, convictionId: string) {
  await requireRapSheetAccess(ctx, 'convictions.history', convictionId);
  const conviction = await ctx.db
    .selectFrom('convictions')
    .select('id')
    .where('id', '=', convictionId)
    .executeTakeFirst();
  if (!conviction)
    throw notFound('That conviction', {
      entityType: 'conviction',
      entityId: convictionId,
    });
  const rows = await ctx.db
    .selectFrom('conviction_revisions')
    .innerJoin('users', 'users.id', 'conviction_revisions.changed_by')
    .select([
      'conviction_revisions.version',
      'conviction_revisions.data',
      'conviction_revisions.changed_at',
      'users.name',
    ])
    .where('conviction_id', '=', convictionId)
    .orderBy('conviction_revisions.version', 'desc')
    .execute();
  await putReadOnRecord(ctx.db, {
    entityType: 'conviction',
    entityId: convictionId,
  });
  return rows.map((r) => ({
    version: r.version,
    changedAt: r.changed_at,
    changedBy: r.name,
    fields: JSON.parse(r.data) as unknown,
  }));
}
