// Server-side sessions: the cookie holds a random token; the database holds only its hash, and an id
// of the session's own by which people list and end their sessions.
import { createHash, randomBytes } from 'node:crypto';
import { type Db, newId, type Tx } from '@relief-desk/db';
import { SESSION_RULES } from '@relief-desk/domain';
import { PostgresAdapter } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { SessionUser } from '../../context.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Sessions still alive at this moment: neither idle too long nor past their absolute limit. */
function liveAt(now: Date) {
  return {
    idleSince: new Date(now.getTime() - SESSION_RULES.idleMinutes * 60_000).toISOString(),
    at: now.toISOString(),
  };
}

/**
 * Starts a session inside the caller's transaction and ends the person's oldest ones beyond
 * maxSessions (and any that have run out). The person's row is locked first on PostgreSQL, so two
 * sign-ins at once cannot both keep one session too many; SQLite's write transactions take turns.
 */
export async function startSession(
  tx: Tx,
  clock: Clock,
  userId: string,
  meta: { ip: string; userAgent: string; maxSessions: number },
): Promise<{ token: string; expiresAt: Date; id: string; ended: number }> {
  const token = randomBytes(32).toString('base64url'); // 256 bits
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_RULES.absoluteHours * 3_600_000);
  if (tx.getExecutor().adapter instanceof PostgresAdapter)
    await tx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
  const live = liveAt(now);
  await tx
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('expires_at', '<=', live.at), eb('last_seen_at', '<=', live.idleSince)]))
    .execute();
  const id = newId(now);
  await tx
    .insertInto('sessions')
    .values({
      id,
      token_hash: hashToken(token),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      ip: meta.ip,
      user_agent: meta.userAgent.slice(0, 300),
    })
    .execute();
  const sessions = await tx
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const oldest = sessions.slice(Math.max(1, meta.maxSessions)).map((s) => s.id);
  if (oldest.length > 0) await tx.deleteFrom('sessions').where('id', 'in', oldest).execute();
  return { token, expiresAt, id, ended: oldest.length };
}

/**
 * The user behind a session token, or null when there is none, it has been idle for too long, or it
 * has reached its absolute limit. Using a session keeps it alive.
 */
export async function resolveSession(db: Db, clock: Clock, token: string): Promise<SessionUser | null> {
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('offices', 'offices.id', 'users.office_id')
    .select([
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id',
      'users.office_id',
      'offices.name as office_name',
      'users.email',
      'users.name',
      'users.role',
      'users.can_view_rap_sheets',
      'users.active',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;

  const now = clock.now();
  const idleLimit = new Date(Date.parse(row.last_seen_at) + SESSION_RULES.idleMinutes * 60_000);
  if (now >= idleLimit || now >= new Date(row.expires_at) || row.active !== 1) {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    return null;
  }
  // Touch at most once a minute: keeps reads cheap without letting the idle clock drift much.
  if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return {
    id: row.id,
    officeId: row.office_id,
    officeName: row.office_name,
    email: row.email,
    name: row.name,
    role: row.role,
    canViewRapSheets: row.can_view_rap_sheets === 1,
  };
}

export async function endSession(db: Db | Tx, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

export interface SessionSummary {
  id: string;
  /** The browser's User-Agent as it was at sign-in (the web app words it as a device). */
  userAgent: string;
  /** The address it signed in from. */
  ip: string;
  createdAt: string;
  /** Last request, to the minute (a session is touched at most once a minute). */
  lastUsedAt: string;
  expiresAt: string;
  /** The session this request came with. */
  current: boolean;
}

/** A person's live sessions, newest first. */
export async function listSessions(
  db: Db,
  clock: Clock,
  userId: string,
  currentToken: string | null,
): Promise<SessionSummary[]> {
  const live = liveAt(clock.now());
  const current = currentToken ? hashToken(currentToken) : null;
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'token_hash', 'user_agent', 'ip', 'created_at', 'last_seen_at', 'expires_at'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', live.at)
    .where('last_seen_at', '>', live.idleSince)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userAgent: r.user_agent,
    ip: r.ip,
    createdAt: r.created_at,
    lastUsedAt: r.last_seen_at,
    expiresAt: r.expires_at,
    current: r.token_hash === current,
  }));
}

/** Ends every session of a person, or every one but the token given; returns the ids ended. */
export async function endSessionsOf(tx: Tx, userId: string, except: string | null = null): Promise<string[]> {
  const rows = await tx
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .$if(except !== null, (q) => q.where('token_hash', '!=', hashToken(except ?? '')))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
