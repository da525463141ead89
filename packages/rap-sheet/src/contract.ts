// The CLI's answer: the person, the court events with a conviction, the arrests without one, warnings.
import { isConvicted, isJuvenileCourt } from './convicted.ts';
import type {
  Count,
  DispositionKind,
  Level,
  ModificationKind,
  RapEvent,
  RapSheet,
  RemedyId,
  Warning,
} from './types.ts';

export interface ContractSentence {
  text: string | null;
  probationMonths: number | null;
  jailDays: number | null;
  prisonMonths: number | null;
}

export interface ContractModification {
  date: string | null;
  kind: ModificationKind;
  remedy: RemedyId | null;
  text: string;
}

export interface ContractConvictionCount {
  code: string | null;
  section: string | null;
  description: string | null;
  level: Level | null;
  disposition: DispositionKind | null;
  sentence: ContractSentence;
  modifications: ContractModification[];
}

export interface ContractConviction {
  date: string | null;
  court: string | null;
  caseNumber: string | null;
  counts: ContractConvictionCount[];
}

export interface ContractArrestCount {
  code: string | null;
  section: string | null;
  description: string | null;
  disposition: DispositionKind | null;
}

export interface ContractArrest {
  date: string | null;
  agency: string | null;
  counts: ContractArrestCount[];
}

export interface RapSheetSummary {
  person: { cii: string | null; dateOfBirth: string | null; names: string[] };
  convictions: ContractConviction[];
  arrests: ContractArrest[];
  warnings: Warning[];
}

const isArrest = (event: RapEvent) => event.kind === 'arrest' || event.kind === 'supplemental_arrest';

function sentenceOf(count: Count): ContractSentence {
  const sentence = count.sentence;
  return {
    text: sentence?.text ?? null,
    probationMonths: sentence?.probationMonths ?? null,
    jailDays: sentence?.jailDays ?? null,
    prisonMonths: sentence?.prisonMonths ?? null,
  };
}

/**
 * The record in the CLI's shape. `convictions`: each court event with at least one convicted count,
 * with all its counts (each with its disposition) and the later changes applied; a juvenile court's
 * event is none. `arrests`: the arrest events (ARR/DET/CITE and SUPPLEMENTAL ARR) of cycles in which
 * no count was convicted and no juvenile court sat (a juvenile court's event is said in `warnings`).
 */
export function summarize(sheet: RapSheet): RapSheetSummary {
  const convictions: ContractConviction[] = [];
  const arrests: ContractArrest[] = [];
  for (const cycle of sheet.cycles) {
    const adultCourt = (event: RapEvent) => event.kind === 'court' && !isJuvenileCourt(event);
    const convictedCycle = cycle.events.some((event) => adultCourt(event) && event.counts.some(isConvicted));
    // A juvenile court's cycle: its arrest is a juvenile's, not a candidate for adult arrest sealing.
    const juvenileCycle = cycle.events.some(isJuvenileCourt);
    for (const event of cycle.events) {
      if (adultCourt(event) && event.counts.some(isConvicted)) {
        convictions.push({
          date: event.date,
          court: event.agency,
          caseNumber: event.caseNumber,
          counts: event.counts.map((count) => ({
            code: count.code,
            section: count.section,
            description: count.description,
            level: count.level,
            disposition: count.disposition?.kind ?? null,
            sentence: sentenceOf(count),
            modifications: count.modifications.map((modification) => ({
              date: modification.date,
              kind: modification.kind,
              remedy: modification.remedy,
              text: modification.text,
            })),
          })),
        });
      } else if (isArrest(event) && !convictedCycle && !juvenileCycle) {
        arrests.push({
          date: event.date,
          agency: event.agency,
          counts: event.counts.map((count) => ({
            code: count.code,
            section: count.section,
            description: count.description,
            disposition: count.disposition?.kind ?? null,
          })),
        });
      }
    }
  }
  return {
    person: {
      cii: sheet.person.cii,
      dateOfBirth: sheet.person.dateOfBirth,
      names: sheet.person.names.map((name) => name.name),
    },
    convictions,
    arrests,
    warnings: sheet.warnings,
  };
}
