import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface OfficesTable {
  id: string;
  name: string;
  phone: Generated<string>;
  email: Generated<string>;
  address: Generated<string>;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}
export type Office = Selectable<OfficesTable>;
export type NewOffice = Insertable<OfficesTable>;
export type OfficeUpdate = Updateable<OfficesTable>;

/** Which counties an office serves: referrals for other counties are referred out. */
export interface OfficeCountiesTable {
  office_id: string;
  county: string;
}

/** Per-office sequences, such as the next matter reference number. */
export interface CountersTable {
  office_id: string;
  name: string;
  value: number;
}
