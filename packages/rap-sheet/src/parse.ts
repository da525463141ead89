// The reader: RAP sheet text in, a structured record out. Pure and total: any input gives a record,
// and every non-blank line is either placed in it or reported in `warnings` with its line number.
import { type Charge, readCharge, readCommentCharge } from './charges.ts';
import {
  convictedBy,
  isConvicted,
  isJuvenileCourt,
  JUVENILE_RECORD,
  NO_DISPOSITION_CONVICTED,
} from './convicted.ts';
import {
  readDisposition,
  readLevel,
  readModification,
  readModifications,
  readsAsDismissal,
  statesDoneChange,
  undoesConviction,
} from './dispositions.ts';
import {
  isCycleSeparator,
  isEndOfMessage,
  isEventSeparator,
  isPageFurniture,
  isSeeCommentForCharge,
  isStarDecoration,
  isStrikeBanner,
  readCaseNumberLine,
  readCommentSentence,
  readConvStatusTag,
  readCountTag,
  readDispoTag,
  readDobTag,
  readEventHeader,
  readFlags,
  readNameTag,
  readOtherHeader,
  readOtherTag,
  readSentenceTag,
  readTocTag,
} from './lines.ts';
import { isUnreadTerm, looksLikeSentenceWords, readSentence } from './sentence.ts';
import { collapse, dateDigits, foldDigits, isoDate, leadingDate, normalizeLine, wordKey } from './text.ts';
import type {
  Count,
  Cycle,
  Level,
  Modification,
  Person,
  RapEvent,
  RapSheet,
  Registration,
  Sentence,
  Warning,
} from './types.ts';

/** What each line of the input became: a role, or null for a line reported in `warnings`. */
export type LineRole =
  | 'blank'
  | 'page'
  | 'header'
  | 'name'
  | 'cycle-separator'
  | 'event-separator'
  | 'end'
  | 'strike'
  | 'event'
  | 'event-name'
  | 'event-dob'
  | 'event-date'
  | 'agency'
  | 'toc'
  | 'count'
  | 'case-number'
  | 'flags'
  | 'charge'
  | 'description'
  | 'disposition'
  | 'level'
  | 'sentence'
  | 'update'
  | 'modification'
  | 'note';

export interface ParseTrace {
  record: RapSheet;
  /** One entry per input line: its role, or null when the line was reported in `warnings`. */
  roles: Array<LineRole | null>;
}

interface UpdateDraft {
  date: string | null;
  line: number;
  dispositions: Array<{ text: string; line: number }>;
  statements: Array<{ text: string; line: number }>;
  level: Level | null;
  sentenceParts: string[];
  sentenceLine: number;
  /**
   * A comment naming only a relief's statute (`COM: 1203.4 PC`) under an update whose change names
   * none (`DISPO:CONVICTION SET ASIDE & DISMISSED`): read with that change when the update closes.
   */
  statuteComment?: { text: string; line: number };
}

interface PendingModification {
  modification: Modification;
  source: Count;
}

type CountStage = 'open' | 'charge' | 'disposition';

interface CountDraft {
  count: Count;
  stage: CountStage;
  sentenceParts: string[] | null;
  /** The 1-based line of the count's `SEN:`. */
  sentenceLine: number;
  seeComment: boolean;
  update: UpdateDraft | null;
}

const LEVEL_RANK: Record<Level, number> = { infraction: 0, misdemeanor: 1, felony: 2 };

/** The most counts one `CNT:` range is read as; a wider range is a misread (`001-999`). */
const MAX_COUNT_RANGE = 50;

/** Which relief or post-judgment statute a charge line names (`1203.4 PC-DISMISSED`), if any. */
const RELIEF_SECTION =
  /^(1203\.(4a?|41|42|425|49)|17\([bd]\)|1170\.18|11361\.8|851\.91|851\.8|236\.14)(\(|$)/;

class Reader {
  readonly lines: string[];
  readonly roles: Array<LineRole | null>;
  readonly warnings: Warning[] = [];
  /** Line and message of each remark made (note), so none is made twice. */
  readonly noted = new Set<string>();
  readonly person: Person = {
    cii: null,
    dateOfBirth: null,
    datesOfBirth: [],
    sex: null,
    names: [],
    fields: {},
  };
  readonly cycles: Cycle[] = [];

  phase: 'header' | 'cycles' | 'ended' = 'header';
  inNames = false;
  expectingEvent = false;
  pendingNameCode: string | null = null;
  cycle: Cycle | null = null;
  event: RapEvent | null = null;
  awaitingAgency = false;
  count: CountDraft | null = null;
  pending: PendingModification[] = [];
  /** The line of each count's charge (a change read from a charge points at it). */
  readonly chargeLines = new WeakMap<Count, number>();
  /** The counts of a range (`CNT:001-003`) after its first: the first alone states its changes. */
  readonly rangeCopies = new WeakSet<Count>();
  /** The last line that carried content (not blank, not page furniture): for continuations. */
  lastRole: LineRole | null = null;

  constructor(text: string) {
    this.lines = text.split(/\r\n|\r|\n/);
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    this.roles = new Array(this.lines.length).fill(null);
  }

  run(): void {
    for (let index = 0; index < this.lines.length; index++) {
      const line = normalizeLine(this.lines[index] ?? '');
      this.readLine(line, index);
    }
    this.closeCycle();
  }

  // --- bookkeeping -------------------------------------------------------------------------------

  place(index: number, role: LineRole): void {
    this.roles[index] = role;
    if (role !== 'blank' && role !== 'page') this.lastRole = role;
  }

  warn(index: number, message: string): void {
    const text = (this.lines[index] ?? '').trim();
    this.warnings.push({ line: index + 1, message, text: text.slice(0, 200) });
    this.roles[index] = null;
    this.lastRole = null;
  }

  /** A remark about a line that is placed all the same (a guess the reader made). */
  note(index: number, message: string): void {
    // Said once per line: two changes read from one line with nothing to change are one remark.
    const key = `${index}\u0000${message}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    const text = (this.lines[index] ?? '').trim();
    this.warnings.push({ line: index + 1, message, text: text.slice(0, 200) });
  }

  // --- one line ----------------------------------------------------------------------------------

  readLine(line: string, index: number): void {
    const trimmed = line.trim();
    if (trimmed === '') {
      this.place(index, 'blank');
      return;
    }
    if (isEndOfMessage(trimmed)) {
      this.closeCycle();
      this.phase = 'ended';
      this.place(index, 'end');
      return;
    }
    if (isStrikeBanner(trimmed)) {
      this.strike(index);
      return;
    }
    if (isStarDecoration(trimmed)) {
      this.place(index, 'strike');
      return;
    }
    if (isCycleSeparator(trimmed)) {
      if (this.phase === 'ended') {
        this.warn(index, 'After the end of the message: not read');
        return;
      }
      this.startCycle(index);
      this.place(index, 'cycle-separator');
      return;
    }
    if (isPageFurniture(trimmed)) {
      this.place(index, 'page');
      return;
    }
    if (this.phase === 'ended') {
      this.warn(index, 'After the end of the message: not read');
      return;
    }
    if (isEventSeparator(trimmed)) {
      if (this.phase === 'header') {
        this.place(index, 'header');
        return;
      }
      this.closeEvent();
      this.expectingEvent = true;
      this.place(index, 'event-separator');
      return;
    }
    const header =
      readEventHeader(trimmed) ??
      (this.expectingEvent && this.phase === 'cycles' ? readOtherHeader(trimmed) : null);
    if (header) {
      if (this.phase === 'header') this.startCycle(index);
      this.startEvent(header, index);
      return;
    }
    if (this.phase === 'header') {
      this.headerLine(trimmed, index);
      return;
    }
    if (this.person.cii !== null && /^CII\/\S+\s*$/.test(trimmed)) {
      this.place(index, 'page');
      return;
    }
    this.bodyLine(trimmed, index);
  }

  // --- the header --------------------------------------------------------------------------------

  headerLine(line: string, index: number): void {
    const fields = [...line.matchAll(/(?:^|\s)([A-Z]{2,4})\s?\/\s*/g)];
    if (fields.length === 0 || (fields[0]?.index ?? 0) > 2) {
      const nameContinuation = /^([0-9OIL]{2,3})\s+(\S.*)$/.exec(line);
      if (this.inNames && nameContinuation) {
        this.addName(nameContinuation[1] ?? '', nameContinuation[2] ?? '', index);
        this.place(index, 'name');
        return;
      }
      this.inNames = false;
      this.warn(index, 'Header line not recognised');
      return;
    }
    let role: LineRole = 'header';
    for (let at = 0; at < fields.length; at++) {
      const field = fields[at];
      if (!field) continue;
      const key = field[1] ?? '';
      const start = (field.index ?? 0) + field[0].length;
      const end = fields[at + 1]?.index ?? line.length;
      const value = line.slice(start, end).trim();
      if (key === 'NAM' || key === 'NAME') {
        const name = /^([0-9OIL]{1,3})\s+(\S.*)$/.exec(value);
        if (name) this.addName(name[1] ?? '', name[2] ?? '', index);
        else if (value !== '')
          this.addName(String(this.person.names.length + 1).padStart(2, '0'), value, index);
        this.inNames = true;
        role = 'name';
        continue;
      }
      this.inNames = false;
      if (key === 'CII') this.person.cii = value.replace(/\s+/g, '') || null;
      else if (key === 'DOB') {
        let read = 0;
        for (const token of value.split(/\s+/)) {
          const digits = dateDigits(token);
          const iso = digits ? isoDate(digits) : null;
          if (iso) {
            this.addDateOfBirth(iso, true);
            read++;
          }
        }
        if (read === 0) this.note(index, 'Date of birth not readable');
      } else if (key === 'SEX') {
        const sex = value.charAt(0);
        this.person.sex = sex === 'M' || sex === 'F' || sex === 'X' ? sex : null;
        if (this.person.sex === null) this.note(index, 'Sex not readable');
      } else this.person.fields[key] = collapse(value);
    }
    this.place(index, role);
  }

  addName(code: string, name: string, index: number): void {
    this.person.names.push({
      code: foldDigits(code),
      name: collapse(this.asPrinted(name, index)),
      line: index + 1,
    });
  }

  /**
   * A part of a line as printed, accents and case kept (`GARCÍA PEÑA`, not `GARCIA PEÑA`): the line is
   * read with its accents and case folded, one letter for one, so the part is at the same place.
   */
  asPrinted(part: string, index: number): string {
    const raw = this.lines[index] ?? '';
    const read = normalizeLine(raw);
    // Case kept too: `McDONALD, Seán` is shown as printed, not upper-cased (compared without case).
    const printed = normalizeLine(raw, { keepAccents: true, keepCase: true });
    const at = read.indexOf(part);
    if (at < 0 || read.length !== printed.length) return part;
    return printed.slice(at, at + part.length);
  }

  addDateOfBirth(iso: string, fromHeader: boolean): void {
    if (this.person.datesOfBirth.includes(iso)) return;
    this.person.datesOfBirth.push(iso);
    if (fromHeader || this.person.dateOfBirth === null) {
      if (this.person.dateOfBirth === null) this.person.dateOfBirth = iso;
    }
  }

  // --- cycles and events -------------------------------------------------------------------------

  startCycle(index: number): void {
    this.closeCycle();
    this.phase = 'cycles';
    this.inNames = false;
    this.cycle = { number: this.cycles.length + 1, events: [], line: index + 1 };
    this.cycles.push(this.cycle);
    this.expectingEvent = true;
  }

  closeCycle(): void {
    this.closeEvent();
    this.cycle = null;
  }

  startEvent(header: { kind: RapEvent['kind']; label: string; rest: string }, index: number): void {
    this.closeEvent();
    // An arrest after a court event in the same cycle: the cycle separator was lost in scanning.
    if (
      header.kind === 'arrest' &&
      this.cycle &&
      this.cycle.events.some((event) => event.kind === 'court' || event.kind === 'custody')
    ) {
      this.note(index, 'An arrest after a court event with no cycle separator between: read as a new cycle');
      this.startCycle(index);
    }
    if (!this.cycle) this.startCycle(index);
    const event: RapEvent = {
      kind: header.kind,
      label: header.label,
      date: null,
      agency: null,
      nameCode: this.pendingNameCode,
      dateOfBirth: null,
      caseNumber: null,
      toc: null,
      counts: [],
      notes: [],
      potentialFelonyStrike: false,
      line: index + 1,
    };
    this.pendingNameCode = null;
    this.cycle?.events.push(event);
    this.event = event;
    this.expectingEvent = false;
    this.awaitingAgency = false;
    this.place(index, 'event');
    let rest = header.rest;
    // `CUSTODY:JAIL`, `CUSTODY:CDC`: the kind of custody is part of the label.
    if ((header.kind === 'custody' || header.kind === 'mental_health') && rest !== '') {
      const kind = /^([A-Z][A-Z/ ]*?)(?=\s{2,}|\s+NAME?\s*[:;]|\s+\d|$)/.exec(rest);
      if (kind?.[1] && !/^NAME?$/.test(kind[1])) {
        event.label = `${event.label}${kind[1].trim()}`;
        rest = rest.slice(kind[0].length).trim();
      }
    }
    if (rest !== '') this.eventDetails(rest, index, true);
  }

  /** NAM:, DOB:, TOC: and a date with the agency, on the header line or the lines after it. */
  eventDetails(text: string, index: number, onHeaderLine: boolean): boolean {
    const event = this.event;
    if (!event) return false;
    let rest = text;
    let read = false;
    const name = readNameTag(rest);
    if (name) {
      event.nameCode = name.code;
      rest = name.rest;
      read = true;
    }
    const dob = readDobTag(rest);
    if (dob) {
      const digits = dateDigits(dob.written);
      const iso = digits ? isoDate(digits) : null;
      event.dateOfBirth = iso;
      if (iso) this.addDateOfBirth(iso, false);
      rest = dob.rest;
      read = true;
    }
    const toc = readTocTag(rest);
    if (toc) {
      event.toc = toc.toc;
      rest = toc.rest;
      read = true;
    }
    if (rest !== '' && event.date === null) {
      const date = leadingDate(rest);
      if (date) {
        event.date = date.iso;
        if (date.iso === null) this.note(index, `Date ${date.digits} is not a real day: left empty`);
        const agency = collapse(date.rest);
        if (agency !== '') event.agency = agency;
        else this.awaitingAgency = true;
        rest = '';
        read = true;
      }
    }
    if (rest !== '' && onHeaderLine) {
      event.notes.push(collapse(rest));
      read = true;
    }
    return read || rest === '';
  }

  closeEvent(): void {
    this.closeCount();
    const event = this.event;
    if (event) {
      this.courtWithoutHeader(event);
      this.courtRemarks(event);
      const court = this.courtInsideArrest(event);
      if (court) this.courtRemarks(court);
      if (court) {
        // Each event applies the changes stated under its own counts.
        const moved = new Set(court.counts);
        const courts = this.pending.filter((p) => moved.has(p.source));
        this.pending = this.pending.filter((p) => !moved.has(p.source));
        this.resolvePending(event);
        this.pending = courts;
        this.resolvePending(court);
      } else this.resolvePending(event);
    }
    this.event = null;
    this.awaitingAgency = false;
  }

  /**
   * An event with no header (its `COURT:` line lost to OCR or a page break) whose counts were
   * convicted: a court event, so its convictions are not lost. Its label stays null: the court it
   * names, if any, was not read from a `COURT:` line.
   */
  courtWithoutHeader(event: RapEvent): void {
    if (event.kind !== 'other' || event.label !== null) return;
    const convicted = event.counts.filter(isConvicted);
    if (convicted.length === 0) return;
    event.kind = 'court';
    const message = `${countsNamed(convicted)} convicted under an event with no header: read as a court event whose COURT: line was lost`;
    const warning = this.warnings.find(
      (w) => w.line === event.line && w.message.startsWith('An event with no header'),
    );
    if (warning) warning.message = message;
    else this.note(event.line - 1, message);
  }

  /**
   * What a court event says that needs checking. A juvenile court's event is said to be one. A
   * court event's count with no `DISPO:` line: never passed over in silence. With a `CONV STATUS:`
   * or `SEN:` line it is read as convicted (`convictedBy`), and said to be; with neither, what became
   * of it is not known.
   */
  courtRemarks(event: RapEvent): void {
    if (event.kind !== 'court') return;
    // A juvenile court convicts no one: said once, of the event, not of each count.
    if (isJuvenileCourt(event)) {
      this.note(event.line - 1, JUVENILE_RECORD);
      return;
    }
    for (const count of event.counts) {
      // A count whose charge is a relief statute (`1203.4 PC-DISMISSED`) states a change to an
      // earlier conviction, which it is applied to: it has no disposition of its own.
      if (count.disposition || (count.section !== null && RELIEF_SECTION.test(count.section))) continue;
      this.note(
        count.line - 1,
        convictedBy(count)
          ? NO_DISPOSITION_CONVICTED
          : 'No DISPO: line was read for this count, nor a conviction status or sentence: what became of it is not known; check the record',
      );
    }
  }

  /**
   * Convicted counts inside an arrest: a court event whose separator, `COURT:` line and date line were
   * all lost, its counts read on as the arrest's. They are moved to a court event of their own (no
   * label, date or court: none was read), from where their numbers start again (`CNT:01` after the
   * arrest's counts) or else from the first convicted count, so the conviction is proposed.
   */
  courtInsideArrest(event: RapEvent): RapEvent | null {
    if (event.kind !== 'arrest' && event.kind !== 'supplemental_arrest') return null;
    const counts = event.counts;
    const firstConvicted = counts.findIndex(isConvicted);
    if (firstConvicted < 0) return null;
    const numberOf = (count: Count | undefined) => Number.parseInt(count?.number ?? '', 10);
    let from = firstConvicted;
    for (let at = firstConvicted; at > 0; at--) {
      const before = numberOf(counts[at - 1]);
      const here = numberOf(counts[at]);
      if (Number.isFinite(before) && Number.isFinite(here) && here <= before) {
        from = at;
        break;
      }
    }
    const moved = counts.splice(from);
    const first = moved[0];
    if (!first) return null;
    const court: RapEvent = {
      kind: 'court',
      label: null,
      date: null,
      agency: null,
      nameCode: event.nameCode,
      dateOfBirth: null,
      caseNumber: first.caseNumber,
      toc: null,
      counts: moved,
      notes: [],
      potentialFelonyStrike: false,
      line: first.line,
    };
    const cycle = this.cycle;
    if (cycle) cycle.events.splice(cycle.events.indexOf(event) + 1, 0, court);
    this.note(
      first.line - 1,
      `${countsNamed(moved.filter(isConvicted))} convicted inside an arrest: read as a court event whose COURT: line, date and court were lost`,
    );
    return court;
  }

  strike(index: number): void {
    if (this.count) this.count.count.potentialFelonyStrike = true;
    else if (this.event) this.event.potentialFelonyStrike = true;
    else if (this.cycle) {
      const last = this.cycle.events[this.cycle.events.length - 1];
      if (last) last.potentialFelonyStrike = true;
    }
    this.place(index, 'strike');
  }

  // --- lines inside a cycle ----------------------------------------------------------------------

  bodyLine(line: string, index: number): void {
    if (!this.event) {
      const name = readNameTag(line);
      if (name && name.rest === '') {
        this.pendingNameCode = name.code;
        this.place(index, 'event-name');
        return;
      }
      const date = leadingDate(line);
      const countTag = readCountTag(line);
      if ((date && date.rest !== '') || countTag !== null) {
        this.note(
          index,
          'An event with no header (ARR/DET/CITE:, COURT:...): read as an event of unknown kind',
        );
        this.startEvent({ kind: 'other', label: '', rest: '' }, index);
        if (this.event) (this.event as RapEvent).label = null;
        this.roles[index] = null;
        // The line itself is read below, inside the new event.
      } else {
        this.warn(index, 'Not inside an event: not read');
        return;
      }
    }
    const event = this.event;
    if (!event) {
      this.warn(index, 'Not inside an event: not read');
      return;
    }

    const countTag = readCountTag(line);
    if (countTag !== null) {
      this.startCount(countTag, index);
      return;
    }

    if (!this.count) {
      this.eventLine(event, line, index);
      return;
    }
    this.countLine(this.count, line, index);
  }

  /** A line of an event before its first count. */
  eventLine(event: RapEvent, line: string, index: number): void {
    const name = readNameTag(line);
    if (name && name.rest === '') {
      event.nameCode = name.code;
      this.place(index, 'event-name');
      return;
    }
    const dob = readDobTag(line);
    if (dob && !leadingDate(line)) {
      this.eventDetails(line, index, false);
      this.place(index, 'event-dob');
      return;
    }
    if (event.date === null) {
      const date = leadingDate(line.replace(/^\s*NAME?\s*[:;]\s*[0-9OIL]{1,3}\s*/, ''));
      if (date || name) {
        this.eventDetails(line, index, true);
        this.place(index, 'event-date');
        return;
      }
    }
    const toc = readTocTag(line);
    if (toc && toc.rest === '') {
      event.toc = toc.toc;
      this.place(index, 'toc');
      return;
    }
    const caseNumber = readCaseNumberLine(line);
    if (caseNumber) {
      event.caseNumber ??= caseNumber;
      this.place(index, 'case-number');
      return;
    }
    const charge = readCharge(line);
    if (charge) {
      this.note(index, 'A charge with no CNT: line before it: read as a count whose number is missing');
      this.openCount(null, index);
      if (this.count) this.countLine(this.count, line, index);
      return;
    }
    const dispo = readDispoTag(line);
    if (dispo !== null) {
      this.note(index, 'A disposition with no CNT: line before it: read as a count whose number is missing');
      this.openCount(null, index);
      if (this.count) this.countLine(this.count, line, index);
      return;
    }
    if (this.awaitingAgency && event.agency === null && readOtherTag(line) === null && /[A-Z]/.test(line)) {
      event.agency = collapse(line);
      this.awaitingAgency = false;
      this.place(index, 'agency');
      return;
    }
    if (readOtherTag(line) !== null) {
      event.notes.push(collapse(line));
      this.place(index, 'note');
      return;
    }
    this.warn(index, 'Line in an event not recognised');
  }

  // --- counts ------------------------------------------------------------------------------------

  startCount(tagRest: string, index: number): void {
    const parsed = parseCountTag(tagRest);
    this.openCount(parsed.number, index);
    const draft = this.count;
    if (!draft) return;
    this.place(index, 'count');
    if (parsed.number === null) this.note(index, 'Count number missing or not readable');
    if (parsed.caseNumber) this.setCaseNumber(draft, parsed.caseNumber);
    if (parsed.tail !== '') {
      const charge = readCharge(parsed.tail);
      if (charge) this.setCharge(draft, charge, index);
      else draft.count.notes.push(parsed.tail);
    }
  }

  openCount(number: string | null, index: number): void {
    this.closeCount();
    const event = this.event;
    if (!event) return;
    const previous = event.counts[event.counts.length - 1];
    const count: Count = {
      number,
      range: null,
      caseNumber: previous?.caseNumber ?? event.caseNumber,
      code: null,
      section: null,
      description: null,
      flags: [],
      attempted: false,
      sentencedUnder1170h: false,
      toc: null,
      disposition: null,
      earlierDispositions: [],
      level: null,
      originalLevel: null,
      sentence: null,
      originalSentence: null,
      modifications: [],
      potentialFelonyStrike: false,
      notes: [],
      line: index + 1,
    };
    event.counts.push(count);
    this.count = {
      count,
      stage: 'open',
      sentenceParts: null,
      sentenceLine: 0,
      seeComment: false,
      update: null,
    };
  }

  setCaseNumber(draft: CountDraft, caseNumber: string): void {
    draft.count.caseNumber = caseNumber;
    if (this.event && this.event.caseNumber === null) {
      this.event.caseNumber = caseNumber;
      // Counts read before the case number was found share it.
      for (const count of this.event.counts) count.caseNumber ??= caseNumber;
    }
  }

  setCharge(draft: CountDraft, charge: Charge, index: number): void {
    this.chargeLines.set(draft.count, index + 1);
    draft.count.code = charge.code;
    draft.count.section = charge.section;
    draft.count.description = charge.description === '' ? null : charge.description;
    if (draft.stage === 'open') draft.stage = 'charge';
  }

  countLine(draft: CountDraft, line: string, index: number): void {
    const count = draft.count;

    // A date alone (or a date then DISPO:): an update to this count, made later.
    const date = leadingDate(line);
    // A date and an agency among an arrest's counts: the next event's date line, its header and the
    // `- - - -` before it lost (OCR, a page break). Read as an event with no header.
    const event = this.event;
    if (
      event &&
      (event.kind === 'arrest' || event.kind === 'supplemental_arrest') &&
      event.date !== null &&
      date?.iso &&
      /^[A-Z]{2,}\s+[A-Z]/.test(date.rest) &&
      readOtherTag(date.rest) === null &&
      readModification(date.rest) === null &&
      readCharge(line) === null
    ) {
      this.note(
        index,
        'An event with no header (ARR/DET/CITE:, COURT:...): read as an event of unknown kind',
      );
      this.startEvent({ kind: 'other', label: '', rest: '' }, index);
      const headerless = this.event as RapEvent | null;
      if (!headerless) return;
      headerless.label = null;
      this.roles[index] = null;
      this.eventLine(headerless, line, index);
      return;
    }
    if (date && (date.rest === '' || readDispoTag(date.rest) !== null || /^[A-Z ]*:/.test(date.rest))) {
      this.closeUpdate(draft);
      this.closeSentence(draft);
      draft.update = {
        date: date.iso,
        line: index + 1,
        dispositions: [],
        statements: [],
        level: null,
        sentenceParts: [],
        sentenceLine: 0,
      };
      if (date.iso === null) this.note(index, `Date ${date.digits} is not a real day: left empty`);
      this.place(index, 'update');
      if (date.rest !== '') this.countLine(draft, date.rest, index);
      return;
    }

    const dispo = readDispoTag(line);
    if (dispo !== null) {
      this.closeSentence(draft);
      if (draft.update) draft.update.dispositions.push({ text: dispo, line: index + 1 });
      else if (count.disposition === null) {
        const reading = readDisposition(dispo);
        count.disposition = {
          kind: reading.kind,
          text: collapse(dispo),
          date: null,
          line: index + 1,
        };
        draft.stage = 'disposition';
        // Words the reader does not know (or a guess): said, so no count is lost without a word.
        // A disposition that states a later change (`1203.4 PC-DISMISSED`) is read as that change.
        if (reading.warning && readModifications(dispo).length === 0) this.note(index, reading.warning);
      } else {
        // A second disposition with no date of its own: a later change all the same.
        draft.update = {
          date: null,
          line: index + 1,
          dispositions: [{ text: dispo, line: index + 1 }],
          statements: [],
          level: null,
          sentenceParts: [],
          sentenceLine: 0,
        };
      }
      this.place(index, 'disposition');
      return;
    }

    const status = readConvStatusTag(line);
    if (status !== null) {
      this.closeSentence(draft);
      const level = readLevel(status);
      if (level === null) this.note(index, 'Conviction status not readable');
      if (draft.update) draft.update.level = level ?? draft.update.level;
      else count.level = level ?? count.level;
      this.place(index, 'level');
      return;
    }

    const sentence = readSentenceTag(line);
    if (sentence !== null) {
      this.closeSentence(draft);
      if (draft.update) {
        draft.update.sentenceParts.push(sentence);
        draft.update.sentenceLine = index + 1;
      } else {
        draft.sentenceParts = [sentence];
        draft.sentenceLine = index + 1;
      }
      this.place(index, 'sentence');
      return;
    }

    // A sentence continued on the next line.
    const openParts =
      draft.update && draft.update.sentenceParts.length > 0
        ? draft.update.sentenceParts
        : draft.sentenceParts;
    if (openParts && this.lastRole === 'sentence' && readOtherTag(line) === null && !readCharge(line)) {
      const previous = openParts[openParts.length - 1] ?? '';
      if (/[,&-]\s*$/.test(previous) || looksLikeSentenceWords(line)) {
        openParts.push(line.trim());
        this.place(index, 'sentence');
        return;
      }
    }

    const flags = readFlags(line);
    if (flags) {
      count.flags.push(...flags);
      if (flags.some((flag) => /^ATTEMPT/.test(flag))) count.attempted = true;
      this.place(index, 'flags');
      return;
    }

    // A comment continued on the next line (long COM: lines wrap).
    if (
      this.lastRole === 'note' &&
      (count.section !== null || count.description !== null || count.disposition !== null) &&
      /^[A-Z0-9#][A-Z0-9 #/&.,()$:-]*$/.test(line.trim()) &&
      readOtherTag(line) === null &&
      !readCharge(line) &&
      !readModification(line)
    ) {
      const notes = draft.update ? draft.update.statements : null;
      const last = notes ? notes[notes.length - 1] : undefined;
      if (last) last.text = collapse(`${last.text} ${line}`);
      else if (count.notes.length > 0)
        count.notes[count.notes.length - 1] = collapse(`${count.notes[count.notes.length - 1]} ${line}`);
      if (last || count.notes.length > 0) {
        this.place(index, 'note');
        return;
      }
    }

    const caseNumber = readCaseNumberLine(line);
    if (caseNumber && (this.lastRole === 'count' || count.caseNumber === null || count.section === null)) {
      this.setCaseNumber(draft, caseNumber);
      this.place(index, 'case-number');
      return;
    }

    if (isSeeCommentForCharge(line)) {
      draft.seeComment = true;
      this.place(index, 'charge');
      return;
    }

    const toc = readTocTag(line);
    if (toc && toc.rest === '') {
      count.toc = toc.toc;
      this.place(index, 'toc');
      return;
    }

    const charge = readCharge(line);
    if (charge) {
      this.chargeLine(draft, charge, line, index);
      return;
    }

    const tag = readOtherTag(line);
    // A comment after the disposition that states a change made (`COM: REDUCED TO MISD PER 17(B) PC`)
    // is that change; one that only names a relief (`COM: 1203.4 PETITION FILED`) stays a note, said.
    if (
      tag !== null &&
      /^COM(MENTS?)?$/.test(wordKey(tag)) &&
      (draft.update || draft.stage === 'disposition')
    ) {
      const said = line.slice(line.indexOf(':') + 1);
      if (readModifications(said).length > 0 || readModification(said)) {
        this.closeSentence(draft);
        if (statesDoneChange(said)) {
          const statement = { text: collapse(said), line: index + 1 };
          if (draft.update) draft.update.statements.push(statement);
          else
            draft.update = {
              date: null,
              line: index + 1,
              dispositions: [],
              statements: [statement],
              level: null,
              sentenceParts: [],
              sentenceLine: 0,
            };
          this.place(index, 'modification');
          return;
        }
        this.place(index, 'note');
        const update = draft.update;
        if (update && !update.statuteComment && update.dispositions.some(changeWithoutStatute)) {
          update.statuteComment = { text: collapse(line), line: index + 1 };
          return;
        }
        count.notes.push(collapse(line));
        this.note(index, COMMENT_NAMES_RELIEF);
        return;
      }
    }
    if (tag !== null) {
      this.closeSentence(draft);
      const text = collapse(line);
      if (draft.update) draft.update.statements.push({ text, line: index + 1 });
      else count.notes.push(text);
      if (draft.seeComment && count.section === null) {
        const fromComment = readCommentCharge(line);
        if (fromComment) this.setCharge(draft, fromComment, index);
      }
      const commentSentence = readCommentSentence(line);
      if (commentSentence && !draft.update && draft.sentenceParts === null && count.sentence === null) {
        count.sentence = this.sentenceAt(commentSentence, index + 1);
        count.originalSentence = count.sentence;
      }
      this.place(index, 'note');
      return;
    }

    // A change stated without DISPO: (`RELIEF GRANTED 1203.425`), in an update or after the disposition.
    if (draft.update || draft.stage === 'disposition') {
      const change = readModification(line);
      if (change) {
        if (draft.update) draft.update.statements.push({ text: collapse(line), line: index + 1 });
        else {
          draft.update = {
            date: null,
            line: index + 1,
            dispositions: [],
            statements: [{ text: collapse(line), line: index + 1 }],
            level: null,
            sentenceParts: [],
            sentenceLine: 0,
          };
        }
        this.place(index, 'modification');
        return;
      }
    }

    // A charge written in words only (`APPLICANT ADULT DAY/RESIDENT REHAB`, `TRAFFIC VIOLATION`).
    if (
      draft.stage === 'open' &&
      count.section === null &&
      count.description === null &&
      isPlainWords(line)
    ) {
      count.description = collapse(line);
      draft.stage = 'charge';
      this.place(index, 'charge');
      return;
    }

    // The description of the charge, continued on the next line.
    if (
      draft.stage === 'charge' &&
      (this.lastRole === 'charge' || this.lastRole === 'description') &&
      isPlainWords(line)
    ) {
      count.description = collapse(`${count.description ?? ''} ${line.trim()}`);
      this.place(index, 'description');
      return;
    }

    this.warn(index, 'Line in a count not recognised');
  }

  chargeLine(draft: CountDraft, charge: Charge, line: string, index: number): void {
    const count = draft.count;
    if (charge.section.startsWith('1170(h)') && /SENTENC/.test(charge.description)) {
      count.sentencedUnder1170h = true;
      this.place(index, 'charge');
      return;
    }
    if (draft.update) {
      draft.update.statements.push({ text: collapse(line), line: index + 1 });
      this.place(index, 'modification');
      return;
    }
    if (count.section === null && draft.stage !== 'disposition') {
      this.setCharge(draft, charge, index);
      this.place(index, 'charge');
      return;
    }
    if (draft.stage === 'disposition' && RELIEF_SECTION.test(charge.section)) {
      draft.update = {
        date: null,
        line: index + 1,
        dispositions: [],
        statements: [{ text: collapse(line), line: index + 1 }],
        level: null,
        sentenceParts: [],
        sentenceLine: 0,
      };
      this.place(index, 'modification');
      return;
    }
    // A second charge in one count: the next count, its CNT: line lost (a page break, a scan).
    const previousNumber = count.number;
    this.note(index, 'A charge with no CNT: line before it: read as the next count, its number missing');
    this.openCount(null, index);
    const next = this.count;
    if (!next) {
      this.warn(index, 'Line in a count not recognised');
      return;
    }
    if (previousNumber && /^\d+$/.test(previousNumber)) {
      next.count.number = null;
    }
    this.setCharge(next, charge, index);
    this.place(index, 'charge');
  }

  /** Reads a sentence, and says of each term in it that was not read (so none is lost silently). */
  sentenceAt(text: string, line: number): Sentence {
    const sentence = readSentence(text);
    for (const part of sentence.details)
      if (isUnreadTerm(part) && line > 0)
        this.note(line - 1, `Sentence term not read: “${part}”; check the record`);
    return sentence;
  }

  closeSentence(draft: CountDraft): void {
    if (draft.sentenceParts && !draft.update) {
      // A second SEN: line of the count (`SEN: 16 MONTHS JAIL`, `.-1170 (H) PC-SENTENCING`, `SEN: 2 YEARS
      // MANDATORY SUPERVISION`) adds to the first: it replaced it, and the jail term was lost in silence.
      const earlier = draft.count.sentence?.text;
      const written = draft.sentenceParts.join(' ');
      const sentence = this.sentenceAt(earlier ? `${earlier}, ${written}` : written, draft.sentenceLine);
      draft.count.sentence = sentence;
      draft.count.originalSentence = sentence;
      draft.sentenceParts = null;
    }
  }

  closeCount(): void {
    const draft = this.count;
    if (!draft) return;
    this.closeSentence(draft);
    this.closeUpdate(draft);
    draft.count.originalLevel = draft.count.level;
    this.count = null;
    this.expandRange(draft.count);
  }

  /**
   * `CNT:001-003`: one entry for counts 1 to 3, each convicted (or dismissed...) as the entry says.
   * Read as one count per number, each with the entry's charge, disposition, sentence and changes,
   * so no count of the range is lost. A range that runs backwards or covers more counts than a case
   * holds is a misread: kept as one count, numbered as written, and reported.
   */
  expandRange(count: Count): void {
    const range = /^(\d{1,3})-(\d{1,3})$/.exec(count.number ?? '');
    if (!range) return;
    const written = count.number ?? '';
    count.range = written;
    const first = Number(range[1]);
    const last = Number(range[2]);
    if (last < first || last - first + 1 > MAX_COUNT_RANGE) {
      this.note(
        count.line - 1,
        last < first
          ? `Count range ${written} runs backwards: read as one count; check the record for the counts it covers`
          : `Count range ${written} covers more than ${MAX_COUNT_RANGE} counts, more than a case holds: read as one count; check the record for the counts it covers`,
      );
      return;
    }
    const width = (range[1] ?? '').length;
    const numberOf = (n: number) => String(n).padStart(width, '0');
    count.number = numberOf(first);
    if (first === last) count.range = null;
    const event = this.event;
    if (!event || first === last) return;
    // The count closed is the event's last but for a split; found from the end, so a sheet of many
    // ranges is not read in quadratic time.
    const at = event.counts.lastIndexOf(count);
    if (at < 0) return;
    // An update under the count changes a convicted count itself: each count of the range.
    const convicted = isConvicted(count);
    const ownChanges = convicted ? this.pending.filter((p) => p.source === count) : [];
    const copies: Count[] = [];
    for (let n = first + 1; n <= last; n++) {
      const copy = copyCount(count);
      copy.number = numberOf(n);
      copies.push(copy);
      this.rangeCopies.add(copy);
      const chargeLine = this.chargeLines.get(count);
      if (chargeLine !== undefined) this.chargeLines.set(copy, chargeLine);
      for (const own of ownChanges)
        this.pending.push({ modification: { ...own.modification }, source: copy });
    }
    if (at === event.counts.length - 1) event.counts.push(...copies);
    else event.counts.splice(at + 1, 0, ...copies);
  }

  /** Turns an update under a count into its disposition (when it had none) or modifications. */
  closeUpdate(draft: CountDraft): void {
    const update = draft.update;
    if (!update) return;
    draft.update = null;
    const count = draft.count;
    const sentence: Sentence | null =
      update.sentenceParts.length > 0
        ? this.sentenceAt(update.sentenceParts.join(' '), update.sentenceLine)
        : null;
    const found: Modification[] = [];
    const make = (
      kind: Modification['kind'],
      remedy: Modification['remedy'],
      text: string,
      level: Level | null,
      line: number,
    ): Modification => ({
      kind,
      remedy,
      date: update.date,
      text: collapse(text),
      level,
      sentence: null,
      source: 'update',
      line,
    });

    for (const dispo of update.dispositions) {
      // Every relief the line names: `SET ASIDE AND DISMISSED PER 1203.4 PC, REDUCED PER 17(B) PC`.
      const changes = readModifications(dispo.text);
      if (changes.length > 0) {
        for (const change of changes)
          found.push(make(change.kind, change.remedy, dispo.text, change.level, dispo.line));
        continue;
      }
      const { kind, warning } = readDisposition(dispo.text);
      const current = count.disposition;
      // Words the reader does not know never replace an outcome it read (`MOTION DENIED` under a
      // dismissed count), and a count dismissed or acquitted is not made a conviction by a later line.
      const keep =
        current !== null &&
        current.kind !== 'convicted' &&
        (kind === 'other' ||
          (kind === 'convicted' && (current.kind === 'dismissed' || current.kind === 'acquitted')));
      if (keep) {
        count.notes.push(collapse(dispo.text));
        this.note(
          dispo.line - 1,
          kind === 'other'
            ? `${warning ?? 'Disposition not recognised'}: the count stays ${current.kind.replace('_', ' ')}`
            : `A conviction after the count was ${current.kind}: the count stays ${current.kind}, not read as a conviction; check the record`,
        );
        continue;
      }
      if (current === null || current.kind !== 'convicted') {
        // The outcome itself, reached at a later hearing (or replacing a diversion, a continuance).
        if (warning) this.note(dispo.line - 1, warning);
        if (current) count.earlierDispositions.push(current);
        count.disposition = { kind, text: collapse(dispo.text), date: update.date, line: dispo.line };
        draft.stage = 'disposition';
        if (update.level) count.level = update.level;
        if (sentence) {
          count.sentence = sentence;
          count.originalSentence = sentence;
        }
        update.level = null;
        update.sentenceParts = [];
        continue;
      }
      found.push(make(kind === 'dismissed' ? 'dismissed' : 'other', null, dispo.text, null, dispo.line));
      if (kind !== 'dismissed')
        this.note(
          dispo.line - 1,
          'A later disposition not read as a change to the conviction: kept as written, the count stays convicted; check the record',
        );
    }
    for (const statement of update.statements) {
      const changes = readModifications(statement.text);
      if (changes.length === 0) {
        count.notes.push(statement.text);
        continue;
      }
      for (const change of changes) {
        const same = found.find((mod) => mod.kind === change.kind && mod.remedy === change.remedy);
        if (same) continue;
        found.push(make(change.kind, change.remedy, statement.text, change.level, statement.line));
      }
    }
    // `DISPO:CONVICTION SET ASIDE & DISMISSED`, then `COM: 1203.4 PC`: the change and its statute.
    const comment = update.statuteComment;
    if (comment && !withStatuteFromComment(found, comment)) {
      count.notes.push(comment.text);
      this.note(comment.line - 1, COMMENT_NAMES_RELIEF);
    }
    // A dismissal still naming no statute may be relief (PC 1203.4) or the conviction undone: only the
    // court record tells.
    for (const change of found)
      if (change.remedy === null && readsAsDismissal(change.text))
        this.note(
          change.line - 1,
          'A later dismissal or setting aside of the conviction names no statute: it may be relief granted (PC 1203.4) or the conviction undone; check the record',
        );
    const remainingSentence = update.sentenceParts.length > 0 ? sentence : null;
    if (found.length === 0 && (update.level || remainingSentence)) {
      const reduced = update.level && count.level && LEVEL_RANK[update.level] < LEVEL_RANK[count.level];
      found.push(
        make(
          remainingSentence && !update.level ? 'sentence_modified' : reduced ? 'reduced' : 'other',
          null,
          [update.level ? `CONV STATUS:${update.level.toUpperCase()}` : '', remainingSentence?.text ?? '']
            .filter(Boolean)
            .join(' '),
          null,
          update.line,
        ),
      );
    }
    const last = found[found.length - 1];
    if (last) {
      if (update.level && last.level === null) last.level = update.level;
      if (remainingSentence) last.sentence = remainingSentence;
    }
    for (const modification of found) this.pending.push({ modification, source: count });
  }

  // --- applying later changes to the counts they change ------------------------------------------

  resolvePending(event: RapEvent): void {
    const pending = this.pending;
    this.pending = [];
    // Counts of this event whose own disposition (or charge) states a change: `1203.4 PC-DISMISSED`.
    if (event.kind !== 'arrest' && event.kind !== 'supplemental_arrest') {
      for (const count of event.counts) {
        if (count.disposition?.kind === 'convicted' || this.rangeCopies.has(count)) continue;
        const fromCharge = count.section !== null && RELIEF_SECTION.test(count.section);
        const text = fromCharge
          ? `${count.section?.toUpperCase()} ${count.code}-${count.description ?? ''}`
          : (count.disposition?.text ?? '');
        const changes = readModifications(fromCharge ? `${text} ${count.disposition?.text ?? ''}` : text);
        pending.unshift(
          ...changes.map(
            (change): PendingModification => ({
              modification: {
                kind: change.kind,
                remedy: change.remedy,
                date: count.disposition?.date ?? event.date,
                text: collapse(fromCharge ? text : (count.disposition?.text ?? text)),
                level: change.level,
                sentence: count.sentence,
                source: 'update',
                line: fromCharge
                  ? (this.chargeLines.get(count) ?? count.line)
                  : (count.disposition?.line ?? count.line),
              },
              source: count,
            }),
          ),
        );
      }
    }
    pending.sort((a, b) => a.modification.line - b.modification.line);
    for (const { modification, source } of pending) this.applyModification(event, modification, source);
  }

  applyModification(event: RapEvent, modification: Modification, source: Count): void {
    const convicted = isConvicted;
    let targets: Count[] = [];
    if (convicted(source)) targets = [source];
    else if (event.counts.some(convicted)) targets = event.counts.filter(convicted);
    else if (event.kind !== 'arrest' && event.kind !== 'supplemental_arrest') {
      targets = this.earlierConvictions(event, source);
      if (targets.length > 0) modification.source = 'later_event';
    }
    if (targets.length === 0) {
      source.modifications.push(modification);
      if (event.kind !== 'arrest' && event.kind !== 'supplemental_arrest') {
        this.note(
          modification.line - 1,
          'A change to a conviction, but no conviction before it in this cycle',
        );
      }
      return;
    }
    for (const target of targets) {
      const applied = { ...modification };
      target.modifications.push(applied);
      if (applied.level) target.level = applied.level;
      if (applied.sentence) target.sentence = applied.sentence;
    }
  }

  /** The convicted counts of an earlier event of this cycle that a later change names. */
  earlierConvictions(event: RapEvent, source: Count): Count[] {
    const cycle = this.cycle;
    if (!cycle) return [];
    const before = cycle.events.slice(0, Math.max(0, cycle.events.indexOf(event)));
    const candidates = before.filter((earlier) => earlier.counts.some(isConvicted));
    if (candidates.length === 0) return [];
    const key = (value: string | null) => (value ?? '').replace(/[^0-9A-Z]/g, '');
    const caseKey = key(source.caseNumber ?? event.caseNumber);
    const sameCase =
      caseKey === ''
        ? []
        : candidates.filter((earlier) => earlier.counts.some((c) => key(c.caseNumber) === caseKey));
    const pool = sameCase.length > 0 ? sameCase : candidates.slice(-1);
    if (caseKey !== '' && sameCase.length === 0) {
      this.note(
        source.line - 1,
        'A change to a conviction whose case number matches none before it in this cycle: applied to the latest conviction',
      );
    }
    const convicted = pool.flatMap((earlier) => earlier.counts.filter(isConvicted));
    const inCase =
      caseKey === '' ? convicted : convicted.filter((count) => key(count.caseNumber) === caseKey);
    const scope = inCase.length > 0 ? inCase : convicted;
    if (source.section !== null && !RELIEF_SECTION.test(source.section)) {
      const sameCharge = scope.filter(
        (count) => count.code === source.code && count.section === source.section,
      );
      if (sameCharge.length > 0) return sameCharge;
    }
    return scope;
  }
}

/** A count's own copy (a range's next count): nothing shared with it, but a sentence shared within it stays shared. */
function copyCount(count: Count): Count {
  const copies = new Map<Sentence, Sentence>();
  const copySentence = (sentence: Sentence | null): Sentence | null => {
    if (!sentence) return null;
    const copy = copies.get(sentence) ?? { ...sentence, details: [...sentence.details] };
    copies.set(sentence, copy);
    return copy;
  };
  return {
    ...count,
    flags: [...count.flags],
    disposition: count.disposition ? { ...count.disposition } : null,
    earlierDispositions: count.earlierDispositions.map((disposition) => ({ ...disposition })),
    sentence: copySentence(count.sentence),
    originalSentence: copySentence(count.originalSentence),
    modifications: count.modifications.map((m) => ({ ...m, sentence: copySentence(m.sentence) })),
    notes: [...count.notes],
  };
}

/** `Count 01`, `Counts 01, 02`, `A count` (its number not read): the counts a warning is about. */
function countsNamed(counts: Count[]): string {
  const numbers = counts.map((count) => count.number).filter((n): n is string => n !== null);
  if (numbers.length === 0) return counts.length > 1 ? 'Counts' : 'A count';
  return `${numbers.length > 1 ? 'Counts' : 'Count'} ${numbers.join(', ')}`;
}

/** Upper-case words, digits and light punctuation: the text of a charge. */
function isPlainWords(line: string): boolean {
  return /^[A-Z0-9][A-Z0-9 /&.,'()$:-]*$/.test(line.trim()) && /[A-Z]{2}/.test(line);
}

/** The words after `CNT:`: the count number (digits OCR split with spaces joined), a case number, what is left. */
export function parseCountTag(rest: string): {
  number: string | null;
  caseNumber: string | null;
  tail: string;
} {
  const tokens = rest
    .replace(/[#$]/, (mark) => ` ${mark}`)
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let digits = '';
  let range = '';
  let at = 0;
  for (; at < tokens.length; at++) {
    const token = (tokens[at] ?? '').replace(/[.,]$/, '');
    const ranged = /^([0-9OIL]{1,3})-([0-9OIL]{1,3})$/.exec(token);
    if (ranged && digits === '') {
      digits = foldDigits(ranged[1] ?? '');
      range = foldDigits(ranged[2] ?? '');
      at++;
      break;
    }
    if (/^-[0-9OIL]{1,3}$/.test(token) && digits !== '') {
      range = foldDigits(token.slice(1));
      at++;
      break;
    }
    if (token === '-' && digits !== '' && /^[0-9OIL]{1,3}$/.test(tokens[at + 1] ?? '')) {
      range = foldDigits(tokens[at + 1] ?? '');
      at += 2;
      break;
    }
    if (/^[0-9OIL]+$/.test(token) && /\d/.test(token) && digits.length + token.length <= 3) {
      digits += foldDigits(token);
      continue;
    }
    break;
  }
  const tail = tokens.slice(at).join(' ').trim();
  const number = digits === '' ? null : range === '' ? digits : `${digits}-${range}`;
  // `#` (OCR sometimes reads it as `$`) then the case number.
  const hash = /^[.,:;'*-]*\s*[#$]\s*(.*)$/.exec(tail);
  if (hash) {
    // The charge may follow on the same line (`CNT:01  #12345  11350(A) HS-POSSESS NARCOTIC`): the
    // case number is what comes before it. Without a charge there, the whole rest is the number
    // (some are written with a space: `#BA 123456`).
    const after = collapse(hash[1] ?? '');
    const words = after.split(' ');
    for (let cut = 1; cut < words.length; cut++) {
      const rest = words.slice(cut).join(' ');
      if (readCharge(rest)) return { number, caseNumber: words.slice(0, cut).join(' '), tail: rest };
    }
    return { number, caseNumber: after || null, tail: '' };
  }
  if (/^[0-9A-Z][0-9A-Z()/-]{3,}$/.test(tail) && (tail.match(/\d/g) ?? []).length >= 3) {
    return { number, caseNumber: tail, tail: '' };
  }
  return { number, caseNumber: null, tail };
}

function registrations(cycles: Cycle[]): Registration[] {
  const found: Registration[] = [];
  for (const cycle of cycles) {
    for (const event of cycle.events) {
      if (event.kind !== 'registration') continue;
      const counts = event.counts.length > 0 ? event.counts : [null];
      for (const count of counts) {
        found.push({
          date: event.date,
          agency: event.agency,
          code: count?.code ?? null,
          section: count?.section ?? null,
          description: count?.description ?? null,
          pc290: count?.code === 'PC' && /^290(?![.\d])/.test(count.section ?? ''),
          line: count?.line ?? event.line,
        });
      }
    }
  }
  return found;
}

/** Reads a RAP sheet and says what each line became (for tests and review screens). */
export function traceRapSheet(text: string): ParseTrace {
  const reader = new Reader(typeof text === 'string' ? text : '');
  try {
    reader.run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    reader.warnings.push({
      line: 0,
      message: `Internal error while reading; the record is incomplete: ${message}`,
    });
  }
  // Every non-blank line is placed or reported: any left unaccounted for is reported here. The lines
  // already reported are looked up in a set: searching the warnings for each line made a long text
  // that is no RAP sheet (a warning a line) quadratic, minutes for a megabyte.
  const reported = new Set(reader.warnings.map((warning) => warning.line));
  reader.roles.forEach((role, index) => {
    if (role !== null) return;
    if (reported.has(index + 1)) return;
    const text = (reader.lines[index] ?? '').trim();
    if (text === '') {
      reader.roles[index] = 'blank';
      return;
    }
    reader.warnings.push({ line: index + 1, message: 'Line not read', text: text.slice(0, 200) });
  });
  if (
    reader.person.cii === null &&
    reader.cycles.length === 0 &&
    reader.roles.some((role) => role !== 'blank')
  ) {
    reader.warnings.push({
      line: 0,
      message:
        'This does not look like a RAP sheet: no CII number and no events (ARR/DET/CITE:, COURT:...) were found',
    });
  }
  reader.warnings.sort((a, b) => a.line - b.line);
  return {
    record: {
      person: reader.person,
      cycles: reader.cycles,
      registrations: registrations(reader.cycles),
      warnings: reader.warnings,
    },
    roles: reader.roles,
  };
}

/** Reads a RAP sheet's text into a structured record. Never throws. */
export function parseRapSheet(text: string): RapSheet {
  return traceRapSheet(text).record;
}

const COMMENT_NAMES_RELIEF =
  'A comment names a relief but does not say it was granted or denied: kept as a note, not applied; check the record';

/** A later disposition that sets aside or dismisses without naming the statute it does so under. */
function changeWithoutStatute(dispo: { text: string }): boolean {
  return (
    /SET\s*ASIDE|DISM/.test(dispo.text) &&
    !undoesConviction(dispo.text) &&
    readModifications(dispo.text).every((change) => change.remedy === null)
  );
}

/**
 * A change the update's words make without naming its statute (`CONVICTION SET ASIDE & DISMISSED`,
 * read as set aside or dismissed with no remedy), and the comment of the same update that names one
 * (`COM: 1203.4 PC`): read together, as the record means them ("set aside and dismissed per 1203.4
 * PC"), when they read as one change with a remedy. The change is made so in place; false when not.
 */
function withStatuteFromComment(found: Modification[], comment: { text: string; line: number }): boolean {
  const bare = found.filter((m) => m.remedy === null && (m.kind === 'dismissed' || m.kind === 'vacated'));
  const change = bare[0];
  if (!change || bare.length > 1) return false;
  const statute = comment.text.replace(/^[A-Z ]*:\s*/, '');
  const read = readModifications(`${change.text} PER ${statute}`);
  const only = read[0];
  if (read.length !== 1 || !only || only.remedy === null) return false;
  change.kind = only.kind;
  change.remedy = only.remedy;
  change.level = only.level ?? change.level;
  change.text = collapse(`${change.text} ${comment.text}`);
  return true;
}
