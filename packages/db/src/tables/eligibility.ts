import type { Determination, RemedyId, Tristate } from '@relief-desk/domain';
import type { Generated, Selectable } from 'kysely';

/** What the rules need to know about the person today; each 'yes', 'no' or 'unknown'. */
export interface ClientPersonFactsTable {
  client_id: string;
  office_id: string;
  currently_charged: Generated<Tristate>;
  under_supervision: Generated<Tristate>;
  serving_sentence: Generated<Tristate>;
  required_to_register_pc290: Generated<Tristate>;
  has_superstrike_prior: Generated<Tristate>;
  updated_at: string;
  updated_by: string | null;
  version: Generated<number>;
}
export type ClientPersonFacts = Selectable<ClientPersonFactsTable>;

/** The suggestion last shown for a conviction and remedy, and which rules made it. */
export interface EligibilitySuggestionsTable {
  conviction_id: string;
  remedy: RemedyId;
  matter_id: string;
  office_id: string;
  rules_version: string;
  determination: Determination;
  eligible_on: string | null;
  computed_at: string;
}
