// The audit log for supervisors and administrators of the same office: filtered, told as sentences,
// reads of a matter gathered into visits (log.ts); the people it may name, for the filter; and per
// client, who saw, printed or sent their criminal history (with the RAP sheet permission too).
import { disclosuresInputSchema, listAuditInputSchema } from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { disclosureReport } from './disclosures.ts';
import { auditPeople, listAuditLog } from './log.ts';

export const auditRouter = router({
  list: procedureFor('readAuditLog')
    .input(listAuditInputSchema)
    .query(({ ctx, input }) => listAuditLog(ctx, input)),

  people: procedureFor('readAuditLog').query(({ ctx }) => auditPeople(ctx)),

  disclosures: procedureFor('readAuditLog')
    .input(disclosuresInputSchema)
    .query(({ ctx, input }) => disclosureReport(ctx, input)),
});
