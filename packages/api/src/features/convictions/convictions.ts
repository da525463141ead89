// Convictions, entered by hand per matter. Every save keeps the previous version as a revision.
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
  recordAddedProblem,
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

export async function editConviction(ctx: OfficeContext, input: z.output<typeof editConvictionInputSchema>) {
  await requireRapSheetAccess(ctx, 'convictions.edit', input.convictionId);
  requirePossibleDates(ctx, input.conviction, 'conviction');
  return inTransaction(ctx.db, async ({ tx }) => {
    const current = await tx
      .selectFrom('convictions')
      .selectAll()
      .where('id', '=', input.convictionId)
      .executeTakeFirst();
    if (!current)
      throw notFound('That conviction', {
        entityType: 'conviction',
        entityId: input.convictionId,
      });
    if (current.version !== input.version) throw await versionConflict(tx, 'this conviction', current);
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
