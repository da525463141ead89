// Which procedures answer something shown once: a new authenticator's secret, recovery codes, a
// partner API key. Their answers are never kept with a request key (trpc.ts), so no copy of a secret
// lies in the database.
const SHOWN_ONCE = new Set([
  'auth.mfa.startTotp',
  'auth.mfa.confirmTotp',
  'auth.mfa.addPasskey',
  'auth.mfa.newRecoveryCodes',
  'partnerKeys.create',
]);

export function answersOnce(path: string): boolean {
  return SHOWN_ONCE.has(path);
}
