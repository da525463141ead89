// The current view as CSV: every row of it (not just the page), read in keyset pages and written
// as a stream. The export is put on record before the first row leaves, and a failure is too.
import {
  MATTER_ACTIVITY_LABELS,
  type MatterView,
  REFERRAL_SOURCE_LABELS,
  STAGE_LABELS,
} from '@relief-desk/domain';
import { requirePermission } from '../../access.ts';
import { putOnRecord, putReadOnRecord, type RecordFacts } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { CRIMINAL_HISTORY_ACTIVITIES } from './drillDowns.ts';
import {
  checkViewAllowed,
  listView,
  type MatterPage,
  recordCourtOutcomesShown,
  viewScopeOf,
} from './list.ts';
import type { MatterRow } from './rows.ts';

type Column = [string, (row: MatterRow) => string | number | null];

const COLUMNS: Column[] = [
  ['Matter', (r) => r.reference],
  ['Client', (r) => r.clientName],
  ['Language', (r) => r.preferredLanguage],
  ['County', (r) => r.county],
  ['Stage', (r) => STAGE_LABELS[r.stage]],
  ['Assignee', (r) => r.assigneeName ?? ''],
  [
    'Referral source',
    (r) =>
      REFERRAL_SOURCE_LABELS[r.referralSource as keyof typeof REFERRAL_SOURCE_LABELS] ?? r.referralSource,
  ],
  ['Received', (r) => r.receivedOn],
  ['Days open', (r) => r.daysOpen],
  // Blank for a client nobody has contacted yet (the dashboard's "Not yet"), not the day received.
  ['Last client contact', (r) => r.clientContactedOn],
  ['Documents due', (r) => r.documentDueOn],
  ['Next court date', (r) => r.nextCourtDate],
];

/**
 * A drill-down's rows come in the order of its activity's date (not while searching), which they
 * carry; except the court's decisions, whose dates are criminal history the queue's CSV never holds.
 */
function columnsOf(view: MatterView): Column[] {
  if (!view.activity || view.search || CRIMINAL_HISTORY_ACTIVITIES.has(view.activity.kind)) return COLUMNS;
  return [...COLUMNS, [`${MATTER_ACTIVITY_LABELS[view.activity.kind]} (date)`, (r) => r.activityOn]];
}

/** Quotes a cell, and defuses spreadsheet formulas (a cell starting = + - @ is read as text). */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const PAGE = 500;

/**
 * Every row of the view, as CSV text in chunks. Nothing is yielded until the caller may export this
 * view and its first page has been read, so a view that cannot be read (a search with no letters in
 * it) is refused before a header is sent, and recorded as failed. Then the export is put on record
 * (outcome ok) before the first row leaves; should a later page fail, the stream stops and a second
 * row records the failure and how many rows had gone.
 */
export async function* exportViewCsv(ctx: OfficeContext, view: MatterView): AsyncGenerator<string> {
  // The whole view but the search text (which may be a client's name): what was exported is on record.
  const { search, ...limits } = view;
  const about = (detail: Record<string, unknown> = {}): RecordFacts => ({
    entityType: 'queue',
    entityId: view.queue,
    detail: { ...limits, searched: search !== '', ...detail },
  });
  const record = (outcome: 'denied' | 'failed', detail: Record<string, unknown> = {}) =>
    putOnRecord(ctx.db, { ...about(detail), outcome });
  await requirePermission(ctx, 'workMatters', about());
  try {
    checkViewAllowed(ctx, view);
  } catch (error) {
    await record('denied');
    throw error;
  }
  const scope = viewScopeOf(ctx);
  let page: MatterPage;
  try {
    page = await listView(scope, view, null, PAGE);
  } catch (error) {
    await record('failed', { rows: 0, reason: error instanceof AppError ? error.appCode : 'INTERNAL' });
    throw error;
  }
  // What is shown waits in the audit journal; a refusal or a failure goes on the chain at once.
  await putReadOnRecord(ctx.db, about());
  yield '\uFEFF'; // so spreadsheet programs read the file as UTF-8
  const columns = columnsOf(view);
  yield `${columns.map(([name]) => csvCell(name)).join(',')}\r\n`;
  let rows = 0;
  try {
    for (;;) {
      await recordCourtOutcomesShown(ctx, view, page.items, 'queues.exportCourtOutcomes');
      yield page.items
        .map((row) => `${columns.map(([, cell]) => csvCell(cell(row))).join(',')}\r\n`)
        .join('');
      rows += page.items.length;
      if (!page.nextCursor) break;
      page = await listView(scope, view, page.nextCursor, PAGE);
    }
  } catch (error) {
    await record('failed', {
      rows,
      stoppedAfterHeader: true,
      reason: error instanceof AppError ? error.appCode : 'INTERNAL',
    });
    throw error;
  }
}
