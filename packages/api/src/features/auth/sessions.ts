// Server-side sessions: the cookie holds a random token; the database holds only its hash, and an id
// of the session's own by which people list and end their sessions. Each session keeps the idle limit
// the server had when it started (SESSION_IDLE_MINUTES), whether it may only set up a second factor,
// and when the person last proved who they are in it.
import { createHash, randomBytes } from 'node:crypto';
import { type Db, newId, slot, type Tx, withSlotValues } from '@relief-desk/db';
import { idleWarningSeconds, QUEUE_LIMIT_DEFAULTS, SESSION_RULES } from '@relief-desk/domain';
import { type CompiledQuery, PostgresAdapter } from 'kysely';
import { writeAudit } from '../../audit.ts';
import type { Clock } from '../../clock.ts';
import type { Context, SessionUser } from '../../context.ts';
import { AppError } from '../../errors.ts';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const idleMsOf = (idleMinutes: number | null) => (idleMinutes ?? SESSION_RULES.idleMinutes) * 60_000;

/** Alive at this moment: neither idle past its own limit nor past its absolute limit. */
export function alive(
  row: { last_seen_at: string; expires_at: string; idle_minutes: number | null },
  now: Date,
) {
  return (
    now.getTime() < Date.parse(row.last_seen_at) + idleMsOf(row.idle_minutes) &&
    now.getTime() < Date.parse(row.expires_at)
  );
}

/**
 * How often a session's last use is written: at most once a minute keeps reads cheap, and a short
 * idle limit (a test's) is written more often, so the idle clock never drifts by more than a thirtieth.
 */
const touchEveryMs = (idleMs: number) => Math.min(60_000, Math.max(1_000, Math.floor(idleMs / 30)));

/**
 * Starts a session inside the caller's transaction and ends the person's oldest ones beyond
 * maxSessions (and any that have run out). The person's row is locked first on PostgreSQL, so two
 * sign-ins at once cannot both keep one session too many; SQLite's write transactions take turns.
 */
export async function startSession(
  tx: Tx,
  clock: Clock,
  userId: string,
  meta: {
    ip: string;
    userAgent: string;
    maxSessions: number;
    /** The server's idle limit (SESSION_IDLE_MINUTES); unset, SESSION_RULES.idleMinutes. */
    idleMinutes?: number;
    /** The session may only set up a second factor (the office requires one, the person has none). */
    enrolmentOnly?: boolean;
  },
): Promise<{ token: string; expiresAt: Date; id: string; ended: number }> {
  const token = randomBytes(32).toString('base64url'); // 256 bits
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_RULES.absoluteHours * 3_600_000);
  if (tx.getExecutor().adapter instanceof PostgresAdapter)
    await tx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
  const existing = await tx
    .selectFrom('sessions')
    .select(['id', 'last_seen_at', 'expires_at', 'idle_minutes'])
    .where('user_id', '=', userId)
    .execute();
  const over = existing.filter((s) => !alive(s, now)).map((s) => s.id);
  if (over.length > 0) await tx.deleteFrom('sessions').where('id', 'in', over).execute();
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
      idle_minutes: meta.idleMinutes ?? SESSION_RULES.idleMinutes,
      enrolment_only: meta.enrolmentOnly ? 1 : 0,
      // Signing in is proving who you are: adding a factor right after needs nothing more.
      reauthenticated_at: now.toISOString(),
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
 * Why a session may only set up a second factor, in words that are true of it: an administrator
 * reset the person's factors (whatever the office requires), or the office requires one.
 */
const ENROLMENT_REFUSED = {
  reset:
    'An administrator of your office reset your second factor: set up a new one (an authenticator app or a passkey) before you continue.',
  office:
    'Your office requires a second factor at sign-in: set one up (an authenticator app or a passkey) before you continue.',
} as const;

export interface ResolveOptions {
  /** Whether this use counts as activity and keeps the session alive (default true). */
  touch?: boolean;
  /** Whether a session that may only set up a second factor is accepted (default false: refused). */
  allowEnrolmentOnly?: boolean;
}

function sessionLookupQuery(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('offices', 'offices.id', 'users.office_id')
    .leftJoin('office_queue_settings', 'office_queue_settings.office_id', 'users.office_id')
    .select([
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.idle_minutes',
      'sessions.enrolment_only',
      'users.id',
      'users.office_id',
      'offices.name as office_name',
      'users.email',
      'users.name',
      'users.role',
      'users.can_view_rap_sheets',
      'users.active',
      'users.must_enrol_factor',
      'office_queue_settings.client_update_days',
      'office_queue_settings.client_update_overdue_days',
    ])
    .where('sessions.token_hash', '=', tokenHash);
}
type SessionLookupRow = NonNullable<
  Awaited<ReturnType<ReturnType<typeof sessionLookupQuery>['executeTakeFirst']>>
>;

const compiledLookups = new WeakMap<Db, CompiledQuery<SessionLookupRow>>();

/**
 * The session's row (with its person and office) by the token's hash. Every request asks it, so it is
 * built and compiled once per database handle and run again with the hash in its slot: building and
 * compiling it took as long as running it.
 */
async function sessionByTokenHash(db: Db, tokenHash: string): Promise<SessionLookupRow | undefined> {
  let compiled = compiledLookups.get(db);
  if (!compiled) {
    compiled = sessionLookupQuery(db, slot('tokenHash')).compile();
    compiledLookups.set(db, compiled);
  }
  const { rows } = await db.executeQuery(withSlotValues(compiled, { tokenHash }));
  return rows[0];
}

/**
 * The user behind a session token, or null when there is none, it has been idle for too long, or it
 * has reached its absolute limit. Using a session keeps it alive. A session that may only set up a
 * second factor is refused (MFA_ENROLMENT_REQUIRED) unless the caller allows it.
 */
export async function resolveSession(
  db: Db,
  clock: Clock,
  token: string,
  options: ResolveOptions = {},
): Promise<SessionUser | null> {
  const tokenHash = hashToken(token);
  const row = await sessionByTokenHash(db, tokenHash);
  if (!row) return null;

  const now = clock.now();
  if (!alive(row, now) || row.active !== 1) {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    return null;
  }
  if (row.enrolment_only === 1 && !options.allowEnrolmentOnly)
    throw new AppError(
      'MFA_ENROLMENT_REQUIRED',
      ENROLMENT_REFUSED[row.must_enrol_factor === 1 ? 'reset' : 'office'],
    );
  if (
    options.touch !== false &&
    now.getTime() - Date.parse(row.last_seen_at) > touchEveryMs(idleMsOf(row.idle_minutes))
  ) {
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
    enrolmentOnly: row.enrolment_only === 1,
    // An office that never saved its own limits has no row: the defaults.
    queueLimits:
      row.client_update_days !== null && row.client_update_overdue_days !== null
        ? {
            clientUpdateDays: row.client_update_days,
            clientUpdateOverdueDays: row.client_update_overdue_days,
          }
        : { ...QUEUE_LIMIT_DEFAULTS },
  };
}

/**
 * Procedures polled in the background, not asked for by the person: they do not keep a session
 * alive, or an open tab would never reach the idle limit.
 */
const PASSIVE_PROCEDURES = new Set(['messages.deliveryStatus']);

/** What a session that may only set up a second factor can call: itself, and setting one up. */
const ENROLMENT_PROCEDURES = new Set([
  'auth.me',
  'auth.signOut',
  'auth.stayActive',
  'auth.mfa.status',
  'auth.mfa.reauthenticate',
  'auth.mfa.reauthenticationOptions',
  'auth.mfa.startTotp',
  'auth.mfa.confirmTotp',
  'auth.mfa.passkeyOptions',
  'auth.mfa.addPasskey',
]);

/**
 * The person behind the request's session for a procedure (or null without one). A session that may
 * only set up a second factor is refused every other procedure, and the refusal is put on record.
 */
export async function sessionUserFor(ctx: Context, path: string): Promise<SessionUser | null> {
  if (!ctx.sessionToken) return null;
  try {
    return await resolveSession(ctx.db, ctx.clock, ctx.sessionToken, {
      touch: !PASSIVE_PROCEDURES.has(path),
      allowEnrolmentOnly: ENROLMENT_PROCEDURES.has(path),
    });
  } catch (error) {
    if (error instanceof AppError && error.appCode === 'MFA_ENROLMENT_REQUIRED') {
      const session = await ctx.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.office_id'])
        .where('sessions.token_hash', '=', hashToken(ctx.sessionToken))
        .executeTakeFirst();
      if (session)
        await writeAudit(
          ctx.db,
          { ...ctx, user: { id: session.id, officeId: session.office_id } },
          {
            action: path,
            entityType: 'procedure',
            entityId: null,
            outcome: 'denied',
            detail: { reason: 'second_factor_not_set_up' },
          },
        );
    }
    throw error;
  }
}

export interface SessionTiming {
  /** The idle limit of this session, in minutes. */
  idleMinutes: number;
  /** When it ends unless it is used before (its last use plus the idle limit). */
  idleExpiresAt: string;
  /** When it ends whatever happens (12 hours after sign-in). */
  expiresAt: string;
  /** How long before the idle limit the web app warns. */
  warnSeconds: number;
  /** The server's clock now, so the browser can allow for its own being off. */
  now: string;
}

/** The session's limits, read without using it (so asking does not keep it alive); null when over. */
export async function sessionTiming(db: Db | Tx, clock: Clock, token: string): Promise<SessionTiming | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.last_seen_at', 'sessions.expires_at', 'sessions.idle_minutes', 'users.active'])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  const now = clock.now();
  if (row?.active !== 1 || !alive(row, now)) return null;
  const idleMinutes = row.idle_minutes ?? SESSION_RULES.idleMinutes;
  return {
    idleMinutes,
    idleExpiresAt: new Date(Date.parse(row.last_seen_at) + idleMinutes * 60_000).toISOString(),
    expiresAt: row.expires_at,
    warnSeconds: idleWarningSeconds(idleMinutes),
    now: now.toISOString(),
  };
}

/**
 * At start-up: sessions that began under a longer idle limit than the server's now (SESSION_IDLE_MINUTES
 * lowered, after an incident say) take the new one. A longer limit leaves them as they began.
 * Returns how many changed.
 */
export async function capSessionIdleMinutes(db: Db, idleMinutes: number): Promise<number> {
  const changed = await db
    .updateTable('sessions')
    .set({ idle_minutes: idleMinutes })
    .where((eb) => eb.or([eb('idle_minutes', 'is', null), eb('idle_minutes', '>', idleMinutes)]))
    .executeTakeFirst();
  return Number(changed.numUpdatedRows);
}

/** "Stay signed in": the session's last use is now, whatever the once-a-minute rule says. */
export async function touchSession(db: Db, clock: Clock, token: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: clock.now().toISOString() })
    .where('token_hash', '=', hashToken(token))
    .execute();
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
  const now = clock.now();
  const current = currentToken ? hashToken(currentToken) : null;
  const rows = await db
    .selectFrom('sessions')
    .select([
      'id',
      'token_hash',
      'user_agent',
      'ip',
      'created_at',
      'last_seen_at',
      'expires_at',
      'idle_minutes',
    ])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now.toISOString())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows
    .filter((r) => alive(r, now))
    .map((r) => ({
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
