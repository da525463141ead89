// From a RAP sheet read by the import worker to what the review screen proposes: each convicted count
// as the conviction form's fields (what the record does not say is left for the attorney), beside
// the lines of the record it came from, with what to check; the person as the record names them;
// the PC 290 registration as a person fact; each count of an arrest without a conviction as the
// arrest form's fields. A count already on the matter (same court case number, code and section) and
// an arrest already on it (same date, agency and section) are shown as already recorded; one the
// client's other matter of the office holds, by the same match, as recorded there, with the relief
// decided there.
import {
  ARREST_RELIEF_REMEDY_IDS,
  type ArrestDisposition,
  type ArrestFieldsInput,
  arrestDateProblems,
  type BornOn,
  CONVICTION_RELIEF_REMEDY_IDS,
  type ConvictionFieldsInput,
  convictedAsMinorNotice,
  convictionDateProblems,
  type IsoDate,
  type Level,
  nameSortKey,
  OUTCOME_LABELS,
  type Outcome,
  PETITION_STATUS_LABELS,
  type PersonFacts,
  type PetitionStatus,
  type RemedyId as ReliefId,
  readableDate,
  remedyLabel,
  type SentenceKind,
} from '@relief-desk/domain';
import {
  type Count,
  type Cycle,
  convictedBy,
  isConvicted,
  isJuvenileCourt,
  isSuspendedTerm,
  type Modification,
  type RapEvent,
  type RapSheet,
  type RemedyId,
  readsAsDismissal,
  type Sentence,
} from '@relief-desk/rap-sheet';
import { UNREAD } from './bounded.ts';
import { countyOfCourt } from './courts.ts';

export interface ReadPage {
  page: number;
  source: 'text' | 'ocr';
  firstLine: number;
  lineCount: number;
  confidence?: number;
}

/** What the worker stores when it has read a RAP sheet. */
export interface StoredResult {
  lines: string[];
  /** Empty for text; the PDF's or image's pages otherwise. */
  pages: ReadPage[];
  sheet: RapSheet;
}

export interface SourceLine {
  line: number;
  text: string;
  /** The line the proposal's values were read from (highlighted), not only its surroundings. */
  used: boolean;
}

/** A conviction's fields as proposed: what the record does not say is null, for the attorney to fill. */
export type ProposedConviction = {
  [K in keyof ConvictionFieldsInput]-?: ConvictionFieldsInput[K] | null;
};

/**
 * Where the client's other matter of this office records a count: shown instead of proposing it as
 * new (a conviction entered on two matters gets its relief suggested, and petitioned, twice).
 */
export interface RecordedElsewhere {
  matterId: string;
  reference: string;
  county: string;
  /** The conviction or arrest as that matter has it (`PC 1203.4`, `2019-03-02, FRESNO PD, PC 459`). */
  recordedAs: string;
  /** Relief asked or decided there, in words: "PC 1203.4 dismissal: granted on 2026-11-02". */
  relief: string[];
}

export interface ConvictionProposal {
  key: string;
  /**
   * new: to decide; recorded: the matter already has it (not proposed again); elsewhere: the client's
   * other matter has it, left there unless the attorney records it on this matter too (accepts it).
   */
  status: 'new' | 'recorded' | 'elsewhere';
  elsewhere: RecordedElsewhere | null;
  recordedConvictionId: string | null;
  /**
   * Recorded under another writing of the section (`11364 HS` for the sheet's `11364(A) HS`, `459 2nd`
   * as the attorney edited it): the conviction as the matter has it. Null when the same or new.
   */
  recordedAs: string | null;
  /** After the review: what the attorney did with it. */
  outcome: 'accepted' | 'edited' | 'dropped' | null;
  fields: ProposedConviction;
  /** What the record says that the form does not keep. */
  description: string | null;
  countNumber: string | null;
  sentenceText: string | null;
  probationMonths: number | null;
  jailDays: number | null;
  prisonMonths: number | null;
  laterEvents: { date: string | null; kind: string; remedy: string | null; text: string }[];
  /** Fields the record did not give: the attorney fills them before accepting. */
  missing: (keyof ConvictionFieldsInput)[];
  /**
   * Set when the record later shows the conviction itself undone (vacated, set aside, plea withdrawn,
   * reversed): what it shows, to be shown beside the proposal; such a proposal is not to be entered as
   * a conviction unless the court record says otherwise. Null for a live conviction.
   */
  undone: string | null;
  warnings: string[];
  /** OCR confidence (0-100) of the page it was read from; null for text. */
  confidence: number | null;
  source: SourceLine[];
}

export interface PersonRecordItem {
  key: string;
  label: string;
  value: string;
  line: number | null;
  /** How it compares with the client's record, when the desk keeps the same fact. */
  note: string | null;
}

export interface PersonFactProposal {
  key: 'requiredToRegisterPC290';
  label: string;
  value: 'yes';
  current: string;
  outcome: 'accepted' | 'dropped' | null;
  source: SourceLine[];
}

/** An arrest count's fields as proposed: what the record does not say is null, for the attorney to fill. */
export type ProposedArrest = {
  [K in keyof Required<ArrestFieldsInput>]: K extends 'arrestAgency' | 'offenseDescription'
    ? string
    : Required<ArrestFieldsInput>[K] | null;
};

/** One count of an arrest that led to no conviction, proposed as an arrest on the matter. */
export interface ArrestProposal {
  key: string;
  status: 'new' | 'recorded' | 'elsewhere';
  elsewhere: RecordedElsewhere | null;
  recordedArrestId: string | null;
  outcome: 'accepted' | 'edited' | 'dropped' | null;
  fields: ProposedArrest;
  /** The disposition as the record words it, when it gives one. */
  dispositionText: string | null;
  countNumber: string | null;
  /** Fields the record did not give: the attorney fills them before accepting. */
  missing: (keyof ArrestFieldsInput)[];
  warnings: string[];
  confidence: number | null;
  source: SourceLine[];
}

export interface Review {
  proposals: ConvictionProposal[];
  personFactProposals: PersonFactProposal[];
  personRecord: PersonRecordItem[];
  /** Each count of an arrest without a conviction, proposed as an arrest. */
  rapArrests: ArrestProposal[];
  /** Lines the reader could not place that belong to no proposal. */
  rapWarnings: { line: number; message: string; text: string | null }[];
  /**
   * Set when the record names another person than the client (a date of birth that is not theirs, or
   * no name of theirs): why, shown at the top of the review; accepting then needs `confirmOtherPerson`.
   */
  otherPerson: string | null;
}

export interface ExistingConviction {
  id: string;
  case_number: string;
  code: string;
  section: string;
}

export interface ExistingArrest {
  id: string;
  arrest_date: string;
  agency: string;
  section: string;
}

/** One of the client's other matters of the same office. */
export interface OtherMatter {
  id: string;
  reference: string;
  county: string;
}

/** A petition naming a conviction or arrest, with the court's outcome on it. */
export interface PetitionOnRecord {
  remedy: ReliefId;
  status: PetitionStatus;
  outcome: Outcome | null;
  decidedOn: string | null;
}

interface OnOtherMatter {
  matter: OtherMatter;
  reliefGrantedRemedy: ReliefId | null;
  reliefGrantedOn: string | null;
  petitions: PetitionOnRecord[];
}
export type ConvictionElsewhere = ExistingConviction & OnOtherMatter;
export type ArrestElsewhere = ExistingArrest & OnOtherMatter;

export interface ReviewInput {
  /** California's date: a proposed date after it (or otherwise impossible) is flagged. */
  today: IsoDate;
  result: StoredResult;
  client: { legalName: string; otherNames: string[]; dateOfBirth: string };
  existing: ExistingConviction[];
  existingArrests: ExistingArrest[];
  /** What the client's other matters of this office record (none: no other matter, or not looked up). */
  elsewhere?: { convictions: ConvictionElsewhere[]; arrests: ArrestElsewhere[] };
  facts: PersonFacts;
  decided: Map<string, 'accepted' | 'edited' | 'dropped'>;
}

const normalise = (value: string | null | undefined) => (value ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');

/** Same court case, code and section: the same count of the same case. */
export function sameCountKey(caseNumber: string | null, code: string | null, section: string | null): string {
  return `${normalise(caseNumber)}|${normalise(code)}|${normalise(section)}`;
}

/**
 * Same court case and code, and the same section once its subdivision, degree or other words are set
 * aside (`11364(A)` and `11364`, `459` and `459 2nd`): the same count written otherwise. `459.5` stays
 * apart from `459`.
 */
export function sameBaseCountKey(
  caseNumber: string | null,
  code: string | null,
  section: string | null,
): string {
  const base = /^\s*(\d+(?:\.\d+)?)/.exec(section ?? '')?.[1] ?? section;
  return sameCountKey(caseNumber, code, base ?? null);
}

/** Same arrest date, agency and section: the same arrest count. */
export function sameArrestKey(date: string | null, agency: string | null, section: string | null): string {
  return `${date ?? ''}|${normalise(agency)}|${normalise(section)}`;
}

/**
 * The term imposed when probation was revoked, when it is what the person then served: a prison
 * term, or a jail term under PC 1170(h) as the record says. It decides the sentence kind (PC 1203.41
 * and 1203.42, not 1203.4, reach a prison or 1170(h) sentence).
 */
function revocationTerm(count: Count): { revocation: Modification; sentence: Sentence } | null {
  const revocation = [...count.modifications]
    .reverse()
    .find((m) => m.kind === 'probation_revoked' && m.sentence !== null);
  const sentence = revocation?.sentence;
  if (!revocation || !sentence) return null;
  const served = sentence.prisonMonths !== null || (count.sentencedUnder1170h && sentence.jailDays !== null);
  return served ? { revocation, sentence } : null;
}

/**
 * A prison term given and suspended when probation was granted (`2 YEARS PRISON SS`) is a sentence
 * imposed, its execution suspended: PC 17(b)(3) cannot then reduce it. With imposition suspended no
 * term is given, but a record without one does not show that either: not known.
 */
function executionSuspendedOf(sentence: Sentence | null): 'yes' | 'unknown' {
  const prisonSuspended = (part: string) => isSuspendedTerm(part) && /\bPRISON\b|\bPRSN\b|\bCDC/.test(part);
  return sentence?.details.some(prisonSuspended) ? 'yes' : 'unknown';
}

function sentenceKindOf(count: Count, sentence: Sentence | null): SentenceKind | null {
  if (count.sentencedUnder1170h) return 'county_jail_1170h';
  if (!sentence) return null;
  if (sentence.prisonMonths !== null) return 'state_prison';
  if (sentence.probationMonths !== null) return 'probation';
  if (sentence.jailDays !== null) return 'jail_only';
  if (/\bFINE\b/.test(sentence.text)) return 'fine_only';
  return null;
}

/**
 * Whether a county-jail term under PC 1170(h) included mandatory supervision, when the sentence says
 * so (PC 1203.41's wait is 1 year after it, 2 without); unknown otherwise.
 */
function mandatorySupervisionOf(count: Count, sentence: Sentence | null): 'yes' | 'unknown' {
  if (!count.sentencedUnder1170h || !sentence) return 'unknown';
  return /\bMAND(ATORY)?\.?\s*SUP(ERVISION|V)?\b/.test(sentence.text) ? 'yes' : 'unknown';
}

const RELIEF_KINDS = new Set(['dismissed', 'reduced', 'relief_granted', 'sealed', 'vacated', 'resentenced']);
/** Grants that made the felony a misdemeanor (Prop 64: or less): the rules then offer no other reduction. */
const REDUCTIONS = new Set<string>(['pc17b', 'prop47', 'prop64']);
const REMEDY_LABELS: Record<RemedyId, string> = {
  'pc1203.4': 'PC 1203.4',
  'pc1203.4a': 'PC 1203.4a',
  'pc1203.41': 'PC 1203.41',
  'pc1203.42': 'PC 1203.42',
  pc17b: 'PC 17(b)',
  prop47: 'Prop 47 (PC 1170.18)',
  prop64: 'Prop 64 (HS 11361.8)',
  'pc1203.425': 'PC 1203.425',
  'pc851.91': 'PC 851.91',
  'pc851.93': 'PC 851.93',
  'pc851.8': 'PC 851.8',
  'pc1203.49': 'PC 1203.49',
  'pc236.14': 'PC 236.14',
};

type Grant = Modification & { remedy: RemedyId };

/**
 * The relief granted a conviction keeps (one): the latest reduction when the record shows one, since
 * it changes what else the rules offer (a felony made a misdemeanor is not reduced again), else the
 * latest grant; and the other grants, for the reviewer to see.
 */
function reliefOf(count: Count): { relief: Grant | null; otherGrants: Grant[]; arrestOnly: Grant[] } {
  const all = count.modifications.filter((m): m is Grant => m.remedy !== null && RELIEF_KINDS.has(m.kind));
  // Relief on an arrest (PC 851.91 sealing, say) is not a conviction's: the conviction form refuses it,
  // so it is not proposed, and a warning sends the reviewer to the record.
  const isConvictions = (m: Grant) => CONVICTION_RELIEF_REMEDY_IDS.includes(m.remedy);
  const grants = all.filter(isConvictions);
  const latest = (list: Grant[]) => list[list.length - 1] ?? null;
  const relief = latest(grants.filter((m) => REDUCTIONS.has(m.remedy))) ?? latest(grants);
  const otherGrants = grants.filter((m) => m !== relief && m.remedy !== relief?.remedy);
  return { relief, otherGrants, arrestOnly: all.filter((m) => !isConvictions(m)) };
}

/** Words of a later change that say the conviction itself was undone, not relief granted on it. */
const UNDOING = /VACAT|SET\s*ASIDE|WITHDR[AE]W|REVERS|OVERTURN/;

/**
 * The later change that undid the conviction: vacated or set aside with no relief statute (PC 1473.7,
 * a writ, an appeal), a plea withdrawn, a judgment reversed. A PC 1203.4 dismissal ("SET ASIDE AND
 * DISMISSED PER 1203.4 PC") reads with its remedy and is relief granted, not this; so are PC 1203.49
 * and 236.14 vacaturs, which are relief the rules know.
 */
function undoneBy(count: Count): Modification | null {
  const undoing = count.modifications.filter(
    (m) =>
      m.remedy === null &&
      // "SET ASIDE AND DISMISSED" is how PC 1203.4 relief is written: without its statute it may be
      // that relief or not, and the reader says so (check the record); it is not called undone.
      !(/SET\s*ASIDE/.test(m.text) && readsAsDismissal(m.text)) &&
      (m.kind === 'vacated' || ((m.kind === 'dismissed' || m.kind === 'other') && UNDOING.test(m.text))),
  );
  return undoing[undoing.length - 1] ?? null;
}

/** What the undoing change did, in words, and the statute it names (`PC 1473.7`), if any. */
function undoneMessage(m: Modification): string {
  const how = /WITHDR[AE]W/.test(m.text)
    ? 'the plea withdrawn'
    : /REVERS|OVERTURN/.test(m.text)
      ? 'the judgment reversed'
      : /SET\s*ASIDE/.test(m.text)
        ? 'the conviction set aside'
        : 'the conviction vacated';
  const statute = /(\d{2,5}(?:\.\d+)?(?:\s*\([A-Z0-9]{1,3}\))*)\s*(PC|HS|VC|WI|BP)\b/.exec(m.text);
  const under = statute ? ` under ${statute[2]} ${(statute[1] ?? '').replace(/\s+/g, '')}` : '';
  return `The record shows ${how}${m.date ? ` on ${readableDate(m.date)}` : ''}${under} (line ${m.line}, “${m.text}”): this is not a live conviction. Do not enter it as a conviction unless the court record says otherwise; drop it (an arrest that did not end in a conviction can be added on the arrest form).`;
}

const isSeparator = (text: string) => /^\s*([-*]\s*){3,}/.test(text) || text.trim() === '';

function excerpt(lines: string[], from: number, to: number, used: Set<number>): SourceLine[] {
  const out: SourceLine[] = [];
  let last = Math.min(to, lines.length, from + 40);
  while (last > from && isSeparator(lines[last - 1] ?? '')) last--;
  for (let line = Math.max(1, from); line <= last; line++)
    out.push({ line, text: lines[line - 1] ?? '', used: used.has(line) });
  return out;
}

/**
 * The first line after a count: the next count's that starts on a later line (the counts of a range,
 * `CNT:001-003`, share their line), or else `end`.
 */
function endOfCount(event: RapEvent, countIndex: number, end: number): number {
  const line = event.counts[countIndex]?.line ?? 0;
  return event.counts.slice(countIndex + 1).find((c) => c.line > line)?.line ?? end;
}

/** The first line after an event: the next event's, the next cycle's, or the end of the text. */
function endOfEvent(cycles: Cycle[], cycleIndex: number, eventIndex: number, lineCount: number): number {
  const cycle = cycles[cycleIndex];
  const next = cycle?.events[eventIndex + 1]?.line ?? cycles[cycleIndex + 1]?.line ?? lineCount + 1;
  return next;
}

function pageOf(pages: ReadPage[], line: number): ReadPage | null {
  return pages.find((p) => line >= p.firstLine && line < p.firstLine + p.lineCount) ?? null;
}

function countLines(count: Count): number[] {
  return [
    count.line,
    ...(count.disposition ? [count.disposition.line] : []),
    ...count.modifications.map((m) => m.line),
  ];
}

/** The reader's remarks on lines it did read, which a proposal states in its own words instead. */
const SAID_BY_THE_PROPOSAL = [
  /^Count range /,
  /^No DISPO: line was read for this count, but /,
  /convicted (under an event with no header|inside an arrest): read as a court event/,
];

/** The lines from `from` up to `to` the reader could not place, as warnings; each noted as shown here. */
function unreadLines(result: StoredResult, from: number, to: number, shown: Set<number>): string[] {
  return result.sheet.warnings
    .filter((w) => w.line >= from && w.line < to)
    .flatMap((w) => {
      shown.add(w.line);
      if (SAID_BY_THE_PROPOSAL.some((said) => said.test(w.message))) return [];
      const text = w.text ?? result.lines[w.line - 1] ?? '';
      // A line the reader read, with a remark to check (a disposition it did not know, a sentence term
      // it could not read, a denied relief with nothing to change...): the remark itself.
      if (!UNREAD.test(w.message)) return [`Line ${w.line} (“${text}”): ${w.message}.`];
      return [`Line ${w.line} could not be read: “${text}”.`];
    });
}

/** The lowest OCR confidence of the pages these lines are on (null: none read by OCR), with its warning. */
function ocrConfidence(pages: ReadPage[], lines: number[], warnings: string[]): number | null {
  let confidence: number | null = null;
  for (const line of lines) {
    const page = pageOf(pages, line);
    if (page?.source === 'ocr') confidence = Math.min(confidence ?? 100, page.confidence ?? 0);
  }
  if (confidence !== null)
    warnings.push(`Read by OCR (confidence ${Math.round(confidence)}%): compare each value with the paper.`);
  return confidence;
}

/** Excerpts and extra lines together: in the record's order, each line once. */
function inLineOrder(source: SourceLine[]): SourceLine[] {
  return source.sort((a, b) => a.line - b.line).filter((l, i, all) => i === 0 || all[i - 1]?.line !== l.line);
}

/** Where a proposed count is on the sheet. */
interface ProposedAt {
  cycle: Cycle;
  cycleIndex: number;
  event: RapEvent;
  eventIndex: number;
  countIndex: number;
}

/**
 * Sections that are steps in an earlier case, not offenses: a probation violation or revocation (PC
 * 1203.2), a modification of probation (PC 1203.3), a parole or PRCS violation (PC 3056, 3455,
 * 3000.08). The record lists them as counts, even `*DISPO:CONVICTED`, but they are neither a new
 * conviction nor an arrest to seal: they belong to the conviction of the same case.
 */
const PROCEDURAL_SECTIONS = new Set(['12032', '12033', '3056', '3455', '300008']);
/** Words of a charge that say it is a violation of probation, parole or supervision. */
const PROCEDURAL_WORDS =
  /\b(PROB(ATION)?\s*VIOL|VIOL\w*\s*(OF\s*)?(PROB|PAROLE|PRCS|MAND)|REVOKE\s*PROB|PROB(ATION)?\s*REVO|VOP)\b/;

function isProcedural(count: Count): boolean {
  // The section without its subdivision: `1203.2(a)` is 1203.2.
  const base = normalise((count.section ?? '').replace(/\(.*$/, ''));
  if ((count.code === 'PC' || count.code === null) && PROCEDURAL_SECTIONS.has(base)) return true;
  return count.code === null && PROCEDURAL_WORDS.test(count.description ?? '');
}

/** A probation violation or revocation the record lists as a count, to attach to its case's conviction. */
interface ProceduralStep {
  caseNumber: string;
  date: string | null;
  line: number;
  text: string;
  sentence: string | null;
  /** Its lines (the count's to the next's): the reader's remarks on them are said by the proposal. */
  lines: number[];
  attached: boolean;
}

/** Every procedural count of a court event (or any event with a case number), in the record's order. */
function proceduralSteps(sheet: RapSheet): ProceduralStep[] {
  const steps: ProceduralStep[] = [];
  for (const cycle of sheet.cycles)
    for (const event of cycle.events) {
      if (event.kind === 'arrest' || event.kind === 'supplemental_arrest') continue;
      for (const count of event.counts) {
        const caseNumber = count.caseNumber ?? event.caseNumber;
        if (!isProcedural(count) || !caseNumber) continue;
        const said = [
          `${count.section ?? ''} ${count.code ?? ''}-${count.description ?? ''}`.trim(),
          count.disposition ? `DISPO:${count.disposition.text}` : null,
        ].filter(Boolean);
        steps.push({
          caseNumber,
          date: count.disposition?.date ?? event.date,
          line: count.line,
          text: said.join(' / '),
          sentence: (count.sentence ?? count.modifications.find((m) => m.sentence)?.sentence)?.text ?? null,
          lines: countLines(count),
          attached: false,
        });
      }
    }
  return steps;
}

/**
 * The counts a sheet proposes, in the record's order: each convicted count of a court event as a
 * conviction, and each count of an arrest in a cycle without a conviction as an arrest (an arrest
 * whose counts were not read, as one, with none).
 */
function eachProposed(
  sheet: RapSheet,
  visit: {
    conviction: (at: ProposedAt, count: Count) => void;
    arrest: (at: ProposedAt, count: Count | null) => void;
  },
): void {
  sheet.cycles.forEach((cycle, cycleIndex) => {
    const convictedCycle = cycle.events.some(
      (e) =>
        !isJuvenileCourt(e) &&
        e.counts.some(
          (c) =>
            !isProcedural(c) &&
            (c.disposition?.kind === 'convicted' || (e.kind === 'court' && isConvicted(c))),
        ),
    );
    // A juvenile court's record is sealed under W&I Code 781 or 786, not by the adult remedies: neither
    // its counts nor its cycle's arrest is proposed (the reader's remark on it is shown to check).
    const juvenileCycle = cycle.events.some(isJuvenileCourt);
    cycle.events.forEach((event, eventIndex) => {
      if (isJuvenileCourt(event)) return;
      if (event.kind === 'court') {
        event.counts.forEach((count, countIndex) => {
          // Convicted, or with no DISPO: line but a conviction status or sentence (said on the proposal).
          // A probation violation is no new conviction (it is attached to its case's conviction).
          if (isConvicted(count) && !isProcedural(count))
            visit.conviction({ cycle, cycleIndex, event, eventIndex, countIndex }, count);
        });
      } else if (
        (event.kind === 'arrest' || event.kind === 'supplemental_arrest') &&
        !convictedCycle &&
        !juvenileCycle
      ) {
        const counts: (Count | null)[] = event.counts.length > 0 ? event.counts : [null];
        counts.forEach((count, countIndex) => {
          // An arrest on a probation violation is no arrest to seal: it belongs to the earlier case.
          if (count && isProcedural(count)) return;
          visit.arrest({ cycle, cycleIndex, event, eventIndex, countIndex }, count);
        });
      }
    });
  });
}

/** How many convictions and arrests a sheet proposes, those already on the matter among them. */
export function proposalCounts(sheet: RapSheet): { convictions: number; arrests: number } {
  const counted = { convictions: 0, arrests: 0 };
  eachProposed(sheet, {
    conviction: () => counted.convictions++,
    arrest: () => counted.arrests++,
  });
  return counted;
}

/**
 * The records already on the matter by what a proposal is matched on, each key with every record of
 * it: two counts of one offense in one case are two convictions, and each proposal takes one
 * (recordedOnce), so the second count read is new until a second one is recorded.
 */
function recordedBy<T extends { id: string }>(records: readonly T[], keyOf: (record: T) => string) {
  const byKey = new Map<string, string[]>();
  for (const record of records) byKey.set(keyOf(record), [...(byKey.get(keyOf(record)) ?? []), record.id]);
  return byKey;
}

/** The next record of this key not yet matched to a proposal of this review, or null. */
const recordedOnce = (existing: Map<string, string[]>, key: string): string | null =>
  existing.get(key)?.shift() ?? null;

export function buildReview(input: ReviewInput): Review {
  const { result } = input;
  const { sheet, lines, pages } = result;
  const existing = recordedBy(input.existing, (c) => sameCountKey(c.case_number, c.code, c.section));
  const warningLines = new Set<number>();
  const proposals: ConvictionProposal[] = [];
  const rapArrests: ArrestProposal[] = [];
  const existingArrests = recordedBy(input.existingArrests, (a) =>
    sameArrestKey(a.arrest_date, a.agency, a.section),
  );

  const steps = proceduralSteps(sheet);

  eachProposed(sheet, {
    conviction: ({ cycle, cycleIndex, event, eventIndex, countIndex }, count) => {
      const end = endOfEvent(sheet.cycles, cycleIndex, eventIndex, lines.length);
      const key = `c${cycle.number}-e${eventIndex + 1}-n${countIndex + 1}`;
      proposals.push(
        proposalOf(input, event, count, key, {
          headerEnd: event.counts[0]?.line ?? end,
          countEnd: endOfCount(event, countIndex, end),
          existing,
          warningLines,
          steps,
        }),
      );
    },
    arrest: ({ cycle, cycleIndex, event, eventIndex, countIndex }, count) => {
      const end = endOfEvent(sheet.cycles, cycleIndex, eventIndex, lines.length);
      rapArrests.push(
        arrestProposalOf(
          input,
          cycle,
          event,
          count,
          `a${cycle.number}-e${eventIndex + 1}-n${countIndex + 1}`,
          {
            countEnd: count ? endOfCount(event, countIndex, end) : end,
            existing: existingArrests,
            warningLines,
          },
        ),
      );
    },
  });

  warnSameConvictionListedAgain(proposals);
  warnChargesOfOneArrest(rapArrests);

  // A count the matter has under another writing of its section (`11364` for `11364(A)`, or as the
  // attorney edited it after an earlier import): matched once no record matches exactly, so an exact
  // record is never taken by a loose match.
  const taken = new Set(proposals.map((p) => p.recordedConvictionId));
  for (const proposal of proposals) {
    if (proposal.status !== 'new') continue;
    const { caseNumber, code, section } = proposal.fields;
    const key = sameBaseCountKey(caseNumber, code, section);
    const match = input.existing.find(
      (c) => !taken.has(c.id) && sameBaseCountKey(c.case_number, c.code, c.section) === key,
    );
    if (!match || !caseNumber) continue;
    taken.add(match.id);
    proposal.status = 'recorded';
    proposal.recordedConvictionId = match.id;
    proposal.recordedAs = `${match.code} ${match.section}`;
  }
  recordedElsewhere(input, proposals, rapArrests);

  const personFactProposals: PersonFactProposal[] = [];
  const registrations = sheet.registrations.filter((r) => r.pc290);
  if (registrations.length > 0 && input.facts.requiredToRegisterPC290 !== 'yes') {
    const used = new Set(registrations.map((r) => r.line));
    personFactProposals.push({
      key: 'requiredToRegisterPC290',
      label: 'Required to register under PC 290',
      value: 'yes',
      current: input.facts.requiredToRegisterPC290,
      outcome: null,
      source: registrations.flatMap((r) => excerpt(lines, r.line, r.line + 2, used)),
    });
  }

  return {
    proposals,
    personFactProposals,
    personRecord: personRecordOf(sheet, input.client),
    otherPerson: otherPersonOf(sheet, input.client),
    rapArrests,
    rapWarnings: sheet.warnings
      .filter((w) => !warningLines.has(w.line))
      .map((w) => ({ line: w.line, message: w.message, text: w.text ?? null }))
      .concat(
        steps
          .filter((step) => !step.attached)
          .map((step) => ({
            line: step.line,
            message: `A probation (or parole) violation in case ${step.caseNumber}${step.date ? ` on ${readableDate(step.date)}` : ''}: not an offense, so neither a conviction nor an arrest is proposed, and no conviction of that case number was read before it. Find the conviction it belongs to and set its probation outcome to violated`,
            text: step.text,
          })),
      )
      .concat(
        pages
          .filter((p) => p.source === 'ocr')
          .map((p) => ({
            line: p.firstLine,
            message: `Page ${p.page} was read by OCR${p.confidence !== undefined ? ` (confidence ${Math.round(p.confidence)}%)` : ''}: compare what is proposed with the paper.`,
            text: null,
          })),
      ),
  };
}

/**
 * A later court event of the same cycle that lists a case's offense again (resentenced under Prop 47,
 * a plea entered again) is most often the same conviction changed, not a second one: accepting both
 * would enter it twice (and propose relief for the old felony again). Two counts of one offense in one
 * event are two convictions and are left alone. The later proposal says so, naming the earlier.
 */
function warnSameConvictionListedAgain(proposals: ConvictionProposal[]): void {
  const firstSeen = new Map<string, ConvictionProposal>();
  for (const proposal of proposals) {
    const { caseNumber, code, section } = proposal.fields;
    if (!caseNumber || !section) continue;
    const [cycle, event] = proposal.key.split('-');
    const key = `${cycle} ${sameBaseCountKey(caseNumber, code, section)}`;
    const earlier = firstSeen.get(key);
    if (!earlier) {
      firstSeen.set(key, proposal);
      continue;
    }
    if (earlier.key.split('-')[1] === event) continue;
    const on = earlier.fields.convictionDate ? ` on ${readableDate(earlier.fields.convictionDate)}` : '';
    proposal.warnings.unshift(
      `Case ${caseNumber}, ${code ?? ''} ${section}, is listed again at a later court event of this arrest cycle: it was proposed already as convicted${on} (line ${earlier.source[0]?.line ?? '?'}). This is most often the same conviction, changed at that hearing (resentenced, reduced), not a second one. Accept one of the two, with the change entered on it, and drop the other, unless the court record shows two convictions.`,
    );
  }
}

/**
 * An arrest cycle with several charges (counts, or a supplemental arrest) is proposed as one arrest
 * record per charge, each with its own section: the court seals an arrest as a whole (PC 851.91), and
 * a petition drawn from one record names its one charge. Each proposal says which others go with it.
 */
function warnChargesOfOneArrest(arrests: ArrestProposal[]): void {
  const byCycle = new Map<string, ArrestProposal[]>();
  for (const arrest of arrests) {
    const cycle = arrest.key.split('-')[0] ?? arrest.key;
    byCycle.set(cycle, [...(byCycle.get(cycle) ?? []), arrest]);
  }
  for (const group of byCycle.values()) {
    if (group.length < 2) continue;
    const charges = group.map(
      (a) => [a.fields.code, a.fields.section].filter(Boolean).join(' ') || 'a charge not read',
    );
    for (const arrest of group)
      arrest.warnings.push(
        `This arrest cycle lists ${group.length} charges (${charges.join(', ')}), each proposed as an arrest record of its own. The court seals an arrest as a whole, and a petition drawn from one record names only its charge: accept them together and check before filing that the petition names every charge of the arrest, or keep one record and drop the others if the court record shows one arrest.`,
      );
  }
}

const remedyName = (id: ReliefId) => remedyLabel(id);

/**
 * What another matter shows of relief for one of its records, in words (each petition with its
 * outcome, and a grant its record itself keeps), and the grant to carry over, if any: the record's
 * own when it keeps one, else the latest petition granted under a remedy this kind of record takes.
 */
function reliefThere(
  record: OnOtherMatter,
  grantable: readonly ReliefId[],
): { said: string[]; grant: { remedy: ReliefId; on: string | null } | null } {
  const said = record.petitions.map(
    (p) =>
      `${remedyName(p.remedy)}: ${p.outcome ? OUTCOME_LABELS[p.outcome].toLowerCase() : `petition ${PETITION_STATUS_LABELS[p.status].toLowerCase()}, no outcome yet`}${p.outcome && p.decidedOn ? ` on ${readableDate(p.decidedOn)}` : ''}`,
  );
  const granted = record.petitions
    .filter((p) => p.outcome === 'granted' && grantable.includes(p.remedy))
    .sort((a, b) => (a.decidedOn ?? '').localeCompare(b.decidedOn ?? ''));
  const kept = record.reliefGrantedRemedy;
  if (kept && !granted.some((p) => p.remedy === kept))
    said.push(
      `${remedyName(kept)}: granted${record.reliefGrantedOn ? ` on ${readableDate(record.reliefGrantedOn)}` : ''}, as that matter’s record has it`,
    );
  const latest = granted[granted.length - 1];
  const grant = kept
    ? { remedy: kept, on: record.reliefGrantedOn }
    : latest
      ? { remedy: latest.remedy, on: latest.decidedOn }
      : null;
  return { said, grant };
}

/** What the review says of a count (or arrest) the client's other matter records. */
function elsewhereWarnings(
  what: 'conviction' | 'arrest',
  there: OnOtherMatter,
  said: string[],
  grant: { remedy: ReliefId; on: string | null } | null,
  readRelief: ReliefId | null,
): string[] {
  const ref = there.matter.reference;
  const out = [
    `Recorded on the client’s other matter ${ref} (${there.matter.county}): not proposed as new. It stays on that matter; record it on this one too only if this matter needs it${said.length > 0 ? `. On matter ${ref}: ${said.join('; ')}` : ''}.`,
  ];
  if (grant) {
    const label = remedyName(grant.remedy);
    out.push(
      `The court already granted ${label}${grant.on ? ` on ${readableDate(grant.on)}` : ''} for this ${what} on matter ${ref}: recorded here too, it is proposed with that relief granted, so it is not suggested again. Do not draft another ${label} petition for it.`,
    );
    if (readRelief && readRelief !== grant.remedy)
      out.push(
        `The RAP sheet shows ${remedyName(readRelief)} granted, matter ${ref} ${label}: check which the ${what} is to record here.`,
      );
  }
  return out;
}

/**
 * Marks each proposal still new that the client's other matter of this office records, by the same
 * match as on this matter (case number, code and section, then the section without subdivision or
 * degree; an arrest by date, agency and section): shown as recorded there, with the relief decided
 * there, not proposed as new. Recorded here too, it carries that matter's grant, so the rules do not
 * suggest again what the court granted.
 */
function recordedElsewhere(input: ReviewInput, proposals: ConvictionProposal[], arrests: ArrestProposal[]) {
  const convictions = input.elsewhere?.convictions ?? [];
  const taken = new Set<string>();
  for (const proposal of proposals) {
    const { caseNumber, code, section } = proposal.fields;
    if (proposal.status !== 'new' || !caseNumber) continue;
    const exact = sameCountKey(caseNumber, code, section);
    const base = sameBaseCountKey(caseNumber, code, section);
    const free = convictions.filter((c) => !taken.has(c.id));
    const match =
      free.find((c) => sameCountKey(c.case_number, c.code, c.section) === exact) ??
      free.find((c) => sameBaseCountKey(c.case_number, c.code, c.section) === base);
    if (!match) continue;
    taken.add(match.id);
    markElsewhere(
      proposal,
      'conviction',
      match,
      `${match.code} ${match.section}`,
      CONVICTION_RELIEF_REMEDY_IDS,
    );
  }
  const otherArrests = input.elsewhere?.arrests ?? [];
  for (const proposal of arrests) {
    if (proposal.status !== 'new') continue;
    const { arrestDate, arrestAgency, section } = proposal.fields;
    const key = sameArrestKey(arrestDate, arrestAgency, section);
    const match = otherArrests.find(
      (a) => !taken.has(a.id) && sameArrestKey(a.arrest_date, a.agency, a.section) === key,
    );
    if (!match) continue;
    taken.add(match.id);
    markElsewhere(
      proposal,
      'arrest',
      match,
      `${readableDate(match.arrest_date)}, ${match.agency}, ${match.section}`,
      ARREST_RELIEF_REMEDY_IDS,
    );
  }
}

/**
 * A proposal the client's other matter records: shown as recorded there (`recordedAs`, the relief
 * decided there), not proposed as new; a grant there is carried over, its date asked for when missing.
 */
function markElsewhere(
  proposal: ConvictionProposal | ArrestProposal,
  what: 'conviction' | 'arrest',
  match: OnOtherMatter,
  recordedAs: string,
  grantable: readonly ReliefId[],
) {
  const { said, grant } = reliefThere(match, grantable);
  proposal.status = 'elsewhere';
  proposal.elsewhere = {
    matterId: match.matter.id,
    reference: match.matter.reference,
    county: match.matter.county,
    recordedAs,
    relief: said,
  };
  proposal.warnings.unshift(
    ...elsewhereWarnings(what, match, said, grant, proposal.fields.reliefGrantedRemedy),
  );
  if (grant && proposal.fields.reliefGrantedRemedy === null) {
    proposal.fields.reliefGrantedRemedy = grant.remedy;
    proposal.fields.reliefGrantedOn = grant.on;
    if (!grant.on) proposal.missing.push('reliefGrantedOn');
  }
}

function proposalOf(
  input: ReviewInput,
  event: RapEvent,
  count: Count,
  key: string,
  at: {
    headerEnd: number;
    countEnd: number;
    existing: Map<string, string[]>;
    warningLines: Set<number>;
    steps: ProceduralStep[];
  },
): ConvictionProposal {
  const { lines, pages } = input.result;
  const caseNumber = count.caseNumber ?? event.caseNumber;
  // A court event whose COURT: line was lost (OCR, a page break): the reader found its convictions,
  // but nothing says which court gave them. Court and county are left for the attorney to fill.
  const courtLost = event.label === null;
  const court = courtLost ? { county: null, doubt: null } : countyOfCourt(event.agency);
  const county = court.county;
  // Convicted at a later dated update of the event (`COURT:` 20160801, then ` 20161015` `DISPO:CONVICTED`):
  // the conviction is the disposition's date, not the first hearing's.
  const date =
    (count.disposition?.kind === 'convicted' ? count.disposition.date : null) ??
    event.date ??
    count.disposition?.date ??
    null;
  // With no CONV STATUS, the type of charge (`TOC:M`, under the count or on the court line) gives
  // the level, as it does for arrests; said, since a charge may end in a conviction of another level.
  const toc = count.toc ?? event.toc;
  const levelByToc = toc ? (TOC_LEVELS[toc.toUpperCase()] ?? null) : null;
  const level = count.originalLevel ?? count.level ?? levelByToc;
  const afterRevocation = revocationTerm(count);
  const atConviction = count.originalSentence ?? count.sentence;
  const sentence = afterRevocation?.sentence ?? atConviction;
  const { relief, otherGrants, arrestOnly } = reliefOf(count);
  // Probation violations the record lists later as counts of the same case (PC 1203.2).
  const violations = at.steps.filter(
    (step) => caseNumber && normalise(step.caseNumber) === normalise(caseNumber) && step.line > count.line,
  );
  for (const step of violations) {
    step.attached = true;
    // The reader's "no conviction before it in this cycle" is answered by the warning below.
    for (const line of step.lines) at.warningLines.add(line);
  }
  const revoked = count.modifications.some((m) => m.kind === 'probation_revoked') || violations.length > 0;
  // "PROBATION TERMINATED" alone does not say how it ended: only an early termination (PC 1203.3) is
  // "terminated early", which PC 1203.4 makes relief as of right; one ended unsuccessfully is a
  // violation; otherwise the outcome is left to the attorney, with a warning.
  const ended = count.modifications.filter((m) => m.kind === 'probation_terminated');
  const endedBadly = ended.some((m) => /UNSUCC|UNSAT|NOT\s*SUCC|REVOK/.test(m.text));
  const endedEarly = !endedBadly && ended.some((m) => /EARLY|1203\.3(?!\d)/.test(m.text));
  const fields: ProposedConviction = {
    caseNumber,
    // Not the matter's county when the court's is not read: a petition is filed in the county that
    // convicted, which is often not the matter's, so a guess would send it to the wrong court.
    county,
    court: courtLost ? null : (event.agency ?? ''),
    code: count.code,
    section: count.section,
    level,
    wobbler: 'unknown',
    convictionDate: date,
    // The record's arrest date bounds the offense date but is not it (an arrest on a warrant comes
    // later): left for the attorney to take from the court record.
    offenseDate: null,
    sentenceKind: sentenceKindOf(count, sentence),
    executionSuspended: executionSuspendedOf(atConviction),
    mandatorySupervision: mandatorySupervisionOf(count, sentence),
    endDate: null,
    probationOutcome: revoked || endedBadly ? 'violated' : endedEarly ? 'terminated_early' : 'unknown',
    valueOver950: 'unknown',
    reliefGrantedRemedy: relief?.remedy ?? null,
    reliefGrantedOn: relief?.date ?? null,
  };
  const missing = (Object.keys(fields) as (keyof ProposedConviction)[]).filter(
    (k) =>
      fields[k] === null &&
      // Optional on the conviction form: the end date, and the offense date the record does not give.
      k !== 'endDate' &&
      k !== 'offenseDate' &&
      !(k === 'reliefGrantedRemedy' && !relief) &&
      !(k === 'reliefGrantedOn' && !relief),
  );
  const warnings: string[] = [];
  const undoneChange = undoneBy(count);
  const undone = undoneChange ? undoneMessage(undoneChange) : null;
  // First among what to check: entering it as a conviction would propose relief for a conviction that is gone.
  if (undone) warnings.push(undone);
  if (!caseNumber) warnings.push('The court case number could not be read: enter it from the record.');
  if (courtLost)
    warnings.push(
      `${count.number ? `Count ${count.number}` : 'This count'} is a conviction whose COURT: line was not read (lost in scanning or at a page break): the court and its county are not known. Enter them from the record${event.agency ? ` (the line above the count reads “${event.agency}”, which may be the court)` : ''}.`,
      ...unreadLines(input.result, event.line, at.headerEnd, at.warningLines),
    );
  else if (court.doubt) warnings.push(court.doubt);
  else if (!county && event.agency)
    warnings.push('The court line does not name its county: choose it from the record.');
  else if (!county) {
    // No court was read at all: say so, with the line the reader could not place, not that it names no county.
    warnings.push(
      'The court line could not be read: enter the court and its county from the record.',
      ...unreadLines(input.result, event.line, at.headerEnd, at.warningLines),
    );
  }
  if (convictedBy(count) === 'status_or_sentence')
    warnings.push(
      `No disposition (DISPO:) line was read for ${count.number ? `count ${count.number}` : 'this count'}: it is proposed as a conviction because the record gives it ${[level ? 'a conviction status' : null, atConviction ? 'a sentence' : null].filter(Boolean).join(' and ')}. Check the record that it was convicted.`,
    );
  if (!date) warnings.push('The conviction date could not be read: enter it from the record.');
  if (!level)
    warnings.push('The record gives no level (CONV STATUS): choose felony, misdemeanor or infraction.');
  else if (!(count.originalLevel ?? count.level))
    warnings.push(
      `The record gives no conviction status (CONV STATUS): ${level} is proposed from the type of charge (TOC:${toc?.toUpperCase()}). Check the level of the conviction, which may differ from the charge’s.`,
    );
  if (!fields.sentenceKind) warnings.push('The sentence could not be told from the record: choose it.');
  if (count.number === null) warnings.push('The count number could not be read.');
  if (count.range && count.range !== count.number)
    warnings.push(
      `Count ${count.number} is one of counts ${count.range}, which the record gives as one entry: each count of it is proposed with that entry’s charge, disposition and sentence. Check them against the court record.`,
    );
  else if (count.range)
    warnings.push(
      `The record gives counts ${count.range} as one entry that could not be read as a range: one conviction is proposed. Check the court record for how many counts it covers, and add the others.`,
    );
  if (relief && !relief.date)
    warnings.push('The record names relief granted without a date: enter the date.');
  for (const grant of arrestOnly)
    warnings.push(
      `The record shows ${REMEDY_LABELS[grant.remedy]} for this count (line ${grant.line}), which is relief on an arrest, not on a conviction: it is not proposed. Check the record; a conviction’s own relief is entered on the conviction form.`,
    );
  for (const other of otherGrants)
    warnings.push(
      `The record also shows relief granted under ${REMEDY_LABELS[other.remedy]}${other.date ? ` on ${readableDate(other.date)}` : ''} (line ${other.line}). A conviction records one grant: ${REMEDY_LABELS[relief?.remedy ?? other.remedy]} is proposed${relief && REDUCTIONS.has(relief.remedy) ? ', as it made the felony a misdemeanor' : ''}; the eligibility suggestions will not know of the ${REMEDY_LABELS[other.remedy]} grant.`,
    );
  // Prop 64 redesignates as a misdemeanor or an infraction (HS 11361.8(f)): the words must say which.
  for (const prop64 of count.modifications)
    if (prop64.remedy === 'prop64' && prop64.kind === 'resentenced' && prop64.level === null)
      warnings.push(
        `The record shows a Prop 64 resentencing or redesignation (line ${prop64.line}) that does not say the new level: check whether it became a misdemeanor or an infraction.`,
      );
  // A relief the court refused is no grant: said, so the reviewer does not look for it in the form.
  for (const denial of count.modifications)
    if (denial.kind === 'denied')
      warnings.push(
        `The record shows ${denial.remedy ? REMEDY_LABELS[denial.remedy] : 'a relief'} denied${denial.date ? ` on ${readableDate(denial.date)}` : ''} (line ${denial.line}): not relief granted, so it is not proposed.`,
      );
  if (count.level && count.originalLevel && count.level !== count.originalLevel)
    warnings.push(
      `Level at conviction proposed (${count.originalLevel}); the record shows it later became ${count.level}.`,
    );
  if (afterRevocation)
    warnings.push(
      `Probation (“${atConviction?.text ?? ''}”) was revoked${afterRevocation.revocation.date ? ` on ${readableDate(afterRevocation.revocation.date)}` : ''} and “${afterRevocation.sentence.text}” imposed: the sentence proposed is that term, with probation violated.`,
    );
  else if (revoked)
    // Each sentence is said with the event that gave it: a term imposed when probation was modified is
    // not one imposed on revocation (REVOKED AND REINSTATED gives none).
    for (const revocation of count.modifications.filter((m) => m.kind === 'probation_revoked')) {
      const on = revocation.date ? ` on ${readableDate(revocation.date)}` : '';
      if (revocation.sentence)
        warnings.push(
          `Probation was revoked${on} (line ${revocation.line}) and “${revocation.sentence.text}” imposed: probation (violated) is proposed; if that term was state prison or county jail under PC 1170(h), choose it.`,
        );
      else {
        const others = count.modifications.filter((m) => m.kind !== 'probation_revoked' && m.sentence);
        if (others.length > 0)
          warnings.push(
            `Probation was revoked${on} (line ${revocation.line}, “${revocation.text}”) with no new sentence; the record’s other sentences came from other events: ${others.map((m) => `“${m.sentence?.text}” (${m.text}${m.date ? ` on ${readableDate(m.date)}` : ''}, line ${m.line})`).join('; ')}. Probation (violated) is proposed, with the sentence at conviction.`,
          );
      }
    }
  if (!revoked && !endedBadly && !endedEarly)
    for (const end of ended)
      warnings.push(
        `The record says probation ended${end.date ? ` on ${readableDate(end.date)}` : ''} (line ${end.line}, “${end.text}”) but not how: choose from the court record whether it was completed, terminated early (PC 1203.3) or violated.`,
      );
  if (endedBadly && !revoked)
    for (const end of ended)
      warnings.push(
        `The record says probation ended unsuccessfully${end.date ? ` on ${readableDate(end.date)}` : ''} (line ${end.line}, “${end.text}”): probation (violated) is proposed.`,
      );
  for (const step of violations)
    warnings.push(
      `The record shows a probation violation in this case${step.date ? ` on ${readableDate(step.date)}` : ''} (line ${step.line}, “${step.text}”${step.sentence ? `, “${step.sentence}”` : ''}): probation (violated) is proposed. It is not a conviction of its own, so it is not proposed as one.`,
    );
  if (fields.sentenceKind === 'county_jail_1170h' && fields.mandatorySupervision === 'unknown')
    warnings.push(
      'The record does not say whether the county-jail term under PC 1170(h) included mandatory supervision: choose it (PC 1203.41’s wait is 1 year after the sentence with it, 2 without).',
    );
  for (const suspended of sentence?.details.filter(isSuspendedTerm) ?? [])
    warnings.push(
      `The sentence includes a term suspended or stayed (“${suspended}”): it was not served unless probation was revoked and the term executed, so it is not proposed as the sentence${fields.sentenceKind === 'probation' ? '; probation is proposed' : ''}.`,
    );
  if (sentence?.probationMonths)
    warnings.push('Probation’s end date is not on the record: enter it when known.');
  // A misread year, say, or a date when the client was a child under 14 (whom adult court does not
  // convict, W&I Code 602, 707): the conviction cannot be accepted until it is corrected.
  warnings.push(...convictionDateProblems(fields, input.today, bornOn(input)).map((p) => p.message));
  // From 14 to 17 it may be adult court's, or a juvenile adjudication the desk does not decide.
  const asMinor = convictedAsMinorNotice(fields.convictionDate, bornOn(input));
  if (asMinor) warnings.push(asMinor);

  // Highlighted: the court line (the event's header and its date line), every line of the count, and
  // the later lines that changed it.
  const used = new Set(countLines(count).concat(event.line));
  if (/^\s*\d{8}\b/.test(lines[event.line] ?? '')) used.add(event.line + 1);
  for (let line = count.line; line < at.countEnd; line++) used.add(line);
  const source = [
    ...excerpt(lines, event.line, at.headerEnd - 1, used),
    ...excerpt(lines, count.line, at.countEnd - 1, used),
  ];
  for (const m of count.modifications)
    if (m.line >= at.countEnd || m.line < count.line)
      source.push({ line: m.line, text: lines[m.line - 1] ?? '', used: true });
  const from = event.line;
  const to = Math.max(at.countEnd - 1, ...count.modifications.map((m) => m.line));
  warnings.push(...unreadLines(input.result, count.line, at.countEnd, at.warningLines));
  const confidence = ocrConfidence(pages, [from, count.line, to], warnings);

  const recordedId = recordedOnce(at.existing, sameCountKey(caseNumber, count.code, count.section));
  return {
    key,
    status: recordedId ? 'recorded' : 'new',
    elsewhere: null,
    recordedConvictionId: recordedId,
    recordedAs: null,
    outcome: input.decided.get(key) ?? null,
    fields,
    description: count.description,
    countNumber: count.number,
    sentenceText: sentence?.text ?? null,
    probationMonths: sentence?.probationMonths ?? null,
    jailDays: sentence?.jailDays ?? null,
    prisonMonths: sentence?.prisonMonths ?? null,
    laterEvents: count.modifications.map((m) => ({
      date: m.date,
      kind: m.kind,
      remedy: m.remedy,
      text: m.text,
    })),
    missing,
    undone,
    warnings,
    confidence,
    source: inLineOrder(source),
  };
}

/**
 * The client as the date checks name them: a date before their birth is flagged on the proposal, as
 * the writers refuse it on save (which would otherwise fail the whole review with no proposal marked).
 */
const bornOn = (input: ReviewInput): BornOn => ({
  name: input.client.legalName,
  dateOfBirth: input.client.dateOfBirth,
});

/** Full years from a date of birth to a date (negative before birth); null when either is missing. */
const TOC_LEVELS: Record<string, Level> = { F: 'felony', M: 'misdemeanor', I: 'infraction' };

/** What became of an arrest count, as the arrest form names it, from the record's words. */
function arrestDispositionOf(kind: string | null, text: string): ArrestDisposition {
  switch (kind) {
    case 'dismissed':
      return 'dismissed';
    case 'acquitted':
      return 'acquitted';
    case 'prosecutor_rejected':
    case 'released':
      return 'no_charges';
    case 'diversion':
      return /COMPLET|SUCCESS/.test(text) ? 'diversion_completed' : 'unknown';
    default:
      return 'unknown';
  }
}

function arrestProposalOf(
  input: ReviewInput,
  cycle: Cycle,
  event: RapEvent,
  count: Count | null,
  key: string,
  at: { countEnd: number; existing: Map<string, string[]>; warningLines: Set<number> },
): ArrestProposal {
  const { lines, pages } = input.result;
  // The arrest's own disposition, or else that of the same section in a later event of the cycle: a
  // court's, or a prosecutor's (`DA/PROS:`, which the reader files as other) rejecting the case.
  let disposition = count?.disposition ?? null;
  let dispositionDate = disposition?.date ?? null;
  if (!disposition && count?.section)
    for (const later of cycle.events)
      if (later.kind === 'court' || later.kind === 'other')
        for (const c of later.counts)
          if (!disposition && c.disposition && normalise(c.section) === normalise(count.section)) {
            disposition = c.disposition;
            dispositionDate = c.disposition.date ?? later.date;
          }
  const dispositionKind = arrestDispositionOf(disposition?.kind ?? null, disposition?.text ?? '');
  const date = event.date;
  if (
    dispositionKind === 'pending' ||
    dispositionKind === 'unknown' ||
    (dispositionDate && date && dispositionDate < date)
  )
    dispositionDate = null;
  const toc = count?.toc ?? event.toc;
  const level = count?.level ?? (toc ? (TOC_LEVELS[toc.toUpperCase()] ?? null) : null);
  // Relief the record shows on the arrest (sealed under PC 851.91, the DOJ's PC 851.93): proposed, so
  // the rules do not suggest sealing what is sealed.
  const relief =
    count?.modifications.find((m) => m.remedy !== null && ARREST_RELIEF_REMEDY_IDS.includes(m.remedy)) ??
    null;
  const fields: ProposedArrest = {
    arrestDate: date,
    arrestAgency: event.agency ?? '',
    code: count?.code ?? null,
    section: count?.section ?? null,
    offenseDescription: count?.description ?? '',
    level,
    disposition: dispositionKind,
    dispositionDate,
    resultOfTrafficking: 'unknown',
    reliefGrantedRemedy: relief?.remedy ?? null,
    reliefGrantedOn: relief?.date ?? null,
  };
  const missing = (['arrestDate', 'code', 'section', 'level'] as const).filter((k) => fields[k] === null);
  const warnings: string[] = [];
  if (!date) warnings.push('The arrest date could not be read: enter it from the record.');
  if (!count?.section) warnings.push('The charge could not be read: enter its code and section.');
  if (!level)
    warnings.push('The record gives no level for this arrest: choose felony, misdemeanor or infraction.');
  if (relief && !relief.date)
    warnings.push(
      `The record shows relief granted on this arrest (“${relief.text}”) without its date: enter the date it was granted.`,
    );
  if (dispositionKind === 'unknown')
    warnings.push(
      disposition
        ? `The record’s disposition (“${disposition.text}”) does not say what became of the arrest: choose it.`
        : 'The record gives no disposition for this arrest: choose what became of it when known.',
    );
  warnings.push(...arrestDateProblems(fields, input.today, bornOn(input)).map((p) => p.message));
  const used = new Set<number>([event.line]);
  if (/^\s*\d{8}\b/.test(lines[event.line] ?? '')) used.add(event.line + 1);
  const from = count?.line ?? event.line;
  if (count) for (let line = count.line; line < at.countEnd; line++) used.add(line);
  const headerEnd = event.counts[0]?.line ?? at.countEnd;
  const source = [
    ...excerpt(lines, event.line, headerEnd - 1, used),
    ...(count ? excerpt(lines, count.line, at.countEnd - 1, used) : []),
  ];
  if (disposition && !used.has(disposition.line))
    source.push({ line: disposition.line, text: lines[disposition.line - 1] ?? '', used: true });
  if (count) warnings.push(...unreadLines(input.result, count.line, at.countEnd, at.warningLines));
  const confidence = ocrConfidence(pages, [event.line, from], warnings);
  const recordedId = recordedOnce(at.existing, sameArrestKey(date, event.agency, count?.section ?? null));
  return {
    key,
    status: recordedId ? 'recorded' : 'new',
    elsewhere: null,
    recordedArrestId: recordedId,
    outcome: input.decided.get(key) ?? null,
    fields,
    dispositionText: disposition?.text ?? null,
    countNumber: count?.number ?? null,
    missing,
    warnings,
    confidence,
    source: inLineOrder(source),
  };
}

function personRecordOf(sheet: RapSheet, client: ReviewInput['client']): PersonRecordItem[] {
  const items: PersonRecordItem[] = [];
  const person = sheet.person;
  if (person.cii) items.push({ key: 'cii', label: 'CII number', value: person.cii, line: null, note: null });
  for (const [i, dob] of person.datesOfBirth.entries()) {
    items.push({
      key: `dob-${i + 1}`,
      label: i === 0 ? 'Date of birth' : 'Other date of birth',
      value: readableDate(dob),
      line: null,
      note:
        dob === client.dateOfBirth
          ? 'Same as the client’s date of birth.'
          : `Differs from the client’s date of birth (${readableDate(client.dateOfBirth)}).`,
    });
  }
  if (person.sex) items.push({ key: 'sex', label: 'Sex', value: person.sex, line: null, note: null });
  const known = [client.legalName, ...client.otherNames];
  for (const name of person.names)
    items.push({
      key: `name-${name.code}`,
      label: `Name ${name.code}`,
      value: name.name,
      line: name.line,
      // The same rule as otherPersonOf's: all the words of one name among the other's.
      note: known.some((k) => sameName(name.name, k))
        ? 'A name the client’s record has.'
        : 'Not among the client’s names.',
    });
  return items;
}

/**
 * Whether one name's words are all among the other's (`DOE, JOHN` and `John Michael Doe`), folded as
 * client search and duplicate detection fold names (accents, Ł, Đ, Ø, ß, case and order aside,
 * apostrophes closed up), words written together or apart counting alike: the DOJ's `OBRIEN` is
 * O'Brien and O Brien, `O BRIEN LUKASIK` is O'Brien-Łukasik, `GARCIALOPEZ` is García-López.
 */
export function sameName(a: string, b: string): boolean {
  const left = nameSortKey(a).split(' ').filter(Boolean);
  const right = nameSortKey(b).split(' ').filter(Boolean);
  return wordsAmong(left, right) || wordsAmong(right, left);
}

/**
 * Whether the words, taken in order, one or a few neighbours written together at a time, are each
 * one of the other name's words or a few of its neighbours written together.
 */
function wordsAmong(words: readonly string[], others: readonly string[]): boolean {
  if (words.length === 0) return false;
  const met = new Set<string>();
  for (let first = 0; first < others.length; first++)
    for (let last = first; last < others.length; last++) met.add(others.slice(first, last + 1).join(''));
  // metUpTo[end]: the words before `end` are met, run by run.
  const metUpTo = [true];
  for (let end = 1; end <= words.length; end++)
    metUpTo[end] = words.some(
      (_, start) => start < end && metUpTo[start] === true && met.has(words.slice(start, end).join('')),
    );
  return metUpTo[words.length] === true;
}

/**
 * Why the record reads as another person's than the client's, or null: none of its dates of birth is
 * the client's, or none of its names is one of the client's. A sheet naming no one is not said to.
 */
export function otherPersonOf(sheet: RapSheet, client: ReviewInput['client']): string | null {
  const reasons: string[] = [];
  const dobs = sheet.person.datesOfBirth;
  if (dobs.length > 0 && !dobs.includes(client.dateOfBirth))
    reasons.push(
      `its date of birth (${dobs.map(readableDate).join(', ')}) is not the client’s (${readableDate(client.dateOfBirth)})`,
    );
  const names = sheet.person.names.map((n) => n.name);
  const known = [client.legalName, ...client.otherNames];
  if (names.length > 0 && !names.some((name) => known.some((k) => sameName(name, k))))
    reasons.push(`none of its names (${names.join('; ')}) is among the client’s (${known.join('; ')})`);
  if (reasons.length === 0) return null;
  return `This RAP sheet appears to be of another person: ${reasons.join(', and ')}. Check that it is the client’s record before accepting anything from it; if it is another person’s, drop every proposal (or cancel) and read the client’s own RAP sheet.`;
}
