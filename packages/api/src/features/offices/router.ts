// Office settings that administrators change: the office profile (letterhead, counties, letter
// signer), whether everyone needs a second factor at sign-in, and how long each kind of document
// request has. Each is versioned: a save names the version its page started from.
import {
  officeProfileInputSchema,
  setDocumentDueDaysInputSchema,
  setMfaRequiredInputSchema,
} from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { documentDueDaySettingsOf, setDocumentDueDays } from './dueDays.ts';
import { officeProfileOf, publicPagesOf, saveOfficeProfile } from './profile.ts';
import { openMattersByCounty } from './queries.ts';
import { setMfaRequired, signInSettingsOf } from './signInSettings.ts';

export const officesRouter = router({
  /** Whether the office requires a second factor at sign-in, and how many people have none yet. */
  signInSettings: procedureFor('administer').query(({ ctx }) => signInSettingsOf(ctx.db)),

  setMfaRequired: procedureFor('administer')
    .input(setMfaRequiredInputSchema)
    .mutation(({ ctx, input }) => setMfaRequired(ctx, input)),

  /** The profile, and the paths of the office's public pages (shown at Office settings to hand out). */
  profile: procedureFor('workMatters').query(async ({ ctx }) => ({
    ...(await officeProfileOf(ctx.db, ctx.user.officeId)),
    publicPages: await publicPagesOf(ctx.db, ctx.user.officeId, ctx.publicOrigin),
  })),

  /**
   * The office's open matters in each county, which the profile form names before a county is
   * unticked: its own query, so the profile every page reads does not count the caseload.
   */
  openMattersByCounty: procedureFor('administer').query(({ ctx }) => openMattersByCounty(ctx.db)),

  saveProfile: procedureFor('administer')
    .input(officeProfileInputSchema)
    // Answered as the profile is read: the public addresses are not changed by a save (a rename keeps them).
    .mutation(async ({ ctx, input }) => ({
      ...(await saveOfficeProfile(ctx, input)),
      publicPages: await publicPagesOf(ctx.db, ctx.user.officeId, ctx.publicOrigin),
    })),

  /** Each kind's days until a request is due, with the version a change of it starts from. */
  documentDueDays: procedureFor('workMatters').query(({ ctx }) =>
    documentDueDaySettingsOf(ctx.db, ctx.user.officeId),
  ),

  setDocumentDueDays: procedureFor('administer')
    .input(setDocumentDueDaysInputSchema)
    .mutation(({ ctx, input }) => setDocumentDueDays(ctx, input)),
});
