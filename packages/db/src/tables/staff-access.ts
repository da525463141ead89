import type { Generated, Selectable } from 'kysely';
import type { StaffNoticeKind } from './closed-sets.ts';
import type { UsersTable } from './users.ts';

/** An e-mail address invited to an office; the link's token is kept only as its SHA-256. */
export interface InvitationsTable {
  id: string;
  office_id: string;
  /** Normalised (trimmed, lower case), as the account will have it. */
  email: string;
  role: UsersTable['role'];
  can_view_rap_sheets: number;
  token_hash: string;
  expires_at: string;
  invited_by: string;
  created_at: string;
  updated_at: string;
  /** How many links were sent (the first and each re-send); only the newest works. */
  sent_count: Generated<number>;
  accepted_at: string | null;
  /** The account made when the invitation was accepted. */
  user_id: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  version: Generated<number>;
}
export type Invitation = Selectable<InvitationsTable>;

/** A one-time sign-in link a locked account's owner asked for; only the token's SHA-256 is kept. */
export interface SignInLinksTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/**
 * A link an administrator sent a person of their office to choose a new password; only the token's
 * SHA-256 is kept. Used once, and runs out.
 */
export interface PasswordResetLinksTable {
  token_hash: string;
  user_id: string;
  office_id: string;
  /** The administrator who sent it. */
  sent_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/**
 * An e-mail to a staff member or an invited person, carried by the outbox like a client message. It
 * is about their account only: it names no client and no matter, and holds no criminal history.
 */
export interface StaffNoticesTable {
  id: string;
  office_id: string;
  user_id: string | null;
  invitation_id: string | null;
  kind: StaffNoticeKind;
  recipient: string;
  subject: string;
  /** A link in it is struck out once the e-mail is sent or given up on (see the outbox worker). */
  body: string;
  created_at: string;
}
