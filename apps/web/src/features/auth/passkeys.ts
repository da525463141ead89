// The browser's side of passkeys (WebAuthn through @simplewebauthn/browser), and what to say when
// its ceremony does not finish. The options come from the server as JSON and the answers go back as
// JSON checked by the domain's schemas; the casts here are that boundary, nowhere else.
import type { PasskeyAssertion, PasskeyRegistration } from '@relief-desk/domain';
import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';

/** Makes a passkey on this device (or a security key) from the server's options. */
export async function createPasskey(options: unknown): Promise<PasskeyRegistration> {
  const response = await startRegistration({
    optionsJSON: options as PublicKeyCredentialCreationOptionsJSON,
  });
  return response as unknown as PasskeyRegistration;
}

/** Signs the server's challenge with one of the person's passkeys. */
export async function signWithPasskey(options: unknown): Promise<PasskeyAssertion> {
  const response = await startAuthentication({
    optionsJSON: options as PublicKeyCredentialRequestOptionsJSON,
  });
  return response as unknown as PasskeyAssertion;
}

/** The browser's refusal in words: cancelled, not allowed here, or not supported. */
export function passkeyProblem(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError')
    return 'The passkey was not used: it was cancelled or took too long. Try again, or use another way.';
  if (name === 'SecurityError')
    return 'This browser does not allow passkeys at this address. Open Relief Desk at its usual address (a name, not a number) and try again.';
  if (name === 'InvalidStateError') return 'That passkey is already added to your account.';
  return 'This browser could not use a passkey. Try another browser or device, or another way to confirm.';
}
