import type {
  ArrestDisposition,
  ArrestSource,
  Determination,
  Level,
  RemedyId,
  Tristate,
} from '@relief-desk/domain';
import type { Generated, Insertable, Selectable } from 'kysely';

/** An arrest of a matter's client that did not end in a conviction (migration 0020). */
export interface ArrestsTable {
  id: string;
  matter_id: string;
  client_id: string;
  office_id: string;
  arrest_date: string;
  agency: Generated<string>;
  code: string;
  section: string;
  description: Generated<string>;
  level: Level;
  disposition: ArrestDisposition;
  disposition_date: string | null;
  /** Whether the arrest was a result of being trafficked (PC 236.14). */
  result_of_trafficking: Generated<Tristate>;
  relief_granted_remedy: RemedyId | null;
  relief_granted_on: string | null;
  source: Generated<ArrestSource>;
  /** Where an imported arrest came from (for example the RAP sheet import and its line). */
  source_ref: string | null;
  removed_at: string | null;
  removed_by: string | null;
  version: Generated<number>;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
}
export type Arrest = Selectable<ArrestsTable>;
export type NewArrest = Insertable<ArrestsTable>;

/** An attorney's decision on an arrest and remedy; see EligibilityDecisionsTable. */
export interface ArrestDecisionsTable {
  id: string;
  arrest_id: string;
  matter_id: string;
  office_id: string;
  remedy: RemedyId;
  determination: Determination;
  eligible_on: string | null;
  missing_info: Generated<string>;
  reasons: string;
  rules_version: string | null;
  suggested_determination: Determination | null;
  override_reason: Generated<string>;
  supersedes: string | null;
  decided_by: string;
  decided_at: string;
}
export type ArrestDecision = Selectable<ArrestDecisionsTable>;

/** The suggestion last shown for an arrest and remedy, and which rules made it. */
export interface ArrestSuggestionsTable {
  arrest_id: string;
  remedy: RemedyId;
  matter_id: string;
  office_id: string;
  rules_version: string;
  determination: Determination;
  eligible_on: string | null;
  computed_at: string;
}
