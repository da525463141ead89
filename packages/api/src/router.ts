// The whole API. The web app imports only the AppRouter type from here.
import { arrestsRouter } from './features/arrests/router.ts';
import { auditRouter } from './features/audit/router.ts';
import { authRouter } from './features/auth/router.ts';
import { clientsRouter } from './features/clients/router.ts';
import { convictionsRouter } from './features/convictions/router.ts';
import { dashboardRouter } from './features/dashboard/router.ts';
import { decisionsRouter } from './features/decisions/router.ts';
import { documentsRouter } from './features/documents/router.ts';
import { eligibilityRouter } from './features/eligibility/router.ts';
import { invitationsRouter } from './features/invitations/router.ts';
import { mattersRouter } from './features/matters/router.ts';
import { messagesRouter } from './features/messages/router.ts';
import { officesRouter } from './features/offices/router.ts';
import { courtSettingsRouter, filingsRouter, packetsRouter } from './features/packets/router.ts';
import { partnerKeysRouter } from './features/partners/router.ts';
import { passwordResetsRouter } from './features/password-resets/router.ts';
import { petitionsRouter } from './features/petitions/router.ts';
import { queuesRouter } from './features/queues/router.ts';
import { rapImportsRouter } from './features/rap-import/router.ts';
import { referralsRouter } from './features/referrals/router.ts';
import { usersRouter } from './features/users/router.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  referrals: referralsRouter,
  clients: clientsRouter,
  matters: mattersRouter,
  queues: queuesRouter,
  dashboard: dashboardRouter,
  messages: messagesRouter,
  documents: documentsRouter,
  convictions: convictionsRouter,
  rapImports: rapImportsRouter,
  arrests: arrestsRouter,
  decisions: decisionsRouter,
  eligibility: eligibilityRouter,
  petitions: petitionsRouter,
  packets: packetsRouter,
  filings: filingsRouter,
  courtSettings: courtSettingsRouter,
  offices: officesRouter,
  partnerKeys: partnerKeysRouter,
  users: usersRouter,
  invitations: invitationsRouter,
  passwordResets: passwordResetsRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
