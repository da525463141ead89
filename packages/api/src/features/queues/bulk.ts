// Bulk actions on selected matters: assign, move stage, add a note. All or nothing: every matter is
// checked first, and if any one cannot take the action none does; the answer reports every row.
import { inTransaction, type Matter, newId, type Tx } from '@relief-desk/db';
import {
  type BulkResult,
  type BulkRowResult,
  type bulkAddNoteInputSchema,
  type bulkAssignInputSchema,
  type bulkMoveStageInputSchema,
  californiaDate,
  moveReadsCriminalHistory,
  STAGE_LABELS,
  type Stage,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { rapSheetRefusal } from '../../access.ts';
import { putOnRecord } from '../../audit.ts';
import { lastChange } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { moveSentence, recordEvent, recordStageMove } from '../../matter-core/events.ts';
import {
  requireConcludingRole,
  requireMoveRapSheetAccess,
  stageMoveColumns,
  stageMoveProblem,
} from '../../matter-core/stageFacts.ts';
import { recordNote } from '../matters/notes.ts';

type Selection = { id: string; version: number }[];
type Check = (matter: Matter) => Promise<string | null>;
type Apply = (matter: Matter) => Promise<void>;

async function runBulk(
  ctx: OfficeContext,
  selection: Selection,
  work: (tx: Tx) => Promise<{ check: Check; apply: Apply; done: string; detail: Record<string, unknown> }>,
): Promise<BulkResult> {
  return inTransaction(ctx.db, async ({ tx }) => {
    const { check, apply, done, detail } = await work(tx);
    // Locked on PostgreSQL until the bulk commits, so the versions checked below are the ones the
    // updates replace: a single save in between waits, then is refused as stale (SQLite transactions
    // already take turns).
    const matters = await tx
      .selectFrom('matters')
      .selectAll()
      .where('office_id', '=', ctx.user.officeId)
      .where(
        'id',
        'in',
        selection.map((s) => s.id),
      )
      // In the order of their ids, as every transaction taking several matters (lockMatters.ts).
      .orderBy('id')
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
      .execute();
    const byId = new Map(matters.map((m) => [m.id, m]));
    const rows: BulkRowResult[] = [];
    for (const { id, version } of selection) {
      const matter = byId.get(id);
      let problem: string | null;
      if (!matter) problem = 'Not found: it may belong to another office.';
      else if (matter.version !== version) {
        const { who, when } = await lastChange(tx, matter);
        problem = `Changed by ${who} on ${when}, after the page loaded: nothing was changed. Reload to see their change, then try again.`;
      } else problem = await check(matter);
      rows.push({
        matterId: id,
        reference: matter?.reference ?? null,
        ok: problem === null,
        message: problem ?? done,
      });
    }
    const refused = rows.filter((r) => !r.ok);
    if (refused.length > 0) {
      // Nothing changed, but on PostgreSQL the rows were locked for update, which counts as a change
      // to the audit check: the refusal goes on record in the same transaction. Selected matters of
      // another office are refusals of their records too: that office hears of it.
      await putOnRecord(tx, {
        entityType: 'matter',
        entityId: null,
        outcome: 'denied',
        detail: { ...detail, matterIds: selection.map((s) => s.id), refused: refused.map((r) => r.matterId) },
        concerns: [{ entityType: 'matter', ids: refused.map((r) => r.matterId) }],
      });
      const result: BulkResult = {
        applied: false,
        rows: rows.map((r) =>
          r.ok ? { ...r, ok: false, message: 'Not changed: another selected matter could not be.' } : r,
        ),
      };
      return result;
    }
    for (const { id } of selection) {
      const matter = byId.get(id);
      if (!matter) continue;
      await apply(matter);
      // How many went together: one alone (the matter page's assignee control) is said as one.
      await putOnRecord(tx, {
        entityType: 'matter',
        entityId: matter.id,
        detail: { ...detail, together: selection.length },
      });
    }
    return { applied: true, rows } satisfies BulkResult;
  });
}

const bumped = (ctx: OfficeContext, matter: Matter) => ({
  updated_at: ctx.clock.now().toISOString(),
  updated_by: ctx.user.id,
  version: matter.version + 1,
});

export function bulkAssign(ctx: OfficeContext, input: z.output<typeof bulkAssignInputSchema>) {
  return runBulk(ctx, input.matters, async (tx) => {
    // Held (shared) until the assignment commits: an administrator disabling the colleague meanwhile
    // waits, and then counts these matters among the ones to hand on; or disables first, and this
    // reads them disabled.
    const found = input.assigneeId
      ? await tx
          .selectFrom('users')
          .select(['id', 'name', 'active'])
          .where('id', '=', input.assigneeId)
          .where('office_id', '=', ctx.user.officeId)
          .$if(ctx.dialect === 'postgres', (q) => q.forShare())
          .executeTakeFirst()
      : null;
    const assignee = found && Number(found.active) === 1 ? found : null;
    // Another office's user, or a disabled colleague: refused, and on record in both offices. A
    // colleague of this office is named as disabled (the picker may have offered them before).
    if (input.assigneeId && !assignee) {
      const message = found
        ? `${found.name}’s account is disabled, so no matter can be given to them. Ask an administrator to enable it, or choose someone else.`
        : 'Choose a colleague in your office.';
      throw new AppError('BAD_INPUT', message, {
        fieldErrors: [{ path: 'assigneeId', message }],
        audit: {
          entityType: 'user',
          entityId: input.assigneeId,
          detail: { matterIds: input.matters.map((m) => m.id) },
        },
      });
    }
    const who = assignee ? assignee.name : 'nobody';
    return {
      detail: { assigneeId: input.assigneeId },
      done: assignee ? `Assigned to ${assignee.name}.` : 'Unassigned.',
      check: async () => null,
      apply: async (matter) => {
        await tx
          .updateTable('matters')
          .set({ assignee_id: input.assigneeId, ...bumped(ctx, matter) })
          .where('id', '=', matter.id)
          .execute();
        await recordEvent(
          tx,
          ctx,
          { id: matter.id, officeId: matter.office_id },
          'assigned',
          `Assigned to ${who}.`,
          {
            from: matter.assignee_id,
            to: input.assigneeId,
          },
        );
      },
    };
  });
}

export async function bulkMoveStage(ctx: OfficeContext, input: z.output<typeof bulkMoveStageInputSchema>) {
  await requireConcludingRole(ctx, input.to);
  // The first selected matter whose move reads criminal history (moveStage.ts): the permission is
  // asked for it once, after the transaction (a refusal is put on record with ctx.db).
  let reading: { id: string; stage: Stage } | null = null;
  const result = await runBulk(ctx, input.matters, async (tx) => ({
    detail: { to: input.to },
    done: `Moved to ${STAGE_LABELS[input.to]}.`,
    check: async (matter) => {
      if (moveReadsCriminalHistory(matter.stage, input.to)) {
        reading ??= { id: matter.id, stage: matter.stage };
        // Without the permission, no fact is read: every such row is refused for the permission.
        if (!ctx.user.canViewRapSheets) return rapSheetRefusal(ctx.user.role);
      }
      return stageMoveProblem(tx, matter, input.to, californiaDate(ctx.clock.now()));
    },
    apply: async (matter) => {
      const now = ctx.clock.now().toISOString();
      await tx
        .updateTable('matters')
        .set({ ...stageMoveColumns(matter.stage, input.to, now), ...bumped(ctx, matter) })
        .where('id', '=', matter.id)
        .execute();
      const from = matter.stage;
      await recordStageMove(
        tx,
        ctx,
        { id: matter.id, officeId: matter.office_id },
        { from, to: input.to },
        moveSentence(from, input.to),
      );
    },
  }));
  const asked: { id: string; stage: Stage } | null = reading;
  // With the permission, passed (and kept with a request key's answer); without it, on record once.
  if (asked)
    await requireMoveRapSheetAccess(ctx, asked, input.to).catch((error: unknown) => {
      if (!(error instanceof AppError)) throw error;
    });
  return result;
}

export function bulkAddNote(ctx: OfficeContext, input: z.output<typeof bulkAddNoteInputSchema>) {
  const bulkId = newId(ctx.clock.now());
  return runBulk(ctx, input.matters, async (tx) => ({
    detail: input.aboutRecord ? { aboutRecord: true } : {},
    done: 'Note added.',
    check: async () => null,
    apply: async (matter) => {
      await recordNote(tx, ctx, { id: matter.id, officeId: matter.office_id }, input, bulkId);
    },
  }));
}
