import { describe, expect, it } from 'vitest';
import { CRIMINAL_HISTORY_TEXT_BY_KIND, WITHHELD, withholdCriminalHistory } from './criminal-history.ts';

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

  it('leaves nulls, numbers, empty strings and nested lists of plain records alone', () => {
    const value = { convictions: null, caseNumber: '', count: 3, items: [[{ a: 1 }]], at: null };
    expect(withholdCriminalHistory(value)).toEqual(value);
  });
});
