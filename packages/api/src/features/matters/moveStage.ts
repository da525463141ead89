// Moving a matter between stages: staff choose the move; the stage machine says whether it is allowed.
import { inTransaction } from '@relief-desk/db';
import { californiaDate, type MoveStageInput, type moveStageInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { badInput } from '../../errors.ts';
import { moveSentence, recordStageMove } from '../../matter-core/events.ts';
import { requireMatter, saveMatter } from '../../matter-core/requireMatter.ts';
import {
  requireConcludingRole,
  requireMoveRapSheetAccess,
  stageMoveColumns,
  stageMoveProblem,
} from '../../matter-core/stageFacts.ts';

export type { MoveStageInput };

export async function moveStage(ctx: OfficeContext, input: z.output<typeof moveStageInputSchema>) {
  // Before the transaction: a refusal is put on record with ctx.db, which must not wait on it.
  await requireConcludingRole(ctx, input.to);
  // A move whose check reads criminal history (its decisions, its petitions) needs the RAP sheet
  // permission, asked before any of it is read: its refusals name decisions and counts.
  const seen = await requireMatter(ctx.db, input.matterId);
  await requireMoveRapSheetAccess(ctx, seen, input.to);
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, input.matterId);
    if (matter.version !== input.version) throw await versionConflict(tx, 'this matter', matter);
    // Moved in between (the permission was asked for the stage seen): stale, as any change is.
    if (matter.stage !== seen.stage) throw await versionConflict(tx, 'this matter', matter);
    const problem = await stageMoveProblem(tx, matter, input.to, californiaDate(ctx.clock.now()), input.note);
    if (problem) throw badInput('to', problem);

    const now = ctx.clock.now().toISOString();
    const version = await saveMatter(tx, ctx, matter, stageMoveColumns(matter.stage, input.to, now), now);
    await recordStageMove(
      tx,
      ctx,
      { id: matter.id, officeId: matter.office_id },
      { from: matter.stage, to: input.to },
      moveSentence(matter.stage, input.to),
      input.note,
      input.noteAboutRecord,
    );
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: matter.id,
      detail: { from: matter.stage, to: input.to },
    });
    return { stage: input.to, version };
  });
}
