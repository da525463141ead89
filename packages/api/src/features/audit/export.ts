// The filtered audit log as CSV: every row of it, newest first, read in keyset pages and written as
// a stream, each row told as on the page (one line per row: visits are not gathered in a file). The
// export is put on record ('audit.export', with the filters: ids and days only) before the first row
// leaves; a refusal or a failure before then is recorded too, and answered before any header.
import { chainAuditJournal } from '@relief-desk/db';
import {
  AUDIT_OUTCOME_LABELS,
  type AuditFilters,
  auditSentenceText,
  californiaStamp,
} from '@relief-desk/domain';
import { requirePermission } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { csvCell } from '../queues/export.ts';
import {
  type AuditEntry,
  type AuditRow,
  auditScopeOf,
  describeAuditRows,
  readAuditRows,
  resolveAuditFilters,
} from './log.ts';

const COLUMNS: [string, (entry: AuditEntry) => string | null][] = [
  ['When (California time)', (e) => californiaStamp(e.occurredAt)],
  ['Person', (e) => e.actorName],
  // Two people of one name are told apart by their sign-in address.
  ['Person’s e-mail', (e) => e.actorEmail],
  ['What happened', (e) => auditSentenceText(e.sentence)],
  ['Action', (e) => e.actionLabel],
  ['Outcome', (e) => AUDIT_OUTCOME_LABELS[e.outcome]],
  // A row naming several matters (a referral's) names each, in one cell.
  ['Matter', (e) => e.matterReferences.join('; ') || null],
  ['Client', (e) => e.clientName],
  ['Address', (e) => e.ip],
];

const PAGE = 500;

export async function* exportAuditCsv(ctx: OfficeContext, filters: AuditFilters): AsyncGenerator<string> {
  const recordFailure = (detail: Record<string, unknown>) =>
    putOnRecord(ctx.db, {
      entityType: 'office',
      entityId: ctx.user.officeId,
      outcome: 'failed',
      detail: { ...filters, ...detail },
    });
  await requirePermission(ctx, 'readAuditLog', { entityType: 'procedure', entityId: null, detail: filters });
  const scope = auditScopeOf(ctx);
  let rows: AuditRow[];
  let records: Awaited<ReturnType<typeof resolveAuditFilters>>['records'];
  try {
    // A person, client or matter not of this office is refused (and recorded) here.
    ({ records } = await resolveAuditFilters(ctx, filters));
    // Reads still in the audit journal join the log first, so the export misses none.
    await chainAuditJournal(ctx.db);
    rows = await readAuditRows(scope, filters, records, null, PAGE);
  } catch (error) {
    if (error instanceof AppError && error.audit)
      await putOnRecord(ctx.db, { ...error.audit, outcome: 'denied' });
    else await recordFailure({ rows: 0, reason: error instanceof AppError ? error.appCode : 'INTERNAL' });
    throw error;
  }
  // What is shown waits in the audit journal; a refusal or a failure goes on the chain at once.
  await putReadOnRecord(ctx.db, { entityType: 'office', entityId: ctx.user.officeId, detail: filters });
  yield '\uFEFF'; // so spreadsheet programs read the file as UTF-8
  yield `${COLUMNS.map(([name]) => csvCell(name)).join(',')}\r\n`;
  let written = 0;
  try {
    for (;;) {
      const described = await describeAuditRows(ctx, rows);
      yield described
        .map(({ entry }) => `${COLUMNS.map(([, cell]) => csvCell(cell(entry))).join(',')}\r\n`)
        .join('');
      written += rows.length;
      const last = rows.at(-1);
      if (rows.length < PAGE || !last) break;
      rows = await readAuditRows(scope, filters, records, last.id, PAGE);
    }
  } catch (error) {
    await recordFailure({
      rows: written,
      stoppedAfterHeader: true,
      reason: error instanceof AppError ? error.appCode : 'INTERNAL',
    });
    throw error;
  }
}
