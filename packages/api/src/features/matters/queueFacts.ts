// Keeps the matter's queue facts true: called in the same transaction as any change to its document
// requests or petitions, so the queues never disagree with the matter page.
import type { Tx } from '@relief-desk/db';

export async function refreshQueueFacts(tx: Tx, matterId: string): Promise<void> {
  const [outstanding, petitions] = await Promise.all([
    tx
      .selectFrom('document_requests')
      .select(['kind', 'due_on'])
      .where('matter_id', '=', matterId)
      .where('status', '=', 'requested')
      .execute(),
    tx
      .selectFrom('petitions')
      .select(['hearing_on', 'rule_by_on'])
      .where('matter_id', '=', matterId)
      .where('status', 'in', ['filed', 'hearing_set'])
      .execute(),
  ]);
  const earliest = (dates: (string | null)[]) =>
    dates.filter((d): d is string => d !== null).sort()[0] ?? null;
  await tx
    .updateTable('matters')
    .set({
      rap_sheet_outstanding: outstanding.some((d) => d.kind === 'rap_sheet') ? 1 : 0,
      earliest_document_due_on: earliest(outstanding.map((d) => d.due_on)),
      next_court_date: earliest(petitions.flatMap((p) => [p.hearing_on, p.rule_by_on])),
    })
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
