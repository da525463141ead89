// Petition packets (what is missing, the declaration in support, preparing a version), filing runs for
// a court, and the court data they are drawn with (Office settings).
import {
  arrestingAgencyInputSchema,
  countyCourtInputSchema,
  createFilingRunInputSchema,
  declarationInputSchema,
  filingOverviewInputSchema,
  filingRunInputSchema,
  packetCheckInputSchema,
  preparePacketInputSchema,
  recordRunFiledInputSchema,
  setStateBarNumberInputSchema,
} from '@relief-desk/domain';
import { procedureFor, router } from '../../trpc.ts';
import { createFilingRun, filingOverview, filingRunDetail, recordRunFiled } from './filings.ts';
import { checkPacket, preparePacket, saveArrestingAgency, saveDeclaration } from './packets.ts';
import { courtSettingsOf, saveCountyCourt, setStateBarNumber } from './settings.ts';

export const packetsRouter = router({
  /** What the petition's packet still needs, its declaration, and every version prepared. */
  check: procedureFor('workMatters')
    .input(packetCheckInputSchema)
    .query(({ ctx, input }) => checkPacket(ctx, input)),

  prepare: procedureFor('workMatters')
    .input(preparePacketInputSchema)
    .mutation(({ ctx, input }) => preparePacket(ctx, input)),

  saveDeclaration: procedureFor('workMatters')
    .input(declarationInputSchema)
    .mutation(({ ctx, input }) => saveDeclaration(ctx, input)),

  /** PC 851.91: the law enforcement agency that made the arrest, served with the petition. */
  saveArrestingAgency: procedureFor('workMatters')
    .input(arrestingAgencyInputSchema)
    .mutation(({ ctx, input }) => saveArrestingAgency(ctx, input)),
});

// Filing runs are the filing of petitions: attorneys' and supervisors' work (the menu offers the page to
// the same roles).
export const filingsRouter = router({
  /** A courthouse's draft petitions, each ready to file or why not, and its recent filing runs. */
  overview: procedureFor('decideEligibility')
    .input(filingOverviewInputSchema)
    .query(({ ctx, input }) => filingOverview(ctx, input)),

  createRun: procedureFor('decideEligibility')
    .input(createFilingRunInputSchema)
    .mutation(({ ctx, input }) => createFilingRun(ctx, input)),

  run: procedureFor('decideEligibility')
    .input(filingRunInputSchema)
    .query(({ ctx, input }) => filingRunDetail(ctx, input.runId)),

  recordFiled: procedureFor('decideEligibility')
    .input(recordRunFiledInputSchema)
    .mutation(({ ctx, input }) => recordRunFiled(ctx, input)),
});

export const courtSettingsRouter = router({
  /** Courts, courthouses and service addresses per county, and attorneys' State Bar numbers. */
  get: procedureFor('workMatters').query(({ ctx }) => courtSettingsOf(ctx.db, ctx.user.officeId)),

  saveCounty: procedureFor('administer')
    .input(countyCourtInputSchema)
    .mutation(({ ctx, input }) => saveCountyCourt(ctx, input)),

  setStateBarNumber: procedureFor('administer')
    .input(setStateBarNumberInputSchema)
    .mutation(({ ctx, input }) => setStateBarNumber(ctx, input)),
});
