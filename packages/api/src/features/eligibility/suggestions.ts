// Suggested determinations for every conviction and remedy of a matter, from the versioned rules.
// The suggestions shown are remembered, so a change of rules can list the matters to review again.
import { inTransaction, type OfficeTx, takeTurns } from '@relief-desk/db';
import { californiaDate, type Determination, describeArrest, describeConviction } from '@relief-desk/domain';
import type { EligibilityResult, RemedyResult } from '@relief-desk/eligibility';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { convictionFields } from '../../matter-core/convictionColumns.ts';
import { requireMatter } from '../../matter-core/requireMatter.ts';
import { arrestFields } from '../arrests/arrests.ts';
import { evaluateMatter, evaluateMatters } from './record.ts';

export async function matterSuggestions(ctx: OfficeContext, matterId: string) {
  await requireRapSheetAccess(ctx, 'eligibility.suggestions', matterId);
  const asOf = californiaDate(ctx.clock.now());
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, matterId);
    const evaluation = await evaluateMatter(tx, matter, asOf);
    const { facts } = evaluation;
    const rewrote = evaluation.ok && (await rememberSuggestions(tx, ctx, matter, evaluation.result));
    // Rewriting the remembered suggestions is a change, on the chain with it; else only a read.
    await (rewrote ? putOnRecord : putReadOnRecord)(tx, {
      entityType: 'matter',
      entityId: matter.id,
    });
    return {
      asOf,
      personFacts: facts.facts,
      personFactsVersion: facts.version,
      ...(evaluation.ok
        ? {
            rulesVersion: evaluation.result.rulesVersion,
            results: evaluation.result.results,
            arrestResults: evaluation.result.arrestResults ?? [],
            problems: [],
            leftOut: evaluation.leftOut,
          }
        : {
            rulesVersion: null,
            results: [],
            arrestResults: [],
            problems: evaluation.problems,
            leftOut: [],
          }),
    };
  });
}

/** What a remembered suggestion is compared by: a change in any of these lists the matter for review. */
const fingerprint = (r: {
  id: string;
  remedy: string;
  rules_version: string;
  determination: string;
  eligible_on: string | null;
}) => `${r.id}|${r.remedy}|${r.rules_version}|${r.determination}|${r.eligible_on ?? ''}`;

/** True when the suggestions shown differ from those remembered, and were written: a change. */
async function rememberSuggestions(
  tx: OfficeTx,
  ctx: OfficeContext,
  matter: { id: string; office_id: string },
  result: EligibilityResult,
): Promise<boolean> {
  const now = ctx.clock.now().toISOString();
  const rowsOf = (results: { id: string; remedies: RemedyResult[] }[]) =>
    results.flatMap((r) =>
      r.remedies.map((s) => ({
        id: r.id,
        remedy: s.remedy,
        matter_id: matter.id,
        office_id: matter.office_id,
        rules_version: result.rulesVersion,
        determination: s.determination,
        eligible_on: s.eligibleOn,
        computed_at: now,
      })),
    );
  const convictionRows = rowsOf(result.results.map((r) => ({ id: r.convictionId, remedies: r.remedies })));
  const arrestRows = rowsOf(
    (result.arrestResults ?? []).map((r) => ({ id: r.arrestId, remedies: r.remedies })),
  );
  // Every view of the matter page asks for suggestions; rewrite them only when they changed, so a
  // read stays a read (but for its audit row).
  const same = (shown: Parameters<typeof fingerprint>[0][], rows: Parameters<typeof fingerprint>[0][]) =>
    shown.map(fingerprint).sort().join('\n') === rows.map(fingerprint).sort().join('\n');
  const changed = async () => {
    const [shownConvictions, shownArrests] = await Promise.all([
      tx.selectFrom('eligibility_suggestions').selectAll().where('matter_id', '=', matter.id).execute(),
      tx.selectFrom('arrest_suggestions').selectAll().where('matter_id', '=', matter.id).execute(),
    ]);
    return {
      convictions: !same(
        shownConvictions.map((r) => ({ ...r, id: r.conviction_id })),
        convictionRows,
      ),
      arrests: !same(
        shownArrests.map((r) => ({ ...r, id: r.arrest_id })),
        arrestRows,
      ),
    };
  };
  let rewrite = await changed();
  if (!rewrite.convictions && !rewrite.arrests) return false;
  // Two views of the same matter at once (two tabs, two colleagues) would both rewrite them, and on
  // PostgreSQL the second insert would fail on the key: one at a time, each comparing again in turn.
  await takeTurns(tx, 'eligibility-suggestions', matter.id);
  rewrite = await changed();
  if (rewrite.convictions) {
    await tx.deleteFrom('eligibility_suggestions').where('matter_id', '=', matter.id).execute();
    if (convictionRows.length > 0)
      await tx
        .insertInto('eligibility_suggestions')
        .values(convictionRows.map(({ id, ...r }) => ({ ...r, conviction_id: id })))
        .execute();
  }
  if (rewrite.arrests) {
    await tx.deleteFrom('arrest_suggestions').where('matter_id', '=', matter.id).execute();
    if (arrestRows.length > 0)
      await tx
        .insertInto('arrest_suggestions')
        .values(arrestRows.map(({ id, ...r }) => ({ ...r, arrest_id: id })))
        .execute();
  }
  return rewrite.convictions || rewrite.arrests;
}

/**
 * The suggestion the rules make today for one conviction (or, with `kind` 'arrest', one arrest) and
 * remedy, or null if they make none.
 */
export async function currentSuggestion(
  tx: OfficeTx,
  record: { id: string; matter_id: string },
  remedy: string,
  asOf: string,
  kind: 'conviction' | 'arrest' = 'conviction',
) {
  const matter = await tx
    .selectFrom('matters')
    .select(['id', 'client_id'])
    .where('id', '=', record.matter_id)
    .executeTakeFirstOrThrow();
  const evaluation = await evaluateMatter(tx, matter, asOf);
  if (!evaluation.ok) return null;
  const remedies =
    kind === 'conviction'
      ? evaluation.result.results.find((r) => r.convictionId === record.id)?.remedies
      : evaluation.result.arrestResults?.find((r) => r.arrestId === record.id)?.remedies;
  const found = remedies?.find((r) => r.remedy === remedy);
  return found ? { rulesVersion: evaluation.result.rulesVersion, suggestion: found } : null;
}

/** One suggestion as remembered or as the rules make it today. */
export interface SuggestionState {
  rulesVersion: string;
  determination: Determination;
  /** The day an `eligible_later` remedy becomes available; null otherwise. */
  eligibleOn: string | null;
}

export interface SuggestionChange {
  /** What the suggestion is about: a conviction, or an arrest that did not end in one. */
  record: 'conviction' | 'arrest';
  /** The conviction's or arrest's id. */
  recordId: string;
  /** How the record reads: "HS 11351 (felony), case 90CR01234". */
  conviction: string;
  remedy: string;
  before: SuggestionState | null;
  after: SuggestionState | null;
}

type Remembered = {
  matter_id: string;
  record_id: string;
  remedy: string;
  rules_version: string;
  determination: Determination;
  eligible_on: string | null;
  reference: string;
  client_id: string;
  legal_name: string;
};

/**
 * Open matters whose suggestions, run again with the rules in force today, differ from the ones
 * last shown: after a rules change (a new version, or a date passing an effective date), these need
 * an attorney's second look. A change of determination counts, and so does a change of the day an
 * `eligible_later` remedy becomes available.
 */
export async function suggestionsToReview(ctx: OfficeContext) {
  await requireRapSheetAccess(ctx, 'eligibility.reviewList', null);
  const asOf = californiaDate(ctx.clock.now());
  const [convictionRows, arrestRows] = await Promise.all([
    ctx.db
      .selectFrom('eligibility_suggestions')
      .innerJoin('matters', 'matters.id', 'eligibility_suggestions.matter_id')
      .innerJoin('clients', 'clients.id', 'matters.client_id')
      .select([
        'eligibility_suggestions.matter_id',
        'eligibility_suggestions.conviction_id as record_id',
        'eligibility_suggestions.remedy',
        'eligibility_suggestions.rules_version',
        'eligibility_suggestions.determination',
        'eligibility_suggestions.eligible_on',
        'matters.reference',
        'matters.client_id',
        'clients.legal_name',
      ])
      // Kept by hand: the office's whole list, which the (office_id, matter_id) index serves on SQLite
      // (the scope's own term there is +office_id, which no index serves).
      .where('eligibility_suggestions.office_id', '=', ctx.user.officeId)
      .where('matters.closed_at', 'is', null)
      .execute(),
    ctx.db
      .selectFrom('arrest_suggestions')
      .innerJoin('matters', 'matters.id', 'arrest_suggestions.matter_id')
      .innerJoin('clients', 'clients.id', 'matters.client_id')
      .select([
        'arrest_suggestions.matter_id',
        'arrest_suggestions.arrest_id as record_id',
        'arrest_suggestions.remedy',
        'arrest_suggestions.rules_version',
        'arrest_suggestions.determination',
        'arrest_suggestions.eligible_on',
        'matters.reference',
        'matters.client_id',
        'clients.legal_name',
      ])
      // Kept by hand, as above.
      .where('arrest_suggestions.office_id', '=', ctx.user.officeId)
      .where('matters.closed_at', 'is', null)
      .execute(),
  ]);
  const byMatter = new Map<string, { convictions: Remembered[]; arrests: Remembered[] }>();
  const entry = (matterId: string) => {
    const found = byMatter.get(matterId) ?? { convictions: [], arrests: [] };
    byMatter.set(matterId, found);
    return found;
  };
  for (const row of convictionRows) entry(row.matter_id).convictions.push(row);
  for (const row of arrestRows) entry(row.matter_id).arrests.push(row);
  const evaluations = await evaluateMatters(
    ctx.db,
    [...byMatter].map(([id, rows]) => ({
      id,
      client_id: (rows.convictions[0] ?? rows.arrests[0])?.client_id ?? '',
    })),
    asOf,
  );

  const review: { matterId: string; reference: string; clientName: string; changes: SuggestionChange[] }[] =
    [];
  for (const [matterId, rows] of byMatter) {
    const first = rows.convictions[0] ?? rows.arrests[0];
    if (!first) continue;
    const evaluation = evaluations.get(matterId);
    if (!evaluation?.ok) continue;
    const { convictions, arrests, result } = evaluation;
    const changes = [
      ...changesOf(
        'conviction',
        rows.convictions,
        result.results.map((r) => ({ id: r.convictionId, remedies: r.remedies })),
        result.rulesVersion,
        (id) => {
          const c = convictions.find((x) => x.id === id);
          return c ? describeConviction(convictionFields(c)) : 'a removed conviction';
        },
      ),
      ...changesOf(
        'arrest',
        rows.arrests,
        (result.arrestResults ?? []).map((r) => ({ id: r.arrestId, remedies: r.remedies })),
        result.rulesVersion,
        (id) => {
          const a = arrests.find((x) => x.id === id);
          return a ? describeArrest(arrestFields(a)) : 'a removed arrest';
        },
      ),
    ];
    if (changes.length > 0)
      review.push({ matterId, reference: first.reference, clientName: first.legal_name, changes });
  }
  await putReadOnRecord(ctx.db, {
    entityType: 'office',
    entityId: ctx.user.officeId,
    // Which matters' convictions were shown, for the disclosure report.
    detail: { matters: review.length, matterIds: review.map((r) => r.matterId) },
  });
  return review.sort((a, b) => a.reference.localeCompare(b.reference));
}

/** What differs between the suggestions remembered for a matter's records and today's. */
function changesOf(
  record: 'conviction' | 'arrest',
  remembered: Remembered[],
  fresh: { id: string; remedies: RemedyResult[] }[],
  rulesVersion: string,
  label: (id: string) => string,
): SuggestionChange[] {
  const now = new Map(
    fresh.flatMap((r) =>
      r.remedies.map((s): [string, SuggestionState] => [
        `${r.id}|${s.remedy}`,
        { rulesVersion, determination: s.determination, eligibleOn: s.eligibleOn },
      ]),
    ),
  );
  const old = new Map(
    remembered.map((r): [string, SuggestionState] => [
      `${r.record_id}|${r.remedy}`,
      { rulesVersion: r.rules_version, determination: r.determination, eligibleOn: r.eligible_on ?? null },
    ]),
  );
  const changes: SuggestionChange[] = [];
  for (const key of new Set([...now.keys(), ...old.keys()])) {
    const [recordId = '', remedy = ''] = key.split('|');
    const before = old.get(key) ?? null;
    const after = now.get(key) ?? null;
    if (
      before &&
      after &&
      before.determination === after.determination &&
      before.eligibleOn === after.eligibleOn
    )
      continue;
    changes.push({ record, recordId, conviction: label(recordId), remedy, before, after });
  }
  return changes;
}
