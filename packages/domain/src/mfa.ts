// A second factor at sign-in: an authenticator app (TOTP, RFC 6238), passkeys (WebAuthn), and ten
// single-use recovery codes. The rules and the shapes of every input, shared by the API and the forms.
import { z } from 'zod';
import { singleLine } from './text.ts';

export const MFA_RULES = {
  /** Authenticator codes: six digits, a new one every 30 seconds, SHA-1 (what every app reads). */
  totpDigits: 6,
  totpPeriodSeconds: 30,
  /** One step of clock drift either way is accepted (the code before and after the current one). */
  totpWindow: 1,
  recoveryCodes: 10,
  /** Adding or removing a factor needs the password, or a current factor, this recently. */
  reauthenticateMinutes: 5,
  /** Time to complete the second step of a sign-in after the password. */
  secondStepMinutes: 5,
  /** Time to finish adding a passkey after asking for its options. */
  passkeyCeremonyMinutes: 5,
  /** The idle warning shows this long before the idle limit (or at half the limit, if that is shorter). */
  idleWarningSeconds: 120,
} as const;

/** How long before the idle limit the warning shows, for a session of this idle limit. */
export function idleWarningSeconds(idleMinutes: number): number {
  return Math.min(MFA_RULES.idleWarningSeconds, Math.floor((idleMinutes * 60) / 2));
}

export const FACTOR_KINDS = ['totp', 'passkey'] as const;
export type FactorKind = (typeof FACTOR_KINDS)[number];

/** The second-step methods a person can use, in the order the sign-in form offers them. */
export const SECOND_FACTOR_METHODS = ['passkey', 'totp', 'recovery'] as const;
export type SecondFactorMethod = (typeof SECOND_FACTOR_METHODS)[number];

/** Spaces and dashes people type between groups of a code are ignored. */
const codeText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((v) => v.replace(/[\s-]/g, ''));

export const totpCodeSchema = codeText(20).pipe(
  z.string().regex(/^\d{6}$/, 'Enter the 6-digit code your authenticator app shows now.'),
);

/** Recovery codes: 10 letters and digits (shown as two groups of five), any case. */
export const recoveryCodeSchema = codeText(40).pipe(
  z
    .string()
    .regex(
      /^[A-Za-z0-9]{10}$/,
      'Enter one of your recovery codes: 10 letters and digits, such as ABCDE-12345.',
    )
    .transform((v) => v.toUpperCase()),
);

const base64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*={0,2}$/, 'Not a valid passkey answer.');

/** What the browser's passkey ceremony answers (WebAuthn), as @simplewebauthn/browser sends it. */
const credentialBase = {
  id: base64url(1_400).min(1),
  rawId: base64url(1_400).min(1),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string().max(100), z.unknown()).default({}),
};

export const passkeyRegistrationSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url(20_000),
    attestationObject: base64url(60_000),
    authenticatorData: base64url(20_000).optional(),
    transports: z.array(singleLine().max(40)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(20_000).optional(),
  }),
});
export type PasskeyRegistration = z.input<typeof passkeyRegistrationSchema>;

export const passkeyAssertionSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url(20_000),
    authenticatorData: base64url(20_000),
    signature: base64url(4_000),
    userHandle: base64url(400).optional(),
  }),
});
export type PasskeyAssertion = z.input<typeof passkeyAssertionSchema>;

const challengeToken = singleLine().min(20).max(100);

/** The second step of a sign-in: the token the password step gave, and one factor. */
export const secondFactorInputSchema = z.discriminatedUnion('method', [
  z.object({ challengeToken, method: z.literal('totp'), code: totpCodeSchema }),
  z.object({ challengeToken, method: z.literal('recovery'), code: recoveryCodeSchema }),
  z.object({ challengeToken, method: z.literal('passkey'), response: passkeyAssertionSchema }),
]);
export type SecondFactorInput = z.input<typeof secondFactorInputSchema>;

export const challengeTokenInputSchema = z.object({ challengeToken });

/** Proving it is you again before a factor is added or removed. */
export const reauthenticateInputSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('password'),
    password: z.string().min(1, 'Enter your password.').max(256),
  }),
  z.object({ method: z.literal('totp'), code: totpCodeSchema }),
  z.object({ method: z.literal('passkey'), response: passkeyAssertionSchema }),
]);
export type ReauthenticateInput = z.input<typeof reauthenticateInputSchema>;

export const confirmTotpInputSchema = z.object({ code: totpCodeSchema });
export type ConfirmTotpInput = z.input<typeof confirmTotpInputSchema>;

export const passkeyLabelSchema = singleLine()
  .min(1, 'Name the passkey, such as "Office laptop" or "Phone".')
  .max(60, 'Use at most 60 characters.');

export const addPasskeyInputSchema = z.object({
  label: passkeyLabelSchema,
  response: passkeyRegistrationSchema,
});
export type AddPasskeyInput = z.input<typeof addPasskeyInputSchema>;

export const removeFactorInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('totp') }),
  z.object({ kind: z.literal('passkey'), passkeyId: singleLine().min(1).max(64) }),
]);
export type RemoveFactorInput = z.input<typeof removeFactorInputSchema>;

export const setMfaRequiredInputSchema = z.object({
  /** The setting's version the page started from (0: never set). */
  version: z.number().int().min(0),
  required: z.boolean(),
});
export type SetMfaRequiredInput = z.input<typeof setMfaRequiredInputSchema>;

export const resetFactorsInputSchema = z.object({
  userId: singleLine().min(1).max(64),
  version: z.number().int().min(1),
});
export type ResetFactorsInput = z.input<typeof resetFactorsInputSchema>;

/** The one answer to a wrong code, a used recovery code, a passkey that does not match, or a lock. */
export const SECOND_FACTOR_REFUSED_MESSAGE =
  'That did not work: the code is wrong or was already used, or the passkey is not one of yours. Try again; after 5 failed tries in a row the account locks for 15 minutes.';

/**
 * The second step of an account disabled since its password step: true, and no more than the first
 * step's answer told (the password was right). It does not say the account is disabled: the password
 * step answers a disabled account as any wrong password, and this must not tell it apart either.
 */
export const SIGN_IN_CANNOT_FINISH_MESSAGE =
  'This sign-in can no longer finish. Enter your e-mail and password again; if they are refused, ask your office’s administrator.';

export const SIGN_IN_STEP_EXPIRED_MESSAGE = `The sign-in took longer than ${MFA_RULES.secondStepMinutes} minutes, so it was stopped. Enter your e-mail and password again.`;
