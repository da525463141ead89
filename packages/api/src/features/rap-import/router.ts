import {
  acceptRapImportInputSchema,
  cancelRapImportInputSchema,
  discardRapImportInputSchema,
  rapImportRefSchema,
  rapImportsOfMatterSchema,
  startRapImportInputSchema,
} from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { discardImport } from './discard.ts';
import { acceptImport, cancelImport, listImports, reviewImport, startImport } from './imports.ts';

export const rapImportsRouter = router({
  start: procedureFor('workMatters')
    .input(startRapImportInputSchema)
    .mutation(({ ctx, input }) => startImport(ctx, input)),

  list: procedureFor('workMatters')
    .input(rapImportsOfMatterSchema)
    .query(({ ctx, input }) => listImports(ctx, input.matterId)),

  review: procedureFor('workMatters')
    .input(rapImportRefSchema)
    .query(({ ctx, input }) => reviewImport(ctx, input.importId)),

  cancel: procedureFor('workMatters')
    .input(cancelRapImportInputSchema)
    .mutation(({ ctx, input }) => cancelImport(ctx, input)),

  accept: procedureFor('workMatters')
    // The attorney's word that a sheet of another person (date of birth, names) is the client's all the same.
    .input(acceptRapImportInputSchema)
    .mutation(({ ctx, input }) => acceptImport(ctx, input)),

  // Another person's RAP sheet (or any read into the wrong matter): its text and file erased.
  discard: procedureFor('workMatters')
    .input(discardRapImportInputSchema)
    .mutation(({ ctx, input }) => discardImport(ctx, input)),
});
