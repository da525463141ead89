// Recovery codes: ten per person, each 10 letters and digits (about 50 bits) from an alphabet without
// look-alikes, shown once as ABCDE-12345 and stored only as an HMAC (keyed with the server's sign-in
// key and the person's id), so a copy of the table does not give them. Using one is one guarded
// update: of two requests with the same code, one succeeds.
import { createHmac, randomInt } from 'node:crypto';
import { type Db, newId, type Tx } from '@relief-desk/db';
import { MFA_RULES } from '@relief-desk/domain';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function newCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** How a code is shown: two groups of five. */
export const shownCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

export function recoveryCodeHash(secret: Buffer, userId: string, code: string): string {
  return createHmac('sha256', secret).update(`recovery-code:${userId}:${code.toUpperCase()}`).digest('hex');
}

/** Replaces a person's recovery codes with ten new ones; returns them as shown, once. */
export async function replaceRecoveryCodes(
  tx: Tx,
  secret: Buffer,
  userId: string,
  now: Date,
): Promise<string[]> {
  await tx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  const codes = Array.from({ length: MFA_RULES.recoveryCodes }, newCode);
  await tx
    .insertInto('mfa_recovery_codes')
    .values(
      codes.map((code) => ({
        id: newId(now),
        user_id: userId,
        code_hash: recoveryCodeHash(secret, userId, code),
        created_at: now.toISOString(),
      })),
    )
    .execute();
  return codes.map(shownCode);
}

/** Uses a code: true when it was one of the person's and unused (it is used now). */
export async function useRecoveryCode(
  tx: Tx,
  secret: Buffer,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const result = await tx
    .updateTable('mfa_recovery_codes')
    .set({ used_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', recoveryCodeHash(secret, userId, code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recoveryCodesLeft(db: Db | Tx, userId: string): Promise<number> {
  const row = await db
    .selectFrom('mfa_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
