// How many days a request of each kind has before it is due: the office's own setting, or the default.
import type { Db, Tx } from '@relief-desk/db';
import { DEFAULT_DUE_DAYS, DOCUMENT_KINDS, type DocumentKind } from '@relief-desk/domain';

export async function dueDaysFor(db: Db | Tx, officeId: string): Promise<Record<DocumentKind, number>> {
  const rows = await db
    .selectFrom('office_document_due_days')
    .select(['kind', 'days'])
    .where('office_id', '=', officeId)
    .execute();
  const days = { ...DEFAULT_DUE_DAYS };
  for (const row of rows)
    if ((DOCUMENT_KINDS as readonly string[]).includes(row.kind)) days[row.kind] = row.days;
  return days;
}
