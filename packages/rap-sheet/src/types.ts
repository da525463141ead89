// The structured record read from a California DOJ RAP sheet. Dates are `YYYY-MM-DD`; text is
// kept as written (upper case, spaces collapsed); line numbers count from 1 in the input text.

export type Level = 'felony' | 'misdemeanor' | 'infraction';

export const EVENT_KINDS = [
  'arrest',
  'supplemental_arrest',
  'court',
  'custody',
  'probation',
  'applicant',
  'registration',
  'mental_health',
  'other',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const DISPOSITION_KINDS = [
  'convicted',
  'dismissed',
  'acquitted',
  'prosecutor_rejected',
  'released',
  'diversion',
  /** A juvenile petition sustained (found true, W&I Code 602): an adjudication, not a conviction. */
  'sustained',
  'other',
] as const;
export type DispositionKind = (typeof DISPOSITION_KINDS)[number];

export const MODIFICATION_KINDS = [
  'probation_revoked',
  'probation_reinstated',
  'probation_terminated',
  'probation_modified',
  'sentence_modified',
  'dismissed',
  'reduced',
  'relief_granted',
  'resentenced',
  'sealed',
  'vacated',
  /** A relief the court refused (`MOTION PER 17(B) PC DENIED`): recorded with its remedy, never a grant. */
  'denied',
  'other',
] as const;
export type ModificationKind = (typeof MODIFICATION_KINDS)[number];

/** Remedy ids as Relief Desk names them (the domain package's REMEDY_IDS). */
export type RemedyId =
  | 'pc1203.4'
  | 'pc1203.4a'
  | 'pc1203.41'
  | 'pc1203.42'
  | 'pc17b'
  | 'prop47'
  | 'prop64'
  | 'pc1203.425'
  | 'pc851.91'
  | 'pc851.93'
  | 'pc851.8'
  | 'pc1203.49'
  | 'pc236.14';

export interface Warning {
  /** 1-based line of the input text (0: the input as a whole). */
  line: number;
  message: string;
  /** The line as written (trimmed), when the warning is about one line. */
  text?: string;
}

export interface PersonName {
  /** The name number as written after NAM/ (`01`, `02`...). */
  code: string;
  name: string;
  line: number;
}

export interface Person {
  cii: string | null;
  /** The first date of birth in the header (or, failing that, in an event). */
  dateOfBirth: string | null;
  /** Every distinct date of birth: the header's, then those given in events. */
  datesOfBirth: string[];
  sex: 'M' | 'F' | 'X' | null;
  names: PersonName[];
  /** Other `KEY/value` header fields as written (RAC, HGT, WGT, EYE, HAI, POB, FBI...). */
  fields: Record<string, string>;
}

export interface Sentence {
  /** As written, continuation lines joined with a space. */
  text: string;
  /** Probation, jail and prison terms read from the text; null when the text names none. */
  probationMonths: number | null;
  jailDays: number | null;
  prisonMonths: number | null;
  /** The parts that are not a probation, jail or prison term (FINE, RESTN, IMP SEN SS...). */
  details: string[];
}

export interface Disposition {
  kind: DispositionKind;
  /** The words after `DISPO:` as written. */
  text: string;
  /** The date of the update that gave this disposition, when it came later than the event. */
  date: string | null;
  line: number;
}

export interface Modification {
  kind: ModificationKind;
  /** The remedy the record names (1203.4, 17(b), 1203.425...), when it names one. */
  remedy: RemedyId | null;
  date: string | null;
  /** The words that say it, as written. */
  text: string;
  /** The new level (17(b), Prop 47 redesignation, a new CONV STATUS line). */
  level: Level | null;
  /** The new sentence (probation revoked, sentence modified), when one is given. */
  sentence: Sentence | null;
  /** Where it was read: an update under the count itself, or a later event of the cycle. */
  source: 'update' | 'later_event';
  line: number;
}

export interface Count {
  /**
   * The count's number as written after `CNT:` (`01`); null when it could not be read. A range
   * (`CNT:001-003`, one entry for counts 1 to 3) is read as one count per number (`001`, `002`,
   * `003`), each with the entry's charge, disposition and sentence; a range the reader does not
   * believe (backwards, or more than 50 counts) stays one count numbered as written, with a warning.
   */
  number: string | null;
  /** The range as written (`001-003`) when this count was read from one; null otherwise. */
  range: string | null;
  caseNumber: string | null;
  /** PC, HS, VC, BP, WI...; null when the count has no readable charge line. */
  code: string | null;
  /** As written with spaces removed, commas read as points, letters in lower case: `453(a)`. */
  section: string | null;
  description: string | null;
  /** Count flags such as `-ATTEMPTED`, `-BENCH WARRANT`, as written without the dash. */
  flags: string[];
  attempted: boolean;
  /** Sentenced under PC 1170(h) (a `1170 (H) PC-SENTENCING` line). */
  sentencedUnder1170h: boolean;
  /** Type of charge, `TOC:F|M|I|N`, when given. */
  toc: string | null;
  disposition: Disposition | null;
  /** Dispositions this one replaced (a diversion later dismissed, a trial date then a verdict). */
  earlierDispositions: Disposition[];
  /** The level after every modification (original in `originalLevel`). */
  level: Level | null;
  originalLevel: Level | null;
  /** The sentence after every modification (original in `originalSentence`). */
  sentence: Sentence | null;
  originalSentence: Sentence | null;
  modifications: Modification[];
  potentialFelonyStrike: boolean;
  /** COM:, ARR BY:, WARRANT, DCN: and other tagged lines, as written. */
  notes: string[];
  line: number;
}

export interface RapEvent {
  kind: EventKind;
  /** The header as written (`COURT:`, `CUSTODY:JAIL`, `MENTAL HLTH CUS/SUPV`). */
  label: string | null;
  date: string | null;
  /** Agency or court, as written after the date (`CAMC LOS ANGELES METRO`). */
  agency: string | null;
  nameCode: string | null;
  dateOfBirth: string | null;
  /** The first case number (`#...`) of the event. */
  caseNumber: string | null;
  toc: string | null;
  counts: Count[];
  notes: string[];
  potentialFelonyStrike: boolean;
  line: number;
}

export interface Cycle {
  /** 1-based, in order. */
  number: number;
  events: RapEvent[];
  line: number;
}

export interface Registration {
  date: string | null;
  agency: string | null;
  code: string | null;
  section: string | null;
  description: string | null;
  /** A PC 290 (sex offender) registration. */
  pc290: boolean;
  line: number;
}

export interface RapSheet {
  person: Person;
  cycles: Cycle[];
  /** Registration events (PC 290, HS 11590, PC 457.1, PC 186.30...) in order. */
  registrations: Registration[];
  warnings: Warning[];
}
