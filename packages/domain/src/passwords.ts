// Password policy after NIST SP 800-63B: length, not composition; refuse passwords attackers try first.
import { z } from 'zod';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// Passwords of 12 or more characters that appear near the top of public breach corpora, plus the
// patterns people reach for when told "at least 12 characters". Compared case-insensitively.
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456123456',
  '123123123123',
  '111111111111',
  '000000000000',
  '121212121212',
  '123456654321',
  '987654321000',
  '098765432112',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'qwertyuiop12',
  'qwertyuiopas',
  'qwertyqwerty',
  'qwerty123456',
  'qwertyuiop123',
  'asdfghjkl123',
  'asdfasdfasdf',
  'zxcvbnm12345',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'password1!23',
  'password!234',
  'p@ssw0rd1234',
  'p@ssword1234',
  'passw0rd1234',
  'iloveyou1234',
  'iloveyouiloveyou',
  'welcome12345',
  'welcome123456',
  'welcometo2024',
  'letmein12345',
  'changeme1234',
  'changemenow!',
  'administrator',
  'administrator1',
  'admin1234567',
  'adminadmin12',
  'trustno11234',
  'sunshine1234',
  'princess1234',
  'football1234',
  'baseball1234',
  'superman1234',
  'starwars1234',
  'monkey123456',
  'dragon123456',
  'abcdefghijkl',
  'abcdefg12345',
  'abc123abc123',
  'aaaaaaaaaaaa',
  'qazwsxedcrfv',
  'computer1234',
  'internet1234',
  'whatever1234',
  'michael12345',
  'jennifer1234',
  'summer2024!!',
  'winter2024!!',
  'spring2025!!',
  'autumn2025!!',
  'summer202412',
  'correcthorsebatterystaple',
  'correct horse battery staple',
  'mypassword123',
  'mypassword1234',
  'secretpassword',
  'supersecret123',
  'passwordsecure',
  'securepassword',
  'strongpassword',
  'strongpassword1',
  'thisismypassword',
  'letmeinletmein',
  'loveyouforever',
  'californiausa',
  'california123',
  'losangeles123',
  'sanfrancisco1',
  'publicdefender',
  'publicdefender1',
  'legalaid12345',
  'reliefdesk123',
  'reliefdesk1234',
  'expungement123',
]);

export function isCommonPassword(password: string): boolean {
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) return true;
  // One character repeated, or a run of the keyboard's digits: trivially guessed whatever the length.
  if (/^(.)\1+$/.test(lowered)) return true;
  return '12345678901234567890'.includes(lowered) || '09876543210987654321'.includes(lowered);
}

export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters; a short phrase is easiest.`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`)
  .refine((p) => !isCommonPassword(p), {
    message: 'That password is on the list of common passwords attackers try first. Choose another.',
  });
