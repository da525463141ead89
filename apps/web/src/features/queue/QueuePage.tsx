// The case queue: every matter of the office, filtered, sorted and paged on the server. The URL
// holds the view, so it can be bookmarked and shared.
import {
  COUNTIES,
  type MatterSortKey,
  QUEUE_IDS,
  QUEUE_LABELS,
  type QueueId,
  STAGE_LABELS,
  STAGES,
  type Stage,
} from '@relief-desk/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { Alert, SelectField, TextField } from '../../ui/fields.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { queueColumns, SORT_KEY_OF_COLUMN } from './columns.tsx';

const PAGE_SIZE = 25;

export function QueuePage() {
  const trpc = useTRPC();
  const heading = usePageHeading<HTMLHeadingElement>('Case queue');
  const [params, setParams] = useSearchParams();
  const [previousCursors, setPreviousCursors] = useState<(string | null)[]>([]);

  const queueParam = params.get('queue');
  const queue: QueueId = (QUEUE_IDS as readonly string[]).includes(queueParam ?? '')
    ? (queueParam as QueueId)
    : 'all';
  const search = params.get('q') ?? '';
  const [searchText, setSearchText] = useState(search);
  const stage = params.get('stage') as Stage | null;
  const county = params.get('county');
  const assignee = params.get('assignee');
  const sortColumn = params.get('sort') ?? 'receivedOn';
  const direction = params.get('dir') === 'asc' ? 'asc' : 'desc';
  const cursor = params.get('cursor');
  const sort = SORT_KEY_OF_COLUMN[sortColumn] ?? { key: 'receivedOn' as MatterSortKey, invert: false };
  const serverDirection = sort.invert ? (direction === 'asc' ? 'desc' : 'asc') : direction;

  const colleagues = useQuery(trpc.users.listColleagues.queryOptions());
  const counts = useQuery(trpc.queues.counts.queryOptions());
  const page = useQuery({
    ...trpc.matters.list.queryOptions({
      queue,
      search,
      stages: stage && (STAGES as readonly string[]).includes(stage) ? [stage] : [],
      counties:
        county && (COUNTIES as readonly string[]).includes(county)
          ? [county as (typeof COUNTIES)[number]]
          : [],
      assignee: assignee || null,
      sort: sort.key,
      direction: serverDirection,
      cursor,
      limit: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('cursor' in changes)) {
      next.delete('cursor');
      setPreviousCursors([]);
    }
    setParams(next);
  };

  const table = useReactTable({
    data: page.data?.items ?? [],
    columns: queueColumns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    state: { sorting: [{ id: sortColumn, desc: direction === 'desc' }] },
  });

  return (
    <section className="queue">
      <div className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          Case queue
        </h1>
        <Link className="button button--primary" to="/referrals/new">
          New referral
        </Link>
      </div>

      <nav className="queue-tabs" aria-label="Queues">
        <ul>
          {QUEUE_IDS.map((id) => (
            <li key={id}>
              <Link
                to={`/matters?queue=${id}`}
                aria-current={id === queue ? 'page' : undefined}
                onClick={() => setPreviousCursors([])}
              >
                {QUEUE_LABELS[id]} <span className="queue-tabs__count">{counts.data?.[id] ?? '…'}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <form
        className="queue-search"
        aria-label="Search matters"
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: searchText.trim() });
        }}
      >
        <TextField
          label="Search"
          hint="A client’s name, a date of birth, a court case number or a matter number"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
        />
        <button type="submit" className="button">
          Search
        </button>
      </form>

      <form className="filters" aria-label="Filter matters" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Stage" value={stage ?? ''} onChange={(e) => update({ stage: e.target.value })}>
          <option value="">All stages</option>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {STAGE_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <SelectField label="County" value={county ?? ''} onChange={(e) => update({ county: e.target.value })}>
          <option value="">All counties</option>
          {COUNTIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Assignee"
          value={assignee ?? ''}
          onChange={(e) => update({ assignee: e.target.value })}
        >
          <option value="">Anyone</option>
          <option value="unassigned">Unassigned</option>
          {colleagues.data?.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
      </form>

      {page.error && <Alert tone="error">{describeError(page.error).message}</Alert>}

      <table className="data-table" aria-busy={page.isFetching}>
        <caption className="visually-hidden">
          Matters, sorted by {sortColumn}, {direction === 'asc' ? 'ascending' : 'descending'}
        </caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sortable = header.column.id in SORT_KEY_OF_COLUMN;
                const active = header.column.id === sortColumn;
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    {sortable ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() =>
                          update({
                            sort: header.column.id,
                            dir: active && direction === 'asc' ? 'desc' : 'asc',
                          })
                        }
                      >
                        {label}
                        <span aria-hidden="true">{active ? (direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={cell.column.id === 'daysOpen' ? 'numeric' : undefined}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
          {page.data && page.data.items.length === 0 && (
            <tr>
              <td colSpan={queueColumns.length}>No matters match these filters.</td>
            </tr>
          )}
        </tbody>
      </table>

      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          className="button"
          disabled={!cursor}
          onClick={() => {
            const previous = previousCursors.at(-1) ?? null;
            setPreviousCursors((stack) => stack.slice(0, -1));
            update({ cursor: previous });
          }}
        >
          Previous page
        </button>
        <button
          type="button"
          className="button"
          disabled={!page.data?.nextCursor}
          onClick={() => {
            setPreviousCursors((stack) => [...stack, cursor]);
            update({ cursor: page.data?.nextCursor ?? null });
          }}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}
