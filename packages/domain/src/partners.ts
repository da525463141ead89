// Partner organisations send referrals through the API with a key an office administrator makes
// for them. A partner's referral has the staff form's shape without what only staff decide: which
// known client it belongs to, who is not the same person, how it arrived and when, and whether its note
// is about the criminal record (staff mark what they have read).
import { z } from 'zod';
import { recordReferralInputSchema } from './referrals.ts';
import { singleLine } from './text.ts';

export const partnerReferralInputSchema = recordReferralInputSchema
  .omit({
    existingClient: true,
    notSamePersonAs: true,
    source: true,
    receivedOn: true,
    noteAboutRecord: true,
  })
  .strict();
export type PartnerReferralInput = z.input<typeof partnerReferralInputSchema>;
export type PartnerReferral = z.output<typeof partnerReferralInputSchema>;

/** Keys look like rdp_ followed by 43 URL-safe characters (256 random bits). */
export const PARTNER_KEY_PREFIX = 'rdp_';
/** Referrals one key may send per minute. */
export const PARTNER_REQUESTS_PER_MINUTE = 60;

export const createPartnerKeyInputSchema = z.object({
  name: singleLine().min(2, 'Enter the partner organisation’s name.').max(200, 'Use at most 200 characters.'),
});
export type CreatePartnerKeyInput = z.input<typeof createPartnerKeyInputSchema>;

/** Revoking names the version of the key the administrator was shown. */
export const revokePartnerKeyInputSchema = z.object({
  keyId: singleLine().min(1).max(64),
  version: z.number().int().positive(),
});
export type RevokePartnerKeyInput = z.input<typeof revokePartnerKeyInputSchema>;
