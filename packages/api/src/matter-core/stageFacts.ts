// What a stage move depends on beyond the matter itself: its petitions and the signed orders it awaits
// (checkStageMove's facts), and for "Not eligible" its current decisions, read in the caller's
// transaction.
import type { Db, Tx } from '@relief-desk/db';
import {
  awaitsCourt,
  type ConclusionFacts,
  checkStageMove,
  ELIGIBLE_NOW,
  type IsoDate,
  isOpenStage,
  moveNeedsPermission,
  moveReadsCriminalHistory,
  notEligibleProblem,
  type Stage,
  type StageFacts,
} from '@relief-desk/domain';
import { type SqlBool, sql } from 'kysely';
import { requirePermission, requireRapSheetAccess } from '../access.ts';
import type { AuthedContext, OfficeContext } from '../context.ts';
import { evaluateMatter } from '../features/eligibility/record.ts';
import { orderStillComing } from '../features/messages/signedOrders.ts';

/**
 * The columns a stage move sets, written by every move (by hand, in bulk, by filing, by sending the
 * outcome). A matter brought back from "Referred out" is no longer referred: the office recorded as
 * receiving it, and its passing on, are forgotten, so a later move to "Referred out" by hand cannot
 * send a "transferred" message saying that office will contact the client. Which of that office's
 * matters it was passed on to is kept: passed on to it again, the matter goes to that office's
 * client, or to the matter itself while that office still works it (passOn.ts).
 */
export function stageMoveColumns(from: Stage, to: Stage, now: string) {
  return {
    stage: to,
    closed_at: isOpenStage(to) ? null : now,
    ...(from === 'referred_out' && to !== 'referred_out'
      ? { referred_to_office_id: null, passed_on_at: null }
      : {}),
  };
}

/**
 * Why the matter cannot make this move, or null: the stage machine on its petitions and orders, and
 * for "Not eligible" its decisions (every conviction decided, none eligible now).
 */
export async function stageMoveProblem(
  db: AuthedContext['db'],
  matter: { id: string; client_id: string; stage: Stage },
  to: Stage,
  asOf: IsoDate,
  note = '',
  options: { outcomeSent?: boolean } = {},
): Promise<string | null> {
  const check = checkStageMove(matter.stage, to, await petitionFacts(db, matter.id), note, options);
  if (!check.ok) return check.reason;
  return to === 'not_eligible' ? notEligibleProblem(await conclusionFacts(db, matter, asOf)) : null;
}

/**
 * The current decisions (ones no later decision supersedes), on convictions or on arrests: the two
 * tables share these columns, so one statement serves both (typed as the first).
 */
export function currentDecisions(
  db: Db | Tx,
  table: 'eligibility_decisions' | 'arrest_decisions',
  matterId: string,
) {
  const decisions = `${table} as d` as 'eligibility_decisions as d';
  const later = `${table} as later` as 'eligibility_decisions as later';
  return db
    .selectFrom(decisions)
    .where('d.matter_id', '=', matterId)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom(later).select('later.id').whereRef('later.supersedes', '=', 'd.id'))),
    );
}

/**
 * The matter's convictions (and those without any decision), its current decisions, and the
 * remedies the rules find eligible as of `asOf` that no decision settles.
 */
export async function conclusionFacts(
  db: Db | Tx,
  matter: { id: string; client_id: string },
  asOf: IsoDate,
  { rules = true }: { rules?: boolean } = {},
): Promise<ConclusionFacts & { convictions: number }> {
  const matterId = matter.id;
  const [convictions, decisions, arrestDecisions, arrests, evaluation] = await Promise.all([
    db
      .selectFrom('convictions as c')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn
          .count<number>('c.id')
          .filterWhere((w) =>
            w.not(
              w.exists(
                w
                  .selectFrom('eligibility_decisions as d')
                  .select('d.id')
                  .whereRef('d.conviction_id', '=', 'c.id'),
              ),
            ),
          )
          .as('undecided'),
      ])
      .where('c.matter_id', '=', matterId)
      .where('c.removed_at', 'is', null)
      .executeTakeFirstOrThrow(),
    // With the county of the court that convicted: the court an "eligible" message names.
    // Whether the conviction already has the relief decided (recorded from the record, or the court's
    // grant of a petition for it under that remedy): an "eligible" message would ask the court again.
    currentDecisions(db, 'eligibility_decisions', matterId)
      .innerJoin('convictions as c', 'c.id', 'd.conviction_id')
      .where('c.removed_at', 'is', null)
      .select((eb) => [
        'd.determination',
        'c.county',
        'd.conviction_id',
        'd.remedy',
        eb
          .or([
            eb('c.relief_granted_remedy', '=', eb.ref('d.remedy')),
            eb.exists(
              eb
                .selectFrom('petition_convictions as pc')
                .innerJoin('petitions as p', 'p.id', 'pc.petition_id')
                .select('pc.conviction_id')
                .whereRef('pc.conviction_id', '=', 'c.id')
                .whereRef('p.remedy', '=', 'd.remedy')
                .where('p.status', '=', 'decided')
                .where('pc.outcome', '=', 'granted'),
            ),
          ])
          .as('relieved'),
      ])
      .execute(),
    // (Typed as the conviction table's: its conviction_id is the arrest's id.) Of arrests still on
    // the matter: a removed one's decisions back nothing. Whether the arrest is sealed already (its
    // relief recorded, or a court's grant of a petition for it): nothing is left to ask the court.
    currentDecisions(db, 'arrest_decisions', matterId)
      .innerJoin('arrests as a', (join) => join.on(sql<SqlBool>`a.id = d.arrest_id`))
      .where('a.removed_at', 'is', null)
      .select((eb) => [
        'd.determination',
        sql<string>`d.arrest_id`.as('arrest_id'),
        'd.remedy',
        eb
          .or([
            eb('a.relief_granted_remedy', 'is not', null),
            eb.exists(
              eb
                .selectFrom('petition_arrests as pa')
                .select('pa.arrest_id')
                .whereRef('pa.arrest_id', '=', 'a.id')
                .where('pa.outcome', '=', 'granted'),
            ),
          ])
          .as('relieved'),
      ])
      .execute(),
    db
      .selectFrom('arrests as a')
      .select((eb) => eb.fn.countAll<number>().as('undecided'))
      .where('a.matter_id', '=', matterId)
      .where('a.removed_at', 'is', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('arrest_decisions as d').select('d.id').whereRef('d.arrest_id', '=', 'a.id'),
          ),
        ),
      )
      .executeTakeFirstOrThrow(),
    rules ? evaluateMatter(db, matter, asOf) : null,
  ]);
  // A remedy the rules find eligible now, for a record with no current decision under it. When the
  // rules cannot run (a conviction missing what they need), the decisions alone stand.
  const decided = new Set([
    ...decisions.map((d) => `${d.conviction_id}|${d.remedy}`),
    ...arrestDecisions.map((d) => `${d.arrest_id}|${d.remedy}`),
  ]);
  const eligibleLeftUndecided = evaluation?.ok
    ? [
        ...evaluation.result.results.map((r) => ({ id: r.convictionId, remedies: r.remedies })),
        ...(evaluation.result.arrestResults ?? []).map((r) => ({ id: r.arrestId, remedies: r.remedies })),
      ].reduce(
        (count, record) =>
          count +
          record.remedies.filter(
            (r) => ELIGIBLE_NOW.includes(r.determination) && !decided.has(`${record.id}|${r.remedy}`),
          ).length,
        0,
      )
    : 0;
  return {
    convictions: Number(convictions.n),
    convictionsUndecided: Number(convictions.undecided),
    determinations: decisions.map(({ determination, county, remedy, relieved }) => ({
      determination,
      county,
      remedy,
      // SQLite answers 0 or 1, PostgreSQL false or true.
      relieved: Boolean(Number(relieved)),
    })),
    arrestDeterminations: arrestDecisions.map((d) => d.determination),
    arrestEligibleRemedies: arrestDecisions
      .filter((d) => ELIGIBLE_NOW.includes(d.determination) && !d.relieved)
      .map((d) => d.remedy),
    arrestsUndecided: Number(arrests.undecided),
    eligibleLeftUndecided,
  };
}

export async function petitionFacts(db: AuthedContext['db'], matterId: string): Promise<StageFacts> {
  const [petitions, convictionOutcomes, arrestOutcomes, awaited] = await Promise.all([
    db.selectFrom('petitions').select(['id', 'status']).where('matter_id', '=', matterId).execute(),
    db
      .selectFrom('petition_convictions')
      .innerJoin('petitions', 'petitions.id', 'petition_convictions.petition_id')
      .select(['petition_convictions.petition_id', 'petition_convictions.outcome'])
      .where('petitions.matter_id', '=', matterId)
      .where('petitions.status', '=', 'decided')
      .execute(),
    db
      .selectFrom('petition_arrests')
      .innerJoin('petitions', 'petitions.id', 'petition_arrests.petition_id')
      .select(['petition_arrests.petition_id', 'petition_arrests.outcome'])
      .where('petitions.matter_id', '=', matterId)
      .where('petitions.status', '=', 'decided')
      .execute(),
    db
      .selectFrom('document_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'signed_order')
      .where('status', '=', 'requested')
      .where(orderStillComing)
      .executeTakeFirstOrThrow(),
  ]);
  // A decided petition with a continued hearing (or an outcome not recorded) is still before the court.
  const stillBefore = new Set(
    [...convictionOutcomes, ...arrestOutcomes]
      .filter((row) => awaitsCourt(row.outcome))
      .map((row) => row.petition_id),
  );
  return {
    petitionsFiled: petitions.filter((p) => ['filed', 'hearing_set', 'decided'].includes(p.status)).length,
    petitionsUndecided: petitions.filter(
      (p) => ['draft', 'filed', 'hearing_set'].includes(p.status) || stillBefore.has(p.id),
    ).length,
    petitionsDecided: petitions.filter((p) => p.status === 'decided' && !stillBefore.has(p.id)).length,
    petitionsWithdrawn: petitions.filter((p) => p.status === 'withdrawn').length,
    signedOrdersAwaited: Number(awaited.n),
  };
}

/** The permission a move into `to` needs (moveNeedsPermission: "Not eligible" is an eligibility decision). */
export async function requireConcludingRole(ctx: OfficeContext, to: Stage): Promise<void> {
  const needs = moveNeedsPermission(to);
  if (needs) await requirePermission(ctx, needs);
}

/**
 * The RAP sheet permission, for a move that reads criminal history (moveReadsCriminalHistory): refused
 * as every other criminal-history action is, before any of its facts are read. Concluding "Not
 * eligible" is recorded as the eligibility decision it is; the petition moves as a petition's update.
 */
export async function requireMoveRapSheetAccess(
  ctx: OfficeContext,
  matter: { id: string | null; stage: Stage },
  to: Stage,
): Promise<void> {
  if (!moveReadsCriminalHistory(matter.stage, to)) return;
  await requireRapSheetAccess(
    ctx,
    to === 'not_eligible' ? 'decisions.record' : 'petitions.update',
    matter.id,
  );
}
