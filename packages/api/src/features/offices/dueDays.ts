// How many days each kind of document request has before it is due, as administrators set it on
// Office settings: each kind's days with its version (0 while the office has never set its own), and
// the versioned, audited save. New requests read the days alone (documents/dueDays.ts).
import { inTransaction, type OfficeDb, type OfficeTx } from '@relief-desk/db';
import {
  DEFAULT_DUE_DAYS,
  DOCUMENT_KIND_LABELS,
  DOCUMENT_KINDS,
  type DocumentDueDaySettings,
  type DocumentKind,
  type setDocumentDueDaysInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { badInput } from '../../errors.ts';

const isKind = (kind: string): kind is DocumentKind => (DOCUMENT_KINDS as readonly string[]).includes(kind);

// On the office's handle: officeId is the handle's own office, named again only to lead the index.
export async function documentDueDaySettingsOf(
  db: OfficeDb | OfficeTx,
  officeId: string,
): Promise<DocumentDueDaySettings> {
  const rows = await db
    .selectFrom('office_document_due_days')
    .select(['kind', 'days', 'version'])
    // Leads the (office_id, kind) key on SQLite (the scope's +office_id would read every office's rows).
    .where('office_id', '=', officeId)
    .execute();
  const settings = Object.fromEntries(
    DOCUMENT_KINDS.map((kind) => [kind, { days: DEFAULT_DUE_DAYS[kind], version: 0 }]),
  ) as DocumentDueDaySettings;
  for (const row of rows) if (isKind(row.kind)) settings[row.kind] = { days: row.days, version: row.version };
  return settings;
}

export async function setDocumentDueDays(
  ctx: OfficeContext,
  input: z.output<typeof setDocumentDueDaysInputSchema>,
): Promise<DocumentDueDaySettings> {
  const officeId = ctx.user.officeId;
  return inTransaction(ctx.db, async ({ tx }) => {
    const now = ctx.clock.now().toISOString();
    const current = await tx
      .selectFrom('office_document_due_days')
      .select(['days', 'version', 'updated_by', 'updated_at'])
      .where('office_id', '=', officeId)
      .where('kind', '=', input.kind)
      .executeTakeFirst();
    const conflict = () =>
      versionConflict(tx, `the days for ${DOCUMENT_KIND_LABELS[input.kind]}`, {
        updated_by: current?.updated_by ?? null,
        updated_at: current?.updated_at ?? now,
      });
    if ((current?.version ?? 0) !== input.version) throw await conflict();
    // Nothing to change (the default's days, or the days saved): refused, and nothing written.
    const days = current?.days ?? DEFAULT_DUE_DAYS[input.kind];
    if (days === input.days)
      throw badInput(
        'days',
        `Requests for “${DOCUMENT_KIND_LABELS[input.kind]}” are already due in ${days === 1 ? '1 day' : `${days} days`}.`,
      );
    const values = { days: input.days, version: input.version + 1, updated_at: now, updated_by: ctx.user.id };
    if (current) {
      const saved = await tx
        .updateTable('office_document_due_days')
        .set(values)
        .where('office_id', '=', officeId)
        .where('kind', '=', input.kind)
        .where('version', '=', input.version)
        .executeTakeFirst();
      // PostgreSQL: two saves from one version both passed the check above; the later changes nothing.
      if (Number(saved.numUpdatedRows) !== 1) throw await conflict();
    } else {
      // Two first saves of a kind at once: the later insert finds the row and is refused as stale.
      const inserted = await tx
        .insertInto('office_document_due_days')
        .values({ office_id: officeId, kind: input.kind, ...values })
        .onConflict((oc) => oc.columns(['office_id', 'kind']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw await conflict();
    }
    await putOnRecord(tx, {
      entityType: 'office',
      entityId: officeId,
      detail: {
        kind: input.kind,
        days: input.days,
        from: days,
        version: input.version + 1,
      },
    });
    return documentDueDaySettingsOf(tx, officeId);
  });
}
