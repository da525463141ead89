// The note staff wrote on a timeline entry, told apart from the sentence the desk wrote around it, so
// that it can be marked as about the criminal record after it was written (or no longer). Four kinds
// of entry carry one (NOTE_ENTRY_NAMES in the domain): a note, what was said on a logged call, the note
// of a stage move and the note of a status logged as given another way. Unmarked, the note follows
// the sentence in the entry's summary; marked, it is kept apart in the entry's data (`note`), as the
// code that writes each entry keeps it when the box is ticked (events.ts, notes.ts, status.ts).
import { moveNoteTellsCriminalHistory, type Stage } from '@relief-desk/domain';
import { CALL_SENTENCES, moveSentence, RECORD_NOTE_SUMMARY, STATUS_LOGGED_END } from './events.ts';

export type TimelineEntry = {
  kind: string;
  summary: string;
  data: string;
  from_stage: Stage | null;
  to_stage: Stage | null;
};

export type EntryNote = {
  /** The desk's own sentence ('' for a note, which is all staff's words). */
  sentence: string;
  note: string;
  marked: boolean;
  /** A move into or out of what the record decides keeps its note apart whatever the mark. */
  alwaysApart: boolean;
};

/** The note staff wrote on this entry, if it has one (a sentence of the desk alone has none). */
export function entryNoteOf(entry: TimelineEntry): EntryNote | null {
  // Early moves' data may not be JSON (migration 0008 left such rows): nothing to rewrite them with.
  const data = dataOf(entry.data);
  if (data === null) return null;
  const apart = typeof data.note === 'string' && data.note !== '' ? data.note : null;
  const unmarked = (sentence: string, alwaysApart = false): EntryNote | null => {
    if (sentence === '')
      return entry.summary === '' ? null : { sentence, note: entry.summary, marked: false, alwaysApart };
    const note = entry.summary.startsWith(`${sentence} `) ? entry.summary.slice(sentence.length + 1) : '';
    return note === '' ? null : { sentence, note, marked: false, alwaysApart };
  };
  switch (entry.kind) {
    case 'note':
      return apart !== null ? { sentence: '', note: apart, marked: true, alwaysApart: false } : unmarked('');
    case 'phone_call': {
      // Sentences are told from the summary itself: calls the demo data wrote carry no direction.
      const sentence = CALL_SENTENCES.find((s) => entry.summary === s || entry.summary.startsWith(`${s} `));
      if (sentence === undefined) return null;
      return apart !== null
        ? { sentence, note: apart, marked: true, alwaysApart: false }
        : unmarked(sentence);
    }
    case 'stage_changed': {
      if (entry.from_stage === null || entry.to_stage === null) return null;
      const alwaysApart = moveNoteTellsCriminalHistory(entry.from_stage, entry.to_stage);
      if (apart !== null) return { sentence: entry.summary, note: apart, marked: true, alwaysApart };
      // A move that tells of the record keeps its note apart already, so only other moves get here.
      for (const sentence of [
        moveSentence(entry.from_stage, entry.to_stage),
        moveSentence(entry.from_stage, entry.to_stage, 'outcome sent'),
      ]) {
        const found = unmarked(sentence, alwaysApart);
        if (found) return found;
      }
      return null;
    }
    case 'status_logged': {
      const end = entry.summary.indexOf(STATUS_LOGGED_END);
      if (end === -1) return null;
      const sentence = entry.summary.slice(0, end + STATUS_LOGGED_END.length);
      return apart !== null
        ? { sentence, note: apart, marked: true, alwaysApart: false }
        : unmarked(sentence);
    }
    default:
      return null;
  }
}

/** The entry's summary and data with its note marked as about the record, or not. */
export function entryMarked(
  entry: TimelineEntry,
  note: EntryNote,
  aboutRecord: boolean,
): { summary: string; data: string } {
  const data = dataOf(entry.data) ?? {};
  const after = (words: string) => (note.sentence === '' ? words : `${note.sentence} ${words}`);
  if (!aboutRecord) {
    delete data.note;
    return { summary: after(note.note), data: JSON.stringify(data) };
  }
  data.note = note.note;
  // A move's sentence stands alone (recordStageMove); the others say a note about the record follows.
  const summary = entry.kind === 'stage_changed' ? note.sentence : after(RECORD_NOTE_SUMMARY);
  return { summary, data: JSON.stringify(data) };
}

/** The note an entry keeps apart from its sentence (about the record), if any. */
export function noteKeptApart(data: string): string | null {
  if (!data.includes('"note"')) return null;
  const note = dataOf(data)?.note;
  return typeof note === 'string' && note !== '' ? note : null;
}

/** An entry's data as an object, or null when it is not a JSON object. */
export function dataOf(data: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(data || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
