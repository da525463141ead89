import type { LanguageCode } from '@relief-desk/domain';
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A person, as one office knows them. Offices never see each other's clients. */
export interface ClientsTable {
  id: string;
  office_id: string;
  legal_name: string;
  /** JSON array of strings. */
  other_names: string;
  /** Folded legal and other names (see foldName), for accent- and order-tolerant search. */
  name_search: string;
  date_of_birth: string;
  phone: string;
  email: string;
  address_line1: string;
  address_line2: string;
  city: string;
  state: string;
  postal_code: string;
  preferred_language: LanguageCode;
  contact_email: number;
  contact_sms: number;
  contact_letter: number;
  contact_phone: number;
  consent_to_text: number;
  created_at: string;
  updated_at: string;
  /** Who saved the current version: named when someone else's save is refused as stale. */
  updated_by: string | null;
  version: Generated<number>;
  /** Set when this record was merged into another client (kept, never deleted; undoable for 30 days). */
  merged_into_client_id: string | null;
  merged_at: string | null;
}
export type Client = Selectable<ClientsTable>;
export type NewClient = Insertable<ClientsTable>;
export type ClientUpdate = Updateable<ClientsTable>;

/** One merge of two records of the same person: the survivor keeps everything the other had. */
export interface ClientMergesTable {
  id: string;
  office_id: string;
  surviving_client_id: string;
  merged_client_id: string;
  /** JSON array: the merged client's names that the merge added to the survivor's other names. */
  added_other_names: Generated<string>;
  merged_by: string;
  merged_at: string;
  undone_by: string | null;
  undone_at: string | null;
  version: Generated<number>;
}
export type ClientMerge = Selectable<ClientMergesTable>;

/** A row a merge moved from the merged client to the survivor: undoing the merge moves exactly these back. */
export interface ClientMergeRowsTable {
  merge_id: string;
  table_name: string;
  column_name: string;
  row_id: string;
}

/** Staff decided that these two clients are not the same person, and said why. */
export interface ClientDistinctionsTable {
  id: string;
  office_id: string;
  /** The client being recorded when the decision was made. */
  client_id: string;
  /** The existing client they are not. */
  other_client_id: string;
  reason: string;
  decided_by: string;
  decided_at: string;
}
export type ClientDistinction = Selectable<ClientDistinctionsTable>;
