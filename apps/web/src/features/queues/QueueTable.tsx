// The queue's table: sortable headers (where the server allows; a drill-down has one order, its
// activity's date, most recent first), a checkbox per row, and roving
// focus on the rows' matter links — Up/Down/Home/End move between rows, Enter opens the matter,
// Space selects it — so the whole table is one Tab stop.
import type { MatterActivity, QueueId } from '@relief-desk/domain';
import { flexRender, getCoreRowModel, type Header, useReactTable } from '@tanstack/react-table';
import { type KeyboardEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { columnsFor, NUMERIC_COLUMNS, type QueueRow } from './columns.tsx';
import type { Density } from './useDisplayOptions.ts';
import { canSortColumn } from './viewState.ts';

export interface TableSort {
  column: string | null;
  direction: 'asc' | 'desc';
}

interface QueueTableProps {
  queue: QueueId;
  /** A drill-down's activity: its date column leads, and no header sorts. */
  activity: MatterActivity | null;
  rows: QueueRow[];
  hidden: readonly string[];
  density: Density;
  sort: TableSort;
  caption: string;
  busy: boolean;
  /** The URL query the rows answer (once not busy), so a test or tool can tell a stale table. */
  viewKey: string;
  selectedIds: ReadonlySet<string>;
  onSort: (column: string, direction: 'asc' | 'desc') => void;
  onToggle: (row: QueueRow) => void;
  onToggleAll: (select: boolean) => void;
}

const MOVES: Record<string, (index: number, last: number) => number> = {
  ArrowDown: (i, last) => Math.min(i + 1, last),
  ArrowUp: (i) => Math.max(i - 1, 0),
  Home: () => 0,
  End: (_, last) => last,
};

export function QueueTable(props: QueueTableProps) {
  const { queue, activity, rows, hidden, density, sort, selectedIds, onToggle, onToggleAll } = props;
  const [focusIndex, setFocusIndex] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  const table = useReactTable({
    data: rows,
    columns: columnsFor(queue, activity),
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    manualSorting: true,
    state: { columnVisibility: Object.fromEntries(hidden.map((id) => [id, false])) },
  });
  const current = Math.min(focusIndex, Math.max(rows.length - 1, 0));
  const selectedOnPage = rows.filter((r) => selectedIds.has(r.id)).length;
  const visibleColumns = table.getVisibleLeafColumns().length + 1;

  const onRowKeyDown = (index: number, row: QueueRow) => (e: KeyboardEvent<HTMLAnchorElement>) => {
    const move = MOVES[e.key];
    if (move) {
      e.preventDefault();
      const next = move(index, rows.length - 1);
      setFocusIndex(next);
      body.current?.querySelectorAll<HTMLAnchorElement>('a.row-link')[next]?.focus();
    } else if (e.key === ' ') {
      e.preventDefault();
      onToggle(row);
    }
  };

  return (
    <ScrollRegion label="Matters table">
      <table
        className={`data-table data-table--${density}`}
        aria-busy={props.busy}
        data-view={props.viewKey}
        aria-describedby="queue-keys"
      >
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              <th scope="col" className="select-cell">
                <input
                  type="checkbox"
                  aria-label="Select all matters on this page"
                  checked={rows.length > 0 && selectedOnPage === rows.length}
                  ref={(box) => {
                    if (box) box.indeterminate = selectedOnPage > 0 && selectedOnPage < rows.length;
                  }}
                  disabled={rows.length === 0}
                  onChange={(e) => onToggleAll(e.target.checked)}
                />
              </th>
              {group.headers.map((header) => (
                <SortableHeader
                  key={header.id}
                  header={header}
                  sortable={activity === null && canSortColumn(queue, header.column.id)}
                  sort={sort}
                  onSort={props.onSort}
                />
              ))}
            </tr>
          ))}
        </thead>
        <tbody ref={body}>
          {table.getRowModel().rows.map((row, index) => {
            const selected = selectedIds.has(row.id);
            return (
              <tr key={row.id} className={selected ? 'is-selected' : undefined}>
                <td className="select-cell">
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    aria-label={`Select ${row.original.reference}`}
                    checked={selected}
                    onChange={() => onToggle(row.original)}
                  />
                </td>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={NUMERIC_COLUMNS.has(cell.column.id) ? 'numeric' : undefined}>
                    {cell.column.id === 'reference' ? (
                      <Link
                        className="row-link"
                        to={`/matters/${row.original.id}`}
                        tabIndex={index === current ? 0 : -1}
                        onFocus={() => setFocusIndex(index)}
                        onKeyDown={onRowKeyDown(index, row.original)}
                      >
                        {row.original.reference}
                      </Link>
                    ) : (
                      flexRender(cell.column.columnDef.cell, cell.getContext())
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
          {rows.length === 0 && !props.busy && (
            <tr>
              <td colSpan={visibleColumns}>No matters match these filters.</td>
            </tr>
          )}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

interface SortableHeaderProps {
  header: Header<QueueRow, unknown>;
  sortable: boolean;
  sort: TableSort;
  onSort: (column: string, direction: 'asc' | 'desc') => void;
}

function SortableHeader({ header, sortable, sort, onSort }: SortableHeaderProps) {
  const id = header.column.id;
  const label = flexRender(header.column.columnDef.header, header.getContext());
  const active = sort.column === id;
  const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <th scope="col" aria-sort={ariaSort} className={NUMERIC_COLUMNS.has(id) ? 'numeric' : undefined}>
      {sortable ? (
        <button
          type="button"
          className="sort-button"
          onClick={() => onSort(id, active && sort.direction === 'asc' ? 'desc' : 'asc')}
        >
          {label}
          <span aria-hidden="true">{active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
        </button>
      ) : (
        label
      )}
    </th>
  );
}
