// Office settings that administrators change: the office profile (letterhead, counties, letter
// signer), whether everyone needs a second factor at sign-in, and how long each kind of document
// request has.
import { inTransaction } from '@relief-desk/db';
import { DOCUMENT_KINDS, officeProfileInputSchema, setMfaRequiredInputSchema } from '@relief-desk/domain';
import { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { procedureFor, router } from '../../trpc.ts';
import { dueDaysFor } from '../documents/dueDays.ts';
import { officeProfileOf, saveOfficeProfile } from './profile.ts';
import { setMfaRequired, signInSettingsOf } from './signInSettings.ts';

export const officesRouter = router({
  /** Whether the office requires a second factor at sign-in, and how many people have none yet. */
  signInSettings: procedureFor('administer').query(({ ctx }) => signInSettingsOf(ctx.db)),

  setMfaRequired: procedureFor('administer')
    .input(setMfaRequiredInputSchema)
    .mutation(({ ctx, input }) => setMfaRequired(ctx, input)),

  profile: procedureFor('workMatters').query(({ ctx }) => officeProfileOf(ctx.db, ctx.user.officeId)),

  saveProfile: procedureFor('administer')
    .input(officeProfileInputSchema)
    .mutation(({ ctx, input }) => saveOfficeProfile(ctx, input)),

  documentDueDays: procedureFor('workMatters').query(({ ctx }) => dueDaysFor(ctx.db, ctx.user.officeId)),

  setDocumentDueDays: procedureFor('administer')
    .input(
      z.object({
        kind: z.enum(DOCUMENT_KINDS),
        days: z.number().int().min(1, 'Use at least one day.').max(365, 'Use at most 365 days.'),
      }),
    )
    .mutation(({ ctx, input }) =>
      inTransaction(ctx.db, async ({ tx }) => {
        await tx
          .insertInto('office_document_due_days')
          .values({ office_id: ctx.user.officeId, kind: input.kind, days: input.days })
          .onConflict((oc) => oc.columns(['office_id', 'kind']).doUpdateSet({ days: input.days }))
          .execute();
        await putOnRecord(tx, {
          entityType: 'office',
          entityId: ctx.user.officeId,
          detail: input,
        });
        return dueDaysFor(tx, ctx.user.officeId);
      }),
    ),
});
