// Suggested determinations for every conviction and remedy of a matter, from the versioned rules.
// The suggestions shown are remembered, so a change of rules can list the matters to review again.
import { inTransaction, type Tx } from '@relief-desk/db';
import { californiaDate, describeConviction } from '@relief-desk/domain';
import type { RemedyResult } from '@relief-desk/eligibility';
import { requireRapSheetAccess } from '../../access.ts';
import { writeAudit } from '../../audit.ts';
import type { AuthedContext } from '../../context.ts';
import { convictionFields } from '../convictions/columns.ts';
import { requireMatter } from '../matters/scope.ts';
import { evaluateMatter, evaluateMatters } from './record.ts';

export async function matterSuggestions(ctx: AuthedContext, matterId: string) {
  await requireRapSheetAccess(ctx, 'eligibility.suggestions', matterId);
  const asOf = californiaDate(ctx.clock.now());
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, ctx, matterId, 'eligibility.suggestions');
    const evaluation = await evaluateMatter(tx, matter, asOf);
    const { facts } = evaluation;
    if (evaluation.ok)
      await rememberSuggestions(tx, ctx, matter, evaluation.result.rulesVersion, evaluation.result.results);
    await writeAudit(tx, ctx, {
      action: 'eligibility.suggestions',
      entityType: 'matter',
      entityId: matter.id,
    });
    return {
      asOf,
      personFacts: facts.facts,
      personFactsVersion: facts.version,
      ...(evaluation.ok
        ? { rulesVersion: evaluation.result.rulesVersion, results: evaluation.result.results, problems: [] }
        : { rulesVersion: null, results: [], problems: evaluation.problems }),
    };
  });
}

async function rememberSuggestions(
  tx: Tx,
  ctx: AuthedContext,
  matter: { id: string; office_id: string },
  rulesVersion: string,
  results: { convictionId: string; remedies: RemedyResult[] }[],
) {
  const now = ctx.clock.now().toISOString();
  const rows = results.flatMap((r) =>
    r.remedies.map((s) => ({
      conviction_id: r.convictionId,
      remedy: s.remedy,
      matter_id: matter.id,
      office_id: matter.office_id,
      rules_version: rulesVersion,
      determination: s.determination,
      eligible_on: s.eligibleOn,
      computed_at: now,
    })),
  );
  // Every view of the matter page asks for suggestions; rewrite them only when they changed, so a
  // read stays a read (but for its audit row).
  const fingerprint = (r: {
    conviction_id: string;
    remedy: string;
    rules_version: string;
    determination: string;
    eligible_on: string | null;
  }) => `${r.conviction_id}|${r.remedy}|${r.rules_version}|${r.determination}|${r.eligible_on ?? ''}`;
  const shown = await tx
    .selectFrom('eligibility_suggestions')
    .selectAll()
    .where('matter_id', '=', matter.id)
    .execute();
  const before = shown.map(fingerprint).sort().join('\n');
  if (before === rows.map(fingerprint).sort().join('\n')) return;
  await tx.deleteFrom('eligibility_suggestions').where('matter_id', '=', matter.id).execute();
  if (rows.length > 0) await tx.insertInto('eligibility_suggestions').values(rows).execute();
}

/** The suggestion the rules make today for one conviction and remedy, or null if they make none. */
export async function currentSuggestion(
  tx: Tx,
  conviction: { id: string; matter_id: string },
  remedy: string,
  asOf: string,
) {
  const matter = await tx
    .selectFrom('matters')
    .select(['id', 'client_id'])
    .where('id', '=', conviction.matter_id)
    .executeTakeFirstOrThrow();
  const evaluation = await evaluateMatter(tx, matter, asOf);
  if (!evaluation.ok) return null;
  const found = evaluation.result.results
    .find((r) => r.convictionId === conviction.id)
    ?.remedies.find((r) => r.remedy === remedy);
  return found ? { rulesVersion: evaluation.result.rulesVersion, suggestion: found } : null;
}

export interface SuggestionChange {
  convictionId: string;
  conviction: string;
  remedy: string;
  before: { rulesVersion: string; determination: string } | null;
  after: { rulesVersion: string; determination: string } | null;
}

/**
 * Open matters whose suggestions, run again with the rules in force today, differ from the ones
 * last shown: after a rules change (a new version, or a date passing an effective date), these need
 * an attorney's second look.
 */
export async function suggestionsToReview(ctx: AuthedContext) {
  await requireRapSheetAccess(ctx, 'eligibility.reviewList', null);
  const asOf = californiaDate(ctx.clock.now());
  const shown = await ctx.db
    .selectFrom('eligibility_suggestions')
    .innerJoin('matters', 'matters.id', 'eligibility_suggestions.matter_id')
    .innerJoin('clients', 'clients.id', 'matters.client_id')
    .select([
      'eligibility_suggestions.matter_id',
      'eligibility_suggestions.conviction_id',
      'eligibility_suggestions.remedy',
      'eligibility_suggestions.rules_version',
      'eligibility_suggestions.determination',
      'matters.reference',
      'matters.stage',
      'matters.client_id',
      'clients.legal_name',
    ])
    .where('eligibility_suggestions.office_id', '=', ctx.user.officeId)
    .where('matters.closed_at', 'is', null)
    .execute();
  const byMatter = new Map<string, typeof shown>();
  for (const row of shown) byMatter.set(row.matter_id, [...(byMatter.get(row.matter_id) ?? []), row]);
  const evaluations = await evaluateMatters(
    ctx.db,
    [...byMatter].map(([id, rows]) => ({ id, client_id: rows[0]?.client_id ?? '' })),
    asOf,
  );

  const review: { matterId: string; reference: string; clientName: string; changes: SuggestionChange[] }[] =
    [];
  for (const [matterId, rows] of byMatter) {
    const first = rows[0];
    if (!first) continue;
    const evaluation = evaluations.get(matterId);
    if (!evaluation?.ok) continue;
    const { convictions } = evaluation;
    const label = (id: string) => {
      const c = convictions.find((x) => x.id === id);
      return c ? describeConviction(convictionFields(c)) : 'a removed conviction';
    };
    const fresh = new Map(
      evaluation.result.results.flatMap((r) =>
        r.remedies.map((s): [string, string] => [`${r.convictionId}|${s.remedy}`, s.determination]),
      ),
    );
    const old = new Map(
      rows.map((r): [string, (typeof rows)[number]] => [`${r.conviction_id}|${r.remedy}`, r]),
    );
    const changes: SuggestionChange[] = [];
    for (const key of new Set([...fresh.keys(), ...old.keys()])) {
      const [convictionId = '', remedy = ''] = key.split('|');
      const before = old.get(key);
      const after = fresh.get(key);
      if (before?.determination === after) continue;
      changes.push({
        convictionId,
        conviction: label(convictionId),
        remedy,
        before: before ? { rulesVersion: before.rules_version, determination: before.determination } : null,
        after: after ? { rulesVersion: evaluation.result.rulesVersion, determination: after } : null,
      });
    }
    if (changes.length > 0)
      review.push({ matterId, reference: first.reference, clientName: first.legal_name, changes });
  }
  await writeAudit(ctx.db, ctx, {
    action: 'eligibility.reviewList',
    entityType: 'office',
    entityId: ctx.user.officeId,
    // Which matters' convictions were shown, for the disclosure report.
    detail: { matters: review.length, matterIds: review.map((r) => r.matterId) },
  });
  return review.sort((a, b) => a.reference.localeCompare(b.reference));
}
