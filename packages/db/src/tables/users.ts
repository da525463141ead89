import type { Role } from '@relief-desk/domain';
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface UsersTable {
  id: string;
  office_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  /** 1 when the user may see RAP sheets and data drawn from them (attorneys and supervisors by default). */
  can_view_rap_sheets: Generated<number>;
  active: Generated<number>;
  /** 1 after an administrator reset the person's factors: they set one up at their next sign-in. */
  must_enrol_factor: Generated<number>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;

export interface SessionsTable {
  /** SHA-256 of the cookie token: a stolen database cannot be replayed as sessions. */
  token_hash: string;
  /** The session's own id, to list and end it by (never the token or its hash). */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string;
  user_agent: string;
  /** The idle limit in minutes the server had when the session started (null: the default, 30). */
  idle_minutes: number | null;
  /** 1 while the session may only set up a second factor (the office requires one). */
  enrolment_only: Generated<number>;
  /** When the person last proved who they are (sign-in, password or factor) in this session. */
  reauthenticated_at: string | null;
}
export type Session = Selectable<SessionsTable>;

/**
 * Failed sign-ins and the lock per e-mail address typed at sign-in, account or not, keyed by an HMAC
 * of the normalised address (never the address itself). A row exists while there are failures to count.
 */
export interface SignInAccountsTable {
  /**
   * The account's key (accountKey), or "<account key>:<network key>" for its failed sign-ins from one
   * network, or "<account key>:*" for those across networks not familiar to it (throttle.ts).
   */
  account_key: string;
  /** Attempts claimed since the last success or lock (a claim is counted before the password is checked). */
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

/** A network someone signed in from (keyed hashes of their address typed and of the network). */
export interface SignInNetworksTable {
  account_key: string;
  network_key: string;
  signed_in_at: string;
}

/** A fixed-window counter: hits of one kind (scope) from one key (an address) in one window. */
export interface RateLimitsTable {
  scope: string;
  key: string;
  /** When the window began (ISO instant). */
  window_start: string;
  hits: number;
}

/** Keys the servers share (the sign-in HMAC key), made once by a migration. */
/** Work a version asks to be done once, after the migrations (free-space.ts): its name and when asked. */
export interface UpkeepTable {
  name: 'wipe_free_space';
  asked_at: string;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: string;
}
