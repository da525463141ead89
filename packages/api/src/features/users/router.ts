// Colleagues in the caller's office: for assignee pickers and filters. No password data leaves.
import { procedureFor, router } from '../../trpc.ts';

export const usersRouter = router({
  listColleagues: procedureFor('workMatters').query(async ({ ctx }) =>
    ctx.db
      .selectFrom('users')
      .select(['id', 'name', 'role'])
      .where('office_id', '=', ctx.user.officeId)
      .where('active', '=', 1)
      .orderBy('name')
      .execute(),
  ),
});
