// The sorted column in the queue's address: "Days open" is the day received read the other way round,
// and a column the queue cannot sort by is ignored.
import { describe, expect, it } from 'vitest';
import { readQueueUrl, shownRange } from './viewState.ts';

describe('the sorted column in the queue address', () => {
  it('sorts "days open, fewest first" as the newest referrals first', () => {
    const state = readQueueUrl(new URLSearchParams('queue=all&sort=daysOpen&dir=asc&status=open'));
    expect(state.view).toMatchObject({ sort: 'receivedOn', direction: 'desc', status: 'open' });
    expect(state.sortColumn).toBe('daysOpen');
  });

  it('ignores a column the queue cannot sort by', () => {
    const state = readQueueUrl(new URLSearchParams('queue=mine&sort=assigneeName&dir=desc'));
    expect(state.sortColumn).toBeNull();
    expect(state.view.sort).toBeNull();
  });
});

describe('where a page stands in its view', () => {
  const count = (total: number, exact: boolean, before: number | null) => ({
    total,
    exact,
    before,
    bound: 1000,
  });
  it('says the range and the total when both are counted', () => {
    expect(shownRange(count(148, true, 25), 25)).toBe('Matters 26-50 of 148');
    expect(shownRange(count(0, true, 0), 0)).toBe('No matters in this view.');
  });

  it('says "more than" the bound for a view counted only that far', () => {
    expect(shownRange(count(1000, false, 0), 25)).toBe('Matters 1-25 of more than 1,000');
    expect(shownRange(count(1000, false, 975), 25)).toBe('Matters 976-1000 of more than 1,000');
    expect(shownRange(count(1000, false, null), 25)).toBe('Matters after the first 1,000');
    expect(shownRange(count(148000, true, null), 25)).toBe('Matters after the first 1,000 of 148000');
  });
});
