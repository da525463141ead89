// Sign-in and session rules shared by the server and the sign-in form.
import { z } from 'zod';
import { singleLine } from './text.ts';

export const signInInputSchema = z.object({
  email: singleLine().toLowerCase().min(3, 'Enter your work e-mail address.').max(254),
  password: z.string().min(1, 'Enter your password.').max(256),
});
export type SignInInput = z.input<typeof signInInputSchema>;

export const SESSION_RULES = {
  idleMinutes: 30,
  absoluteHours: 12,
  /** Failed sign-ins in a row (per e-mail address typed, account or not) before the lock. */
  maxFailedSignIns: 5,
  lockMinutes: 15,
  /**
   * The count above is kept per account and network (IPv4 address, or IPv6 /64): someone elsewhere
   * typing wrong passwords locks the account only for their own network. Across networks not yet
   * familiar to the account, this many failures lock it for all of them (a guess spread over many
   * networks); a network the person signed in from in the last familiarNetworkDays is not held by it.
   */
  maxFailedSignInsAcrossNetworks: 20,
  familiarNetworkDays: 90,
  /** A count of failures with no attempt for this long is forgotten. */
  forgetFailuresAfterHours: 24,
  /** Failed sign-ins from one address (IPv4, or IPv6 /64) per window before it is refused for the rest of it. */
  signInsPerAddress: 20,
  addressWindowMinutes: 10,
  /** Live sessions per person unless MAX_SESSIONS_PER_USER says otherwise; a new one ends the oldest. */
  maxSessionsPerUser: 5,
} as const;

/**
 * The one answer to a wrong password, an unknown e-mail, a disabled account and a locked one: the
 * response never tells which, so it cannot be used to find out who has an account.
 */
export const SIGN_IN_REFUSED_MESSAGE = `That e-mail and password do not match an account, or the account is locked after ${SESSION_RULES.maxFailedSignIns} failed sign-ins. Check both and try again; a locked account opens again after ${SESSION_RULES.lockMinutes} minutes, or when an administrator unlocks it.`;

export const endSessionInputSchema = z.object({ sessionId: singleLine().min(1).max(64) });
export type EndSessionInput = z.input<typeof endSessionInputSchema>;

/** An account control that names the version of the account it was shown (unlock, end sessions). */
export const userVersionInputSchema = z.object({
  userId: singleLine().min(1).max(64),
  version: z.number().int().min(1),
});
export type UserVersionInput = z.input<typeof userVersionInputSchema>;

export const setUserActiveInputSchema = z.object({
  userId: singleLine().min(1).max(64),
  version: z.number().int().min(1),
  active: z.boolean(),
});
export type SetUserActiveInput = z.input<typeof setUserActiveInputSchema>;
