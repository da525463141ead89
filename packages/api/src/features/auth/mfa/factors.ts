// What second factors a person has, read in one place for sign-in, their own page and administrators.
import type { Db, Tx } from '@relief-desk/db';
import type { SecondFactorMethod } from '@relief-desk/domain';
import { recoveryCodesLeft } from './recoveryCodes.ts';

export interface Factors {
  /** The authenticator app, once confirmed with a code. */
  totp: { confirmedAt: string; lastUsedAt: string | null } | null;
  /** An authenticator app being set up (its secret given, no code yet). */
  totpPending: boolean;
  passkeys: { id: string; label: string; createdAt: string; lastUsedAt: string | null }[];
  recoveryCodesLeft: number;
}

export async function factorsOf(db: Db | Tx, userId: string): Promise<Factors> {
  const totp = await db
    .selectFrom('mfa_totp')
    .select(['confirmed_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const passkeys = await db
    .selectFrom('mfa_passkeys')
    .select(['id', 'label', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return {
    totp: totp?.confirmed_at ? { confirmedAt: totp.confirmed_at, lastUsedAt: totp.last_used_at } : null,
    totpPending: totp !== undefined && totp.confirmed_at === null,
    passkeys: passkeys.map((p) => ({
      id: p.id,
      label: p.label,
      createdAt: p.created_at,
      lastUsedAt: p.last_used_at,
    })),
    recoveryCodesLeft: await recoveryCodesLeft(db, userId),
  };
}

export const hasFactor = (f: Factors) => f.totp !== null || f.passkeys.length > 0;

/** The ways a person with these factors can complete a sign-in. */
export function methodsOf(f: Factors): SecondFactorMethod[] {
  const methods: SecondFactorMethod[] = [];
  if (f.passkeys.length > 0) methods.push('passkey');
  if (f.totp) methods.push('totp');
  if (f.recoveryCodesLeft > 0) methods.push('recovery');
  return methods;
}
