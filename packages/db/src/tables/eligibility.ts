import type { Generated, Selectable } from 'kysely';

/** What the rules need to know about the person today; each 'yes', 'no' or 'unknown'. */
export interface ClientPersonFactsTable {
  client_id: string;
  office_id: string;
  currently_charged: Generated<string>;
  under_supervision: Generated<string>;
  serving_sentence: Generated<string>;
  required_to_register_pc290: Generated<string>;
  has_superstrike_prior: Generated<string>;
  updated_at: string;
  updated_by: string | null;
  version: Generated<number>;
}
export type ClientPersonFacts = Selectable<ClientPersonFactsTable>;

/** The suggestion last shown for a conviction and remedy, and which rules made it. */
export interface EligibilitySuggestionsTable {
  conviction_id: string;
  remedy: string;
  matter_id: string;
  office_id: string;
  rules_version: string;
  determination: string;
  eligible_on: string | null;
  computed_at: string;
}
