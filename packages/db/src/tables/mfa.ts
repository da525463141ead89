import type { Generated, Selectable } from 'kysely';
import type { MfaChallengeKind } from './closed-sets.ts';

/** A person's authenticator app (RFC 6238 TOTP); a row without confirmed_at is being set up. */
export interface MfaTotpTable {
  user_id: string;
  /** Base32, as the app was given it: it must be readable to check a code. */
  secret: string;
  created_at: string;
  confirmed_at: string | null;
  /** The 30-second step of the last code accepted: a code is accepted once. */
  last_used_step: number | null;
  last_used_at: string | null;
}
export type MfaTotp = Selectable<MfaTotpTable>;

/** A passkey (WebAuthn credential) a person added. */
export interface MfaPasskeysTable {
  id: string;
  user_id: string;
  /** base64url, as the browser names it. */
  credential_id: string;
  /** base64url of the COSE public key. */
  public_key: string;
  /** The authenticator's signature counter (bigint: PostgreSQL answers it as text). */
  counter: Generated<number | string>;
  /** JSON array of the transports the authenticator said it uses. */
  transports: Generated<string>;
  label: string;
  created_at: string;
  last_used_at: string | null;
}
export type MfaPasskey = Selectable<MfaPasskeysTable>;

/** One of a person's ten recovery codes: only its keyed hash. */
export interface MfaRecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** A ceremony in progress: the second step of a sign-in, or a passkey being added or used again. */
export interface MfaChallengesTable {
  /** Sign-in: the SHA-256 of the token the password step gave; otherwise a new id. */
  id: string;
  kind: MfaChallengeKind;
  user_id: string;
  /** The session a registration or re-authentication belongs to (its id). */
  session_id: string | null;
  /** The WebAuthn challenge given to the browser, once asked for. */
  webauthn_challenge: string | null;
  created_at: string;
  expires_at: string;
}

/** Whether an office requires a second factor of everyone; no row: it does not. */
export interface OfficeSignInSettingsTable {
  office_id: string;
  mfa_required: number;
  version: Generated<number>;
  updated_at: string;
  updated_by: string | null;
}
