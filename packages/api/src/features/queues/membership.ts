// A named queue in SQL, rendered from the domain's registry (QUEUES): its membership terms, its
// sort columns and the index they read. Nothing here names a queue; a queue is changed in the domain.
import {
  californiaDayStart,
  clientUpdateCutoff,
  type MatterSortKey,
  QUEUES,
  type QueueCondition,
  type QueueFactColumn,
  type QueueId,
} from '@relief-desk/domain';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { ref } from './sqlTerms.ts';

type Value = string | number | null;

/**
 * The instant a matter was last in touch with its client: the last contact, or noon UTC of the day
 * received (early that day in California) when there has been none. Needs client update's cutoff,
 * its sort and the kept days (open_contact_days; migrations 0032 and 0038 write it in their triggers)
 * all read it.
 */
export const lastContactInstant = () =>
  sql<string>`coalesce(${ref('last_client_contact_at')}, ${ref('received_on')} || 'T12:00:00.000Z')`;

/** Sort keys as column lists, each ending in a unique column so keyset pages are stable. */
export const SORT_COLUMNS: Record<MatterSortKey, RawBuilder<Value>[]> = {
  receivedOn: [sql`${ref('received_on')}`, sql`${ref('id')}`],
  clientName: [sql`${ref('client_sort_name')}`, sql`${ref('id')}`],
  county: [sql`${ref('county')}`, sql`${ref('id')}`],
  stage: [sql`${ref('stage')}`, sql`${ref('received_on')}`, sql`${ref('id')}`],
  reference: [sql`${ref('reference')}`],
  assignee: [sql`coalesce(${ref('assignee_id')}, '')`, sql`${ref('received_on')}`, sql`${ref('id')}`],
  lastContact: [lastContactInstant(), sql`${ref('id')}`],
  documentDue: [sql`${ref('earliest_document_due_on')}`, sql`${ref('id')}`],
  nextCourtDate: [sql`coalesce(${ref('next_court_date')}, '9999-12-31')`, sql`${ref('id')}`],
};

export interface MembershipScope {
  userId: string;
  /** Today in California. */
  today: string;
  limits: { clientUpdateDays: number };
}

/** Whether a condition holds whatever the day and the person (so an index's predicate can hold it). */
export const isFixed = (
  condition: QueueCondition,
): condition is Extract<QueueCondition, { column: QueueFactColumn }> =>
  condition.kind === 'null' || condition.kind === 'notNull' || condition.kind === 'equals';

/** The day a 'before' condition's column must come before (the kept day counts read it too). */
export function cutoffOf(
  condition: Extract<QueueCondition, { kind: 'before' }>,
  scope: MembershipScope,
): string {
  return condition.day === 'today' ? scope.today : clientUpdateCutoff(scope.today, scope.limits);
}

/** One condition as SQL. Fixed values are literals, so they match a partial index word for word. */
function termOf(condition: QueueCondition, scope: MembershipScope): RawBuilder<SqlBool> {
  switch (condition.kind) {
    case 'null':
      return sql<SqlBool>`${ref(condition.column)} is null`;
    case 'notNull':
      return sql<SqlBool>`${ref(condition.column)} is not null`;
    case 'equals':
      return sql<SqlBool>`${ref(condition.column)} = ${sql.lit(condition.value)}`;
    case 'before': {
      const [column] = SORT_COLUMNS[condition.key];
      const cutoff = cutoffOf(condition, scope);
      // The last contact is an instant: before the cutoff day is before its first moment in California.
      const bound = condition.key === 'lastContact' ? californiaDayStart(cutoff) : cutoff;
      return sql<SqlBool>`${column} < ${bound}`;
    }
    case 'assignedToMe':
      return sql<SqlBool>`${ref('assignee_id')} = ${scope.userId}`;
  }
}

/** Who is in the queue, as terms that all hold. */
export function queueTerms(queue: QueueId, scope: MembershipScope): RawBuilder<SqlBool>[] {
  return QUEUES[queue].conditions.map((condition) => termOf(condition, scope));
}

/** The index a queue reads, as the registry implies it: what a migration must have created. */
export function queueIndexOf(queue: QueueId): {
  name: string;
  columns: RawBuilder<unknown>[];
  where: RawBuilder<SqlBool>[];
} {
  const { index, conditions, sort } = QUEUES[queue];
  const fixed = conditions.filter(isFixed);
  const leading = [
    ...(index.partial ? [] : fixed.map((c) => sql`${ref(c.column)}`)),
    ...conditions.filter((c) => c.kind === 'assignedToMe').map(() => sql`${ref('assignee_id')}`),
  ];
  const scope = { userId: '', today: '', limits: { clientUpdateDays: 0 } };
  return {
    name: index.name,
    columns: [sql`${ref('office_id')}`, ...leading, ...SORT_COLUMNS[sort]],
    where: index.partial ? fixed.map((c) => termOf(c, scope)) : [],
  };
}
