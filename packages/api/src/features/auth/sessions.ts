// Server-side sessions: the cookie holds a random token; the database holds only its hash.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '@relief-desk/db';
import { SESSION_RULES } from '@relief-desk/domain';
import type { Clock } from '../../clock.ts';
import type { SessionUser } from '../../context.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function startSession(
  db: Db,
  clock: Clock,
  userId: string,
  meta: { ip: string; userAgent: string },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url'); // 256 bits
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_RULES.absoluteHours * 3_600_000);
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      ip: meta.ip,
      user_agent: meta.userAgent.slice(0, 300),
    })
    .execute();
  return { token, expiresAt };
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

export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}
