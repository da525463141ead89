import {
  composeOutcomeInputSchema,
  followUpSettingsInputSchema,
  leaveUnsentInputSchema,
  letterIdsInputSchema,
  logStatusInputSchema,
  matterIdInputSchema,
  resendViaInputSchema,
  retryDeliveryInputSchema,
  saveTemplateInputSchema,
  sendOutcomeInputSchema,
  sendSignedOrderCopiesInputSchema,
  sendStatusInputSchema,
  signedOrderCopiesInputSchema,
  statusChoiceSchema,
  stopSendingInputSchema,
  withdrawLetterInputSchema,
} from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import {
  deliveryProblems,
  deliveryStatus,
  leaveUnsent,
  listMessages,
  resendVia,
  retryDelivery,
} from './deliveries.ts';
import { confirmPrinted, lettersToPrint, withdrawLetter } from './letters.ts';
import { composeOutcome, sendOutcome } from './outcome.ts';
import { followUpSettings, saveFollowUpSettings } from './settings.ts';
import { sendSignedOrderCopies, signedOrderCopies } from './signedOrderCopies.ts';
import { composeStatus, logStatus, sendStatus } from './status.ts';
import { stopSending } from './stopSending.ts';
import { listTemplates, saveTemplate } from './templateAdmin.ts';

export const messagesRouter = router({
  /** The status update rendered for each channel the client allows, in their language. */
  composeStatus: procedureFor('workMatters')
    .input(statusChoiceSchema)
    .query(({ ctx, input }) => composeStatus(ctx, input)),

  sendStatus: procedureFor('workMatters')
    .input(sendStatusInputSchema)
    .mutation(({ ctx, input }) => sendStatus(ctx, input)),

  logStatus: procedureFor('workMatters')
    .input(logStatusInputSchema)
    .mutation(({ ctx, input }) => logStatus(ctx, input)),

  composeOutcome: procedureFor('workMatters')
    .input(composeOutcomeInputSchema)
    .query(({ ctx, input }) => composeOutcome(ctx, input.matterId)),

  sendOutcome: procedureFor('workMatters')
    .input(sendOutcomeInputSchema)
    .mutation(({ ctx, input }) => sendOutcome(ctx, input)),

  /** The signed orders received since the outcome was sent and not yet sent, with their messages. */
  signedOrderCopies: procedureFor('workMatters')
    .input(signedOrderCopiesInputSchema)
    .query(({ ctx, input }) => signedOrderCopies(ctx, input.matterId)),

  /** Sends them (e-mail attaches, letter encloses), once each; on a closed matter too. */
  sendSignedOrderCopies: procedureFor('workMatters')
    .input(sendSignedOrderCopiesInputSchema)
    .mutation(({ ctx, input }) => sendSignedOrderCopies(ctx, input)),

  forMatter: procedureFor('workMatters')
    .input(matterIdInputSchema)
    .query(({ ctx, input }) => listMessages(ctx, input.matterId)),

  deliveryStatus: procedureFor('workMatters').query(({ ctx }) => deliveryStatus(ctx)),

  deliveryProblems: procedureFor('workMatters').query(({ ctx }) => deliveryProblems(ctx)),

  /** The letters waiting in the print queue, oldest first: what the next mailing run prints. */
  lettersToPrint: procedureFor('workMatters').query(({ ctx }) => lettersToPrint(ctx)),

  /** Printing renders a PDF and changes nothing; this marks the printed letters sent. */
  confirmPrinted: procedureFor('workMatters')
    .input(letterIdsInputSchema)
    .mutation(({ ctx, input }) => confirmPrinted(ctx, input)),

  /** Takes a letter out of the print queue (one that cannot be printed): a delivery problem then. */
  withdrawLetter: procedureFor('workMatters')
    .input(withdrawLetterInputSchema)
    .mutation(({ ctx, input }) => withdrawLetter(ctx, input)),

  stopSending: procedureFor('workMatters')
    .input(stopSendingInputSchema)
    .mutation(({ ctx, input }) => stopSending(ctx, input)),
  retry: procedureFor('workMatters')
    .input(retryDeliveryInputSchema)
    .mutation(({ ctx, input }) => retryDelivery(ctx, input)),

  leaveUnsent: procedureFor('workMatters')
    .input(leaveUnsentInputSchema)
    .mutation(({ ctx, input }) => leaveUnsent(ctx, input)),
  resendVia: procedureFor('workMatters')
    .input(resendViaInputSchema)
    .mutation(({ ctx, input }) => resendVia(ctx, input)),

  templates: procedureFor('workMatters').query(({ ctx }) => listTemplates(ctx)),

  saveTemplate: procedureFor('administer')
    .input(saveTemplateInputSchema)
    .mutation(({ ctx, input }) => saveTemplate(ctx, input)),

  followUpSettings: procedureFor('workMatters').query(({ ctx }) => followUpSettings(ctx.db)),

  saveFollowUpSettings: procedureFor('administer')
    .input(followUpSettingsInputSchema)
    .mutation(({ ctx, input }) => saveFollowUpSettings(ctx, input)),
});
