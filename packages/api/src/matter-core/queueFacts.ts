// Keeps the matter's queue facts true: called in the same transaction as any change to its document
// requests or petitions, so the queues never disagree with the matter page.
import type { MessageKind, Tx } from '@relief-desk/db';
import { callReachedClient, type DeliveryState, queueFacts } from '@relief-desk/domain';
import { MAYBE_BEFORE_COURT, withOutcomes } from './beforeCourt.ts';
import { lockMatter } from './lockMatters.ts';

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

/** A message whose delivery is in one of these states went to the client, or is on its way. */
const REACHING: readonly DeliveryState[] = ['pending', 'sending', 'printing', 'sent'];

/**
 * The messages that are updates to the client, as recordClientContact counts them when queued (an
 * application's confirmation and a status link asked for are not).
 */
const UPDATES: readonly MessageKind[] = ['status', 'outcome', 'follow_up'];

/**
 * The client's first and last contact counted again from what reached them or is on its way: an
 * update with a delivery not given up on (from when that delivery was queued, as recordClientContact
 * counted it), a status given by phone or in person, a call that reached them. Called when a message
 * stops counting (stopped, failed for good, a letter taken out of the print queue) or counts again
 * (sent again): a message that never went is no update to the client, so the matter comes back to
 * "needs client update" when it is due.
 */
export async function recountClientContact(tx: Tx, matterId: string): Promise<void> {
  // The matter first, locked: a contact recorded meanwhile (a status sent) waits, or is seen.
  await lockMatter(tx, matterId);
  const [deliveries, logged, calls] = await Promise.all([
    tx
      .selectFrom('outbox as o')
      .innerJoin('messages as m', 'm.id', 'o.message_id')
      .select((eb) => [eb.fn.min('o.created_at').as('first'), eb.fn.max('o.created_at').as('last')])
      .where('o.matter_id', '=', matterId)
      .where('m.kind', 'in', [...UPDATES])
      .where('o.state', 'in', [...REACHING])
      .executeTakeFirst(),
    tx
      .selectFrom('messages')
      .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'logged')
      .executeTakeFirst(),
    tx
      .selectFrom('matter_events')
      .select(['occurred_at', 'data'])
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'phone_call')
      .execute(),
  ]);
  const times = [deliveries?.first, deliveries?.last, logged?.first, logged?.last].filter(
    (t): t is string => typeof t === 'string',
  );
  for (const call of calls) {
    const { result } = JSON.parse(call.data || '{}') as { result?: unknown };
    if (typeof result === 'string' && callReachedClient(result)) times.push(call.occurred_at);
  }
  // ISO instants in UTC sort as text.
  times.sort();
  await tx
    .updateTable('matters')
    .set({ first_client_contact_at: times[0] ?? null, last_client_contact_at: times.at(-1) ?? null })
    .where('id', '=', matterId)
    .execute();
}
