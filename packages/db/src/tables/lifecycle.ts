import type {
  County,
  Determination,
  DocumentKind,
  DocumentStatus,
  FormSet,
  Level,
  Outcome,
  PetitionStatus,
  ProbationOutcome,
  RemedyId,
  RequestedFrom,
  SentenceKind,
  Tristate,
} from '@relief-desk/domain';
import type { Generated, Insertable, Selectable } from 'kysely';

export interface OfficeDocumentDueDaysTable {
  office_id: string;
  kind: DocumentKind;
  days: number;
  /** 1 when first saved; each save names the version it started from (0 for a kind never saved). */
  version: Generated<number>;
  /** Null on rows saved before due days were versioned. */
  updated_at: string | null;
  updated_by: string | null;
}

export interface DocumentRequestsTable {
  id: string;
  matter_id: string;
  office_id: string;
  kind: DocumentKind;
  label: Generated<string>;
  requested_from: RequestedFrom;
  requested_on: string;
  due_on: string;
  status: DocumentStatus;
  reminders_sent: Generated<number>;
  live_scan_on: string | null;
  designee: Generated<string>;
  arrived_on: string | null;
  note: Generated<string>;
  /** For a signed court order: the petition it belongs to. */
  petition_id: string | null;
  /** For the document holding a petition's packets (drawn here, one file per version): that petition. */
  packet_petition_id: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  version: Generated<number>;
}
export type DocumentRequest = Selectable<DocumentRequestsTable>;

/** A stored file: the bytes live on disk under the data folder, named by their SHA-256. */
export interface DocumentFilesTable {
  id: string;
  request_id: string;
  matter_id: string;
  office_id: string;
  sha256: string;
  size: number;
  content_type: string;
  filename: string;
  uploaded_by: string;
  uploaded_at: string;
  /** Removed (attached by mistake): the file erased from disk, its name and hash blanked, this row kept. */
  removed_at: string | null;
  removed_by: string | null;
  removed_reason: string | null;
}
export type DocumentFile = Selectable<DocumentFilesTable>;

export interface ConvictionsTable {
  id: string;
  matter_id: string;
  office_id: string;
  case_number: string;
  county: County;
  court: string;
  code: string;
  section: string;
  level: Level;
  wobbler: Tristate;
  conviction_date: string;
  sentence_kind: SentenceKind;
  mandatory_supervision: Tristate;
  end_date: string | null;
  probation_outcome: ProbationOutcome;
  value_over_950: Tristate;
  /** A sentence imposed and its execution suspended when probation was granted (migration 0070). */
  execution_suspended: Tristate;
  /** When the offense was committed, null when the record does not say (migration 0071). */
  offense_date: string | null;
  relief_granted_remedy: RemedyId | null;
  relief_granted_on: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  version: Generated<number>;
  /** Removed as entered by mistake (migration 0076): kept for the petitions and decisions naming it. */
  removed_at: string | null;
  removed_by: string | null;
}
export type Conviction = Selectable<ConvictionsTable>;
export type NewConviction = Insertable<ConvictionsTable>;

export interface ConvictionRevisionsTable {
  id: string;
  conviction_id: string;
  version: number;
  /** JSON of the conviction's fields as saved in that version. */
  data: string;
  changed_by: string;
  changed_at: string;
}

export interface EligibilityDecisionsTable {
  id: string;
  conviction_id: string;
  matter_id: string;
  office_id: string;
  remedy: RemedyId;
  determination: Determination;
  eligible_on: string | null;
  missing_info: Generated<string>;
  /** Plain-language reasons with citations, as the attorney wrote or accepted them. */
  reasons: string;
  rules_version: string | null;
  suggested_determination: Determination | null;
  override_reason: Generated<string>;
  supersedes: string | null;
  decided_by: string;
  decided_at: string;
}
export type EligibilityDecision = Selectable<EligibilityDecisionsTable>;

export interface PetitionsTable {
  id: string;
  matter_id: string;
  office_id: string;
  remedy: RemedyId;
  case_number: string;
  form_set: FormSet;
  court: string;
  courthouse: Generated<string>;
  /** The courthouse of the county's settings chosen for this petition; null: by its case number. */
  courthouse_id: Generated<string | null>;
  /** The prosecuting agency chosen on the packet ('county' or an agency's id); null: by the settings. */
  prosecutor_id: Generated<string | null>;
  status: PetitionStatus;
  filed_on: string | null;
  served_on: string | null;
  hearing_on: string | null;
  rule_by_on: string | null;
  decided_on: string | null;
  order_file_id: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  version: Generated<number>;
}
export type Petition = Selectable<PetitionsTable>;

export interface PetitionConvictionsTable {
  petition_id: string;
  conviction_id: string;
  outcome: Outcome | null;
}
