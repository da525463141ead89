// The queue's columns. Sortable ones name the server's allow-listed sort key.
import { type MatterSortKey, STAGE_LABELS, type Stage } from '@relief-desk/domain';
import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router';
import { formatDate } from '../../ui/format.ts';

export interface QueueRow {
  id: string;
  reference: string;
  clientName: string;
  county: string;
  stage: Stage;
  assigneeName: string | null;
  receivedOn: string;
  daysOpen: number;
}

const column = createColumnHelper<QueueRow>();

/** Days open is received-on read the other way round, so it sorts by the same index. */
export const SORT_KEY_OF_COLUMN: Record<string, { key: MatterSortKey; invert: boolean }> = {
  clientName: { key: 'clientName', invert: false },
  county: { key: 'county', invert: false },
  stage: { key: 'stage', invert: false },
  receivedOn: { key: 'receivedOn', invert: false },
  daysOpen: { key: 'receivedOn', invert: true },
};

export const queueColumns = [
  column.accessor('reference', {
    header: 'Matter',
    enableSorting: false,
    cell: (info) => <Link to={`/matters/${info.row.original.id}`}>{info.getValue()}</Link>,
  }),
  column.accessor('clientName', { header: 'Client' }),
  column.accessor('county', { header: 'County' }),
  column.accessor('stage', { header: 'Stage', cell: (info) => STAGE_LABELS[info.getValue()] }),
  column.accessor('assigneeName', {
    header: 'Assignee',
    enableSorting: false,
    cell: (info) => info.getValue() ?? <span className="muted">Unassigned</span>,
  }),
  column.accessor('receivedOn', { header: 'Received', cell: (info) => formatDate(info.getValue()) }),
  column.accessor('daysOpen', { header: 'Days open', meta: { numeric: true } }),
];
