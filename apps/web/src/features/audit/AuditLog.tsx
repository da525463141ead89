// The office's audit log, filtered and paged on the server: each row as a sentence whose records link
// to their pages (a person's name filters the log by them), a person's reads of one matter a few
// minutes apart as one visit that opens to its rows, and the filtered log as a CSV download. The
// address holds the filters and the page, so a view can be bookmarked and shared.
import {
  AUDIT_LOG_URL_KEYS,
  AUDIT_OUTCOME_LABELS,
  type AuditFilters,
  type AuditSentencePart,
  auditFiltersFromUrl,
  auditFiltersToUrl,
  californiaDate,
  californiaTime,
} from '@relief-desk/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { Alert } from '../../ui/fields.tsx';
import { refocus } from '../../ui/focus.ts';
import { formatInstant } from '../../ui/format.ts';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { AuditFilterForm } from './AuditFilters.tsx';

const PAGE_SIZE = 50;

type AuditLine = ApiOutputs['audit']['list']['lines'][number];
type AuditEntry = AuditLine['entries'][number];

/** The download address of every row the filters select, as the export route reads it. */
export function auditExportHref(filters: AuditFilters): string {
  return `/api/audit/export.csv?filters=${encodeURIComponent(JSON.stringify(filters))}`;
}

const HREF: Record<NonNullable<AuditSentencePart['link']>['type'], (id: string) => string> = {
  matter: (id) => `/matters/${encodeURIComponent(id)}`,
  client: (id) => `/clients/${encodeURIComponent(id)}`,
  person: (id) => `/audit?person=${encodeURIComponent(id)}`,
};

/** A sentence of the log; its parts never move, so their places are their keys. */
function Sentence({ parts }: { parts: AuditSentencePart[] }) {
  return (
    <>
      {parts.map((part, i) =>
        part.link ? (
          <Link key={i} to={HREF[part.link.type](part.link.id)}>
            {part.text}
          </Link>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

/**
 * "Nov 28, 2026, 10:02 AM PST – 10:07 AM PST": a visit's first and last read (one time within a
 * minute). Each time names its zone: a visit across the night the clocks go back reads
 * "1:58 AM PDT – 1:03 AM PST".
 */
function span(oldest: string, newest: string): string {
  const sameDay = californiaDate(new Date(oldest)) === californiaDate(new Date(newest));
  if (sameDay && californiaTime(oldest) === californiaTime(newest)) return formatInstant(newest);
  return `${formatInstant(oldest)} – ${sameDay ? californiaTime(newest) : formatInstant(newest)}`;
}

function EntryRow({ entry, inVisit = false }: { entry: AuditEntry; inVisit?: boolean }) {
  return (
    <tr className={inVisit ? 'small' : undefined}>
      <td>{inVisit ? californiaTime(entry.occurredAt) : formatInstant(entry.occurredAt)}</td>
      <td>
        <Sentence parts={entry.sentence} />
      </td>
      <td>{entry.actionLabel}</td>
      <td>{AUDIT_OUTCOME_LABELS[entry.outcome]}</td>
      <td>{entry.ip}</td>
    </tr>
  );
}

function VisitRows({ line, open, onToggle }: { line: AuditLine; open: boolean; onToggle: () => void }) {
  const rowsId = `${line.id}-reads`;
  const addresses = [...new Set(line.entries.map((e) => e.ip))].join(', ');
  return (
    <>
      <tbody>
        <tr>
          <td>{span(line.oldest, line.newest)}</td>
          <td>
            <Sentence parts={line.sentence} />{' '}
            <button
              type="button"
              className="button button--quiet"
              aria-expanded={open}
              aria-controls={rowsId}
              onClick={onToggle}
            >
              {open ? 'Hide' : 'Show'} the {line.entries.length} reads
            </button>
          </td>
          <td>Visit</td>
          <td>{AUDIT_OUTCOME_LABELS.ok}</td>
          <td>{addresses}</td>
        </tr>
      </tbody>
      <tbody id={rowsId} hidden={!open}>
        {line.entries.map((entry) => (
          <EntryRow key={entry.id} entry={entry} inVisit />
        ))}
      </tbody>
    </>
  );
}

export function AuditLog() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const filters = auditFiltersFromUrl(params);
  const cursor = params.get('cursor');
  const [previousCursors, setPreviousCursors] = useState<(string | null)[]>([]);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  const people = useQuery(trpc.audit.people.queryOptions());
  const page = useQuery({
    ...trpc.audit.list.queryOptions({ ...filters, cursor, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const lines = page.data?.lines ?? [];
  const current = page.data && !page.isPlaceholderData ? page.data : null;
  const entries = lines.reduce((n, l) => n + l.entries.length, 0);
  const filtersKey = auditFiltersToUrl(filters).toString();
  // Applied, the filter form is made again for the new address: the count of what they select
  // takes the focus once the answer is in (the button pressed is gone).
  const [applied, setApplied] = useState(false);
  const count = useRef<HTMLParagraphElement | null>(null);
  useEffect(() => {
    if (applied && current) {
      refocus(count.current);
      setApplied(false);
    }
  }, [applied, current]);

  /** The log's own parameters replaced; others on the page (the disclosure report's) kept. */
  const go = (next: AuditFilters, nextCursor: string | null) => {
    const out = new URLSearchParams();
    for (const [key, value] of params) if (!AUDIT_LOG_URL_KEYS.includes(key)) out.append(key, value);
    for (const [key, value] of auditFiltersToUrl(next)) out.set(key, value);
    if (nextCursor) out.set('cursor', nextCursor);
    setParams(out);
    setOpen(new Set());
  };

  return (
    <section aria-labelledby="audit-entries">
      <h2 id="audit-entries">Entries</h2>
      <AuditFilterForm
        // A new address (filters applied, Back) shows what it says; so does the first answer, which
        // names the chosen client or matter.
        key={`${filtersKey}|${current ? 'named' : ''}`}
        filters={filters}
        chosen={current?.chosen ?? { client: null, matter: null }}
        people={people.data?.people ?? []}
        unknownAccounts={people.data?.unknownAccounts ?? false}
        onApply={(next) => {
          setPreviousCursors([]);
          setApplied(true);
          go(next, null);
        }}
      />
      <p className="inline-row">
        <a className="button" href={auditExportHref(filters)} download>
          Export CSV
        </a>
        <span className="muted">Every entry these filters select, one row each, California time.</span>
      </p>
      {page.error && <Alert tone="error">{describeError(page.error).message}</Alert>}
      <p role="status" ref={count} tabIndex={-1}>
        {page.data
          ? lines.length === 0
            ? 'No entries match these filters.'
            : `${entries} ${entries === 1 ? 'entry' : 'entries'} on this page, newest first; a person’s reads of one matter a few minutes apart show as one visit.`
          : page.error
            ? 'The log could not be shown.'
            : 'Loading the log…'}
      </p>
      <ScrollRegion label="Audit entries table">
        <table
          className="data-table"
          aria-busy={page.isFetching}
          // The address whose answer the table shows (empty while an earlier one stands in).
          data-view={current ? params.toString() : ''}
        >
          <caption className="visually-hidden">Audit log entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What happened</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">Address</th>
            </tr>
          </thead>
          {lines.map((line) =>
            line.visit ? (
              <VisitRows
                key={line.id}
                line={line}
                open={open.has(line.id)}
                onToggle={() =>
                  setOpen((shown) => {
                    const next = new Set(shown);
                    if (next.has(line.id)) next.delete(line.id);
                    else next.add(line.id);
                    return next;
                  })
                }
              />
            ) : (
              <tbody key={line.id}>{line.entries[0] && <EntryRow entry={line.entries[0]} />}</tbody>
            ),
          )}
        </table>
      </ScrollRegion>
      {/* aria-disabled at either end, not disabled, so Enter up to the last page keeps focus here (as the queue's pager). */}
      <nav className="pager" aria-label="Pages of the log">
        <button
          type="button"
          className="button"
          aria-disabled={!cursor || undefined}
          onClick={() => {
            if (!cursor) return;
            const previous = previousCursors.at(-1) ?? null;
            setPreviousCursors((stack) => stack.slice(0, -1));
            go(filters, previous);
          }}
        >
          Newer entries
        </button>
        <button
          type="button"
          className="button"
          aria-disabled={!page.data?.nextCursor || undefined}
          onClick={() => {
            const next = page.data?.nextCursor;
            if (!next) return;
            setPreviousCursors((stack) => [...stack, cursor]);
            go(filters, next);
          }}
        >
          Older entries
        </button>
      </nav>
    </section>
  );
}
