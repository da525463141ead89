import {
  removeDocumentFileInputSchema,
  requestDocumentInputSchema,
  singleLine,
  updateDocumentInputSchema,
} from '@relief-desk/domain';
import { z } from 'zod';
import { procedureFor, router } from '../../trpc.ts';
import { removeDocumentFile } from './removeFile.ts';
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

  // A file attached by mistake: erased from the disk, its row kept as a tombstone (who, when, why).
  removeFile: procedureFor('workMatters')
    .input(removeDocumentFileInputSchema)
    .mutation(({ ctx, input }) => removeDocumentFile(ctx, input)),
});
