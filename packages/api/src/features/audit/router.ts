// The audit log, newest first, for supervisors and administrators of the same office; and per client,
// who saw, printed or sent their criminal history (with the RAP sheet permission too).
import { can, disclosuresInputSchema, listAuditInputSchema } from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { decodeViewCursor, encodeViewCursor } from '../queues/cursor.ts';
import { disclosureReport } from './disclosures.ts';

export const auditRouter = router({
  list: procedureFor('readAuditLog')
    .input(listAuditInputSchema)
    .query(async ({ ctx, input }) => {
      let query = ctx.db
        .selectFrom('audit_log')
        .leftJoin('users', 'users.id', 'audit_log.actor_id')
        .select([
          'audit_log.id',
          'audit_log.occurred_at',
          'users.name as actor_name',
          'audit_log.action',
          'audit_log.entity_type',
          'audit_log.entity_id',
          'audit_log.ip',
          'audit_log.outcome',
          'audit_log.detail',
          'audit_log.office_id',
        ])
        // Rows with no office (sign-in attempts naming no account) belong to no one office: every
        // office's administrators see them, as "unknown account" rows.
        .where((eb) =>
          can(ctx.user.role, 'administer')
            ? eb.or([
                eb('audit_log.office_id', '=', ctx.user.officeId),
                eb('audit_log.office_id', 'is', null),
              ])
            : eb('audit_log.office_id', '=', ctx.user.officeId),
        );
      if (input.entityId) query = query.where('audit_log.entity_id', '=', input.entityId);
      if (input.cursor) query = query.where('audit_log.id', '<', String(decodeViewCursor(input.cursor)[0]));
      const rows = await query
        .orderBy('audit_log.id', 'desc')
        .limit(input.limit + 1)
        .execute();
      const items = rows.slice(0, input.limit);
      const last = items.at(-1);
      return {
        items: items.map((r) => ({
          id: r.id,
          occurredAt: r.occurred_at,
          actorName: r.actor_name,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          ip: r.ip,
          outcome: r.outcome,
          detail: r.detail,
          unknownAccount: r.office_id === null,
        })),
        nextCursor: rows.length > input.limit && last ? encodeViewCursor([last.id]) : null,
      };
    }),

  disclosures: procedureFor('readAuditLog')
    .input(disclosuresInputSchema)
    .query(({ ctx, input }) => disclosureReport(ctx, input)),
});
