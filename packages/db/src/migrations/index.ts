// Every migration, in the order it runs. Append; never edit or reorder a shipped one.
import type { Migration } from 'kysely';
import * as initial from './0001_initial.ts';
import * as matterLifecycle from './0002_matter_lifecycle.ts';
import * as queueFacts from './0003_queue_facts.ts';
import * as messaging from './0004_messaging.ts';
import * as eligibilitySuggestions from './0005_eligibility_suggestions.ts';
import * as queueIndexes from './0006_queue_indexes.ts';
import * as dashboardIndexes from './0007_dashboard_indexes.ts';
import * as stageMoves from './0008_stage_moves.ts';
import * as auditChain from './0009_audit_chain.ts';
import * as signInThrottle from './0010_sign_in_throttle.ts';
import * as idempotencyKeys from './0011_idempotency_keys.ts';
import * as clientMerges from './0012_client_merges.ts';
import * as officeProfile from './0013_office_profile.ts';
import * as searchByBirthDate from './0014_search_by_birth_date.ts';
import * as mfa from './0015_mfa.ts';
import * as petitionPackets from './0016_petition_packets.ts';
import * as auditLogFilters from './0017_audit_log_filters.ts';
import * as publicIntake from './0018_public_intake.ts';
import * as staffAccess from './0019_staff_access.ts';
import * as arrests from './0020_arrests.ts';
import * as rapSheetImports from './0021_rap_sheet_imports.ts';
import * as officeSlugs from './0022_office_slugs.ts';
import * as matterCounts from './0023_matter_counts.ts';
import * as timelineDates from './0024_timeline_dates.ts';
import * as courthouseFiling from './0025_courthouse_filing.ts';
import * as courtOutcomeAndTouchDays from './0026_court_outcome_and_touch_days.ts';
import * as closedSetChecks from './0027_closed_set_checks.ts';
import * as arrestPetitions from './0028_arrest_petitions.ts';
import * as receivedOpenContactAndFiledDays from './0029_received_open_contact_and_filed_days.ts';
import * as arrestPetitionChecks from './0030_arrest_petition_checks.ts';
import * as arrestOutcomeDays from './0031_arrest_outcome_days.ts';
import * as openQueueCounts from './0032_open_queue_counts.ts';
import * as partnerKeyVersions from './0033_partner_key_versions.ts';
import * as redundantIndexes from './0034_redundant_indexes.ts';
import * as petitionStatusCounts from './0035_petition_status_counts.ts';
import * as drillDownIndexes from './0036_drill_down_indexes.ts';
import * as flatCounts from './0038_flat_counts.ts';
import * as courtOutcomeMatterDays from './0039_court_outcome_matter_days.ts';
import * as searchWordStatistics from './0040_search_word_statistics.ts';
import * as searchNames from './0041_search_names.ts';
import * as matterEventKinds from './0042_matter_event_kinds.ts';
import * as documentDueDayVersions from './0043_document_due_day_versions.ts';
import * as auditJournal from './0044_audit_journal.ts';
import * as foldLettersWithoutAccents from './0045_fold_letters_without_accents.ts';
import * as namesWithApostrophes from './0046_names_with_apostrophes.ts';
import * as passwordResets from './0047_password_resets.ts';
import * as latestTouchStatements from './0048_latest_touch_statements.ts';
import * as outboxWithdrawn from './0049_outbox_withdrawn.ts';
import * as outboxHandedOver from './0050_outbox_handed_over.ts';
import * as outboxMayHaveArrived from './0051_outbox_may_have_arrived.ts';
import * as recordMoveNotes from './0052_record_move_notes.ts';
import * as mattersPassedOn from './0053_matters_passed_on.ts';
import * as mattersPassedOnTo from './0054_matters_passed_on_to.ts';
import * as mattersClientLanguage from './0055_matters_client_language.ts';
import * as referralNoteAboutRecord from './0056_referral_note_about_record.ts';
import * as loggedStatusNoteAboutRecord from './0057_logged_status_note_about_record.ts';
import * as referralSourceAnotherOffice from './0058_referral_source_another_office.ts';
import * as noteMarkedEvents from './0059_note_marked_events.ts';
import * as mattersStageStatistics from './0060_matters_stage_statistics.ts';
import * as clientsReachable from './0061_clients_reachable.ts';
import * as applicationSubmissionsContent from './0062_application_submissions_content.ts';
import * as surnameParticles from './0063_surname_particles.ts';
import * as arrestSealableStatus from './0064_arrest_sealable_status.ts';
import * as dropUnreadCounts from './0065_drop_unread_counts.ts';
import * as declarationTranslation from './0066_declaration_translation.ts';
import * as statusLinkRecords from './0067_status_link_records.ts';
import * as caseNumberKey from './0068_case_number_key.ts';
import * as waitingReceivedDays from './0069_waiting_received_days.ts';
import * as executionSuspended from './0070_execution_suspended.ts';
import * as offenseDate from './0071_offense_date.ts';
import * as discards from './0072_discards.ts';
import * as upkeep from './0073_upkeep.ts';
import * as deliveryLeftUnsent from './0074_delivery_left_unsent.ts';
import * as rapSheetGrantNotices from './0075_rap_sheet_grant_notices.ts';
import * as convictionRemoval from './0076_conviction_removal.ts';
import * as searchWordsOnce from './0077_search_words_once.ts';
import * as messageWordingByStaff from './0078_message_wording_by_staff.ts';
import * as signInNetworks from './0079_sign_in_networks.ts';

export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_matter_lifecycle': matterLifecycle,
  '0003_queue_facts': queueFacts,
  '0004_messaging': messaging,
  '0005_eligibility_suggestions': eligibilitySuggestions,
  '0006_queue_indexes': queueIndexes,
  '0007_dashboard_indexes': dashboardIndexes,
  '0008_stage_moves': stageMoves,
  '0009_audit_chain': auditChain,
  '0010_sign_in_throttle': signInThrottle,
  '0011_idempotency_keys': idempotencyKeys,
  '0012_client_merges': clientMerges,
  '0013_office_profile': officeProfile,
  '0014_search_by_birth_date': searchByBirthDate,
  '0015_mfa': mfa,
  '0016_petition_packets': petitionPackets,
  '0017_audit_log_filters': auditLogFilters,
  '0018_public_intake': publicIntake,
  '0019_staff_access': staffAccess,
  '0020_arrests': arrests,
  '0021_rap_sheet_imports': rapSheetImports,
  '0022_office_slugs': officeSlugs,
  '0023_matter_counts': matterCounts,
  '0024_timeline_dates': timelineDates,
  '0025_courthouse_filing': courthouseFiling,
  '0026_court_outcome_and_touch_days': courtOutcomeAndTouchDays,
  '0027_closed_set_checks': closedSetChecks,
  '0028_arrest_petitions': arrestPetitions,
  '0029_received_open_contact_and_filed_days': receivedOpenContactAndFiledDays,
  '0030_arrest_petition_checks': arrestPetitionChecks,
  '0031_arrest_outcome_days': arrestOutcomeDays,
  '0032_open_queue_counts': openQueueCounts,
  '0033_partner_key_versions': partnerKeyVersions,
  '0034_redundant_indexes': redundantIndexes,
  '0035_petition_status_counts': petitionStatusCounts,
  '0036_drill_down_indexes': drillDownIndexes,
  '0038_flat_counts': flatCounts,
  '0039_court_outcome_matter_days': courtOutcomeMatterDays,
  '0040_search_word_statistics': searchWordStatistics,
  '0041_search_names': searchNames,
  '0042_matter_event_kinds': matterEventKinds,
  '0043_document_due_day_versions': documentDueDayVersions,
  '0044_audit_journal': auditJournal,
  '0045_fold_letters_without_accents': foldLettersWithoutAccents,
  '0046_names_with_apostrophes': namesWithApostrophes,
  '0047_password_resets': passwordResets,
  '0048_latest_touch_statements': latestTouchStatements,
  '0049_outbox_withdrawn': outboxWithdrawn,
  '0050_outbox_handed_over': outboxHandedOver,
  '0051_outbox_may_have_arrived': outboxMayHaveArrived,
  '0052_record_move_notes': recordMoveNotes,
  '0053_matters_passed_on': mattersPassedOn,
  '0054_matters_passed_on_to': mattersPassedOnTo,
  '0055_matters_client_language': mattersClientLanguage,
  '0056_referral_note_about_record': referralNoteAboutRecord,
  '0057_logged_status_note_about_record': loggedStatusNoteAboutRecord,
  '0058_referral_source_another_office': referralSourceAnotherOffice,
  '0059_note_marked_events': noteMarkedEvents,
  '0060_matters_stage_statistics': mattersStageStatistics,
  '0061_clients_reachable': clientsReachable,
  '0062_application_submissions_content': applicationSubmissionsContent,
  '0063_surname_particles': surnameParticles,
  '0064_arrest_sealable_status': arrestSealableStatus,
  '0065_drop_unread_counts': dropUnreadCounts,
  '0066_declaration_translation': declarationTranslation,
  '0067_status_link_records': statusLinkRecords,
  '0068_case_number_key': caseNumberKey,
  '0069_waiting_received_days': waitingReceivedDays,
  '0070_execution_suspended': executionSuspended,
  '0071_offense_date': offenseDate,
  '0072_discards': discards,
  '0073_upkeep': upkeep,
  '0074_delivery_left_unsent': deliveryLeftUnsent,
  '0075_rap_sheet_grant_notices': rapSheetGrantNotices,
  '0076_conviction_removal': convictionRemoval,
  '0077_search_words_once': searchWordsOnce,
  '0078_message_wording_by_staff': messageWordingByStaff,
  '0079_sign_in_networks': signInNetworks,
};
