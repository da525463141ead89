import { requestDocumentInputSchema, singleLine, updateDocumentInputSchema } from '@relief-desk/domain';
import { z } from 'zod';
import { procedureFor, router } from '../../trpc.ts';
import { recordReminder, requestDocument, updateDocument } from './requestDocument.ts';

export const documentsRouter = router({
  request: procedureFor('workMatters')
    .input(requestDocumentInputSchema)
    .mutation(({ ctx, input }) => requestDocument(ctx, input)),

  update: procedureFor('workMatters')
    .input(updateDocumentInputSchema)
    .mutation(({ ctx, input }) => updateDocument(ctx, input)),

  recordReminder: procedureFor('workMatters')
    .input(z.object({ documentId: singleLine().min(1), version: z.number().int().positive() }))
    .mutation(({ ctx, input }) => recordReminder(ctx, input)),
});
