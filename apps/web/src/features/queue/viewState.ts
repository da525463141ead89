// The queue's view as the URL holds it: reading the search params into the server's view shape (only
// values the allow-lists name), and the column ↔ sort-key mapping the headers use.
import {
  COUNTIES,
  type County,
  FIRST_CONTACT_BANDS,
  type FirstContactBand,
  isRealDate,
  LANGUAGE_CODES,
  type LanguageCode,
  MATTER_ACTIVITIES,
  MATTER_STATUSES,
  type MatterActivity,
  type MatterActivityFilter,
  type MatterSortKey,
  type MatterStatus,
  type MatterView,
  QUEUE_IDS,
  type QueueId,
  REFERRAL_SOURCES,
  type ReferralSource,
  STAGES,
  type Stage,
  sortKeysOf,
} from '@relief-desk/domain';

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

/** Whether the server sorts this queue by the column (the "mine" queue has one assignee). */
export function canSortColumn(queue: QueueId, columnId: string): boolean {
  const sort = SORT_OF_COLUMN[columnId];
  if (!sort) return false;
  if (queue === 'mine' && sort.key === 'assignee') return false;
  return sortKeysOf(queue).includes(sort.key);
}

/** The column a server order reads as, for aria-sort on the header. */
export function columnOfSort(
  key: string,
  direction: 'asc' | 'desc',
): { column: string; direction: 'asc' | 'desc' } | null {
  const entry = Object.entries(SORT_OF_COLUMN).find(([, s]) => s.key === key && !s.invert);
  return entry ? { column: entry[0], direction } : null;
}

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Every allowed value of a repeated parameter (stage=a&stage=b), once each, in the list's order. */
function allOf<T extends string>(allowed: readonly T[], values: string[]): T[] {
  return allowed.filter((value) => values.includes(value));
}

function wholeDays(value: string | null): number | null {
  if (value === null || !/^\d{1,5}$/.test(value)) return null;
  return Number(value);
}

function day(value: string | null): string | null {
  return value !== null && isRealDate(value) ? value : null;
}

/** A dashboard drill-down: `activity` with its first and last day (`from`, `to`) and whose work (`by`). */
function activityOf(params: URLSearchParams): MatterActivityFilter | null {
  const kind = oneOf<MatterActivity>(MATTER_ACTIVITIES, params.get('activity'));
  if (!kind) return null;
  // Only what the server accepts for that activity: a span (not for pending petitions), and a person
  // only for "worked on".
  const dated = kind !== 'court_pending';
  const from = dated ? day(params.get('from')) : null;
  const to = dated ? day(params.get('to')) : null;
  const by = kind === 'touched' ? params.get('by') : null;
  return {
    kind,
    from,
    to: from && to && to < from ? from : to,
    by: by && by.length <= 64 ? by : null,
  };
}

export interface QueueUrlState {
  view: MatterView;
  /** The sorted column as the person chose it (null: the queue's own order). */
  sortColumn: string | null;
  sortDirection: 'asc' | 'desc';
  cursor: string | null;
}

export function readQueueUrl(params: URLSearchParams): QueueUrlState {
  const queue: QueueId = oneOf(QUEUE_IDS, params.get('queue')) ?? 'all';
  const county = oneOf<County>(COUNTIES, params.get('county'));
  const language = oneOf<LanguageCode>(LANGUAGE_CODES, params.get('language'));
  const source = oneOf<ReferralSource>(REFERRAL_SOURCES, params.get('source'));
  const assignee = params.get('assignee');
  const chosenColumn = params.get('sort');
  const sortColumn = chosenColumn && canSortColumn(queue, chosenColumn) ? chosenColumn : null;
  const sortDirection = params.get('dir') === 'desc' ? 'desc' : 'asc';
  const sort = sortColumn ? SORT_OF_COLUMN[sortColumn] : undefined;
  const flipped = sortDirection === 'asc' ? 'desc' : 'asc';
  return {
    view: {
      queue,
      stages: allOf<Stage>(STAGES, params.getAll('stage')),
      counties: county ? [county] : [],
      assignee: assignee && assignee.length <= 64 ? assignee : null,
      languages: language ? [language] : [],
      referralSources: source ? [source] : [],
      daysOpenMin: wholeDays(params.get('daysMin')),
      daysOpenMax: wholeDays(params.get('daysMax')),
      status: oneOf<MatterStatus>(MATTER_STATUSES, params.get('status')) ?? 'any',
      firstContact: oneOf<FirstContactBand>(
        FIRST_CONTACT_BANDS.map((b) => b.id),
        params.get('contact'),
      ),
      activity: activityOf(params),
      search: (params.get('q') ?? '').trim().slice(0, 100),
      sort: sort ? sort.key : null,
      direction: sort ? (sort.invert ? flipped : sortDirection) : null,
    },
    sortColumn,
    sortDirection,
    cursor: params.get('cursor'),
  };
}

/** The download address of every row of the view, as the export route reads it. */
export function exportHref(view: MatterView): string {
  return `/api/queues/export.csv?view=${encodeURIComponent(JSON.stringify(view))}`;
}
