import { describe, expect, it } from 'vitest';
import {
  CRIMINAL_HISTORY_COUNTS,
  CRIMINAL_HISTORY_LISTS,
  CRIMINAL_HISTORY_STATUS_SUMMARY_BY_KIND,
  CRIMINAL_HISTORY_TEXT_BY_KIND,
  WITHHELD,
  withholdCriminalHistory,
} from './criminal-history.ts';
import {
  CRIMINAL_HISTORY_DOCUMENT_KINDS,
  isCriminalHistoryFile,
  isCriminalHistoryKind,
  RAP_SHEET_KINDS,
} from './documents.ts';
import { MATTER_EVENT_KINDS } from './matter-events.ts';
import { MESSAGE_STATUS_TYPES, statusTellsCriminalHistory } from './messages.ts';

describe('documents that are criminal history', () => {
  it('are the RAP sheets, the court’s records and orders, and the papers filed on a petition; not identity, fees or other', () => {
    expect([...CRIMINAL_HISTORY_DOCUMENT_KINDS].sort()).toEqual(
      [
        'court_docket',
        'declaration_mc031',
        'letter_of_support',
        'payment_proof',
        'probation_proof',
        'rap_sheet',
        'signed_order',
        'updated_rap_sheet',
      ].sort(),
    );
    for (const kind of RAP_SHEET_KINDS) expect(isCriminalHistoryKind(kind), kind).toBe(true);
    for (const kind of ['photo_id', 'fee_waiver', 'other'] as const)
      expect(isCriminalHistoryKind(kind), kind).toBe(false);
    // A petition packet is filed as "other", drawn from the petition: criminal history all the same.
    expect(isCriminalHistoryFile({ kind: 'other', packetPetitionId: 'p1' })).toBe(true);
    expect(isCriminalHistoryFile({ kind: 'signed_order', packetPetitionId: null })).toBe(true);
    expect(isCriminalHistoryFile({ kind: 'photo_id', packetPetitionId: null })).toBe(false);
  });
});

describe('withholdCriminalHistory', () => {
  it('keeps the shape and the dates, withholds what the record says', () => {
    const petition = {
      id: 'p1',
      version: 3,
      remedy: 'pc1203.4',
      caseNumber: '16CR01234',
      court: 'Superior Court, Alameda',
      courthouse: '',
      status: 'hearing_set',
      hearingOn: '2027-01-15',
      convictions: [{ convictionId: 'c1', outcome: 'granted' }],
    };
    expect(withholdCriminalHistory({ petitions: [petition] })).toEqual({
      petitions: [
        {
          ...petition,
          remedy: WITHHELD,
          caseNumber: WITHHELD,
          court: WITHHELD,
          convictions: [],
        },
      ],
    });
  });

  it('words every declared kind neutrally, and leaves other kinds as they are', () => {
    for (const [kind, fields] of Object.entries(CRIMINAL_HISTORY_TEXT_BY_KIND)) {
      const record = {
        kind,
        summary: 'PC 23152 case 16CR01234',
        label: 'case 16CR01234',
        subject: 'Granted in case 16CR01234',
        text: '16CR01234',
        body: '16CR01234',
      };
      const out = withholdCriminalHistory(record);
      for (const [field, neutral] of Object.entries(fields))
        expect(out[field as keyof typeof out]).toBe(neutral);
      expect(
        JSON.stringify(Object.fromEntries(Object.keys(fields).map((f) => [f, out[f as keyof typeof out]]))),
      ).not.toContain('16CR01234');
    }
    const note = { kind: 'note', summary: 'Called the client.' };
    expect(withholdCriminalHistory(note)).toEqual(note);
  });

  it('withholds a count under a criminal-history key (how many arrests moved in a merge), and keeps other counts', () => {
    const merged = {
      mergeId: 'g1',
      moved: { matters: 1, messages: 2, arrests: 2, client_person_facts: 1, eligibility_decisions: 3 },
    };
    expect(withholdCriminalHistory(merged)).toEqual({
      mergeId: 'g1',
      moved: {
        matters: 1,
        messages: 2,
        arrests: WITHHELD,
        client_person_facts: 1,
        eligibility_decisions: WITHHELD,
      },
    });
    for (const key of CRIMINAL_HISTORY_COUNTS)
      expect(withholdCriminalHistory({ counts: { [key]: 0 } }), key).toEqual({ counts: { [key]: WITHHELD } });
    // Every list that is emptied is counted as well.
    for (const key of CRIMINAL_HISTORY_LISTS) expect(CRIMINAL_HISTORY_COUNTS.has(key), key).toBe(true);
  });

  it('leaves nulls, numbers, empty strings and nested lists of plain records alone', () => {
    const value = { convictions: null, caseNumber: '', count: 3, items: [[{ a: 1 }]], at: null };
    expect(withholdCriminalHistory(value)).toEqual(value);
  });

  it('gives back the very same value when there is nothing to withhold', () => {
    const page = {
      items: [
        { matterId: 'm1', stage: 'intake', at: new Date(0), tags: ['a'], convictions: [], caseNumber: '' },
        { kind: 'note', summary: 'Called the client.', nested: { deeper: [{ a: 1 }, null, 'x'] } },
      ],
      total: 2,
      cursor: null,
    };
    const out = withholdCriminalHistory(page);
    expect(out).toBe(page);
    expect(out.items).toBe(page.items);
    expect(out.items[1]).toBe(page.items[1]);
  });

  it('changes only the path to what it withholds, and leaves its input as it was', () => {
    const petition = { id: 'p1', caseNumber: '16CR01234', status: 'filed' };
    const untouched = { id: 'm2', notes: [{ text: 'hello' }] };
    const row = { matter: { id: 'm1', petitions: [petition] } };
    const page = {
      items: [row, untouched],
      meta: { total: 2 },
    };
    const before = structuredClone(page);
    const out = withholdCriminalHistory(page);
    expect(page).toEqual(before);
    expect(petition.caseNumber).toBe('16CR01234');
    expect(out).not.toBe(page);
    expect(out.items).not.toBe(page.items);
    expect(out.items[0]).not.toBe(page.items[0]);
    const withheld = out.items[0] as typeof row;
    expect(withheld.matter).not.toBe(row.matter);
    expect(withheld.matter.petitions).not.toBe(row.matter.petitions);
    expect(withheld.matter.petitions[0]).toEqual({ id: 'p1', caseNumber: WITHHELD, status: 'filed' });
    // everything off that path is shared
    expect(out.items[1]).toBe(untouched);
    expect(out.meta).toBe(page.meta);
    expect(out).toEqual({
      items: [
        { matter: { id: 'm1', petitions: [{ id: 'p1', caseNumber: WITHHELD, status: 'filed' }] } },
        untouched,
      ],
      meta: { total: 2 },
    });
  });

  it('still withholds inside objects that are not plain records, as a plain copy', () => {
    class Row {
      caseNumber = '16CR01234';
      id = 'r1';
    }
    const out = withholdCriminalHistory({ rows: [new Row()] });
    expect(out.rows[0]).toEqual({ caseNumber: WITHHELD, id: 'r1' });
    expect(out.rows[0]).not.toBeInstanceOf(Row);
  });

  it('withholds the text and the type of every status update about the record or the court, and only those', () => {
    for (const statusType of MESSAGE_STATUS_TYPES) {
      const message = { kind: 'status', statusType, subject: 'Subject', body: 'Body', channel: 'email' };
      const event = { kind: 'status_sent', statusType, summary: `Status update “${statusType}” sent.` };
      const out = withholdCriminalHistory({ message, event });
      if (statusTellsCriminalHistory(statusType)) {
        expect(out.message).toEqual({
          kind: 'status',
          statusType: null,
          subject: WITHHELD,
          body: WITHHELD,
          channel: 'email',
        });
        expect(out.event.summary).not.toContain(statusType);
        expect(out.event.statusType).toBeNull();
      } else expect(out).toEqual({ message, event });
    }
  });

  it('says of each kind of timeline entry only what happened to the update: never "given" or "sent" for one held back', () => {
    const told = /was (sent|given) to the client|printed/;
    const tellingKinds = new Set(['status_sent', 'status_logged', 'letter_printed']);
    for (const kind of MATTER_EVENT_KINDS) {
      const entry = {
        kind,
        statusType: 'granted',
        summary: 'Email “Good news: granted” not sent. No longer right.',
      };
      const { summary } = withholdCriminalHistory(entry);
      expect(summary, kind).not.toContain('granted');
      expect(told.test(summary), `${kind}: ${summary}`).toBe(tellingKinds.has(kind));
      if (kind === 'delivery_failed')
        expect(summary).toBe('A status update about the record or the court was not delivered.');
    }
    // Every kind the wording names is a kind of entry.
    for (const kind of Object.keys(CRIMINAL_HISTORY_STATUS_SUMMARY_BY_KIND))
      expect(MATTER_EVENT_KINDS as readonly string[]).toContain(kind);
  });
});
