// The case queue: every matter of the office in a named queue, filtered, sorted and paged on the
// server. The URL holds the view (queue, search, filters, sort, page), so it can be bookmarked and
// shared; the export link downloads every row of the same view.
import {
  MATTER_URL_PARAMS,
  type MatterUrlField,
  QUEUE_IDS,
  QUEUE_LABELS,
  queueHref,
} from '@relief-desk/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { Alert, TextField } from '../../ui/fields.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { BulkActions } from './BulkActions.tsx';
import { type QueueRow, sortColumnLabel } from './columns.tsx';
import { DisplayMenu } from './DisplayMenu.tsx';
import { DrillDownNote, drillDownLimits, drillDownOrder } from './DrillDownNote.tsx';
import { QueueFilters } from './QueueFilters.tsx';
import { QueueTable } from './QueueTable.tsx';
import { useDisplayOptions } from './useDisplayOptions.ts';
import {
  columnOfSort,
  exportHref,
  QUEUE_PAGE_SIZE,
  readQueueUrl,
  shownRange,
  type ViewChanges,
} from './viewState.ts';

export function QueuePage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions()).data;
  const heading = usePageHeading<HTMLHeadingElement>('Case queue');
  const [params, setParams] = useSearchParams();
  // The pages before this one, kept in the history entry: a reload (or Back to it) keeps them, so
  // "Previous page" goes one page back there too, not to the first.
  const previousCursors = cursorsBefore(useLocation().state);
  const [selected, setSelected] = useState<Map<string, QueueRow>>(() => new Map());
  const display = useDisplayOptions();
  const { view, sortColumn, sortDirection, cursor } = readQueueUrl(params);
  const [searchText, setSearchText] = useState(view.search);
  // When the URL's search changes (a queue tab, a dashboard link, Back), show what it says rather
  // than text left over from the previous view.
  const [lastSearch, setLastSearch] = useState(view.search);
  if (lastSearch !== view.search) {
    setLastSearch(view.search);
    setSearchText(view.search);
  }

  const colleagues = useQuery(trpc.users.listColleagues.queryOptions());
  const counts = useQuery(trpc.queues.counts.queryOptions());
  const page = useQuery({
    ...trpc.matters.list.queryOptions({ ...view, cursor, limit: QUEUE_PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  // Asked for after the rows, so a page never waits for its count; fetched again with them.
  const count = useQuery({
    ...trpc.queues.viewCount.queryOptions({ ...view, cursor }),
    enabled: page.data !== undefined && !page.isPlaceholderData,
  });
  const { refetch: countAgain } = count;
  const rowsFetched = page.isPlaceholderData ? 0 : page.dataUpdatedAt;
  useEffect(() => {
    if (rowsFetched > 0) void countAgain({ cancelRefetch: false });
  }, [rowsFetched, countAgain]);
  const rows = page.data?.items ?? [];
  const pageError = page.error ? describeError(page.error) : null;
  // The server's word on what was typed (a date that does not exist) goes beside the search box.
  const searchError = pageError?.fieldErrors.find((field) => field.path === 'search')?.message;
  // Never empty: the line is there from the start, so the table below does not move when it fills.
  const shown = !page.data
    ? pageError
      ? 'No matters listed.'
      : 'Loading matters…'
    : count.data
      ? shownRange(count.data, rows.length)
      : 'Counting matters…';

  const startOver = () => setSelected(new Map());
  /**
   * Sets the view's filters (named as the view names them, written under the address's parameters) or
   * the page's own sort, direction and cursor: a list repeats the parameter (stage=a&stage=b); empty or
   * null removes it.
   */
  const update = (changes: ViewChanges, cursorsBeforeNext: (string | null)[] = []) => {
    const next = new URLSearchParams(params);
    for (const [field, value] of Object.entries(changes)) {
      const key = Object.hasOwn(MATTER_URL_PARAMS, field)
        ? MATTER_URL_PARAMS[field as MatterUrlField]
        : field;
      next.delete(key);
      for (const one of Array.isArray(value) ? value : [value]) if (one) next.append(key, one);
    }
    if (!('cursor' in changes)) {
      next.delete('cursor');
      startOver();
    }
    setParams(next, { state: { previousCursors: cursorsBeforeNext } });
  };

  const shownSort = page.data?.sort;
  const searching = shownSort?.key === 'match';
  const order = drillDownOrder(view);
  const sort = order
    ? { column: 'activityOn', direction: 'desc' as const }
    : sortColumn !== null
      ? { column: sortColumn, direction: sortDirection }
      : shownSort && shownSort.key !== 'match' && 'direction' in shownSort
        ? (columnOfSort(shownSort.key, shownSort.direction) ?? { column: null, direction: sortDirection })
        : { column: null, direction: sortDirection };
  const limits = drillDownLimits(view, colleagues.data ?? null);
  const caption = `${
    searching
      ? 'Matters, best match first'
      : order
        ? `Matters in ${QUEUE_LABELS[view.queue]}, most recent first`
        : `Matters in ${QUEUE_LABELS[view.queue]}${sort.column ? `, sorted by ${sortColumnLabel(view.queue, view.activity?.kind ?? null, sort.column)} ${sort.direction === 'asc' ? 'ascending' : 'descending'}` : ''}`
  }${limits.length > 0 ? `, only with: ${limits.join('; ')}` : ''}`;

  const toggle = (row: QueueRow) =>
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(row.id)) next.delete(row.id);
      else next.set(row.id, row);
      return next;
    });
  const toggleAll = (select: boolean) =>
    setSelected((current) => {
      const next = new Map(current);
      for (const row of rows) {
        if (select) next.set(row.id, row);
        else next.delete(row.id);
      }
      return next;
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
                to={queueHref(id)}
                aria-current={id === view.queue ? 'page' : undefined}
                onClick={startOver}
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
          update({ search: searchText.trim() });
        }}
      >
        <TextField
          label="Search"
          hint={
            me?.canViewRapSheets
              ? 'A client’s name, a date of birth, a court case number or a matter number'
              : 'A client’s name, a date of birth or a matter number (court case numbers need the RAP sheet permission)'
          }
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          error={searchError}
        />
        <button type="submit" className="button">
          Search
        </button>
      </form>

      <div className="queue-toolbar">
        <QueueFilters view={view} colleagues={colleagues.data ?? []} onChange={update} />
        <DisplayMenu display={display} />
        <a className="button" href={exportHref(view)} download>
          Export CSV
        </a>
      </div>

      <DrillDownNote
        limits={limits}
        order={order}
        onClear={() => {
          update({
            activity: null,
            from: null,
            to: null,
            by: null,
            firstContact: null,
            receivedFrom: null,
            receivedTo: null,
            ...(view.referralSources.length > 1 ? { source: null } : {}),
          });
          // The button goes with the note: focus returns to the top of the page, not to nowhere.
          heading.current?.focus();
        }}
      />

      <BulkActions
        selected={[...selected.values()]}
        user={me}
        colleagues={colleagues.data ?? []}
        onApplied={() => setSelected(new Map())}
      />

      {pageError && <Alert tone="error">{pageError.message}</Alert>}
      <div className="queue-status">
        <p className="queue-count" role="status">
          {shown}
        </p>
        <p id="queue-keys" className="muted queue-keys">
          In the table, Up and Down move between matters, Space selects one and Enter opens it.
        </p>
      </div>
      <QueueTable
        queue={view.queue}
        activity={order && view.activity ? view.activity.kind : null}
        rows={rows}
        hidden={display.options.hidden}
        density={display.options.density}
        sort={sort}
        caption={caption}
        busy={page.isFetching || page.isPlaceholderData}
        viewKey={params.toString()}
        selectedIds={new Set(selected.keys())}
        onSort={(column, dir) => update({ sort: column, dir })}
        onToggle={toggle}
        onToggleAll={toggleAll}
      />

      {/*
        On the first or last page a button is aria-disabled, not disabled: Enter on "Next page" up to
        the last page leaves focus on it, instead of dropping it to the page's body.
      */}
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          className="button"
          aria-disabled={!cursor || undefined}
          onClick={() => {
            if (!cursor) return;
            update({ cursor: previousCursors.at(-1) ?? null }, previousCursors.slice(0, -1));
          }}
        >
          Previous page
        </button>
        <button
          type="button"
          className="button"
          aria-disabled={!page.data?.nextCursor || undefined}
          onClick={() => {
            if (!page.data?.nextCursor) return;
            update({ cursor: page.data.nextCursor }, [...previousCursors, cursor]);
          }}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}

/** The cursors of the pages before this one, as the history entry holds them (none when it holds none). */
function cursorsBefore(state: unknown): (string | null)[] {
  const stack = (state as { previousCursors?: unknown } | null)?.previousCursors;
  return Array.isArray(stack)
    ? stack.filter((c): c is string | null => c === null || typeof c === 'string')
    : [];
}
