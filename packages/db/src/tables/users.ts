import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface UsersTable {
  id: string;
  office_id: string;
  email: string;
  name: string;
  role: 'intake' | 'attorney' | 'supervisor' | 'admin';
  password_hash: string;
  /** 1 when the user may see RAP sheets and data drawn from them (attorneys and supervisors by default). */
  can_view_rap_sheets: Generated<number>;
  active: Generated<number>;
  failed_sign_ins: Generated<number>;
  locked_until: string | null;
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
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string;
  user_agent: string;
}
export type Session = Selectable<SessionsTable>;
