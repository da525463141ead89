// Passkeys (WebAuthn) through SimpleWebAuthn: options for the browser, and the checks of what it
// answers. A passkey is bound to the host name people open Relief Desk at (PUBLIC_ORIGIN, or the
// request's own origin), which must be a name, not an IP address: browsers refuse passkeys for
// http://127.0.0.1 but accept http://localhost.
import type { Db, Tx } from '@relief-desk/db';
import type { PasskeyAssertion, PasskeyRegistration } from '@relief-desk/domain';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Context } from '../../../context.ts';
import { AppError } from '../../../errors.ts';

const RP_NAME = 'Relief Desk';

export interface RelyingParty {
  id: string;
  origin: string;
}

export function relyingPartyOf(ctx: Pick<Context, 'webOrigin'>): RelyingParty {
  const origin = ctx.webOrigin ? new URL(ctx.webOrigin) : null;
  if (!origin)
    throw new AppError(
      'BAD_INPUT',
      'Passkeys need the address people open Relief Desk at. Ask your administrator to set PUBLIC_ORIGIN.',
    );
  return { id: origin.hostname, origin: origin.origin };
}

const toBase64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromBase64url = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));
// Stored as the browser named them: only hints, which the library passes back to the browser.
const transportsOf = (json: string): AuthenticatorTransport[] => {
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? (list.filter((t) => typeof t === 'string') as AuthenticatorTransport[]) : [];
  } catch {
    return [];
  }
};

export async function passkeysOf(db: Db | Tx, userId: string) {
  return db
    .selectFrom('mfa_passkeys')
    .select([
      'id',
      'credential_id',
      'public_key',
      'counter',
      'transports',
      'label',
      'created_at',
      'last_used_at',
    ])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function registrationOptions(
  rp: RelyingParty,
  user: { id: string; email: string; name: string },
  existing: { credential_id: string; transports: string }[],
) {
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({
      id: p.credential_id,
      transports: transportsOf(p.transports),
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

export interface NewPasskey {
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
}

/** The new passkey, when the browser's answer is sound for this challenge; null otherwise. */
export async function checkRegistration(
  rp: RelyingParty,
  expectedChallenge: string,
  response: PasskeyRegistration,
): Promise<NewPasskey | null> {
  try {
    const result = await verifyRegistrationResponse({
      // Checked by the schema; the library's type names transports and extension results more
      // narrowly than a schema without its types can (it reads only the ones it knows).
      response: response as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
    if (!result.verified) return null;
    const { credential } = result.registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: toBase64url(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports ?? response.response.transports ?? [],
    };
  } catch {
    return null;
  }
}

export async function authenticationOptions(
  rp: RelyingParty,
  passkeys: { credential_id: string; transports: string }[],
) {
  return generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: passkeys.map((p) => ({ id: p.credential_id, transports: transportsOf(p.transports) })),
    userVerification: 'preferred',
  });
}

/** A passkey's answer that checked out: which passkey, the counter it was checked against, the new one. */
export interface VerifiedAssertion {
  passkeyId: string;
  counterRead: number;
  newCounter: number;
}

/**
 * Checks a passkey's answer against one of the person's passkeys and the challenge given, writing
 * nothing: recordAssertion then records it, in the transaction the answer is used in.
 */
export async function verifyAssertion(
  db: Db | Tx,
  rp: RelyingParty,
  userId: string,
  expectedChallenge: string,
  response: PasskeyAssertion,
): Promise<VerifiedAssertion | null> {
  const passkey = await db
    .selectFrom('mfa_passkeys')
    .select(['id', 'credential_id', 'public_key', 'counter', 'transports'])
    .where('user_id', '=', userId)
    .where('credential_id', '=', response.id)
    .executeTakeFirst();
  if (!passkey) return null;
  try {
    const counterRead = Number(passkey.counter);
    const result = await verifyAuthenticationResponse({
      // Checked by the schema, as in checkRegistration.
      response: response as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.credential_id,
        publicKey: fromBase64url(passkey.public_key),
        counter: counterRead,
        transports: transportsOf(passkey.transports),
      },
      requireUserVerification: false,
    });
    if (!result.verified) return null;
    return { passkeyId: passkey.id, counterRead, newCounter: result.authenticationInfo.newCounter };
  } catch {
    return null;
  }
}

/**
 * Records a checked answer: its new counter and when the passkey was used. One guarded update: only
 * while the counter is still the one the answer was checked against, and (unless the passkey keeps no
 * counter, as synced passkeys keep 0) only forward. False when another answer was recorded meanwhile:
 * of two parallel requests with answers checked against one counter, one is recorded.
 */
export async function recordAssertion(db: Db | Tx, used: VerifiedAssertion, now: Date): Promise<boolean> {
  const { counterRead, newCounter } = used;
  if (!(newCounter > counterRead || (newCounter === 0 && counterRead === 0))) return false;
  const saved = await db
    .updateTable('mfa_passkeys')
    .set({ counter: newCounter, last_used_at: now.toISOString() })
    .where('id', '=', used.passkeyId)
    .where('counter', '=', counterRead)
    .executeTakeFirst();
  return Number(saved.numUpdatedRows) === 1;
}

/**
 * Checks a passkey's answer against one of the person's passkeys and the challenge given; on success
 * records its new counter and when it was used (recordAssertion), and returns the passkey's id.
 */
export async function checkAssertion(
  db: Db | Tx,
  rp: RelyingParty,
  userId: string,
  expectedChallenge: string,
  response: PasskeyAssertion,
  now: Date,
): Promise<string | null> {
  const used = await verifyAssertion(db, rp, userId, expectedChallenge, response);
  if (!used) return null;
  return (await recordAssertion(db, used, now)) ? used.passkeyId : null;
}
