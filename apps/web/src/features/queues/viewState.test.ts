// The sorted column in the queue's address: "Days open" is the day received read the other way round,
// and a column the queue cannot sort by is ignored.
import { describe, expect, it } from 'vitest';
import { readQueueUrl } from './viewState.ts';

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
