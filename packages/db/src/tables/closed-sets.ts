// Every text column that holds one of a closed set of values, with the set it holds. The sets are
// the domain's own lists (a table type names the same union), apart from a few that only the storage
// knows, listed here. Migration 0027 copied these lists into CHECK constraints; its test compares
// them with this registry, and refuses every value outside each set on both databases.
import {
  APPLICATION_LANGUAGES,
  ARREST_DISPOSITIONS,
  ARREST_SOURCES,
  AUDIT_OUTCOMES,
  COUNTIES,
  DELIVERY_STATES,
  DETERMINATIONS,
  DOCUMENT_KINDS,
  DOCUMENT_STATUSES,
  FORM_SETS,
  LANGUAGE_CODES,
  LEVELS,
  MATTER_EVENT_KINDS,
  MESSAGE_CHANNELS,
  MESSAGE_STATUS_TYPES,
  OUTCOMES,
  PETITION_STATUSES,
  PROBATION_OUTCOMES,
  RAP_IMPORT_STATES,
  REFERRAL_SOURCES,
  REMEDY_IDS,
  REQUESTED_FROM,
  ROLES,
  SENTENCE_KINDS,
  STAGES,
  TEMPLATE_LANGUAGE_CODES,
  TRISTATE,
} from '@relief-desk/domain';
import type { SelectType } from 'kysely';
import type { Database } from './index.ts';

/** What a message to a client is: application is an online application's confirmation or status link. */
export const MESSAGE_KINDS = ['status', 'outcome', 'follow_up', 'application', 'logged'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** sign_in_link: the second step after a locked account's owner opened a sign-in link. */
export const MFA_CHALLENGE_KINDS = [
  'sign_in',
  'sign_in_link',
  'passkey_registration',
  'passkey_reauthentication',
] as const;
export type MfaChallengeKind = (typeof MFA_CHALLENGE_KINDS)[number];

/** password_reset: an administrator's link to choose a new password; password_changed: its owner told. */
export const STAFF_NOTICE_KINDS = [
  'invitation',
  'sign_in_link',
  'not_locked',
  'factors_reset',
  'password_reset',
  'password_changed',
  // Told to the office's holders of the RAP sheet permission: an administrator without it gave it.
  'rap_sheet_granted',
] as const;
export type StaffNoticeKind = (typeof STAFF_NOTICE_KINDS)[number];

/** A filing run is prepared (its packets printed together), then filed. */
export const FILING_RUN_STATUSES = ['prepared', 'filed'] as const;
export type FilingRunStatus = (typeof FILING_RUN_STATUSES)[number];

/** An uploaded file, or text (pasted, or a text file read in the browser). */
export const RAP_IMPORT_SOURCE_KINDS = ['file', 'text'] as const;
export type RapImportSourceKind = (typeof RAP_IMPORT_SOURCE_KINDS)[number];

export const RAP_IMPORT_ITEM_KINDS = ['conviction', 'arrest', 'person_fact'] as const;
export type RapImportItemKind = (typeof RAP_IMPORT_ITEM_KINDS)[number];

export const RAP_IMPORT_ITEM_OUTCOMES = ['accepted', 'edited', 'dropped'] as const;
export type RapImportItemOutcome = (typeof RAP_IMPORT_ITEM_OUTCOMES)[number];

/**
 * Table, then column, then the values it may hold. Typed so that an entry must name a real column
 * whose table type is exactly that set (with null where the column is nullable): a table type and
 * its entry here cannot disagree.
 */
export const CLOSED_SET_COLUMNS = {
  users: { role: ROLES },
  invitations: { role: ROLES },
  staff_notices: { kind: STAFF_NOTICE_KINDS },
  mfa_challenges: { kind: MFA_CHALLENGE_KINDS },
  audit_log: { outcome: AUDIT_OUTCOMES },
  audit_journal: { outcome: AUDIT_OUTCOMES },
  office_counties: { county: COUNTIES },
  clients: { preferred_language: LANGUAGE_CODES },
  client_person_facts: {
    currently_charged: TRISTATE,
    under_supervision: TRISTATE,
    serving_sentence: TRISTATE,
    required_to_register_pc290: TRISTATE,
    has_superstrike_prior: TRISTATE,
  },
  matters: { stage: STAGES, county: COUNTIES, referral_source: REFERRAL_SOURCES },
  matter_events: { kind: MATTER_EVENT_KINDS, from_stage: STAGES, to_stage: STAGES },
  matter_counts: { stage: STAGES, county: COUNTIES },
  stage_move_days: { from_stage: STAGES, to_stage: STAGES },
  repeat_stage_moves: { from_stage: STAGES, to_stage: STAGES },
  office_document_due_days: { kind: DOCUMENT_KINDS },
  document_requests: { kind: DOCUMENT_KINDS, requested_from: REQUESTED_FROM, status: DOCUMENT_STATUSES },
  convictions: {
    county: COUNTIES,
    level: LEVELS,
    wobbler: TRISTATE,
    sentence_kind: SENTENCE_KINDS,
    mandatory_supervision: TRISTATE,
    probation_outcome: PROBATION_OUTCOMES,
    value_over_950: TRISTATE,
    execution_suspended: TRISTATE,
    relief_granted_remedy: REMEDY_IDS,
  },
  eligibility_decisions: {
    remedy: REMEDY_IDS,
    determination: DETERMINATIONS,
    suggested_determination: DETERMINATIONS,
  },
  eligibility_suggestions: { remedy: REMEDY_IDS, determination: DETERMINATIONS },
  petitions: { remedy: REMEDY_IDS, form_set: FORM_SETS, status: PETITION_STATUSES },
  petition_convictions: { outcome: OUTCOMES },
  petition_arrests: { county: COUNTIES, outcome: OUTCOMES },
  county_courts: { county: COUNTIES },
  petition_declarations: { read_to_client_in: LANGUAGE_CODES },
  filing_runs: { county: COUNTIES, status: FILING_RUN_STATUSES },
  message_templates: { status_type: MESSAGE_STATUS_TYPES, language: TEMPLATE_LANGUAGE_CODES },
  messages: {
    kind: MESSAGE_KINDS,
    status_type: MESSAGE_STATUS_TYPES,
    channel: MESSAGE_CHANNELS,
    language: LANGUAGE_CODES,
  },
  outbox: { channel: MESSAGE_CHANNELS, state: DELIVERY_STATES },
  application_status_links: { language: APPLICATION_LANGUAGES },
  rap_imports: { source_kind: RAP_IMPORT_SOURCE_KINDS, state: RAP_IMPORT_STATES },
  rap_import_items: { kind: RAP_IMPORT_ITEM_KINDS, outcome: RAP_IMPORT_ITEM_OUTCOMES },
  arrests: {
    level: LEVELS,
    disposition: ARREST_DISPOSITIONS,
    result_of_trafficking: TRISTATE,
    relief_granted_remedy: REMEDY_IDS,
    source: ARREST_SOURCES,
  },
  arrest_decisions: {
    remedy: REMEDY_IDS,
    determination: DETERMINATIONS,
    suggested_determination: DETERMINATIONS,
  },
  arrest_suggestions: { remedy: REMEDY_IDS, determination: DETERMINATIONS },
} as const satisfies ClosedSetRegistry;

/** For every table, only its columns, each with a list of exactly the values its type allows. */
type ClosedSetRegistry = {
  [T in keyof Database]?: {
    [C in keyof Database[T]]?: readonly SelectedValue<Database[T][C]>[];
  };
};
// The value a column is read as (a Generated or ColumnType column's select type), less null.
type SelectedValue<V> = Exclude<SelectType<V>, null>;

// And each entry's list names every value of its column's type (the `satisfies` above checks the
// other direction: no value outside it). Fails to compile otherwise.
type Registry = typeof CLOSED_SET_COLUMNS;
type MissingValues = {
  [T in keyof Registry]: {
    [C in keyof Registry[T]]: C extends keyof Database[T]
      ? Exclude<SelectedValue<Database[T][C]>, ListValue<Registry[T][C]>>
      : never;
  }[keyof Registry[T]];
}[keyof Registry];
type ListValue<L> = L extends readonly (infer V)[] ? V : never;
type Expect<T extends true> = T;
export type EveryClosedSetValueListed = Expect<[MissingValues] extends [never] ? true : false>;

export type ClosedSetTable = keyof typeof CLOSED_SET_COLUMNS;

/** The registry as plain rows: table, column and values, in the order listed above. */
export function closedSetColumns(): { table: ClosedSetTable; column: string; values: readonly string[] }[] {
  return Object.entries(CLOSED_SET_COLUMNS).flatMap(([table, columns]) =>
    Object.entries(columns).map(([column, values]) => ({
      table: table as ClosedSetTable,
      column,
      values: values as readonly string[],
    })),
  );
}
