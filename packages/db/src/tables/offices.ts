import type { County } from '@relief-desk/domain';
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface OfficesTable {
  id: string;
  name: string;
  phone: Generated<string>;
  email: Generated<string>;
  address: Generated<string>;
  /** Who signs the office's letters; empty: the person who sent each letter. */
  letter_signer_name: Generated<string>;
  letter_signer_title: Generated<string>;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  version: Generated<number>;
  /** The office's short public name, in the address of its online application (/apply/<slug>). */
  slug: string | null;
}
export type Office = Selectable<OfficesTable>;
export type NewOffice = Insertable<OfficesTable>;
export type OfficeUpdate = Updateable<OfficesTable>;

/** Which counties an office serves: referrals for other counties are referred out. */
export interface OfficeCountiesTable {
  office_id: string;
  county: County;
}

/** Per-office sequences, such as the next matter reference number. */
export interface CountersTable {
  office_id: string;
  name: string;
  value: number;
}
