// The note staff wrote on a timeline entry is told apart from the desk's sentence for every entry the
// desk writes with one: every stage move (each pair of stages, and the close on sending an outcome),
// every kind of call, every status logged. Written unmarked then marked, it reads as written marked;
// the mark taken off, as written unmarked, byte for byte. Notes that look like the desk's own words
// ("Moved from…", a second sentence, the words of a mark) are told apart all the same.
import {
  CALL_DIRECTIONS,
  CALL_RESULTS,
  MESSAGE_STATUS_LABELS,
  moveNoteTellsCriminalHistory,
  STAGES,
} from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { entryMarked, entryNoteOf, type TimelineEntry } from './entry-notes.ts';
import { callSentence, moveSentence, RECORD_NOTE_SUMMARY, statusLoggedSentence } from './events.ts';

const NOTES = [
  'She says the 2011 PC 666 case was reduced.',
  'Moved from Eligibility review to Closed. Really.',
  'Two sentences. The second one: with a colon.',
  RECORD_NOTE_SUMMARY,
  'given to the client without a message.',
];

/** An entry as the code that writes it writes it: the note after the sentence, or kept apart. */
type Written = { unmarked: TimelineEntry; marked: TimelineEntry; note: string };

function written(): Written[] {
  const all: Written[] = [];
  const entry = (kind: string, summary: string, data: object, move?: [string, string]): TimelineEntry => ({
    kind,
    summary,
    data: JSON.stringify(data),
    from_stage: (move?.[0] ?? null) as TimelineEntry['from_stage'],
    to_stage: (move?.[1] ?? null) as TimelineEntry['to_stage'],
  });
  for (const note of NOTES) {
    all.push({
      note,
      unmarked: entry('note', note, {}),
      marked: entry('note', RECORD_NOTE_SUMMARY, { note }),
    });
    for (const direction of CALL_DIRECTIONS)
      for (const result of CALL_RESULTS) {
        const sentence = callSentence(direction, result);
        all.push({
          note,
          unmarked: entry('phone_call', `${sentence} ${note}`, { direction, result }),
          marked: entry('phone_call', `${sentence} ${RECORD_NOTE_SUMMARY}`, { direction, result, note }),
        });
      }
    for (const [statusType, label] of Object.entries(MESSAGE_STATUS_LABELS)) {
      const sentence = statusLoggedSentence(label);
      all.push({
        note,
        unmarked: entry('status_logged', `${sentence} ${note}`, { statusType, messageId: 'm1' }),
        marked: entry('status_logged', `${sentence} ${RECORD_NOTE_SUMMARY}`, {
          statusType,
          messageId: 'm1',
          note,
        }),
      });
    }
    for (const from of STAGES)
      for (const to of STAGES) {
        if (from === to || moveNoteTellsCriminalHistory(from, to)) continue;
        const sentences = [moveSentence(from, to)];
        if (from === 'outcome_to_send' && to === 'closed')
          sentences.push(moveSentence(from, to, 'outcome sent'));
        for (const sentence of sentences)
          all.push({
            note,
            unmarked: entry('stage_changed', `${sentence} ${note}`, {}, [from, to]),
            marked: entry('stage_changed', sentence, { note }, [from, to]),
          });
      }
  }
  return all;
}

describe('the note of a timeline entry', () => {
  const entries = written();

  it(`is told apart from the desk's sentence in every entry written with one (${entries.length})`, () => {
    for (const { unmarked, marked, note } of entries) {
      expect(entryNoteOf(unmarked), unmarked.summary).toMatchObject({
        note,
        marked: false,
        alwaysApart: false,
      });
      expect(entryNoteOf(marked), marked.summary).toMatchObject({ note, marked: true, alwaysApart: false });
    }
  });

  it('marked afterwards reads as written marked; the mark taken off, as written unmarked', () => {
    for (const { unmarked, marked } of entries) {
      const fromUnmarked = entryNoteOf(unmarked);
      const fromMarked = entryNoteOf(marked);
      if (!fromUnmarked || !fromMarked) throw new Error(`no note found in ${unmarked.summary}`);
      expect(entryMarked(unmarked, fromUnmarked, true), unmarked.summary).toEqual({
        summary: marked.summary,
        data: marked.data,
      });
      expect(entryMarked(marked, fromMarked, false), marked.summary).toEqual({
        summary: unmarked.summary,
        data: unmarked.data,
      });
    }
  });

  it('a move into or out of what the record decides keeps its note apart whatever the mark', () => {
    for (const from of STAGES)
      for (const to of STAGES)
        if (from !== to && moveNoteTellsCriminalHistory(from, to))
          expect(
            entryNoteOf({
              kind: 'stage_changed',
              summary: moveSentence(from, to),
              data: JSON.stringify({ note: NOTES[0] }),
              from_stage: from,
              to_stage: to,
            }),
          ).toMatchObject({ marked: true, alwaysApart: true });
  });

  it('finds none in what the desk wrote by itself, or in data that is not JSON', () => {
    const none: TimelineEntry[] = [
      {
        kind: 'phone_call',
        summary: callSentence('outgoing', 'no_answer'),
        data: '{}',
        from_stage: null,
        to_stage: null,
      },
      {
        kind: 'stage_changed',
        summary: moveSentence('petitions_to_file', 'awaiting_decision', 'petition filed'),
        data: '{}',
        from_stage: 'petitions_to_file',
        to_stage: 'awaiting_decision',
      },
      {
        kind: 'stage_changed',
        summary: 'Moved to Gathering records.',
        data: '{}',
        from_stage: 'referral_received',
        to_stage: 'gathering_records',
      },
      {
        kind: 'status_logged',
        summary: statusLoggedSentence('In review'),
        data: '{}',
        from_stage: null,
        to_stage: null,
      },
      {
        kind: 'referral_received',
        summary: 'Referral received by phone.',
        data: '{}',
        from_stage: null,
        to_stage: null,
      },
      { kind: 'note', summary: 'A note.', data: 'not json', from_stage: null, to_stage: null },
    ];
    for (const entry of none) expect(entryNoteOf(entry), entry.summary).toBeNull();
  });
});
