// Timeline events: every change to a matter writes one, in the same transaction as the change.
import { newId, type Tx } from '@relief-desk/db';
import type { AuthedContext } from '../../context.ts';

export async function recordEvent(
  tx: Tx,
  ctx: AuthedContext,
  matter: { id: string; officeId: string },
  kind: string,
  summary: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  const now = ctx.clock.now();
  await tx
    .insertInto('matter_events')
    .values({
      id: newId(now),
      matter_id: matter.id,
      office_id: matter.officeId,
      kind,
      summary,
      data: JSON.stringify(data),
      actor_id: ctx.user.id,
      occurred_at: now.toISOString(),
    })
    .execute();
}

/** The next matter reference in this office, such as 2026-00042, unique and never reused. */
export async function nextMatterReference(tx: Tx, officeId: string, year: string): Promise<string> {
  const row = await tx
    .insertInto('counters')
    .values({ office_id: officeId, name: `matter-${year}`, value: 1 })
    .onConflict((oc) =>
      oc.columns(['office_id', 'name']).doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })),
    )
    .returning('value')
    .executeTakeFirstOrThrow();
  return `${year}-${String(row.value).padStart(5, '0')}`;
}
