// What every procedure receives. The inner part is plain data so tests build it without HTTP;
// the server adds the request's cookie, address and a way to set cookies on the response.
import type { Db, DialectName, RequestDb } from '@relief-desk/db';
import type { ClientUpdateLimits, Role } from '@relief-desk/domain';
import type { PassedCheck } from './access.ts';
import type { Clock } from './clock.ts';
import type { FileStore } from './files/store.ts';

export interface SessionUser {
  id: string;
  officeId: string;
  officeName: string;
  email: string;
  name: string;
  role: Role;
  canViewRapSheets: boolean;
  /** The session may only set up a second factor: the office requires one and the person has none. */
  enrolmentOnly?: boolean;
  /**
   * The office's limits for Needs client update, read with the session: every queue page, count and
   * export works out its cutoff and each row's update status from them.
   */
  queueLimits: ClientUpdateLimits;
}

export interface SessionCookies {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export interface Logger {
  error(message: string, detail?: unknown): void;
  /** Names the signed-in person, by id only, on the request's log line. */
  user?(userId: string): void;
}

export interface Context {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  log: Logger;
  /** The caller's address, for the audit log. */
  ip: string;
  userAgent: string;
  /** The session token from the request's cookie, if any. */
  sessionToken: string | null;
  cookies: SessionCookies;
  /** Where uploaded documents are kept. */
  files: FileStore;
  /**
   * The request key (Idempotency-Key header) the client sent, if any: a mutation sent again with
   * the same key answers what the first one did instead of running twice (idempotency.ts).
   */
  requestKey?: string | null;
  /**
   * A keyed request's run: the access checks its work passed (access.ts), kept with its answer so a
   * replay of the key passes them again (idempotency.ts).
   */
  passedChecks?: PassedCheck[];
  /** Live sessions a person may hold (MAX_SESSIONS_PER_USER); unset, SESSION_RULES.maxSessionsPerUser. */
  maxSessionsPerUser?: number;
  /** Minutes a new session may go unused (SESSION_IDLE_MINUTES); unset, SESSION_RULES.idleMinutes. */
  sessionIdleMinutes?: number;
  /**
   * The address people open Relief Desk at (PUBLIC_ORIGIN, or the request's own origin), e.g.
   * https://desk.example.org: passkeys are bound to its host name.
   */
  webOrigin?: string | null;
  /**
   * PUBLIC_ORIGIN as configured (null when unset): links e-mailed on an anonymous request point
   * there, never at a Host header the requester chose (see features/auth/linkOrigin.ts).
   */
  publicOrigin?: string | null;
}

export interface AuthedContext extends Context {
  user: SessionUser;
}

/**
 * A signed-in person's context whose database handle is held to their office (signed-in.ts): what a
 * function that leaves the office out of its queries takes.
 */
export interface OfficeContext extends AuthedContext {
  db: RequestDb;
}
