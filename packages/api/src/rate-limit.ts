// Fixed-window counts in the rate_limits table the sign-in throttle keeps (features/auth/throttle.ts),
// for other callers: one upsert counts and answers together, so parallel requests cannot race past
// the limit, on SQLite and PostgreSQL alike, and every server on the database shares the counts.
import type { Db } from '@relief-desk/db';
import { sql } from 'kysely';

export interface RateLimit {
  /** What is counted, such as partner_api: each scope has its own counts. */
  scope: string;
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export interface RateClaim {
  allowed: boolean;
  retryAfterSeconds: number;
}

/** Counts one request of `key` in the current window; allowed while the window's count is within the limit. */
export async function claimRequest(db: Db, rule: RateLimit, key: string, now: Date): Promise<RateClaim> {
  const windowMs = rule.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const windowStart = new Date(start).toISOString();
  const row = await db
    .insertInto('rate_limits')
    .values({ scope: rule.scope, key, window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc.columns(['scope', 'key', 'window_start']).doUpdateSet({ hits: sql<number>`rate_limits.hits + 1` }),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  const hits = Number(row.hits);
  // A new window for this key: forget the scope's windows that have run out.
  if (hits === 1)
    await db
      .deleteFrom('rate_limits')
      .where('scope', '=', rule.scope)
      .where('window_start', '<', windowStart)
      .execute();
  return {
    allowed: hits <= rule.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)),
  };
}
