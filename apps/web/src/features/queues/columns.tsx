// The queue's columns. Which are sortable is the server's allow-list (viewState.ts); the dated columns
// appear only in the queue they belong to, a drill-down's activity date only in a drill-down, and some
// columns can be hidden by the person.
import {
  languageLabel,
  type MatterActivity,
  type MatterSortKey,
  QUEUES,
  type QueueId,
  REFERRAL_SOURCE_LABELS,
  STAGE_LABELS,
} from '@relief-desk/domain';
import { createColumnHelper, type DisplayColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { ApiOutputs } from '../../trpc.ts';
import { formatDate } from '../../ui/format.ts';

export type QueueRow = ApiOutputs['matters']['list']['items'][number];

const column = createColumnHelper<QueueRow>();

const optionalDate = (value: string | null) => (value ? formatDate(value) : '—');

/** Columns a person may hide, with their names for the column chooser. The matter link always shows. */
export const OPTIONAL_COLUMNS = [
  { id: 'clientName', label: 'Client' },
  { id: 'county', label: 'County' },
  { id: 'stage', label: 'Stage' },
  { id: 'assigneeName', label: 'Assignee' },
  { id: 'preferredLanguage', label: 'Language' },
  { id: 'referralSource', label: 'Referral source' },
  { id: 'receivedOn', label: 'Received' },
  { id: 'daysOpen', label: 'Days open' },
] as const;
export type OptionalColumnId = (typeof OPTIONAL_COLUMNS)[number]['id'];
export const HIDDEN_BY_DEFAULT: OptionalColumnId[] = ['preferredLanguage', 'referralSource'];

export const NUMERIC_COLUMNS = new Set(['daysOpen']);

/** A column that shows one field of the row; its id is the field's name (the sort map uses it). */
function field(id: keyof QueueRow, header: string, render: (row: QueueRow) => ReactNode): QueueColumn {
  return column.display({ id, header, cell: (info) => render(info.row.original) });
}
type QueueColumn = DisplayColumnDef<QueueRow>;

const commonColumns: QueueColumn[] = [
  field('reference', 'Matter', (row) => row.reference),
  field('clientName', 'Client', (row) => row.clientName),
  field('county', 'County', (row) => row.county),
  field('stage', 'Stage', (row) => STAGE_LABELS[row.stage]),
  field('assigneeName', 'Assignee', (row) => row.assigneeName ?? <span className="muted">Unassigned</span>),
  field('preferredLanguage', 'Language', (row) => languageLabel(row.preferredLanguage)),
  field('referralSource', 'Referral source', (row) => REFERRAL_SOURCE_LABELS[row.referralSource]),
  field('receivedOn', 'Received', (row) => formatDate(row.receivedOn)),
  field('daysOpen', 'Days open', (row) => row.daysOpen),
];

// Never contacted reads as such (the CSV leaves it blank); the queue still counts such a client as
// due from the day received, which the badge shows.
const lastContactColumn = field('lastContactOn', 'Last client contact', (row) => (
  <>
    {row.clientContactedOn ? (
      formatDate(row.clientContactedOn)
    ) : (
      <span className="muted">None yet (received {formatDate(row.receivedOn)})</span>
    )}
    {row.contactStatus && (
      <span className={`badge badge--${row.contactStatus}`}>
        {row.contactStatus === 'overdue' ? 'Overdue' : 'Due'}
      </span>
    )}
  </>
));
const documentDueColumn = field('documentDueOn', 'Documents due', (row) => optionalDate(row.documentDueOn));
const nextCourtDateColumn = field('nextCourtDate', 'Next hearing or rule-by date', (row) =>
  optionalDate(row.nextCourtDate),
);

/** The dated column a queue shows beside the common ones: the registry names it by its sort. */
const EXTRA_COLUMNS: Partial<Record<MatterSortKey, QueueColumn>> = {
  lastContact: lastContactColumn,
  documentDue: documentDueColumn,
  nextCourtDate: nextCourtDateColumn,
};

/** A drill-down's activity date, the list's order (most recent first), headed by what happened. */
export const ACTIVITY_DATE_HEADERS: Record<MatterActivity, string> = {
  eligibility_decided: 'Eligibility decided',
  petition_filed: 'Petition filed',
  outcome_sent: 'Outcome sent',
  touched: 'Last worked on',
  court_granted: 'Relief granted',
  court_denied: 'Relief denied',
  court_pending: 'Petition filed',
};

export function columnsFor(queue: QueueId, activity: MatterActivity | null = null): QueueColumn[] {
  const { extraSort } = QUEUES[queue];
  const extra = extraSort ? EXTRA_COLUMNS[extraSort] : undefined;
  const columns = extra ? [...commonColumns, extra] : commonColumns;
  if (!activity) return columns;
  const [matter, ...rest] = columns;
  const activityDate = field('activityOn', ACTIVITY_DATE_HEADERS[activity], (row) =>
    optionalDate(row.activityOn),
  );
  return matter ? [matter, activityDate, ...rest] : [activityDate];
}

/**
 * The words for the column a queue is sorted by, as its heading shows them ("Received", "Days open"),
 * never its id ("receivedOn"): the table's caption, which screen readers say, names it so. An id no
 * column of the queue has is returned as it is.
 */
export function sortColumnLabel(queue: QueueId, activity: MatterActivity | null, columnId: string): string {
  const found = columnsFor(queue, activity).find((c) => c.id === columnId);
  return typeof found?.header === 'string' ? found.header : columnId;
}
