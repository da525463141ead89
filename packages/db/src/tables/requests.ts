import type { Selectable } from 'kysely';

/**
 * Request keys (the Idempotency-Key header) of mutations that have run, per person, with what the
 * first one answered: the same key sent again gets that answer instead of a second run. A row
 * commits with the change it belongs to and is kept for at least 24 hours.
 */
export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  /** The procedure the key was first used for, such as referrals.record. */
  procedure: string;
  /** SHA-256 of the procedure and its input: the same key with other input is refused. */
  request_hash: string;
  /** The first answer as JSON ({"data": …}); null only inside the transaction that writes the row. */
  response: string | null;
  created_at: string;
  /** After this the key may be forgotten (pruned) and used afresh. */
  expires_at: string;
}
export type IdempotencyKey = Selectable<IdempotencyKeysTable>;
