// What an overdue calendar entry asks of staff. A document past due is chased with whoever was asked
// for it; a court date gone by with no decision recorded means the court has not ruled, or has and
// the office has not heard: someone finds out and records it on the petition.
import type { ApiOutputs } from '../../trpc.ts';

type Deadline = ApiOutputs['matters']['calendar'][number];

/** The words after an overdue entry's badge saying what to do; none for an entry not overdue. */
export function overdueAdvice(deadline: Pick<Deadline, 'kind' | 'overdue'>): string | null {
  if (!deadline.overdue) return null;
  switch (deadline.kind) {
    case 'hearing':
      return 'Past, no decision recorded: chase the court for the outcome and record it on the petition.';
    case 'rule_by':
      return 'Past, no ruling recorded: chase the court for its decision and record it on the petition.';
    case 'document_due':
      return 'Past due: chase whoever was asked for it.';
  }
}

/** Overdue entries first, as the list shows them apart; each part keeps its date order. */
export function splitOverdue<D extends Pick<Deadline, 'overdue'>>(deadlines: readonly D[]) {
  return {
    overdue: deadlines.filter((d) => d.overdue),
    coming: deadlines.filter((d) => !d.overdue),
  };
}
