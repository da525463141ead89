import {
  clientIdInputSchema,
  mergeClientsInputSchema,
  mergePreviewInputSchema,
  undoMergeInputSchema,
  updateClientInputSchema,
} from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { getClient, getClientDuplicates } from './getClient.ts';
import { mergeClients, mergePreview, undoMerge } from './merge.ts';
import { updateClient } from './updateClient.ts';

export const clientsRouter = router({
  /** A client's record; a merged-away record's id opens the client it was merged into, saying so. */
  get: procedureFor('workMatters')
    .input(clientIdInputSchema)
    .query(({ ctx, input }) => getClient(ctx, input.clientId)),

  /** Correct a client's names, birth date, contact details, language or consents (versioned). */
  update: procedureFor('workMatters')
    .input(updateClientInputSchema)
    .mutation(({ ctx, input }) => updateClient(ctx, input)),

  /** Likely duplicates of a client, and "not the same person" decisions about them. */
  duplicates: procedureFor('workMatters')
    .input(clientIdInputSchema)
    .query(({ ctx, input }) => getClientDuplicates(ctx, input.clientId)),

  mergePreview: procedureFor('mergeClients')
    .input(mergePreviewInputSchema)
    .query(({ ctx, input }) => mergePreview(ctx, input)),

  merge: procedureFor('mergeClients')
    .input(mergeClientsInputSchema)
    .mutation(({ ctx, input }) => mergeClients(ctx, input)),

  undoMerge: procedureFor('mergeClients')
    .input(undoMergeInputSchema)
    .mutation(({ ctx, input }) => undoMerge(ctx, input)),
});
