// Letting staff in: invitations an administrator sends, roles they change, the one-time sign-in link
// a locked account's owner asks for, and passwords: changed by their owner, or set again through a
// link an administrator sends. Shared by the server and the forms.
import { z } from 'zod';
import { foldName } from './names.ts';
import { newPasswordSchema } from './passwords.ts';
import { roleSchema } from './roles.ts';
import { cleanName, hasVisibleLetter, nameLine, singleLine } from './text.ts';

export const STAFF_ACCESS_RULES = {
  /** How long an invitation's link works. */
  invitationHours: 72,
  /** How long a sign-in link works. */
  signInLinkMinutes: 30,
  /** Sign-in links one e-mail address may be sent per window (whether or not it has an account). */
  signInLinksPerAddress: 3,
  signInLinkWindowMinutes: 60,
  /** Requests for a link from one network address per window. */
  signInLinkRequestsPerNetwork: 20,
  /** How long a link to choose a new password works (an administrator sends it, the person asked). */
  passwordResetMinutes: 60,
} as const;

/**
 * A person's sign-in e-mail address, as invitations and `create-admin` take it. An address with
 * accented letters (josé.ñúñez@…) is refused naming them: "such as name@office.org" alone would not
 * say what is wrong with it.
 */
export const staffEmailSchema = singleLine()
  .toLowerCase()
  .min(3, 'Enter an e-mail address.')
  .max(254, 'Use at most 254 characters.')
  .superRefine((email, ctx) => {
    const unaccepted = [...new Set(email.match(/[^\x20-\x7e]/gu) ?? [])];
    if (unaccepted.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: `This address has ${unaccepted.map((c) => `“${c}”`).join(', ')}: sign-in addresses take only letters a to z without accents, digits and . _ - +, such as jose.nunez@office.org.`,
        abort: true,
      });
  })
  .pipe(z.email('Enter an e-mail address such as name@office.org.'));

/** Links carry a 256-bit token in base64url (43 characters). */
const token = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'This link is not complete. Open it again from the e-mail.');

export const inviteUserInputSchema = z.object({
  email: staffEmailSchema,
  role: roleSchema,
  canViewRapSheets: z.boolean(),
});
export type InviteUserInput = z.input<typeof inviteUserInputSchema>;

export const invitationVersionInputSchema = z.object({
  invitationId: singleLine().min(1).max(64),
  version: z.number().int().min(1),
});
export type InvitationVersionInput = z.input<typeof invitationVersionInputSchema>;

export const invitationTokenInputSchema = z.object({ token });

/**
 * A person's name as colleagues see it, as accepting an invitation and `create-admin` take it:
 * without invisible characters, and with letters to read (a name of blank characters is no name).
 */
export const staffNameSchema = nameLine()
  .min(2, 'Enter your name as colleagues should see it.')
  .max(120, 'Use at most 120 characters.')
  .refine(hasVisibleLetter, {
    message: 'Enter your name in letters: a name of blank or invisible characters cannot be read.',
  });

/**
 * A staff name as colleagues tell names apart: capitals, accents, punctuation, spacing and invisible
 * characters aside ("Ana  Ruíz" is "ana ruiz"), so two people of an office are never named alike.
 */
export function staffNameKey(name: string): string {
  return foldName(cleanName(name)).replaceAll(' ', '');
}

export const acceptInvitationInputSchema = z.object({
  token,
  name: staffNameSchema,
  password: newPasswordSchema,
});
export type AcceptInvitationInput = z.input<typeof acceptInvitationInputSchema>;

export const setUserRoleInputSchema = z.object({
  userId: singleLine().min(1).max(64),
  version: z.number().int().min(1),
  role: roleSchema,
});
export type SetUserRoleInput = z.input<typeof setUserRoleInputSchema>;

export const requestSignInLinkInputSchema = z.object({ email: staffEmailSchema });
export type RequestSignInLinkInput = z.input<typeof requestSignInLinkInputSchema>;

export const signInLinkTokenInputSchema = z.object({ token });

/** The one answer to a request for a sign-in link, whether or not the address has an account. */
export const SIGN_IN_LINK_SENT_MESSAGE = `If that address belongs to an account, we have sent it an e-mail. A sign-in link in it works once, for ${STAFF_ACCESS_RULES.signInLinkMinutes} minutes, together with your second factor. Nothing arrived? Check the address, or ask an administrator to unlock your account.`;

/** One's own password, changed: the current one proves it is you (a session left open is not enough). */
export const changePasswordInputSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(256),
    newPassword: newPasswordSchema,
  })
  .refine((input) => input.newPassword !== input.currentPassword, {
    path: ['newPassword'],
    message: 'Choose a new password, not the one you have now.',
  });
export type ChangePasswordInput = z.input<typeof changePasswordInputSchema>;

export const passwordResetTokenInputSchema = z.object({ token });

/** A new password chosen through the link an administrator sent. */
export const resetPasswordInputSchema = z.object({ token, password: newPasswordSchema });
export type ResetPasswordInput = z.input<typeof resetPasswordInputSchema>;
