// Sign-in and session rules shared by the server and the sign-in form.
import { z } from 'zod';

export const signInInputSchema = z.object({
  email: z.string().trim().toLowerCase().min(3, 'Enter your work e-mail address.').max(254),
  password: z.string().min(1, 'Enter your password.').max(256),
});
export type SignInInput = z.input<typeof signInInputSchema>;

export const SESSION_RULES = {
  idleMinutes: 30,
  absoluteHours: 12,
  maxFailedSignIns: 5,
  lockMinutes: 15,
} as const;
