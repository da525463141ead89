// Ceremonies in progress. The second step of a sign-in is keyed by the hash of a random token the
// password step hands the browser (the token alone proves the password was right, for five minutes),
// or a sign-in link gave (it proves the mailbox; the lock is then not in the way, see secondFactor.ts);
// a passkey being added, or used to re-authenticate, belongs to the session that asked for it. Each is
// used once: taking it deletes it.
import { randomBytes } from 'node:crypto';
import type { MfaChallengesTable } from '@relief-desk/db';
import { type Db, newId, type Tx } from '@relief-desk/db';
import type { Selectable } from 'kysely';
import { hashToken } from '../sessions.ts';

export type Challenge = Selectable<MfaChallengesTable>;
type SessionCeremony = 'passkey_registration' | 'passkey_reauthentication';

async function forgetExpired(db: Db | Tx, now: Date): Promise<void> {
  await db.deleteFrom('mfa_challenges').where('expires_at', '<=', now.toISOString()).execute();
}

/** The second step of a sign-in: returns the token the browser sends with the factor. */
export async function startSignInChallenge(
  tx: Tx,
  userId: string,
  now: Date,
  minutes: number,
  kind: 'sign_in' | 'sign_in_link' = 'sign_in',
): Promise<{ token: string; expiresAt: string }> {
  await forgetExpired(tx, now);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + minutes * 60_000).toISOString();
  await tx
    .insertInto('mfa_challenges')
    .values({
      id: hashToken(token),
      kind,
      user_id: userId,
      session_id: null,
      webauthn_challenge: null,
      created_at: now.toISOString(),
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

/** The sign-in waiting for its second step with this token, if it has not run out. */
export async function findSignInChallenge(db: Db | Tx, token: string, now: Date): Promise<Challenge | null> {
  const row = await db
    .selectFrom('mfa_challenges')
    .selectAll()
    .where('id', '=', hashToken(token))
    .where('kind', 'in', ['sign_in', 'sign_in_link'])
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Whether the token names a sign-in's second step that is still stored but ran out: only then is "took
 * longer than 5 minutes" true. A step ended otherwise (used by a parallel request, or by an
 * administrator disabling the account, unlocking it or resetting its factors) is gone, as is a token
 * that never was one.
 */
export async function signInChallengeRanOut(db: Db | Tx, token: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('mfa_challenges')
    .select('id')
    .where('id', '=', hashToken(token))
    .where('kind', 'in', ['sign_in', 'sign_in_link'])
    .where('expires_at', '<=', now.toISOString())
    .executeTakeFirst();
  return row !== undefined;
}

export async function setSignInWebAuthnChallenge(
  db: Db | Tx,
  id: string,
  challenge: string | null,
): Promise<void> {
  await db
    .updateTable('mfa_challenges')
    .set({ webauthn_challenge: challenge })
    .where('id', '=', id)
    .execute();
}

/**
 * Takes (deletes) a sign-in's second step in the transaction that signs in with it: false when it is
 * gone already (used, ended) or has run out. Of parallel requests with one token, one takes it (the
 * others' deletes wait for its transaction, then find nothing); a rollback puts it back.
 */
export async function takeSignInChallenge(tx: Tx, id: string, now: Date): Promise<boolean> {
  const taken = await tx
    .deleteFrom('mfa_challenges')
    .where('id', '=', id)
    .where('kind', 'in', ['sign_in', 'sign_in_link'])
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return Number(taken.numDeletedRows) === 1;
}

export async function endChallenge(db: Db | Tx, id: string): Promise<void> {
  await db.deleteFrom('mfa_challenges').where('id', '=', id).execute();
}

/** A passkey ceremony for a session (one of each kind at a time: asking again replaces it). */
export async function startSessionCeremony(
  tx: Tx,
  kind: SessionCeremony,
  session: { id: string; userId: string },
  webauthnChallenge: string,
  now: Date,
  minutes: number,
): Promise<void> {
  await forgetExpired(tx, now);
  await tx
    .deleteFrom('mfa_challenges')
    .where('session_id', '=', session.id)
    .where('kind', '=', kind)
    .execute();
  await tx
    .insertInto('mfa_challenges')
    .values({
      id: newId(now),
      kind,
      user_id: session.userId,
      session_id: session.id,
      webauthn_challenge: webauthnChallenge,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + minutes * 60_000).toISOString(),
    })
    .execute();
}

/** Takes (deletes) the session's ceremony of this kind; its WebAuthn challenge, if it had not run out. */
export async function takeSessionCeremony(
  db: Db | Tx,
  kind: SessionCeremony,
  sessionId: string,
  now: Date,
): Promise<string | null> {
  const rows = await db
    .deleteFrom('mfa_challenges')
    .where('session_id', '=', sessionId)
    .where('kind', '=', kind)
    .returning(['webauthn_challenge', 'expires_at'])
    .execute();
  const live = rows.find((r) => r.expires_at > now.toISOString() && r.webauthn_challenge);
  return live?.webauthn_challenge ?? null;
}
