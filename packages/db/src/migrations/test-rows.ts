// Rows of the oldest tables as a migration test writes them: every required column of clients and
// matters as the first migrations made them, so a test can write data before a migration runs.
import type { Stage } from '@relief-desk/domain';
import type { Kysely } from 'kysely';

/** Offices o1, o2, … with these names, as a migration test needs them before its rows. */
export async function insertOffices(
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migrations see them.
  db: Kysely<any>,
  names: readonly string[],
  at: string,
): Promise<void> {
  await db
    .insertInto('offices')
    .values(names.map((name, i) => ({ id: `o${i + 1}`, name, created_at: at, updated_at: at })))
    .execute();
}

/** A client of office `office_id` with no contact details; name_search as nameSearchKey makes it. */
export function clientRow(row: {
  id: string;
  office_id: string;
  legal_name: string;
  name_search: string;
  at: string;
}) {
  const { at, ...named } = row;
  return {
    ...named,
    other_names: '[]',
    date_of_birth: '1984-03-07',
    phone: '',
    email: '',
    address_line1: '',
    address_line2: '',
    city: '',
    state: 'CA',
    postal_code: '',
    preferred_language: 'es' as const,
    contact_email: 0,
    contact_sms: 0,
    contact_letter: 1,
    contact_phone: 0,
    consent_to_text: 0,
    created_at: at,
    updated_at: at,
  };
}

/** A matter referred by phone, received on the day of `at`. */
export function matterRow(row: {
  id: string;
  office_id: string;
  client_id: string;
  reference: string;
  stage: Stage;
  at: string;
}) {
  const { at, ...named } = row;
  return {
    ...named,
    county: 'Alameda' as const,
    referral_source: 'phone' as const,
    referral_source_detail: '',
    received_on: at.slice(0, 10),
    referral_note: '',
    client_sort_name: '',
    created_at: at,
    updated_at: at,
  };
}

/**
 * Office o1, and for each client a client row with its keys as stored before a migration (`old`, the
 * sort name its first name's key) and one matter, m1, m2… in the clients' order.
 */
export async function insertNamedClients(
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migrations see them.
  db: Kysely<any>,
  clients: readonly { id: string; legal_name: string; other: readonly string[]; old: string }[],
  at: string,
): Promise<void> {
  await db
    .insertInto('offices')
    .values({ id: 'o1', name: 'Office', created_at: at, updated_at: at })
    .execute();
  await db
    .insertInto('clients')
    .values(
      clients.map((c) => ({
        ...clientRow({ id: c.id, office_id: 'o1', legal_name: c.legal_name, name_search: c.old, at }),
        other_names: JSON.stringify(c.other),
      })),
    )
    .execute();
  await db
    .insertInto('matters')
    .values(
      clients.map((c, i) => ({
        ...matterRow({
          id: `m${i + 1}`,
          office_id: 'o1',
          client_id: c.id,
          reference: `2026-0000${i + 1}`,
          stage: 'gathering_records',
          at,
        }),
        client_sort_name: c.old.split(' | ')[0],
      })),
    )
    .execute();
}
