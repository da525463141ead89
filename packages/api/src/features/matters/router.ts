import {
  addNoteInputSchema,
  calendarRangeInputSchema,
  listMattersInputSchema,
  logCallInputSchema,
  markReferralNoteInputSchema,
  markTimelineNoteInputSchema,
  matterIdInputSchema,
  moveStageInputSchema,
  passOnInputSchema,
} from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { listMatters } from '../queues/list.ts';
import { officeCalendar } from './calendar.ts';
import { getMatter } from './getMatter.ts';
import { moveStage } from './moveStage.ts';
import { addNote, logCall, markReferralNote, markTimelineNote } from './notes.ts';
import { passOn } from './passOn.ts';

export const mattersRouter = router({
  list: procedureFor('workMatters')
    .input(listMattersInputSchema)
    .query(({ ctx, input }) => listMatters(ctx, input)),

  get: procedureFor('workMatters')
    .input(matterIdInputSchema)
    .query(({ ctx, input }) => getMatter(ctx, input.matterId)),

  moveStage: procedureFor('workMatters')
    .input(moveStageInputSchema)
    .mutation(({ ctx, input }) => moveStage(ctx, input)),

  /** Pass a matter at "Referred out" on to another office of the desk serving its county. */
  passOn: procedureFor('workMatters')
    .input(passOnInputSchema)
    .mutation(({ ctx, input }) => passOn(ctx, input)),

  addNote: procedureFor('workMatters')
    .input(addNoteInputSchema)
    .mutation(({ ctx, input }) => addNote(ctx, input)),

  /** Marks the referral's note as about the criminal record, or (with the RAP sheet permission) not. */
  markReferralNote: procedureFor('workMatters')
    .input(markReferralNoteInputSchema)
    .mutation(({ ctx, input }) => markReferralNote(ctx, input)),

  /** Marks the note of a timeline entry as about the criminal record, or (with the RAP sheet permission) not. */
  markTimelineNote: procedureFor('workMatters')
    .input(markTimelineNoteInputSchema)
    .mutation(({ ctx, input }) => markTimelineNote(ctx, input)),

  logCall: procedureFor('workMatters')
    .input(logCallInputSchema)
    .mutation(({ ctx, input }) => logCall(ctx, input)),

  /**
   * The office calendar: hearings, rule-by dates and documents due in the next 30 days, and overdue;
   * or, for a week or month view, on the days asked for (at most six weeks).
   */
  calendar: procedureFor('workMatters')
    .input(calendarRangeInputSchema.optional())
    .query(({ ctx, input }) => officeCalendar(ctx, input)),
});
