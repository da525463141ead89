// How many days a request of each kind has before it is due: the office's own setting, or the default.
import type { OfficeDb, OfficeTx } from '@relief-desk/db';
import { DEFAULT_DUE_DAYS, DOCUMENT_KINDS, type DocumentKind } from '@relief-desk/domain';

// On the office's handle: officeId is the handle's own office, named again only to lead the index.
export async function dueDaysFor(
  db: OfficeDb | OfficeTx,
  officeId: string,
): Promise<Record<DocumentKind, number>> {
  const rows = await db
    .selectFrom('office_document_due_days')
    .select(['kind', 'days'])
    // Leads the (office_id, kind) key on SQLite (the scope's +office_id would read every office's rows).
    .where('office_id', '=', officeId)
    .execute();
  const days = { ...DEFAULT_DUE_DAYS };
  for (const row of rows)
    if ((DOCUMENT_KINDS as readonly string[]).includes(row.kind)) days[row.kind] = row.days;
  return days;
}
