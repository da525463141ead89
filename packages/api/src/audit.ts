// Audit rows: written in the same transaction as the change (or the read) they describe.
import { type Db, newId, type Tx } from '@relief-desk/db';
import type { Context, SessionUser } from './context.ts';

/** Who acted: the session's user, or the account a sign-in attempt named. */
export type Actor = Pick<SessionUser, 'id' | 'officeId'>;

export interface AuditFacts {
  action: string;
  entityType: string;
  entityId: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
  /** Ids and counts only: never contact details or RAP sheet data. */
  detail?: Record<string, unknown>;
}

export async function writeAudit(
  db: Tx | Db,
  ctx: Pick<Context, 'clock' | 'ip'> & { user?: Actor | null },
  facts: AuditFacts,
): Promise<void> {
  const now = ctx.clock.now();
  await db
    .insertInto('audit_log')
    .values({
      id: newId(now),
      occurred_at: now.toISOString(),
      actor_id: ctx.user?.id ?? null,
      office_id: ctx.user?.officeId ?? null,
      action: facts.action,
      entity_type: facts.entityType,
      entity_id: facts.entityId,
      ip: ctx.ip,
      outcome: facts.outcome ?? 'ok',
      detail: JSON.stringify(facts.detail ?? {}),
    })
    .execute();
}
