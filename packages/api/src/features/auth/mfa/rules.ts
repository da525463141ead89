// Which procedures answer something shown once: a new authenticator's secret, recovery codes. Their
// answers are never kept with a request key (trpc.ts), so no copy of a secret lies in the database.
const SHOWN_ONCE = new Set([
  'auth.mfa.startTotp',
  'auth.mfa.confirmTotp',
  'auth.mfa.addPasskey',
  'auth.mfa.newRecoveryCodes',
]);

export function answersOnce(path: string): boolean {
  return SHOWN_ONCE.has(path);
}
