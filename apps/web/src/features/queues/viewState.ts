// The queue's view as the URL holds it: the filters as the domain reads them (matter-url.ts), the
// sorted column, and the column ↔ sort-key mapping the headers use.
import {
  type MatterSortKey,
  type MatterUrlField,
  type MatterView,
  matterViewFiltersFromUrl,
  type QueueId,
  sortKeysOf,
} from '@relief-desk/domain';
import type { ApiOutputs } from '../../trpc.ts';

/**
 * A change to the queue's address: the view's filters by the view's names for them (written under
 * their parameters, MATTER_URL_PARAMS), or the page's own sort, direction and cursor.
 */
export type ViewChanges = Partial<
  Record<MatterUrlField | 'sort' | 'dir' | 'cursor', string | string[] | null>
>;

/** Matters on a page of the queue (app/startup.ts asks for the first page with the same). */
export const QUEUE_PAGE_SIZE = 25;

/** A column's server sort key; days open is received-on read the other way round. */
export const SORT_OF_COLUMN: Record<string, { key: MatterSortKey; invert: boolean }> = {
  reference: { key: 'reference', invert: false },
  clientName: { key: 'clientName', invert: false },
  county: { key: 'county', invert: false },
  stage: { key: 'stage', invert: false },
  assigneeName: { key: 'assignee', invert: false },
  receivedOn: { key: 'receivedOn', invert: false },
  daysOpen: { key: 'receivedOn', invert: true },
  lastContactOn: { key: 'lastContact', invert: false },
  documentDueOn: { key: 'documentDue', invert: false },
  nextCourtDate: { key: 'nextCourtDate', invert: false },
};

/** Whether the server sorts this queue by the column (the registry's sorts of the queue). */
export function canSortColumn(queue: QueueId, columnId: string): boolean {
  const sort = SORT_OF_COLUMN[columnId];
  return sort !== undefined && sortKeysOf(queue).includes(sort.key);
}

/** The column a server order reads as, for aria-sort on the header. */
export function columnOfSort(
  key: string,
  direction: 'asc' | 'desc',
): { column: string; direction: 'asc' | 'desc' } | null {
  const entry = Object.entries(SORT_OF_COLUMN).find(([, s]) => s.key === key && !s.invert);
  return entry ? { column: entry[0], direction } : null;
}

export interface QueueUrlState {
  view: MatterView;
  /** The sorted column as the person chose it (null: the queue's own order). */
  sortColumn: string | null;
  sortDirection: 'asc' | 'desc';
  cursor: string | null;
}

export function readQueueUrl(params: URLSearchParams): QueueUrlState {
  const filters = matterViewFiltersFromUrl(params);
  const chosenColumn = params.get('sort');
  const sortColumn = chosenColumn && canSortColumn(filters.queue, chosenColumn) ? chosenColumn : null;
  const sortDirection = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const sort = sortColumn ? SORT_OF_COLUMN[sortColumn] : undefined;
  const flipped = sortDirection === 'asc' ? 'desc' : 'asc';
  return {
    view: {
      ...filters,
      sort: sort ? sort.key : null,
      direction: sort ? (sort.invert ? flipped : sortDirection) : null,
    },
    sortColumn,
    sortDirection,
    cursor: params.get('cursor'),
  };
}

type ViewCount = ApiOutputs['queues']['viewCount'];

/**
 * Where the page stands in the view: "Matters 26-50 of 148". A view no kept count tells is counted
 * up to a bound: "of more than 1,000", and a page past it is "after the first 1,000".
 */
export function shownRange(count: ViewCount, onPage: number): string {
  const bound = count.bound.toLocaleString('en-US');
  const total = count.exact ? String(count.total) : `more than ${bound}`;
  if (count.exact && count.total === 0) return 'No matters in this view.';
  if (onPage === 0) return `No matters on this page; the view holds ${total}.`;
  if (count.before === null)
    return count.exact ? `Matters after the first ${bound} of ${total}` : `Matters after the first ${bound}`;
  return `Matters ${count.before + 1}-${count.before + onPage} of ${total}`;
}

/** The download address of every row of the view, as the export route reads it. */
export function exportHref(view: MatterView): string {
  return `/api/queues/export.csv?view=${encodeURIComponent(JSON.stringify(view))}`;
}
