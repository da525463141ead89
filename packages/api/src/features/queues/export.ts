// The current view as CSV: every row of it (not just the page), read in keyset pages and written
// as a stream. The export is put on record before the first row leaves.
import { can, type MatterView, REFERRAL_SOURCE_LABELS, STAGE_LABELS } from '@relief-desk/domain';
import { writeAudit } from '../../audit.ts';
import type { AuthedContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { checkViewAllowed, listView, viewScopeOf } from '../matters/listMatters.ts';
import type { MatterRow } from './rows.ts';

const COLUMNS: [string, (row: MatterRow) => string | number | null][] = [
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
  ['Last client contact', (r) => r.lastContactOn],
  ['Documents due', (r) => r.documentDueOn],
  ['Next court date', (r) => r.nextCourtDate],
];

/** Quotes a cell, and defuses spreadsheet formulas (a cell starting = + - @ is read as text). */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const PAGE = 500;

export async function* exportViewCsv(ctx: AuthedContext, view: MatterView): AsyncGenerator<string> {
  if (!can(ctx.user.role, 'workMatters'))
    throw new AppError('FORBIDDEN', 'Your role does not allow this. Ask a supervisor or administrator.');
  checkViewAllowed(ctx, view);
  const scope = await viewScopeOf(ctx);
  // The whole view but the search text (which may be a client's name): what was exported is on record.
  const { search, ...limits } = view;
  await writeAudit(ctx.db, ctx, {
    action: 'queues.export',
    entityType: 'queue',
    entityId: view.queue,
    detail: { ...limits, searched: search !== '' },
  });
  yield '\uFEFF'; // so spreadsheet programs read the file as UTF-8
  yield `${COLUMNS.map(([name]) => csvCell(name)).join(',')}\r\n`;
  let cursor: string | null = null;
  do {
    const page = await listView(scope, view, cursor, PAGE);
    yield page.items.map((row) => `${COLUMNS.map(([, cell]) => csvCell(cell(row))).join(',')}\r\n`).join('');
    cursor = page.nextCursor;
  } while (cursor);
}
