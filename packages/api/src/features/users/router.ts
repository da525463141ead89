// The office's users: colleagues for assignee pickers (no password data leaves), and for
// administrators the list with roles and the RAP sheet permission they can grant, and the controls
// over accounts: invite, change role, unlock, end sessions, disable or enable, reset second factors,
// send a link to choose a new password.
import {
  invitationVersionInputSchema,
  inviteUserInputSchema,
  resetFactorsInputSchema,
  setRapSheetAccessInputSchema,
  setUserActiveInputSchema,
  setUserRoleInputSchema,
  userVersionInputSchema,
} from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { inviteUser, listInvitations, resendInvitation, revokeInvitation } from '../invitations/send.ts';
import { sendPasswordReset } from '../password-resets/send.ts';
import { endUserSessions, setUserActive, unlockUser } from './accountControls.ts';
import { byName } from './byName.ts';
import { listOfficeUsers, setRapSheetAccess } from './rapSheetAccess.ts';
import { resetFactors } from './resetFactors.ts';
import { setUserRole } from './setRole.ts';

export const usersRouter = router({
  /**
   * The office's active people, and the disabled ones who still hold open matters (`active: false`):
   * those can be filtered by in the queue, to hand their caseload on, but are never offered for a new
   * assignment (which refuses them).
   */
  listColleagues: procedureFor('workMatters').query(async ({ ctx }) => {
    const people = await ctx.db
      .selectFrom('users')
      .select(['id', 'name', 'role', 'active'])
      .where((eb) =>
        eb.or([
          eb('active', '=', 1),
          eb.exists(
            eb
              .selectFrom('matters')
              .select('matters.id')
              .whereRef('matters.assignee_id', '=', 'users.id')
              .where('matters.closed_at', 'is', null),
          ),
        ]),
      )
      .execute();
    return byName(people.map((person) => ({ ...person, active: person.active === 1 })));
  }),

  list: procedureFor('administer').query(({ ctx }) => listOfficeUsers(ctx)),

  setRapSheetAccess: procedureFor('administer')
    .input(setRapSheetAccessInputSchema)
    .mutation(({ ctx, input }) => setRapSheetAccess(ctx, input)),

  unlock: procedureFor('administer')
    .input(userVersionInputSchema)
    .mutation(({ ctx, input }) => unlockUser(ctx, input)),

  endSessions: procedureFor('administer')
    .input(userVersionInputSchema)
    .mutation(({ ctx, input }) => endUserSessions(ctx, input)),

  setActive: procedureFor('administer')
    .input(setUserActiveInputSchema)
    .mutation(({ ctx, input }) => setUserActive(ctx, input)),

  setRole: procedureFor('administer')
    .input(setUserRoleInputSchema)
    .mutation(({ ctx, input }) => setUserRole(ctx, input)),

  /** Invitations not yet accepted: waiting, run out or withdrawn, and where their e-mail stands. */
  invitations: procedureFor('administer').query(({ ctx }) => listInvitations(ctx)),

  invite: procedureFor('administer')
    .input(inviteUserInputSchema)
    .mutation(({ ctx, input }) => inviteUser(ctx, input)),

  resendInvitation: procedureFor('administer')
    .input(invitationVersionInputSchema)
    .mutation(({ ctx, input }) => resendInvitation(ctx, input)),

  revokeInvitation: procedureFor('administer')
    .input(invitationVersionInputSchema)
    .mutation(({ ctx, input }) => revokeInvitation(ctx, input)),

  /** E-mails a person a link to choose a new password (a forgotten one); theirs works until then. */
  sendPasswordReset: procedureFor('administer')
    .input(userVersionInputSchema)
    .mutation(({ ctx, input }) => sendPasswordReset(ctx, input)),

  /** Removes a person's second factors; they set one up again at their next sign-in. */
  resetFactors: procedureFor('administer')
    .input(resetFactorsInputSchema)
    .mutation(({ ctx, input }) => resetFactors(ctx, input)),
});
