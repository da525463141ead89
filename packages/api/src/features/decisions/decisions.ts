// Eligibility decisions: append-only. A new decision names the one it supersedes; deciding over a
// decision you have not seen is refused, so two attorneys never silently overwrite each other.
import { type Conviction, type Database, inTransaction, newId, type RequestTx } from '@relief-desk/db';
import {
  type acceptSuggestionsInputSchema,
  californiaDate,
  DETERMINATION_LABELS,
  type Determination,
  describeConviction,
  type RemedyId,
  readableDate,
  type recordDecisionInputSchema,
  remedyLabel,
  suggestionReasonsText,
} from '@relief-desk/domain';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { convictionFields } from '../../matter-core/convictionColumns.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { lockMatterOf } from '../../matter-core/lockMatters.ts';
import { currentSuggestion } from '../eligibility/suggestions.ts';
import { requireLatestSeen, suggestionAgainst } from './checks.ts';

type DecisionInput = z.output<typeof recordDecisionInputSchema>;

export async function recordDecision(ctx: OfficeContext, input: DecisionInput) {
  await requireRapSheetAccess(ctx, 'decisions.record', input.convictionId);
  return inTransaction(ctx.db, async ({ tx }) => {
    const conviction = await lockConviction(tx, ctx, input.convictionId);
    return insertDecision(tx, ctx, conviction, input);
  });
}

/** Every suggestion the attorney accepted for one conviction, each its own decision, all or none. */
export async function acceptSuggestions(
  ctx: OfficeContext,
  input: z.output<typeof acceptSuggestionsInputSchema>,
) {
  await requireRapSheetAccess(ctx, 'decisions.record', input.convictionId);
  return inTransaction(ctx.db, async ({ tx }) => {
    const conviction = await lockConviction(tx, ctx, input.convictionId);
    const today = californiaDate(ctx.clock.now());
    const ids: string[] = [];
    for (const seen of input.accept) {
      const fresh = await currentSuggestion(tx, conviction, seen.remedy, today);
      const reasons = fresh ? suggestionReasonsText(fresh.suggestion.reasons) : '';
      const recorded = await insertDecision(tx, ctx, conviction, {
        convictionId: conviction.id,
        remedy: seen.remedy,
        determination: seen.determination,
        eligibleOn: fresh?.suggestion.eligibleOn ?? null,
        missingInfo: seen.determination === 'needs_more_info' ? reasons : '',
        reasons,
        supersedes: seen.supersedes,
        suggestion: { rulesVersion: seen.rulesVersion, determination: seen.determination },
        overrideReason: '',
      });
      ids.push(recorded.id);
    }
    return { ids };
  });
}

async function lockConviction(tx: RequestTx, ctx: OfficeContext, convictionId: string) {
  // Its matter first (lockMatters.ts): a status update or a stage move resting on the decisions waits,
  // or is seen. Then the conviction: two attorneys deciding on it at once take turns on PostgreSQL, so
  // the second sees the first's decision below (SQLite transactions already take turns).
  await lockMatterOf(tx, 'convictions', convictionId);
  const conviction = await tx
    .selectFrom('convictions')
    .selectAll()
    .where('id', '=', convictionId)
    // A removed conviction is decided no more (its decisions stay, as history).
    .where('removed_at', 'is', null)
    .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  if (!conviction) throw notFound('That conviction', { entityType: 'conviction', entityId: convictionId });
  return conviction;
}

/**
 * A decision as the matter's timeline says it, a conviction's or an arrest's: "<remedy> for PC 459
 * (felony), case 18CR0001: eligible later from Mar 7, 2027." (the date only where one was decided).
 */
export function decisionSummary(
  decision: { remedy: string; determination: Determination; eligibleOn: string | null },
  subject: string,
): string {
  const remedy = remedyLabel(decision.remedy);
  const from = decision.eligibleOn ? ` from ${readableDate(decision.eligibleOn)}` : '';
  return `${remedy} for ${subject}: ${DETERMINATION_LABELS[decision.determination].toLowerCase()}${from}.`;
}

async function insertDecision(
  tx: RequestTx,
  ctx: OfficeContext,
  conviction: Conviction,
  input: DecisionInput,
) {
  const suggestion = suggestionAgainst(
    input,
    await currentSuggestion(tx, conviction, input.remedy, californiaDate(ctx.clock.now())),
  );

  const latest = await tx
    .selectFrom('eligibility_decisions')
    .innerJoin('users', 'users.id', 'eligibility_decisions.decided_by')
    .select(['eligibility_decisions.id', 'eligibility_decisions.decided_at', 'users.name'])
    .where('conviction_id', '=', conviction.id)
    .where('remedy', '=', input.remedy)
    .orderBy('eligibility_decisions.decided_at', 'desc')
    .orderBy('eligibility_decisions.id', 'desc')
    .executeTakeFirst();
  requireLatestSeen('conviction', input.supersedes, latest);

  const id = newId(ctx.clock.now());
  await tx
    .insertInto('eligibility_decisions')
    .values({
      id,
      conviction_id: conviction.id,
      matter_id: conviction.matter_id,
      office_id: conviction.office_id,
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
    { id: conviction.matter_id, officeId: conviction.office_id },
    'decision_recorded',
    decisionSummary(input, describeConviction(convictionFields(conviction))),
    {
      convictionId: conviction.id,
      remedy: input.remedy,
      determination: input.determination,
      decisionId: id,
    },
  );
  await putOnRecord(tx, {
    action: 'decisions.record',
    entityType: 'eligibility_decision',
    entityId: id,
    detail: { convictionId: conviction.id, remedy: input.remedy, supersedes: input.supersedes },
  });
  return { id };
}

export async function decisionHistory(ctx: OfficeContext, input: { convictionId: string; remedy: RemedyId }) {
  await requireRapSheetAccess(ctx, 'decisions.history', input.convictionId);
  const conviction = await ctx.db
    .selectFrom('convictions')
    .select('id')
    .where('id', '=', input.convictionId)
    .executeTakeFirst();
  if (!conviction)
    throw notFound('That conviction', {
      entityType: 'conviction',
      entityId: input.convictionId,
    });
  const rows = await ctx.db
    .selectFrom('eligibility_decisions')
    .innerJoin('users', 'users.id', 'eligibility_decisions.decided_by')
    .select([
      'eligibility_decisions.id',
      'eligibility_decisions.determination',
      'eligibility_decisions.eligible_on',
      'eligibility_decisions.missing_info',
      'eligibility_decisions.reasons',
      'eligibility_decisions.rules_version',
      'eligibility_decisions.suggested_determination',
      'eligibility_decisions.override_reason',
      'eligibility_decisions.decided_at',
      'users.name as decided_by',
    ])
    .where('conviction_id', '=', input.convictionId)
    .where('remedy', '=', input.remedy)
    .orderBy('eligibility_decisions.decided_at', 'desc')
    .orderBy('eligibility_decisions.id', 'desc')
    .execute();
  await putReadOnRecord(ctx.db, {
    entityType: 'conviction',
    entityId: input.convictionId,
  });
  return rows.map(historyEntryOf);
}

/** One decision of a history, a conviction's or an arrest's (their decision tables share these columns). */
export function historyEntryOf(
  r: Pick<
    Selectable<Database['eligibility_decisions']>,
    | 'id'
    | 'determination'
    | 'eligible_on'
    | 'missing_info'
    | 'reasons'
    | 'rules_version'
    | 'suggested_determination'
    | 'override_reason'
    | 'decided_at'
  > & { decided_by: string },
) {
  return {
    id: r.id,
    determination: r.determination,
    eligibleOn: r.eligible_on,
    missingInfo: r.missing_info,
    reasons: r.reasons,
    rulesVersion: r.rules_version,
    suggestedDetermination: r.suggested_determination,
    overrideReason: r.override_reason,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
  };
}
