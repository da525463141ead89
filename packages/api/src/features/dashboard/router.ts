// The supervisor dashboard: supervisors and administrators only.
import { procedureFor, router } from '../../trpc.ts';
import { dashboardData } from './dashboard.ts';

export const dashboardRouter = router({
  get: procedureFor('readAuditLog').query(({ ctx }) => dashboardData(ctx)),
});
