import type { ArrestDecisionsTable, ArrestSuggestionsTable, ArrestsTable } from './arrests.ts';
import type { AuditChainHeadsTable, AuditJournalTable, AuditLogTable } from './audit.ts';
import type {
  ClientDistinctionsTable,
  ClientMergeRowsTable,
  ClientMergesTable,
  ClientsTable,
} from './clients.ts';
import type { ClientPersonFactsTable, EligibilitySuggestionsTable } from './eligibility.ts';
import type {
  ApplicationStatusLinksTable,
  ApplicationSubmissionsTable,
  PartnerApiKeysTable,
} from './intake.ts';
import type {
  ConvictionRevisionsTable,
  ConvictionsTable,
  DocumentFilesTable,
  DocumentRequestsTable,
  EligibilityDecisionsTable,
  OfficeDocumentDueDaysTable,
  PetitionConvictionsTable,
  PetitionsTable,
} from './lifecycle.ts';
import type {
  CourtOutcomeMatterDaysTable,
  CourtOutcomeMattersTable,
  FirstContactDaysTable,
  LatestTouchDaysTable,
  MatterCountsTable,
  OpenContactDaysTable,
  OpenEarliestDueDaysTable,
  OpenQueueFlagsTable,
  ReceivedDaysTable,
  RepeatStageMovesTable,
  StageMoveDaysTable,
  WaitingReceivedDaysTable,
} from './matter-counts.ts';
import type {
  MatterEventsTable,
  MatterSearchTable,
  MattersTable,
  OfficeQueueSettingsTable,
} from './matters.ts';
import type {
  MatterFollowUpsTable,
  MessagesTable,
  MessageTemplatesTable,
  OfficeMessageSettingsTable,
  OutboxTable,
} from './messaging.ts';
import type {
  MfaChallengesTable,
  MfaPasskeysTable,
  MfaRecoveryCodesTable,
  MfaTotpTable,
  OfficeSignInSettingsTable,
} from './mfa.ts';
import type { CountersTable, OfficeCountiesTable, OfficesTable } from './offices.ts';
import type {
  AttorneyBarNumbersTable,
  CountyCourtsTable,
  FilingRunPetitionsTable,
  FilingRunsTable,
  PetitionArrestingAgenciesTable,
  PetitionArrestsTable,
  PetitionDeclarationsTable,
  PetitionPacketsTable,
} from './packets.ts';
import type { RapImportItemsTable, RapImportsTable } from './rap-imports.ts';
import type { IdempotencyKeysTable } from './requests.ts';
import type {
  InvitationsTable,
  PasswordResetLinksTable,
  SignInLinksTable,
  StaffNoticesTable,
} from './staff-access.ts';
import type {
  RateLimitsTable,
  ServerSecretsTable,
  SessionsTable,
  SignInAccountsTable,
  SignInNetworksTable,
  UpkeepTable,
  UsersTable,
} from './users.ts';

export interface Database {
  offices: OfficesTable;
  counters: CountersTable;
  office_counties: OfficeCountiesTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_accounts: SignInAccountsTable;
  sign_in_networks: SignInNetworksTable;
  rate_limits: RateLimitsTable;
  server_secrets: ServerSecretsTable;
  upkeep: UpkeepTable;
  invitations: InvitationsTable;
  sign_in_links: SignInLinksTable;
  password_reset_links: PasswordResetLinksTable;
  staff_notices: StaffNoticesTable;
  mfa_totp: MfaTotpTable;
  mfa_passkeys: MfaPasskeysTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_challenges: MfaChallengesTable;
  office_sign_in_settings: OfficeSignInSettingsTable;
  clients: ClientsTable;
  client_merges: ClientMergesTable;
  client_merge_rows: ClientMergeRowsTable;
  client_distinctions: ClientDistinctionsTable;
  matters: MattersTable;
  matter_events: MatterEventsTable;
  matter_search: MatterSearchTable;
  matter_counts: MatterCountsTable;
  stage_move_days: StageMoveDaysTable;
  repeat_stage_moves: RepeatStageMovesTable;
  court_outcome_matters: CourtOutcomeMattersTable;
  court_outcome_matter_days: CourtOutcomeMatterDaysTable;
  latest_touch_days: LatestTouchDaysTable;
  received_days: ReceivedDaysTable;
  waiting_received_days: WaitingReceivedDaysTable;
  first_contact_days: FirstContactDaysTable;
  open_queue_flags: OpenQueueFlagsTable;
  open_contact_days: OpenContactDaysTable;
  open_earliest_due_days: OpenEarliestDueDaysTable;
  office_queue_settings: OfficeQueueSettingsTable;
  audit_log: AuditLogTable;
  audit_chain_heads: AuditChainHeadsTable;
  audit_journal: AuditJournalTable;
  office_document_due_days: OfficeDocumentDueDaysTable;
  document_requests: DocumentRequestsTable;
  document_files: DocumentFilesTable;
  convictions: ConvictionsTable;
  conviction_revisions: ConvictionRevisionsTable;
  eligibility_decisions: EligibilityDecisionsTable;
  petitions: PetitionsTable;
  petition_convictions: PetitionConvictionsTable;
  attorney_bar_numbers: AttorneyBarNumbersTable;
  county_courts: CountyCourtsTable;
  petition_declarations: PetitionDeclarationsTable;
  petition_packets: PetitionPacketsTable;
  filing_runs: FilingRunsTable;
  petition_arresting_agencies: PetitionArrestingAgenciesTable;
  petition_arrests: PetitionArrestsTable;
  filing_run_petitions: FilingRunPetitionsTable;
  message_templates: MessageTemplatesTable;
  office_message_settings: OfficeMessageSettingsTable;
  messages: MessagesTable;
  outbox: OutboxTable;
  matter_follow_ups: MatterFollowUpsTable;
  client_person_facts: ClientPersonFactsTable;
  eligibility_suggestions: EligibilitySuggestionsTable;
  idempotency_keys: IdempotencyKeysTable;
  partner_api_keys: PartnerApiKeysTable;
  application_status_links: ApplicationStatusLinksTable;
  application_submissions: ApplicationSubmissionsTable;
  rap_imports: RapImportsTable;
  rap_import_items: RapImportItemsTable;
  arrests: ArrestsTable;
  arrest_decisions: ArrestDecisionsTable;
  arrest_suggestions: ArrestSuggestionsTable;
}

export type * from './arrests.ts';
export type * from './audit.ts';
export type * from './clients.ts';
export * from './closed-sets.ts';
export type * from './eligibility.ts';
export type * from './intake.ts';
export type * from './lifecycle.ts';
export type * from './matter-counts.ts';
export type * from './matters.ts';
export type * from './messaging.ts';
export type * from './mfa.ts';
export type * from './offices.ts';
export type * from './packets.ts';
export type * from './rap-imports.ts';
export type * from './requests.ts';
export type * from './staff-access.ts';
export type * from './users.ts';
