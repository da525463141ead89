// What the domain's stillBeforeCourt reads of petitions: filed and not decided, or decided with a
// hearing continued, which needs a decided petition's outcomes. The queues' next court date and the
// calendar both ask.
import type { Db, Tx } from '@relief-desk/db';
import { type Outcome, PENDING_PETITION_STATUSES, type PetitionStatus } from '@relief-desk/domain';

/** The statuses a petition still before the court can have (a decided one, by its outcomes). */
export const MAYBE_BEFORE_COURT: readonly PetitionStatus[] = [...PENDING_PETITION_STATUSES, 'decided'];

/** These petitions, each with its convictions' and arrest's outcomes (read for decided ones only). */
export async function withOutcomes<P extends { id: string; status: PetitionStatus }>(
  db: Db | Tx,
  petitions: readonly P[],
): Promise<(P & { outcomes: (Outcome | null)[] })[]> {
  const decided = petitions.filter((p) => p.status === 'decided').map((p) => p.id);
  const outcomes = new Map<string, (Outcome | null)[]>();
  if (decided.length > 0) {
    const [convictions, arrests] = await Promise.all([
      db
        .selectFrom('petition_convictions')
        .select(['petition_id', 'outcome'])
        .where('petition_id', 'in', decided)
        .execute(),
      db
        .selectFrom('petition_arrests')
        .select(['petition_id', 'outcome'])
        .where('petition_id', 'in', decided)
        .execute(),
    ]);
    for (const { petition_id, outcome } of [...convictions, ...arrests])
      outcomes.set(petition_id, [...(outcomes.get(petition_id) ?? []), outcome]);
  }
  return petitions.map((p) => ({ ...p, outcomes: outcomes.get(p.id) ?? [] }));
}
