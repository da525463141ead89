// A queue address as a bookmark: a shared link reads back into the same filters, and anything the
// allow-lists do not name is dropped rather than sent to the server.
import { describe, expect, it } from 'vitest';
import { matterViewFiltersFromUrl } from './matter-url.ts';

const read = (query: string) => matterViewFiltersFromUrl(new URLSearchParams(query));

describe('reading the queue view from its URL', () => {
  it('reads a dashboard drill-down: open or closed, first-contact band, and what happened when', () => {
    const view = read(
      'queue=all&status=open&contact=days_4_7&activity=eligibility_decided&from=2026-11-02&to=2026-11-08',
    );
    expect(view.status).toBe('open');
    expect(view.firstContact).toBe('days_4_7');
    expect(view.activity).toEqual({
      kind: 'eligibility_decided',
      from: '2026-11-02',
      to: '2026-11-08',
      by: null,
    });
  });

  it('reads whose work a "touched" drill-down shows', () => {
    expect(read('activity=touched&from=2026-11-22&by=01JUSER').activity).toEqual({
      kind: 'touched',
      from: '2026-11-22',
      to: null,
      by: '01JUSER',
    });
  });

  it('drops values no list allows, and dates that are not real days', () => {
    const view = read('status=archived&contact=soon&activity=deleted&from=2026-02-30');
    expect(view.status).toBe('any');
    expect(view.firstContact).toBeNull();
    expect(view.activity).toBeNull();
    expect(read('activity=outcome_sent&from=2026-02-30&to=2026-13-01').activity).toEqual({
      kind: 'outcome_sent',
      from: null,
      to: null,
      by: null,
    });
  });

  it('reads any number of stages, once each, dropping stages that do not exist', () => {
    expect(
      read('stage=eligibility_review&stage=gathering_records&stage=eligibility_review&stage=lost').stages,
    ).toEqual(['gathering_records', 'eligibility_review']);
  });

  it('keeps a person only for "worked on", and no days for petitions awaiting the court', () => {
    expect(read('activity=eligibility_decided&by=01JUSER').activity?.by).toBeNull();
    expect(read('activity=court_pending&from=2026-11-01&to=2026-11-08').activity).toEqual({
      kind: 'court_pending',
      from: null,
      to: null,
      by: null,
    });
  });

  it('never sends a span that ends before it starts', () => {
    expect(read('activity=petition_filed&from=2026-11-08&to=2026-11-02').activity).toMatchObject({
      from: '2026-11-08',
      to: '2026-11-08',
    });
  });
});
