// Decisions on arrest relief: append-only, as a conviction's. A new decision names the one it
// supersedes; deciding over a decision you have not seen is refused.
import { inTransaction, newId, type OfficeTx } from '@relief-desk/db';
import {
  type ARREST_REMEDY_IDS,
  californiaDate,
  type Determination,
  describeArrest,
  type recordArrestDecisionInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { lockMatterOf } from '../../matter-core/lockMatters.ts';
import { requireLatestSeen, suggestionAgainst } from '../decisions/checks.ts';
import { decisionSummary, historyEntryOf } from '../decisions/decisions.ts';
import { currentSuggestion } from '../eligibility/suggestions.ts';
import { arrestFields } from './arrests.ts';

type Input = z.output<typeof recordArrestDecisionInputSchema>;

export async function recordArrestDecision(ctx: OfficeContext, input: Input) {
  await requireRapSheetAccess(ctx, 'arrests.recordDecision', input.arrestId);
  return inTransaction(ctx.db, async ({ tx }) => {
    // Its matter first (lockMatters.ts): a status update or a stage move resting on the decisions
    // waits, or is seen. Then the arrest, so two attorneys deciding at once take turns on PostgreSQL
    // (SQLite already does).
    await lockMatterOf(tx, 'arrests', input.arrestId);
    const arrest = await tx
      .selectFrom('arrests')
      .selectAll()
      .where('id', '=', input.arrestId)
      .where('removed_at', 'is', null)
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!arrest)
      throw notFound('That arrest', {
        entityType: 'arrest',
        entityId: input.arrestId,
      });
    const suggestion = suggestionAgainst(
      input,
      await currentSuggestion(tx, arrest, input.remedy, californiaDate(ctx.clock.now()), 'arrest'),
    );
    const latest = await tx
      .selectFrom('arrest_decisions')
      .innerJoin('users', 'users.id', 'arrest_decisions.decided_by')
      .select(['arrest_decisions.id', 'arrest_decisions.decided_at', 'users.name'])
      .where('arrest_id', '=', arrest.id)
      .where('remedy', '=', input.remedy)
      .orderBy('arrest_decisions.decided_at', 'desc')
      .orderBy('arrest_decisions.id', 'desc')
      .executeTakeFirst();
    requireLatestSeen('arrest', input.supersedes, latest);
    const id = newId(ctx.clock.now());
    await tx
      .insertInto('arrest_decisions')
      .values({
        id,
        arrest_id: arrest.id,
        matter_id: arrest.matter_id,
        office_id: arrest.office_id,
        remedy: input.remedy,
        determination: input.determination,
        eligible_on: input.eligibleOn,
        missing_info: input.missingInfo,
        reasons: input.reasons,
        rules_version: suggestion?.rulesVersion ?? null,
        suggested_determination: suggestion?.determination ?? null,
        override_reason: input.overrideReason,
        supersedes: input.supersedes,
        decided_by: ctx.user.id,
        decided_at: ctx.clock.now().toISOString(),
      })
      .execute();
    await recordEvent(
      tx,
      ctx,
      { id: arrest.matter_id, officeId: arrest.office_id },
      'arrest_decision_recorded',
      decisionSummary(input, `the ${describeArrest(arrestFields(arrest))}`),
      { arrestId: arrest.id, decisionId: id },
    );
    await putOnRecord(tx, {
      entityType: 'arrest',
      entityId: arrest.id,
      detail: { matterIds: [arrest.matter_id], decisionId: id },
    });
    return { id };
  });
}

/**
 * Every decision on one arrest and remedy, newest first: the first is current, the rest superseded,
 * each with who decided and when. Criminal history, so it needs the RAP sheet permission, and each
 * reading is on record (as a conviction's decisions are). A removed arrest's decisions stay readable.
 */
export async function arrestDecisionHistory(
  ctx: OfficeContext,
  input: { arrestId: string; remedy: (typeof ARREST_REMEDY_IDS)[number] },
) {
  await requireRapSheetAccess(ctx, 'arrests.decisionHistory', input.arrestId);
  const arrest = await ctx.db
    .selectFrom('arrests')
    .select(['id', 'matter_id'])
    .where('id', '=', input.arrestId)
    .executeTakeFirst();
  if (!arrest)
    throw notFound('That arrest', {
      entityType: 'arrest',
      entityId: input.arrestId,
    });
  const rows = await ctx.db
    .selectFrom('arrest_decisions')
    .innerJoin('users', 'users.id', 'arrest_decisions.decided_by')
    .select([
      'arrest_decisions.id',
      'arrest_decisions.determination',
      'arrest_decisions.eligible_on',
      'arrest_decisions.missing_info',
      'arrest_decisions.reasons',
      'arrest_decisions.rules_version',
      'arrest_decisions.suggested_determination',
      'arrest_decisions.override_reason',
      'arrest_decisions.decided_at',
      'users.name as decided_by',
    ])
    .where('arrest_id', '=', arrest.id)
    .where('remedy', '=', input.remedy)
    .orderBy('arrest_decisions.decided_at', 'desc')
    .orderBy('arrest_decisions.id', 'desc')
    .execute();
  await putReadOnRecord(ctx.db, {
    entityType: 'arrest',
    entityId: arrest.id,
    detail: { matterIds: [arrest.matter_id] },
  });
  return rows.map(historyEntryOf);
}

/** The current (latest) decision per arrest and remedy, for the arrests list. */
export async function currentArrestDecisions(tx: OfficeTx, arrestIds: string[]) {
  if (arrestIds.length === 0) return new Map<string, Record<string, ArrestDecisionView>>();
  const rows = await tx
    .selectFrom('arrest_decisions')
    .innerJoin('users', 'users.id', 'arrest_decisions.decided_by')
    .selectAll('arrest_decisions')
    .select('users.name')
    .where('arrest_id', 'in', arrestIds)
    .orderBy('arrest_decisions.decided_at')
    .orderBy('arrest_decisions.id')
    .execute();
  const byArrest = new Map<string, Record<string, ArrestDecisionView>>();
  for (const r of rows) {
    const decisions = byArrest.get(r.arrest_id) ?? {};
    decisions[r.remedy] = {
      id: r.id,
      determination: r.determination,
      eligibleOn: r.eligible_on,
      reasons: r.reasons,
      missingInfo: r.missing_info,
      decidedBy: r.name,
      decidedAt: r.decided_at,
    };
    byArrest.set(r.arrest_id, decisions);
  }
  return byArrest;
}

export interface ArrestDecisionView {
  id: string;
  determination: Determination;
  eligibleOn: string | null;
  reasons: string;
  missingInfo: string;
  decidedBy: string;
  decidedAt: string;
}
