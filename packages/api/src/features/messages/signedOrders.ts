// The court's signed orders on a matter, and what an outcome message may say of them: the orders
// that go with it, or, without one, whether the office is still waiting for it.
import type { Db, Tx } from '@relief-desk/db';
import type { MessageChannel } from '@relief-desk/domain';
import type { SignedOrderFacts } from '@relief-desk/notify';

export interface SignedOrder {
  fileId: string;
  filename: string;
}

/**
 * The newest file of each signed-order request on the matter that staff marked received or reviewed:
 * a file on a request cancelled or set back to "requested" (a wrong scan, say) is not the order.
 */
export async function signedOrders(db: Db | Tx, matterId: string): Promise<SignedOrder[]> {
  const files = await db
    .selectFrom('document_files')
    .innerJoin('document_requests', 'document_requests.id', 'document_files.request_id')
    .select(['document_files.id', 'document_files.filename', 'document_files.request_id'])
    .where('document_files.matter_id', '=', matterId)
    .where('document_requests.kind', '=', 'signed_order')
    .where('document_requests.status', 'in', ['received', 'reviewed'])
    .orderBy('document_files.uploaded_at', 'desc')
    .orderBy('document_files.id', 'desc')
    .execute();
  const seen = new Set<string>();
  return files
    .filter((f) => !seen.has(f.request_id) && Boolean(seen.add(f.request_id)))
    .map((f) => ({ fileId: f.id, filename: f.filename }));
}

/**
 * Whether the office has asked the court for a signed order it has not received: "we have asked the
 * court for the signed order" is untrue of one asked of the client (or anyone else).
 */
export async function signedOrderAwaited(db: Db | Tx, matterId: string): Promise<boolean> {
  const asked = await db
    .selectFrom('document_requests')
    .select('id')
    .where('matter_id', '=', matterId)
    .where('kind', '=', 'signed_order')
    .where('status', '=', 'requested')
    .where('requested_from', '=', 'court')
    .executeTakeFirst();
  return asked !== undefined;
}

/** What an outcome message sent by this channel may say of the signed orders: texts carry none. */
export function orderFactsFor(channel: MessageChannel, attached: number, awaited: boolean): SignedOrderFacts {
  return { included: channel === 'sms' ? 0 : attached, awaited };
}
