// For the tests of the demo seed and the benchmark build: each matter's derived columns as stored,
// and as the API's own functions derive them from the matter's rows (its calls with the client, its
// document requests and petitions, its client's name), in a transaction that is then rolled back;
// and each office's reference counters beside the references its matters hold.
import { recordClientContact, refreshQueueFacts } from '@relief-desk/api';
import type { Db, Tx } from '@relief-desk/db';
import { callReachedClient, matterCounterName, nameSearchKey, nameSortKey } from '@relief-desk/domain';

function derivedColumns(db: Db | Tx) {
  return db
    .selectFrom('matters')
    .innerJoin('clients', 'clients.id', 'matters.client_id')
    .select([
      'matters.id',
      'matters.rap_sheet_outstanding',
      'matters.earliest_document_due_on',
      'matters.next_court_date',
      'matters.last_client_contact_at',
      'matters.first_client_contact_at',
      'matters.client_sort_name',
      'matters.client_language',
      'clients.preferred_language',
      'clients.name_search',
      'clients.legal_name',
      'clients.other_names',
    ])
    .orderBy('matters.id')
    .execute();
}

export interface DerivedColumns {
  id: string;
  rap_sheet_outstanding: number;
  earliest_document_due_on: string | null;
  next_court_date: string | null;
  last_client_contact_at: string | null;
  first_client_contact_at: string | null;
  client_sort_name: string;
  client_language: string;
  name_search: string;
}

class RolledBack extends Error {}

export async function storedAndRederived(
  db: Db,
): Promise<{ stored: DerivedColumns[]; rederived: DerivedColumns[] }> {
  const stored = (await derivedColumns(db)).map(asStored);
  let rederived: DerivedColumns[] = [];
  await db
    .transaction()
    .execute(async (tx) => {
      await tx
        .updateTable('matters')
        .set({
          rap_sheet_outstanding: 0,
          earliest_document_due_on: null,
          next_court_date: null,
          last_client_contact_at: null,
          first_client_contact_at: null,
        })
        .execute();
      // Each call that reached the client, by logCall's rule, in the order they were made.
      const calls = await tx
        .selectFrom('matter_events')
        .select(['matter_id', 'occurred_at', 'data'])
        .where('kind', '=', 'phone_call')
        .orderBy('occurred_at')
        .orderBy('id')
        .execute();
      for (const call of calls) {
        const { result } = JSON.parse(call.data) as { result?: string };
        if (result !== undefined && callReachedClient(result))
          await recordClientContact(tx, call.matter_id, new Date(call.occurred_at));
      }
      for (const { id } of stored) await refreshQueueFacts(tx, id);
      rederived = (await derivedColumns(tx)).map((row) => ({
        ...asStored(row),
        client_sort_name: nameSortKey(row.legal_name),
        client_language: row.preferred_language,
        name_search: nameSearchKey(row.legal_name, JSON.parse(row.other_names) as string[]),
      }));
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return { stored, rederived };
}

function asStored(row: Awaited<ReturnType<typeof derivedColumns>>[number]): DerivedColumns {
  return {
    id: row.id,
    rap_sheet_outstanding: Number(row.rap_sheet_outstanding),
    earliest_document_due_on: row.earliest_document_due_on,
    next_court_date: row.next_court_date,
    last_client_contact_at: row.last_client_contact_at,
    first_client_contact_at: row.first_client_contact_at,
    client_sort_name: row.client_sort_name,
    client_language: row.client_language,
    name_search: row.name_search,
  };
}

/** Each office's counter per year, and the highest reference its matters hold that year (by office and year). */
export async function countersAndReferences(db: Db): Promise<{ counters: string[]; highest: string[] }> {
  const counters = await db.selectFrom('counters').select(['office_id', 'name', 'value']).execute();
  const matters = await db.selectFrom('matters').select(['office_id', 'reference']).execute();
  const highest = new Map<string, number>();
  for (const { office_id, reference } of matters) {
    const key = `${office_id} ${matterCounterName(reference.slice(0, 4))}`;
    highest.set(key, Math.max(highest.get(key) ?? 0, Number(reference.slice(5))));
  }
  return {
    counters: counters.map((c) => `${c.office_id} ${c.name} ${Number(c.value)}`).sort(),
    highest: [...highest].map(([key, value]) => `${key} ${value}`).sort(),
  };
}
