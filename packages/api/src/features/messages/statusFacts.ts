// The matter's records that a status update's claims rest on (see unbackedStatusClaims): its stage,
// its convictions' current decisions, and its petitions before the court.
import type { Db, Matter, Tx } from '@relief-desk/db';
import {
  californiaDate,
  type IsoDate,
  PENDING_PETITION_STATUSES,
  type StatusChoice,
  type StatusFacts,
  unbackedStatusClaims,
} from '@relief-desk/domain';
import type { NotNull } from 'kysely';
import type { AuthedContext } from '../../context.ts';
import { AppError } from '../../errors.ts';

async function statusFacts(db: Db | Tx, matter: Matter, today: IsoDate): Promise<StatusFacts> {
  const [convictions, decisions, outcomes, pending] = await Promise.all([
    db
      .selectFrom('convictions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('matter_id', '=', matter.id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('eligibility_decisions as d')
      .select('d.determination')
      .where('d.matter_id', '=', matter.id)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('eligibility_decisions as later')
              .select('later.id')
              .whereRef('later.supersedes', '=', 'd.id'),
          ),
        ),
      )
      .execute(),
    db
      .selectFrom('petition_convictions')
      .innerJoin('petitions', 'petitions.id', 'petition_convictions.petition_id')
      .select('petition_convictions.outcome')
      .where('petitions.matter_id', '=', matter.id)
      .where('petitions.status', '=', 'decided')
      .where('petition_convictions.outcome', 'is not', null)
      .$narrowType<{ outcome: NotNull }>()
      .execute(),
    db
      .selectFrom('petitions')
      .select('hearing_on')
      .where('matter_id', '=', matter.id)
      .where('status', 'in', [...PENDING_PETITION_STATUSES])
      .execute(),
  ]);
  return {
    stage: matter.stage,
    convictions: Number(convictions.n),
    determinations: decisions.map((d) => d.determination),
    courtOutcomes: outcomes.map((o) => o.outcome),
    pendingPetitions: pending.map((p) => ({ hearingOn: p.hearing_on })),
    today,
  };
}

/** Refuses a status update that would tell the client something the matter's records do not back. */
export async function requireBackedStatus(
  db: Db | Tx,
  ctx: AuthedContext,
  matter: Matter,
  choice: Pick<StatusChoice, 'statusType' | 'courtDate' | 'nextSteps'>,
): Promise<void> {
  const problems = unbackedStatusClaims(
    choice,
    await statusFacts(db, matter, californiaDate(ctx.clock.now())),
  );
  const first = problems[0];
  if (!first) return;
  throw new AppError('BAD_INPUT', first.message, {
    fieldErrors: problems.map((p) => ({ path: `choice.${p.path}`, message: p.message })),
  });
}
