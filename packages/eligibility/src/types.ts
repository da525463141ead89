// The output contract: per conviction, one determination per remedy that could apply.
import type { Determination, RemedyId } from '@relief-desk/domain';
import type { IsoDate } from './dates.ts';

export interface Reason {
  /** Stable snake_case code, e.g. "probation_completed", "missing_end_date". */
  code: string;
  /** One plain sentence for staff. */
  text: string;
  /** The statute the reason follows, e.g. "PC 1203.4(a)(1)". Never empty. */
  citation: string;
}

export interface RemedyResult {
  remedy: RemedyId;
  determination: Determination;
  /** The day the remedy becomes available, strictly after asOf; only for eligible_later. */
  eligibleOn: IsoDate | null;
  reasons: Reason[];
}

export interface ConvictionResult {
  convictionId: string;
  remedies: RemedyResult[];
}

/** Remedies for one arrest that did not end in a conviction (PC 851.91, 851.93, 236.14). */
export interface ArrestResult {
  arrestId: string;
  remedies: RemedyResult[];
}

export interface EligibilityResult {
  rulesVersion: string;
  asOf: IsoDate;
  results: ConvictionResult[];
  /**
   * Present only when the input has an `arrests` list (then one entry per arrest, in input order), so
   * output for inputs without arrests is unchanged and `results` only ever holds convictions.
   */
  arrestResults?: ArrestResult[];
}
