// Password hashing with argon2id (OWASP's first choice), at the library's recommended cost.
import { hash, verify } from '@node-rs/argon2';

// The library's Algorithm enum is a const enum, which isolated modules cannot read; 2 is Argon2id.
const ARGON2ID = 2;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when no account matches keeps the response time the same, so timing does
// not reveal which e-mail addresses have accounts.
let dummyHash: Promise<string> | null = null;
export function hashForTiming(): Promise<string> {
  dummyHash ??= hashPassword('relief-desk-timing-equaliser');
  return dummyHash;
}
