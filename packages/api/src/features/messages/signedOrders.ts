// The court's signed orders on a matter, and what an outcome message may say of them: the orders
// that go with it, or, without one, whether the office is still waiting for it.
import type { Database, Db, Tx } from '@relief-desk/db';
import type { MessageChannel, Outcome } from '@relief-desk/domain';
import type { SignedOrderFacts } from '@relief-desk/notify';
import type { ExpressionBuilder } from 'kysely';

/**
 * Which outcomes the court signs an order for, each decided here (a new outcome must be too): a grant
 * or a denial is a ruling the court signs; a continued hearing has no ruling yet (its order comes when
 * the court rules, and the petition is recorded again then); a withdrawn petition is never ruled on.
 */
const ORDER_BY_OUTCOME: Record<Outcome, boolean> = {
  granted: true,
  denied: true,
  continued: false,
  withdrawn: false,
};

/** Whether a conviction's or arrest's outcome comes with a signed order to ask the court for. */
export function outcomeGivesOrder(outcome: Outcome | null): boolean {
  return outcome !== null && ORDER_BY_OUTCOME[outcome];
}

/** The outcomes that come with a signed order. */
export const ORDER_OUTCOMES = (Object.keys(ORDER_BY_OUTCOME) as Outcome[]).filter(outcomeGivesOrder);

export interface SignedOrder {
  fileId: string;
  filename: string;
  /**
   * Whether the order is of a petition the court granted, at least in part (the client may need to
   * show it); null for one staff asked for apart from a petition, whose ruling the records do not hold.
   */
  grants: boolean | null;
}

/**
 * The newest file of each signed-order request on the matter that staff marked received or reviewed:
 * a file on a request cancelled or set back to "requested" (a wrong scan, say) is not the order, nor
 * is the order of a petition withdrawn since (its outcome no longer stands; it may be on records
 * removed from the matter as another person's), nor of one whose every request's outcome now gives
 * no order (corrected to withdrawn or continued): the message says of each request that the court
 * made no decision on it.
 */
export async function signedOrders(db: Db | Tx, matterId: string): Promise<SignedOrder[]> {
  const files = await db
    .selectFrom('document_files')
    .innerJoin('document_requests', 'document_requests.id', 'document_files.request_id')
    .leftJoin('petitions', 'petitions.id', 'document_requests.petition_id')
    .select((eb) => [
      'document_files.id',
      'document_files.filename',
      'document_files.request_id',
      'document_requests.petition_id',
      petitionRuled(eb, ['granted']).as('grants'),
    ])
    .where('document_files.matter_id', '=', matterId)
    .where('document_requests.kind', '=', 'signed_order')
    .where('document_requests.status', 'in', ['received', 'reviewed'])
    .where((eb) =>
      eb.or([
        eb('document_requests.petition_id', 'is', null),
        eb.and([eb('petitions.status', '!=', 'withdrawn'), petitionRuled(eb, ORDER_OUTCOMES)]),
      ]),
    )
    // A file removed as attached by mistake is no order.
    .where('document_files.removed_at', 'is', null)
    .orderBy('document_files.uploaded_at', 'desc')
    .orderBy('document_files.id', 'desc')
    .execute();
  const seen = new Set<string>();
  return files
    .filter((f) => !seen.has(f.request_id) && Boolean(seen.add(f.request_id)))
    .map((f) => ({
      fileId: f.id,
      filename: f.filename,
      // SQLite answers 0 or 1, PostgreSQL false or true.
      grants: f.petition_id === null ? null : Boolean(Number(f.grants)),
    }));
}

/** Whether the signed-order request's petition has a request (conviction or arrest) with one of these outcomes. */
function petitionRuled(eb: ExpressionBuilder<Database, 'document_requests'>, outcomes: readonly Outcome[]) {
  return eb.or([
    eb.exists(
      eb
        .selectFrom('petition_convictions')
        .select('petition_convictions.petition_id')
        .whereRef('petition_convictions.petition_id', '=', 'document_requests.petition_id')
        .where('petition_convictions.outcome', 'in', [...outcomes]),
    ),
    eb.exists(
      eb
        .selectFrom('petition_arrests')
        .select('petition_arrests.petition_id')
        .whereRef('petition_arrests.petition_id', '=', 'document_requests.petition_id')
        .where('petition_arrests.outcome', 'in', [...outcomes]),
    ),
  ]);
}

/**
 * How many signed orders the office has asked the court for and not received: "we have asked the
 * court for the signed order" is untrue of one asked of the client (or anyone else), and of one asked
 * for a petition whose outcome gives no order (asked before its outcome was corrected to withdrawn).
 */
export async function signedOrdersAwaited(db: Db | Tx, matterId: string): Promise<number> {
  const asked = await db
    .selectFrom('document_requests')
    .select('id')
    .where('matter_id', '=', matterId)
    .where('kind', '=', 'signed_order')
    .where('status', '=', 'requested')
    .where('requested_from', '=', 'court')
    .where(orderStillComing)
    .execute();
  return asked.length;
}

/**
 * A signed-order request (document_requests) whose order may still come: one staff asked for
 * themselves (no petition), or one for a petition with an outcome the court signs an order for. A
 * request left open for a petition since withdrawn, say, awaits nothing: the stage machine and the
 * outcome message both read it so.
 */
export function orderStillComing(eb: ExpressionBuilder<Database, 'document_requests'>) {
  return eb.or([eb('document_requests.petition_id', 'is', null), petitionRuled(eb, ORDER_OUTCOMES)]);
}

/**
 * What an outcome message sent by this channel may say of the signed orders: texts carry none. Given
 * the orders (not only how many), it also says how many may be of a request the court granted (all
 * but those known to grant nothing).
 */
export function orderFactsFor(
  channel: MessageChannel,
  attached: number | readonly Pick<SignedOrder, 'grants'>[],
  awaited: number,
): SignedOrderFacts {
  if (channel === 'sms') return { included: 0, awaited };
  if (typeof attached === 'number') return { included: attached, awaited };
  return { included: attached.length, awaited, granting: attached.filter((o) => o.grants !== false).length };
}
