// The queue: matters of the caller's office, filtered and sorted on the server, paged by keyset
// (never OFFSET), so page 1,000 costs what page 1 does.
import {
  californiaDate,
  daysBetween,
  type listMattersInputSchema,
  type MatterSortKey,
  type Stage,
} from '@relief-desk/domain';
import type { z } from 'zod';
import type { AuthedContext } from '../../context.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

const SORT_COLUMNS = {
  receivedOn: 'matters.received_on',
  clientName: 'matters.client_sort_name',
  county: 'matters.county',
  stage: 'matters.stage',
} as const satisfies Record<MatterSortKey, string>;

export interface MatterRow {
  id: string;
  reference: string;
  clientName: string;
  county: string;
  stage: Stage;
  assigneeId: string | null;
  assigneeName: string | null;
  receivedOn: string;
  daysOpen: number;
}

export interface MatterPage {
  items: MatterRow[];
  nextCursor: string | null;
}

export async function listMatters(
  ctx: AuthedContext,
  input: z.output<typeof listMattersInputSchema>,
): Promise<MatterPage> {
  const column = SORT_COLUMNS[input.sort];
  const compare = input.direction === 'asc' ? '>' : '<';
  let query = ctx.db
    .selectFrom('matters')
    .innerJoin('clients', 'clients.id', 'matters.client_id')
    .leftJoin('users', 'users.id', 'matters.assignee_id')
    .select([
      'matters.id',
      'matters.reference',
      'clients.legal_name',
      'matters.county',
      'matters.stage',
      'matters.assignee_id',
      'users.name as assignee_name',
      'matters.received_on',
      'matters.closed_at',
      'matters.client_sort_name',
    ])
    .where('matters.office_id', '=', ctx.user.officeId);

  if (input.stages.length > 0) query = query.where('matters.stage', 'in', input.stages);
  if (input.counties.length > 0) query = query.where('matters.county', 'in', input.counties);
  if (input.assignee === 'unassigned') query = query.where('matters.assignee_id', 'is', null);
  else if (input.assignee) query = query.where('matters.assignee_id', '=', input.assignee);
  if (input.cursor) {
    const { value, id } = decodeCursor(input.cursor);
    query = query.where((eb) => eb(eb.refTuple(column, 'matters.id'), compare, eb.tuple(String(value), id)));
  }

  const rows = await query
    .orderBy(column, input.direction)
    .orderBy('matters.id', input.direction)
    .limit(input.limit + 1)
    .execute();

  const today = californiaDate(ctx.clock.now());
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const sortValueOf = (row: (typeof rows)[number]): string => {
    const values: Record<MatterSortKey, string> = {
      receivedOn: row.received_on,
      clientName: row.client_sort_name,
      county: row.county,
      stage: row.stage,
    };
    return values[input.sort];
  };
  return {
    items: page.map((row) => ({
      id: row.id,
      reference: row.reference,
      clientName: row.legal_name,
      county: row.county,
      stage: row.stage as Stage,
      assigneeId: row.assignee_id,
      assigneeName: row.assignee_name,
      receivedOn: row.received_on,
      daysOpen: daysBetween(row.received_on, row.closed_at ? californiaDate(new Date(row.closed_at)) : today),
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor(sortValueOf(last), last.id) : null,
  };
}
