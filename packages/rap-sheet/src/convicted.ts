// Which counts of a court event were convictions. The `DISPO:` line says so; when it was not read
// (lost at a page break or in scanning, or left off), a `CONV STATUS:` or `SEN:` line is still
// evidence of one: no count is sentenced, or given a conviction status, without being convicted.
import type { Count, RapEvent } from './types.ts';

/** Why a count is read as convicted: its disposition, or with none, its conviction status or sentence. */
export function convictedBy(count: Count): 'disposition' | 'status_or_sentence' | null {
  if (count.disposition) return count.disposition.kind === 'convicted' ? 'disposition' : null;
  const status = count.originalLevel ?? count.level;
  const sentence = count.originalSentence ?? count.sentence;
  return status !== null || sentence !== null ? 'status_or_sentence' : null;
}

/** A count read as convicted (see `convictedBy`). */
export const isConvicted = (count: Count): boolean => convictedBy(count) !== null;

/** The reader's remark on a count read as convicted with no `DISPO:` line (a proposal says it its own way). */
export const NO_DISPOSITION_CONVICTED =
  'No DISPO: line was read for this count, but its CONV STATUS: or SEN: line shows a conviction: read as convicted; check the record';

/**
 * A juvenile court's event: a juvenile court (`CAJV`, or one named juvenile) or a petition sustained.
 * Its record is sealed under W&I Code 781 or 786, not by the adult remedies, and is no conviction.
 */
export function isJuvenileCourt(event: RapEvent): boolean {
  if (event.kind !== 'court') return false;
  const agency = (event.agency ?? '').toUpperCase();
  return (
    /^CAJV\b/.test(agency) ||
    /\bJUV(ENILE)?\b/.test(agency) ||
    event.counts.some((count) => count.disposition?.kind === 'sustained')
  );
}

/** The reader's remark on a juvenile court's event, at its line. */
export const JUVENILE_RECORD =
  'A juvenile court record (a juvenile court, or a petition sustained): not an adult conviction, and its arrest is not an adult arrest; sealing it is under W&I Code 781 or 786, a different process; check the record';
