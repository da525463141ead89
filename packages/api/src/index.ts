// The demo seed decides as the rules do: a two-point driving offense is dismissed at the court's discretion.
export { twoPointOffense } from '@relief-desk/eligibility';
export { putReadsElsewhereOnRecord, recordRefusal } from './audit.ts';
export * from './clock.ts';
export type * from './context.ts';
export { AppError, fieldErrorsOf, UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableFrom } from './errors.ts';
export * from './features/applications/index.ts';
export { exportAuditCsv } from './features/audit/export.ts';
export { hashPassword } from './features/auth/passwords.ts';
export { capSessionIdleMinutes, resolveSession } from './features/auth/sessions.ts';
export { dashboardQueries } from './features/dashboard/dashboard.ts';
export { KEPT_TABLES, keptCountRecounts, refillKeptCounts } from './features/dashboard/keptCounts.ts';
export { openDocumentFile, uploadDocumentFile } from './features/documents/files.ts';
export { sweepUnreferencedFiles } from './features/documents/removeFile.ts';
export { auditRefusedRequest } from './features/edge/refusals.ts';
export * from './features/messages/index.ts';
export { filingRunCsv, printFilingRun } from './features/packets/filings.ts';
export {
  PARTNER_CALLS_WITHOUT_KEY_PER_HOUR,
  type PartnerReferralAnswer,
  submitPartnerReferral,
  UnreadableBody,
} from './features/partners/intake.ts';
export {
  type CommandLinePasswordOutcome,
  setPasswordFromCommandLine,
} from './features/password-resets/commandLine.ts';
export { keptCountsQuery } from './features/queues/counts.ts';
export { exportViewCsv } from './features/queues/export.ts';
export { badPlanLines } from './features/queues/plans.ts';
export { type ViewScope, viewCountQuery, viewQuery } from './features/queues/view.ts';
export { keptViewCountQuery } from './features/queues/viewCount.ts';
export { configureRapImports } from './features/rap-import/imports.ts';
export {
  claimNextImport,
  DEFAULT_IMPORT_LEASE_MS,
  type ImportRunOutcome,
  type ImportWorkerDeps,
  MAX_IMPORT_ATTEMPTS,
  releaseImport,
  runImport,
  runNextImport,
} from './features/rap-import/jobs.ts';
export { diskFileStore, type FileStore } from './files/store.ts';
export {
  pruneRequestKeys,
  REQUEST_KEY_HEADER,
  REQUEST_KEY_HOURS,
  requestKeyFrom,
  withRequestKey,
} from './idempotency.ts';
export { callSentence, nextMatterReference, recordEvent } from './matter-core/events.ts';
export { recordClientContact, refreshQueueFacts } from './matter-core/queueFacts.ts';
export { type AppRouter, appRouter, createCaller } from './router.ts';
export { signedIn, signedInScope } from './signed-in.ts';
