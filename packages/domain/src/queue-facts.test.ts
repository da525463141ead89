import { describe, expect, it } from 'vitest';
import { queueFacts } from './queue-facts.ts';

describe('queueFacts', () => {
  it('counts outstanding requests only, and petitions only while before the court', () => {
    expect(
      queueFacts({
        requests: [
          { kind: 'rap_sheet', status: 'received', due_on: '2026-01-01' },
          { kind: 'court_docket', status: 'requested', due_on: '2026-03-01' },
          { kind: 'updated_rap_sheet', status: 'requested', due_on: '2026-02-01' },
        ],
        petitions: [
          { status: 'decided', hearing_on: '2026-01-05', rule_by_on: null },
          { status: 'filed', hearing_on: null, rule_by_on: '2026-04-01' },
          { status: 'hearing_set', hearing_on: '2026-03-15', rule_by_on: null },
        ],
      }),
    ).toEqual({
      rap_sheet_outstanding: 0,
      earliest_document_due_on: '2026-02-01',
      next_court_date: '2026-03-15',
    });
  });

  it('has no facts without rows', () => {
    expect(queueFacts({ requests: [], petitions: [] })).toEqual({
      rap_sheet_outstanding: 0,
      earliest_document_due_on: null,
      next_court_date: null,
    });
  });

  it('marks an outstanding RAP sheet request', () => {
    const rap = queueFacts({
      requests: [{ kind: 'rap_sheet', status: 'requested', due_on: '2026-05-01' }],
      petitions: [],
    });
    expect(rap.rap_sheet_outstanding).toBe(1);
    expect(rap.earliest_document_due_on).toBe('2026-05-01');
  });
});
