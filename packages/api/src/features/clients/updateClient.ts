// Correcting a client's details (names, birth date, contact details, language, consents): one writer
// for the referral form (attaching to a known client) and the matter page's edit form.
import { inTransaction, type OfficeTx } from '@relief-desk/db';
import {
  birthDateProblem,
  type ClientDetails,
  californiaDate,
  nameSortKey,
  type updateClientInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { AuthedContext, OfficeContext } from '../../context.ts';
import { badInput, notFound } from '../../errors.ts';
import { clientColumns } from '../../matter-core/clientColumns.ts';
import { recordEvent } from '../../matter-core/events.ts';

/**
 * Writes the details over the version the caller started from; a stale version is refused naming
 * who changed them, another office's (or a merged-away) client as not found, audited in its office.
 */
export async function saveClientDetails(
  // Held to the office: another office's client is not found (the referral form calls it too).
  tx: OfficeTx,
  // Nobody, for a matter another office passes on again to the client it was passed to before.
  by: Pick<AuthedContext, 'clock'> & { user: { id: string } | null },
  client: { id: string; version: number },
  details: ClientDetails,
): Promise<void> {
  const now = by.clock.now().toISOString();
  const updated = await tx
    .updateTable('clients')
    .set({
      ...clientColumns(details),
      updated_at: now,
      updated_by: by.user?.id ?? null,
      version: client.version + 1,
    })
    .where('id', '=', client.id)
    .where('version', '=', client.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 1) {
    // The queue sorts every matter of the person by their name, and filters by their language: a
    // corrected name sorts anew, a changed language filters anew.
    await tx
      .updateTable('matters')
      .set({ client_sort_name: nameSortKey(details.legalName), client_language: details.preferredLanguage })
      .where('client_id', '=', client.id)
      .execute();
    return;
  }
  const current = await tx
    .selectFrom('clients')
    .select(['updated_by', 'updated_at'])
    .where('id', '=', client.id)
    .executeTakeFirst();
  if (!current) throw notFound('That client', { entityType: 'client', entityId: client.id });
  throw await versionConflict(tx, 'this client’s details', current);
}

/**
 * Each of the person's matters shows that their details changed, on its timeline (that they changed,
 * not the values); returns how many matters.
 */
export async function tellClientsMatters(
  tx: OfficeTx,
  by: Pick<AuthedContext, 'clock'> & { user: { id: string } | null },
  clientId: string,
  sentence: string,
): Promise<number> {
  const matters = await tx
    .selectFrom('matters')
    .select(['id', 'office_id'])
    .where('client_id', '=', clientId)
    .execute();
  for (const matter of matters)
    await recordEvent(tx, by, { id: matter.id, officeId: matter.office_id }, 'client_updated', sentence);
  return matters.length;
}

export async function updateClient(ctx: OfficeContext, input: z.output<typeof updateClientInputSchema>) {
  // As on a referral: a correction cannot give a birth date still to come.
  const birthDate = birthDateProblem(input.client.dateOfBirth, californiaDate(ctx.clock.now()));
  if (birthDate) throw badInput('client.dateOfBirth', birthDate);
  return inTransaction(ctx.db, async ({ tx }) => {
    await saveClientDetails(tx, ctx, { id: input.clientId, version: input.version }, input.client);
    const matters = await tellClientsMatters(tx, ctx, input.clientId, 'Client details corrected.');
    await putOnRecord(tx, {
      entityType: 'client',
      entityId: input.clientId,
      detail: { version: input.version + 1, matters },
    });
    return { id: input.clientId, version: input.version + 1 };
  });
}
