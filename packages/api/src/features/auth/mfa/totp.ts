// Authenticator apps (TOTP, RFC 6238): a 160-bit secret, six digits every 30 seconds, SHA-1 (what
// every app reads), and one step of drift either way. The enrolment QR code is a PNG data URL of the
// otpauth:// address, which the page also shows as text with the secret, for screen-reader users and
// anyone typing it into an app by hand.
import { MFA_RULES } from '@relief-desk/domain';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const ISSUER = 'Relief Desk';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, account = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: account,
    algorithm: 'SHA1',
    digits: MFA_RULES.totpDigits,
    period: MFA_RULES.totpPeriodSeconds,
    secret: Secret.fromBase32(secret),
  });
}

/** The otpauth:// address an authenticator app reads, naming Relief Desk and the person's e-mail. */
export function totpUri(secret: string, account: string): string {
  return totp(secret, account).toString();
}

/** The QR code of an otpauth:// address, as a PNG data URL. */
export function totpQrCode(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

/**
 * The 30-second time step of a code that matches now or one step either side, or null. A code is
 * accepted once: the caller records the step and refuses it, and any before it, afterwards.
 */
export function matchingStep(secret: string, code: string, now: Date): number | null {
  const delta = totp(secret).validate({
    token: code,
    timestamp: now.getTime(),
    window: MFA_RULES.totpWindow,
  });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / MFA_RULES.totpPeriodSeconds) + delta;
}
