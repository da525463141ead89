// Correcting a client's details (names, birth date, contact details, language, consents): one writer
// for the referral form (attaching to a known client) and the matter page's edit form.
import { inTransaction, type OfficeTx } from '@relief-desk/db';
import {
  birthDateProblem,
  type ClientDetailField,
  type ClientDetails,
  californiaDate,
  clientFieldWords,
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
): Promise<ClientDetailField[]> {
  const now = by.clock.now().toISOString();
  const columns = clientColumns(details);
  const before = await tx.selectFrom('clients').selectAll().where('id', '=', client.id).executeTakeFirst();
  const updated = await tx
    .updateTable('clients')
    .set({
      ...columns,
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
    return before ? changedFields(before, columns) : [];
  }
  const current = await tx
    .selectFrom('clients')
    .select(['updated_by', 'updated_at', 'version'])
    .where('id', '=', client.id)
    .executeTakeFirst();
  if (!current) throw notFound('That client', { entityType: 'client', entityId: client.id });
  const fields = clientFieldWords(await fieldsChangedSince(tx, client.id, client.version, current.version));
  throw await versionConflict(tx, fields ? `this client’s ${fields}` : 'this client’s details', current);
}

type ClientColumns = ReturnType<typeof clientColumns>;

/** The columns each field of the form writes (clientColumns), to tell which fields a save changed. */
const FIELD_COLUMNS: Record<ClientDetailField, readonly (keyof ClientColumns & string)[]> = {
  legalName: ['legal_name'],
  otherNames: ['other_names'],
  dateOfBirth: ['date_of_birth'],
  phone: ['phone'],
  email: ['email'],
  address: ['address_line1', 'address_line2', 'city', 'state', 'postal_code'],
  preferredLanguage: ['preferred_language'],
  contact: ['contact_email', 'contact_sms', 'contact_letter', 'contact_phone'],
  consentToText: ['consent_to_text'],
};

const same = (a: unknown, b: unknown) =>
  String(typeof a === 'boolean' ? Number(a) : a) === String(typeof b === 'boolean' ? Number(b) : b);

/** The fields whose columns a save changes, in the form's order: names only, never the values. */
function changedFields(before: Record<string, unknown>, columns: ClientColumns): ClientDetailField[] {
  return (Object.keys(FIELD_COLUMNS) as ClientDetailField[]).filter((field) =>
    FIELD_COLUMNS[field].some((column) => !same(before[column], columns[column])),
  );
}

/**
 * The fields the saves after `version` changed, as their audit rows name them (clients.update puts
 * the fields it changed on record); null when a save in between does not say (a referral's, a merge's,
 * one from before the rows named fields), so a refusal never names fewer fields than changed.
 */
async function fieldsChangedSince(
  tx: OfficeTx,
  clientId: string,
  version: number,
  current: number,
): Promise<ClientDetailField[] | null> {
  const rows = await tx
    .selectFrom('audit_log')
    .select('detail')
    .where('action', '=', 'clients.update')
    .where('entity_type', '=', 'client')
    .where('entity_id', '=', clientId)
    .where('outcome', '=', 'ok')
    .execute();
  const fields = new Set<ClientDetailField>();
  const versions = new Set<number>();
  for (const row of rows) {
    const detail = JSON.parse(row.detail) as { version?: unknown; fields?: unknown };
    if (typeof detail.version !== 'number' || detail.version <= version || detail.version > current) continue;
    if (!Array.isArray(detail.fields)) return null;
    versions.add(detail.version);
    for (const f of detail.fields) if (Object.hasOwn(FIELD_COLUMNS, f)) fields.add(f as ClientDetailField);
  }
  return versions.size === current - version ? [...fields] : null;
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
    const fields = await saveClientDetails(
      tx,
      ctx,
      { id: input.clientId, version: input.version },
      input.client,
    );
    // Which fields, never their values: the timeline is read by everyone who works the matter.
    const named = clientFieldWords(fields);
    const matters = await tellClientsMatters(
      tx,
      ctx,
      input.clientId,
      named ? `Client details corrected: ${named}.` : 'Client details saved; nothing had changed.',
    );
    await putOnRecord(tx, {
      entityType: 'client',
      entityId: input.clientId,
      detail: { version: input.version + 1, matters, fields },
    });
    return { id: input.clientId, version: input.version + 1 };
  });
}
