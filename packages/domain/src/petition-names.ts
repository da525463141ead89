// How a petition is named where staff must tell it from the others: by its court case, or, for a
// petition to seal an arrest on which no charges were filed (PC 851.91: it has no case), by its
// arrest, as the petitions panel names it. Both are criminal history: these names are for staff with
// the RAP sheet permission (the calendar's are withheld from the others with its labels).
import { readableDate } from './dates.ts';
import { REMEDIES } from './remedies.ts';

export interface PetitionNameFacts {
  caseNumber: string;
  /** The arrest a PC 851.91 petition asks to seal (YYYY-MM-DD); null for a petition on convictions. */
  arrestDate: string | null;
}

/** "case 16CR01234"; a petition to seal an arrest without a case: "petition to seal the arrest of Apr 10, 2019". */
export function petitionNamed(p: PetitionNameFacts): string {
  if (p.caseNumber) return `case ${p.caseNumber}`;
  if (p.arrestDate) return `petition to seal the arrest of ${readableDate(p.arrestDate)}`;
  // Every petition has convictions of a case or an arrest: this is a petition read without either.
  return 'petition without a case number';
}

/** "PC 1203.4 dismissal, case 16CR01234"; without a case: "Arrest sealing (PC 851.91), arrest of Apr 10, 2019". */
export function petitionTitled(p: PetitionNameFacts & { remedy: string }): string {
  const remedy = REMEDIES.find((r) => r.id === p.remedy)?.label ?? p.remedy;
  if (p.caseNumber) return `${remedy}, case ${p.caseNumber}`;
  return p.arrestDate ? `${remedy}, arrest of ${readableDate(p.arrestDate)}` : remedy;
}

/**
 * What a packet's file name says of its petition, one for each petition of a matter, given in the
 * order they were drafted: the case (or, without one, the arrest's date) and the remedy, as
 * "AL12CR100200-prop47" or "arrest-2019-04-10-pc851.91". A petition whose name an earlier one of
 * the matter already has (the same case and remedy drafted again after a withdrawal, two arrests of
 * one day) adds its place among the matter's petitions, "-petition3", so each keeps its own name.
 */
export function packetFileStems(
  petitions: readonly (PetitionNameFacts & { id: string; remedy: string })[],
): Map<string, string> {
  const stems = new Map<string, string>();
  const taken = new Set<string>();
  petitions.forEach((p, i) => {
    const stem = `${p.caseNumber || (p.arrestDate ? `arrest-${p.arrestDate}` : 'no-case')}-${p.remedy}`;
    const named = taken.has(stem) ? `${stem}-petition${i + 1}` : stem;
    taken.add(stem);
    taken.add(named);
    stems.set(p.id, named);
  });
  return stems;
}
