// Requests the HTTP edge refuses before any procedure runs (a forged cross-site request): put on
// record like every other refusal, naming the person whose browser sent it when its session cookie
// is valid. Reading the session here never keeps it alive: a forged request is not the person's use.
import type { Db } from '@relief-desk/db';
import { SESSION_RULES } from '@relief-desk/domain';
import { type Actor, writeAudit } from '../../audit.ts';
import type { Clock } from '../../clock.ts';
import { claimRequest } from '../../rate-limit.ts';
import { hashToken } from '../auth/sessions.ts';
import { addressKey } from '../auth/throttle.ts';

/** Whose session a cookie holds, if it is live, without touching it. */
async function actorOf(db: Db, clock: Clock, token: string | null): Promise<Actor | null> {
  if (!token) return null;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.office_id', 'users.active', 'sessions.last_seen_at', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (row?.active !== 1) return null;
  const now = clock.now().getTime();
  const idleLimit = Date.parse(row.last_seen_at) + SESSION_RULES.idleMinutes * 60_000;
  if (now >= idleLimit || now >= Date.parse(row.expires_at)) return null;
  return { id: row.id, officeId: row.office_id };
}

export interface RefusedRequest {
  /** The audit action, e.g. 'http.crossOriginRefused'. */
  action: string;
  method: string;
  /** The path without its query string (which may hold a search for a client's name). */
  path: string;
  /** What the request said about where it came from. */
  origin: string | null;
  fetchSite: string | null;
}

export async function auditRefusedRequest(
  db: Db,
  clock: Clock,
  meta: { ip: string; sessionToken: string | null },
  request: RefusedRequest,
): Promise<void> {
  // A program sending refused requests in a loop must not fill the audit log (each row is on the
  // chain, and takes SQLite's write lock): the first few from an address in a window are put on
  // record, then one row saying the rest are not, until the window ends.
  const now = clock.now();
  const address = addressKey(meta.ip);
  const recorded = await claimRequest(db, REFUSALS_RECORDED, address, now);
  const saysTheRest =
    !recorded.allowed && (await claimRequest(db, REFUSALS_NOT_RECORDED, address, now)).allowed;
  if (!recorded.allowed && !saysTheRest) return;
  const user = await actorOf(db, clock, meta.sessionToken);
  const short = (text: string | null) => (text === null ? null : text.slice(0, 200));
  await writeAudit(
    db,
    { clock, ip: meta.ip, user },
    {
      action: request.action,
      entityType: 'request',
      entityId: null,
      outcome: 'denied',
      detail: {
        method: short(request.method),
        path: short(request.path),
        origin: short(request.origin),
        fetchSite: short(request.fetchSite),
        ...(saysTheRest
          ? {
              furtherNotRecorded: `More refused requests from this address in the next ${Math.ceil(recorded.retryAfterSeconds / 60)} minutes are refused without a row each.`,
            }
          : {}),
      },
    },
  );
}

/** Refused requests put on record per address and window, and the one row that says the rest are not. */
export const REFUSALS_RECORDED = { scope: 'refused_request_audit', limit: 10, windowSeconds: 600 };
const REFUSALS_NOT_RECORDED = { scope: 'refused_request_audit_over', limit: 1, windowSeconds: 600 };
