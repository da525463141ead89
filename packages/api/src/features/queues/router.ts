// Named queues: their counts and a view's, the office's update limits, and bulk actions on selected
// matters.
// (The rows themselves come from matters.list; the CSV export is an HTTP route.)
import {
  bulkAddNoteInputSchema,
  bulkAssignInputSchema,
  bulkMoveStageInputSchema,
  queueSettingsInputSchema,
  viewCountInputSchema,
} from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { bulkAddNote, bulkAssign, bulkMoveStage } from './bulk.ts';
import { queueCounts } from './counts.ts';
import { viewScopeOf } from './list.ts';
import { queueSettingsOf, setQueueLimits } from './settings.ts';
import { viewCount } from './viewCount.ts';

export const queuesRouter = router({
  counts: procedureFor('workMatters').query(async ({ ctx }) => queueCounts(viewScopeOf(ctx))),

  /** How many matters a view of matters.list holds and how many come before a page: asked for after the rows. */
  viewCount: procedureFor('workMatters')
    .input(viewCountInputSchema)
    .query(({ ctx, input }) => viewCount(ctx, input)),

  limits: procedureFor('workMatters').query(({ ctx }) => queueSettingsOf(ctx.db, ctx.user.officeId)),

  setLimits: procedureFor('administer')
    .input(queueSettingsInputSchema)
    .mutation(({ ctx, input }) => setQueueLimits(ctx, input)),

  bulkAssign: procedureFor('workMatters')
    .input(bulkAssignInputSchema)
    .mutation(({ ctx, input }) => bulkAssign(ctx, input)),

  bulkMoveStage: procedureFor('workMatters')
    .input(bulkMoveStageInputSchema)
    .mutation(({ ctx, input }) => bulkMoveStage(ctx, input)),

  bulkAddNote: procedureFor('workMatters')
    .input(bulkAddNoteInputSchema)
    .mutation(({ ctx, input }) => bulkAddNote(ctx, input)),
});
