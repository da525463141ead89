// Moving a matter between stages: staff choose the move; the stage machine says whether it is allowed.
import { inTransaction, type Tx } from '@relief-desk/db';
import {
  californiaDate,
  checkStageMove,
  ELIGIBLE_NOW,
  type IsoDate,
  type MoveStageInput,
  type moveStageInputSchema,
  type Stage,
  type StageMoveRefusal,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { moveSentence, recordStageMove } from '../../matter-core/events.ts';
import { lockMatter } from '../../matter-core/lockMatters.ts';
import { requireMatter, saveMatter } from '../../matter-core/requireMatter.ts';
import {
  conclusionFacts,
  petitionFacts,
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
    // The move's check reads the petitions and decisions: a change to them meanwhile waits, or is seen.
    await lockMatter(tx, input.matterId);
    const matter = await requireMatter(tx, input.matterId);
    if (matter.version !== input.version) throw await versionConflict(tx, 'this matter', matter);
    // Moved in between (the permission was asked for the stage seen): stale, as any change is.
    if (matter.stage !== seen.stage) throw await versionConflict(tx, 'this matter', matter);
    const problem = await stageMoveProblem(tx, matter, input.to, californiaDate(ctx.clock.now()), input.note);
    if (problem) throw await moveRefused(tx, matter, input, californiaDate(ctx.clock.now()), problem);

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

/**
 * The refusal of a move the matter's records do not allow, its message said beside the stage chosen.
 * Its audit row keeps why, as facts the log words for its reader (counts of convictions and arrests
 * only for one with the RAP sheet permission), never the message itself.
 */
async function moveRefused(
  tx: Tx,
  matter: { id: string; client_id: string; stage: Stage },
  input: { to: Stage; note?: string },
  asOf: IsoDate,
  message: string,
): Promise<AppError> {
  return new AppError('BAD_INPUT', message, {
    fieldErrors: [{ path: 'to', message }],
    audit: {
      entityType: 'matter',
      entityId: matter.id,
      detail: { reason: 'bad_input', fields: ['to'], stageMove: await whyRefused(tx, matter, input, asOf) },
    },
  });
}

async function whyRefused(
  tx: Tx,
  matter: { id: string; client_id: string; stage: Stage },
  input: { to: Stage; note?: string },
  asOf: IsoDate,
): Promise<StageMoveRefusal> {
  const move = { from: matter.stage, to: input.to };
  // The stage machine's own rules (the moves it allows, the petitions and orders they wait for) first.
  if (!checkStageMove(matter.stage, input.to, await petitionFacts(tx, matter.id), input.note).ok)
    return { ...move, because: 'stage_rules' };
  const facts = await conclusionFacts(tx, matter, asOf);
  const all = [...facts.determinations.map((d) => d.determination), ...facts.arrestDeterminations];
  if (all.some((d) => ELIGIBLE_NOW.includes(d))) return { ...move, because: 'decided_eligible' };
  if (all.includes('needs_more_info')) return { ...move, because: 'needs_more_info' };
  return {
    ...move,
    because: 'undecided',
    convictions: facts.convictionsUndecided,
    arrests: facts.arrestsUndecided,
  };
}
