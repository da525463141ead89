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
  preferred_language: string;
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
}
export type Client = Selectable<ClientsTable>;
export type NewClient = Insertable<ClientsTable>;
export type ClientUpdate = Updateable<ClientsTable>;
