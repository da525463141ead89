import type { County, LanguageCode, Outcome } from '@relief-desk/domain';
import type { Generated, Selectable } from 'kysely';
import type { FilingRunStatus } from './closed-sets.ts';

/** An attorney's State Bar number, which heads every paper the office files in their name. */
export interface AttorneyBarNumbersTable {
  user_id: string;
  office_id: string;
  state_bar_number: string;
  version: Generated<number>;
  updated_at: string;
  updated_by: string | null;
}

/** Per office and county: the court, its courthouses, e-filing, and where papers are served. */
export interface CountyCourtsTable {
  office_id: string;
  county: County;
  court_name: string;
  e_filing: Generated<number>;
  /** JSON: [{ id, name, address, casePrefixes }]. */
  courthouses: Generated<string>;
  prosecutor_name: Generated<string>;
  prosecutor_address: Generated<string>;
  probation_name: Generated<string>;
  probation_address: Generated<string>;
  /** JSON: other prosecuting agencies, [{ id, name, address, levels, courthouseIds }] (migration 0028). */
  prosecutors: Generated<string>;
  version: Generated<number>;
  updated_at: string;
  updated_by: string | null;
}
export type CountyCourtRow = Selectable<CountyCourtsTable>;

/** The declaration in support of a petition, in the client's own words. */
export interface PetitionDeclarationsTable {
  petition_id: string;
  office_id: string;
  rehabilitation: string;
  employment: Generated<string>;
  community_ties: Generated<string>;
  other_reasons: Generated<string>;
  /**
   * The language the declaration was read to the client in, by a translator (migration 0066); null:
   * the client read it in English themselves (or it was written before this was recorded).
   */
  read_to_client_in: LanguageCode | null;
  /** Who read it to the client; empty when no one did. */
  translator_name: Generated<string>;
  version: Generated<number>;
  updated_at: string;
  updated_by: string | null;
}

/** One version of a petition's packet: the stored PDF and the snapshot it was drawn from. */
export interface PetitionPacketsTable {
  id: string;
  petition_id: string;
  matter_id: string;
  office_id: string;
  version: number;
  /** The document file holding the PDF. */
  file_id: string;
  sha256: string;
  pages: number;
  /** JSON of the PacketData the PDF was drawn from. */
  data: string;
  attorney_id: string;
  prepared_by: string;
  prepared_at: string;
}
export type PetitionPacket = Selectable<PetitionPacketsTable>;

/** Packets printed together for one court, and when they were filed. */
export interface FilingRunsTable {
  id: string;
  office_id: string;
  county: County;
  court_name: string;
  e_filing: number;
  /** The courthouse the run is for (null: the county has none in its settings), as it was then. */
  courthouse_id: string | null;
  courthouse_name: Generated<string>;
  courthouse_address: Generated<string>;
  petition_count: number;
  /** Prepared, then filed. */
  status: FilingRunStatus;
  filed_on: string | null;
  served_on: string | null;
  created_by: string;
  created_at: string;
  version: Generated<number>;
  updated_at: string;
  updated_by: string | null;
}
export type FilingRun = Selectable<FilingRunsTable>;

export interface FilingRunPetitionsTable {
  run_id: string;
  position: number;
  petition_id: string;
  packet_id: string;
}

/** The law enforcement agency that made the arrest, served with a PC 851.91 petition. */
export interface PetitionArrestingAgenciesTable {
  petition_id: string;
  office_id: string;
  name: string;
  address: string;
  version: Generated<number>;
  updated_at: string;
  updated_by: string | null;
}

/** The arrest a PC 851.91 petition asks to seal, the county it is filed in, and the court's outcome. */
export interface PetitionArrestsTable {
  petition_id: string;
  arrest_id: string;
  office_id: string;
  county: County;
  outcome: Outcome | null;
}
