// Keeps the matter's queue facts true: called in the same transaction as any change to its document
// requests or petitions, so the queues never disagree with the matter page.
import type { Tx } from '@relief-desk/db';
import { queueFacts } from '@relief-desk/domain';
import { MAYBE_BEFORE_COURT, withOutcomes } from './beforeCourt.ts';

export async function refreshQueueFacts(tx: Tx, matterId: string): Promise<void> {
  // Only the rows the facts can come from are read; queueFacts is the rule for which they are.
  const [requests, petitions] = await Promise.all([
    tx
      .selectFrom('document_requests')
      .select(['kind', 'status', 'due_on'])
      .where('matter_id', '=', matterId)
      .where('status', '=', 'requested')
      .execute(),
    tx
      .selectFrom('petitions')
      .select(['id', 'status', 'hearing_on', 'rule_by_on'])
      .where('matter_id', '=', matterId)
      .where('status', 'in', [...MAYBE_BEFORE_COURT])
      .execute(),
  ]);
  await tx
    .updateTable('matters')
    .set(queueFacts({ requests, petitions: await withOutcomes(tx, petitions) }))
    .where('id', '=', matterId)
    .execute();
}

/** A message sent or a call logged: the client has heard from the office. */
export async function recordClientContact(tx: Tx, matterId: string, at: Date): Promise<void> {
  await tx
    .updateTable('matters')
    .set({ last_client_contact_at: at.toISOString() })
    .where('id', '=', matterId)
    .execute();
}
